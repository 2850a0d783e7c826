/**
 * Test fixtures for the ID reader tests: a known person (the number built with the shared
 * generator, itself property-tested in tests/unit/domain), tiny images written byte by
 * byte, and a PNG reader independent of the code under test.
 */
import { inflateSync } from 'node:zlib';
import { makeResidentId } from '../../../src-shared/domain/identifiers';

export const TODAY = '2025-06-01';

/** 张伟, male (odd sequence 123), born 1990-03-07, Shijiazhuang Chang'an. */
export const PERSON = {
  name: '张伟',
  sex: 'male' as const,
  nation: '汉',
  birthDate: '1990-03-07',
  address: '河北省石家庄市长安区中山东路123号',
  idNumber: makeResidentId('130102', '1990-03-07', 123),
  issuer: '石家庄市公安局长安分局',
  validFrom: '2016-05-20',
  validTo: '2036-05-20',
};

/** 李娜, female (even sequence 246), born 1985-06-12. */
export const PERSON2 = {
  name: '李娜',
  sex: 'female' as const,
  nation: '满',
  birthDate: '1985-06-12',
  address: '北京市朝阳区建国路88号',
  idNumber: makeResidentId('110105', '1985-06-12', 246),
  issuer: '北京市公安局朝阳分局',
  validFrom: '2014-01-02',
  validTo: '长期',
};

/** The same number with its check character replaced by a wrong one. */
export function withWrongCheck(id: string): string {
  const wrong = '0123456789X'.split('').find((c) => c !== id[17])!;
  return id.slice(0, 17) + wrong;
}

/** A JPEG start-of-image marker plus filler: enough for format sniffing. */
export const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 1, 2, 3, 0xff, 0xd9]);

/** 2×2 24-bit bottom-up BMP. Top row: red, green; bottom row: blue, white. */
export function tinyBmp(): Uint8Array {
  const stride = 8; // 2 px × 3 bytes = 6, padded to 8
  const dataOffset = 54;
  const b = Buffer.alloc(dataOffset + stride * 2);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(dataOffset, 10);
  b.writeUInt32LE(40, 14); // BITMAPINFOHEADER
  b.writeInt32LE(2, 18); // width
  b.writeInt32LE(2, 22); // height > 0: bottom-up
  b.writeUInt16LE(1, 26); // planes
  b.writeUInt16LE(24, 28); // bpp
  b.writeUInt32LE(0, 30); // BI_RGB
  // first stored row = bottom row: blue, white (BGR order)
  Buffer.from([255, 0, 0, 255, 255, 255]).copy(b, dataOffset);
  // second stored row = top row: red, green
  Buffer.from([0, 0, 255, 0, 255, 0]).copy(b, dataOffset + stride);
  return new Uint8Array(b);
}
export const TINY_BMP_TOP_DOWN_RGB = [
  [255, 0, 0],
  [0, 255, 0],
  [0, 0, 255],
  [255, 255, 255],
];

/** Reads an 8-bit RGB, non-interlaced PNG with filter 0 rows; pixels top to bottom. */
export function readRgbPng(png: Uint8Array): { width: number; height: number; pixels: number[][] } {
  const b = Buffer.from(png);
  expectBytes(b.subarray(0, 8), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < b.length) {
    const len = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    const data = b.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 2) throw new Error('fixture reader: only 8-bit RGB');
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels: number[][] = [];
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    if (raw[row] !== 0) throw new Error('fixture reader: only filter 0');
    for (let x = 0; x < width; x++) {
      const p = row + 1 + x * 3;
      pixels.push([raw[p]!, raw[p + 1]!, raw[p + 2]!]);
    }
  }
  return { width, height, pixels };
}

function expectBytes(got: Buffer, want: number[]): void {
  if (!got.equals(Buffer.from(want))) throw new Error('not a PNG');
}

/** The chip's 256-byte text record (UTF-16LE, space-padded fixed-width fields). */
export function wzTxt(f: { name: string; sex: string; nation: string; birth: string; address: string; id: string; issuer: string; from: string; to: string }): Buffer {
  const field = (s: string, chars: number) => Buffer.from(s.padEnd(chars, ' '), 'utf16le');
  return Buffer.concat([
    field(f.name, 15),
    field(f.sex, 1),
    field(f.nation, 2),
    field(f.birth, 8),
    field(f.address, 35),
    field(f.id, 18),
    field(f.issuer, 15),
    field(f.from, 8),
    field(f.to, 8),
    field('', 18),
  ]);
}

/** Collects log lines so tests can check no personal data reaches them. */
export function captureLog(): { lines: string[]; log: { info(m: string): void; warn(m: string): void } } {
  const lines: string[] = [];
  return { lines, log: { info: (m) => lines.push(m), warn: (m) => lines.push(m) } };
}

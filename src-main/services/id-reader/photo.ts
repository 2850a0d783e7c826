/**
 * The chip photo. Reader services hand it over as JPEG, PNG or — the usual output of the
 * vendors' WLT decoders — a 24-bit BMP (zp.bmp, 102×126). The clerk-api carries JPEG or
 * PNG only, so a BMP is re-encoded as PNG here (lossless, a few KB). Anything else (for
 * example the still-encrypted WLT bytes some services pass through) is not a photo.
 */
import { deflateSync } from 'node:zlib';

export type PhotoKind = 'jpeg' | 'png' | 'bmp';

export function sniffPhoto(b: Uint8Array): PhotoKind | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a)
    return 'png';
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) return 'bmp';
  return null;
}

/** Base64 (optionally a data: URL) → bytes; null if it is not base64. */
export function decodeBase64Photo(s: string): Uint8Array | null {
  const body = s.replace(/^data:[^,]*;base64,/i, '').replace(/\s+/g, '');
  if (body.length === 0 || body.length % 4 === 1 || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(body)) return null;
  return new Uint8Array(Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

/**
 * JPEG and PNG pass through, BMP becomes PNG; null if the bytes are no photo we
 * understand (the caller drops the photo and keeps the text fields).
 */
export function toJpegOrPng(b: Uint8Array): Uint8Array | null {
  const kind = sniffPhoto(b);
  if (kind === 'jpeg' || kind === 'png') return b;
  if (kind === 'bmp') {
    const img = decodeBmp(b);
    return img ? encodePng(img) : null;
  }
  return null;
}

export interface RgbImage {
  width: number;
  height: number;
  /** width × height × 3 bytes, rows top to bottom, R G B. */
  rgb: Uint8Array;
}

/** Uncompressed (BI_RGB) 24- or 32-bit BMP, bottom-up or top-down; null otherwise. */
export function decodeBmp(b: Uint8Array): RgbImage | null {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < 54 || b[0] !== 0x42 || b[1] !== 0x4d) return null;
  const dataOffset = v.getUint32(10, true);
  const headerSize = v.getUint32(14, true);
  if (headerSize < 40) return null;
  const width = v.getInt32(18, true);
  const rawHeight = v.getInt32(22, true);
  const bpp = v.getUint16(28, true);
  const compression = v.getUint32(30, true);
  if (width <= 0 || width > 4096 || rawHeight === 0 || Math.abs(rawHeight) > 4096) return null;
  if ((bpp !== 24 && bpp !== 32) || (compression !== 0 && !(compression === 3 && bpp === 32))) return null;
  const height = Math.abs(rawHeight);
  const bytesPer = bpp / 8;
  const stride = Math.ceil((width * bytesPer) / 4) * 4;
  if (dataOffset + stride * height > b.length) return null;
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const srcRow = dataOffset + (rawHeight > 0 ? height - 1 - y : y) * stride;
    for (let x = 0; x < width; x++) {
      const s = srcRow + x * bytesPer;
      const d = (y * width + x) * 3;
      rgb[d] = b[s + 2]!;
      rgb[d + 1] = b[s + 1]!;
      rgb[d + 2] = b[s]!;
    }
  }
  return { width, height, rgb };
}

/** 8-bit RGB PNG (no filtering, zlib from node:zlib). */
export function encodePng(img: RgbImage): Uint8Array {
  const { width, height, rgb } = img;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(raw, y * (width * 3 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(
    Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]),
  );
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of b) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * wz.txt: the chip's 256-byte text record as many reader services write it to disk
 * (UTF-16LE, fixed-width fields, space padded), next to the decoded photo zp.bmp.
 * Layout (bytes), modeled on the second-generation ID card's text record:
 *   姓名 30 | 性别 2 (代码 1/2) | 民族 4 (GB 3304 代码) | 出生 16 (YYYYMMDD) | 住址 70 |
 *   公民身份号码 36 | 签发机关 30 | 有效期起始 16 | 有效期截止 16 (YYYYMMDD 或 长期) | 保留 36
 * Anything shorter than the nine fields (220 bytes) is taken as a file still being written.
 */
import type { RawIdCardFields } from './normalise';

type WzField = 'name' | 'sex' | 'nation' | 'birthDate' | 'address' | 'idNumber' | 'issuer' | 'validFrom' | 'validTo';

const FIELDS: readonly [WzField, number][] = [
  ['name', 30],
  ['sex', 2],
  ['nation', 4],
  ['birthDate', 16],
  ['address', 70],
  ['idNumber', 36],
  ['issuer', 30],
  ['validFrom', 16],
  ['validTo', 16],
];
export const WZ_TEXT_BYTES = FIELDS.reduce((n, [, len]) => n + len, 0);

/** null when the record is incomplete. */
export function parseWzTxt(bytes: Uint8Array): RawIdCardFields | null {
  let b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xff && b[1] === 0xfe) b = b.subarray(2); // a BOM some services add
  if (b.length < WZ_TEXT_BYTES) return null;
  const out: RawIdCardFields = {};
  let at = 0;
  for (const [field, len] of FIELDS) {
    out[field] = b.toString('utf16le', at, at + len);
    at += len;
  }
  return out;
}


/**
 * DER, byte-exact in both directions: a TLV reader that keeps every element's position (so a
 * signature's signedAttrs, a certificate or an issuer Name are taken exactly as they were
 * encoded — never re-encoded, see node-forge #847) and small encoders that build elements
 * from Buffers.
 */
export interface Tlv {
  /** The identifier octet (first byte; high tag numbers keep 0x1f here). */
  tag: number;
  cls: 'universal' | 'application' | 'context' | 'private';
  constructed: boolean;
  tagNumber: number;
  /** Offsets in `buf`. */
  start: number;
  contentStart: number;
  end: number;
  buf: Buffer;
}

export class Asn1Error extends Error {
  constructor(message: string) {
    super(`ASN.1 结构错误：${message} (malformed DER: ${message})`);
    this.name = 'Asn1Error';
  }
}

const CLASSES = ['universal', 'application', 'context', 'private'] as const;

export function readTlv(buf: Buffer, offset = 0, limit = buf.length): Tlv {
  if (offset >= limit) throw new Asn1Error('unexpected end');
  const tag = buf[offset]!;
  let p = offset + 1;
  let tagNumber = tag & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    for (;;) {
      if (p >= limit) throw new Asn1Error('truncated tag');
      const b = buf[p++]!;
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if (!(b & 0x80)) break;
    }
  }
  if (p >= limit) throw new Asn1Error('truncated length');
  let len = buf[p++]!;
  if (len === 0x80) throw new Asn1Error('indefinite length (BER) is not DER');
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n > 6 || p + n > limit) throw new Asn1Error('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++]!;
  }
  const end = p + len;
  if (end > limit) throw new Asn1Error('element runs past its container');
  return { tag, cls: CLASSES[tag >> 6]!, constructed: (tag & 0x20) !== 0, tagNumber, start: offset, contentStart: p, end, buf };
}

/** A whole DER element; `der` must hold exactly one. */
export function parseDer(der: Buffer): Tlv {
  const t = readTlv(der, 0);
  if (t.end !== der.length) throw new Asn1Error('trailing bytes after the element');
  return t;
}

export function childrenOf(t: Tlv): Tlv[] {
  if (!t.constructed) throw new Asn1Error('expected a constructed element');
  const out: Tlv[] = [];
  for (let p = t.contentStart; p < t.end; ) {
    const c = readTlv(t.buf, p, t.end);
    out.push(c);
    p = c.end;
  }
  return out;
}

export const bytesOf = (t: Tlv): Buffer => t.buf.subarray(t.start, t.end);
export const contentOf = (t: Tlv): Buffer => t.buf.subarray(t.contentStart, t.end);

export function isUniversal(t: Tlv | undefined, tagNumber: number): t is Tlv {
  return t !== undefined && t.cls === 'universal' && t.tagNumber === tagNumber;
}
export function isContext(t: Tlv | undefined, tagNumber: number): t is Tlv {
  return t !== undefined && t.cls === 'context' && t.tagNumber === tagNumber;
}

export const TAG = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8String: 12,
  SEQUENCE: 16,
  SET: 17,
  PrintableString: 19,
  UTCTime: 23,
  GeneralizedTime: 24,
} as const;

export function expect(t: Tlv | undefined, tagNumber: number, what: string): Tlv {
  if (!isUniversal(t, tagNumber)) throw new Asn1Error(`${what} missing or of the wrong type`);
  return t;
}

export function oidOf(t: Tlv | undefined, what = 'OBJECT IDENTIFIER'): string {
  return decodeOid(contentOf(expect(t, TAG.OID, what)));
}

/** OID content octets → dotted form (arbitrary-size arcs, e.g. UUID OIDs under 2.25). */
export function decodeOid(c: Buffer): string {
  const arcs: bigint[] = [];
  let v = 0n;
  for (const b of c) {
    v = (v << 7n) | BigInt(b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0n;
    }
  }
  const first = arcs.shift();
  if (first === undefined) throw new Asn1Error('empty OBJECT IDENTIFIER');
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs].join('.');
}

/** Dotted OID → content octets (arbitrary-size arcs; node-forge stops at 32 bits). */
export function encodeOid(dotted: string): Buffer {
  if (!/^[0-2](\.\d+)+$/.test(dotted)) throw new Error(`不是有效的 OID：${dotted} (not an OID)`);
  const arcs = dotted.split('.').map((x) => BigInt(x));
  const out: number[] = [];
  const push = (n: bigint) => {
    const bytes: number[] = [Number(n & 0x7fn)];
    for (let x = n >> 7n; x > 0n; x >>= 7n) bytes.unshift(Number(x & 0x7fn) | 0x80);
    out.push(...bytes);
  };
  push(arcs[0]! * 40n + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return Buffer.from(out);
}

/** INTEGER content octets as unsigned hex (a leading 0x00 pad removed). */
export function integerHex(t: Tlv | undefined, what = 'INTEGER'): string {
  const c = contentOf(expect(t, TAG.INTEGER, what));
  const trimmed = c.length > 1 && c[0] === 0 ? c.subarray(1) : c;
  return trimmed.toString('hex');
}

export function smallIntOf(t: Tlv | undefined, what = 'INTEGER'): number {
  return parseInt(integerHex(t, what) || '0', 16);
}

export function timeOf(t: Tlv | undefined, what = 'Time'): Date {
  if (!t || t.cls !== 'universal' || (t.tagNumber !== TAG.UTCTime && t.tagNumber !== TAG.GeneralizedTime)) {
    throw new Asn1Error(`${what} missing or of the wrong type`);
  }
  const s = contentOf(t).toString('latin1');
  if (t.tagNumber === TAG.UTCTime) {
    const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s);
    if (!m) throw new Asn1Error(`${what}: bad UTCTime`);
    const yy = Number(m[1]);
    return new Date(Date.UTC(yy < 50 ? 2000 + yy : 1900 + yy, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  }
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,](\d{1,9}))?Z$/.exec(s);
  if (!m) throw new Asn1Error(`${what}: bad GeneralizedTime`);
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms));
}

// ---------------------------------------------------------------- encoding

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** An element from its identifier octet and content. */
export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthBytes(content.length), content]);
}

export const enc = {
  seq: (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts)),
  /** SET in the order given (use setOf for DER-sorted SET OF). */
  set: (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts)),
  /** DER SET OF: elements sorted by their encodings (X.690 §11.6). */
  setOf: (...parts: Buffer[]) => tlv(0x31, Buffer.concat([...parts].sort(compareDer))),
  oid: (dotted: string) => tlv(0x06, encodeOid(dotted)),
  null: () => Buffer.from([0x05, 0x00]),
  bool: (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0x00])),
  octets: (b: Uint8Array) => tlv(0x04, Buffer.from(b)),
  utf8: (s: string) => tlv(0x0c, Buffer.from(s, 'utf8')),
  /** INTEGER from unsigned big-endian bytes (minimal, sign-padded). */
  uint: (bytes: Uint8Array) => {
    let b = Buffer.from(bytes);
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    b = b.subarray(i);
    if (b.length === 0) b = Buffer.from([0]);
    if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return tlv(0x02, b);
  },
  int: (n: number) => {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error('enc.int: non-negative safe integers only');
    let hex = n.toString(16);
    if (hex.length % 2) hex = '0' + hex;
    return enc.uint(Buffer.from(hex, 'hex'));
  },
  /** [n] EXPLICIT (constructed context tag around one element). */
  explicit: (n: number, inner: Buffer) => tlv(0xa0 | n, inner),
  /** [n] IMPLICIT constructed (replaces a SET/SEQUENCE tag). */
  implicitConstructed: (n: number, content: Buffer) => tlv(0xa0 | n, content),
  /** [n] IMPLICIT primitive. */
  implicitPrimitive: (n: number, content: Buffer) => tlv(0x80 | n, content),
  utcTime: (d: Date) => tlv(0x17, Buffer.from(formatTime(d, true), 'latin1')),
  generalizedTime: (d: Date, millis = false) => tlv(0x18, Buffer.from(formatTime(d, false, millis), 'latin1')),
  /** RFC 5280 rule: UTCTime through 2049, GeneralizedTime after. */
  time: (d: Date) => (d.getUTCFullYear() >= 1950 && d.getUTCFullYear() < 2050 ? enc.utcTime(d) : enc.generalizedTime(d)),
  algorithm: (oidDotted: string, nullParams: boolean) => enc.seq(enc.oid(oidDotted), ...(nullParams ? [enc.null()] : [])),
};

function formatTime(d: Date, utc: boolean, millis = false): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const y = d.getUTCFullYear();
  const base = `${utc ? p(y % 100) : p(y, 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  if (millis && d.getUTCMilliseconds() !== 0) return `${base}.${p(d.getUTCMilliseconds(), 3).replace(/0+$/, '')}Z`;
  return `${base}Z`;
}

/** X.690 §11.6 order: as octet strings, the shorter padded with trailing zeros. */
export function compareDer(a: Buffer, b: Buffer): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

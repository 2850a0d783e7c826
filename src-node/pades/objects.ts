/**
 * A small PDF object model (ISO 32000-1 §7.3): a lexer and parser that keep byte positions
 * (the verifier needs where a signature's /Contents string sits), and a serializer for the
 * few objects an incremental update rewrites (catalog, page, AcroForm, Annots).
 *
 * We parse single objects on demand instead of loading a whole document (pdf-lib's load()
 * parses everything and its save() rewrites the file, which breaks earlier signatures —
 * pdf-lib issue #816). Bytes are handled as latin1 strings only where PDF syntax is ASCII.
 */

export type PdfValue = PdfNull | PdfBool | PdfNumber | PdfName | PdfString | PdfArray | PdfDict | PdfRef;

export interface PdfNull {
  t: 'null';
}
export interface PdfBool {
  t: 'bool';
  v: boolean;
}
export interface PdfNumber {
  t: 'num';
  v: number;
  /** The number as written (keeps 595.28 as 595.28 when re-serialized). */
  raw?: string;
}
export interface PdfName {
  t: 'name';
  /** Decoded (#xx resolved), as a latin1 string of the name's bytes. */
  v: string;
}
export interface PdfString {
  t: 'str';
  bytes: Buffer;
  hex: boolean;
  /** Absolute offsets of the token in the file ('(' or '<' .. after ')' or '>'), when parsed. */
  start?: number;
  end?: number;
}
export interface PdfArray {
  t: 'array';
  items: PdfValue[];
}
export interface PdfDict {
  t: 'dict';
  entries: Map<string, PdfValue>;
}
export interface PdfRef {
  t: 'ref';
  num: number;
  gen: number;
}

/** A top-level indirect object: its value and, for streams, where the data sits in the file. */
export interface PdfIndirect {
  num: number;
  gen: number;
  value: PdfValue;
  /** Stream data range (absolute offsets), when the object is a stream. */
  stream?: { start: number; declaredLength: PdfValue | undefined };
  /** Absolute offset of "N G obj". */
  offset: number;
}

export class PdfSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`PDF 语法错误（偏移 ${offset}）：${message} (PDF syntax error at byte ${offset})`);
    this.name = 'PdfSyntaxError';
  }
}

/** Thrown when the parser runs past the bytes it was given (the caller may read more and retry). */
export class NeedMoreBytes extends Error {
  constructor() {
    super('need more bytes');
  }
}

// ---------------------------------------------------------------- constructors

export const pdfNull: PdfNull = { t: 'null' };
export const num = (v: number): PdfNumber => ({ t: 'num', v });
export const name = (v: string): PdfName => ({ t: 'name', v });
export const ref = (n: number, g = 0): PdfRef => ({ t: 'ref', num: n, gen: g });
export const arr = (...items: PdfValue[]): PdfArray => ({ t: 'array', items });
export const bool = (v: boolean): PdfBool => ({ t: 'bool', v });
export function dict(entries: Record<string, PdfValue | undefined> = {}): PdfDict {
  const m = new Map<string, PdfValue>();
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) m.set(k, v);
  return { t: 'dict', entries: m };
}
/** A text string (PDF "text string"): PDFDocEncoding-safe ASCII as is, anything else UTF-16BE with BOM. */
export function textString(s: string): PdfString {
  if (/^[\x20-\x7e]*$/.test(s)) return { t: 'str', bytes: Buffer.from(s, 'latin1'), hex: false };
  const utf16 = Buffer.from(s, 'utf16le');
  for (let i = 0; i < utf16.length; i += 2) {
    const a = utf16[i]!;
    utf16[i] = utf16[i + 1]!;
    utf16[i + 1] = a;
  }
  return { t: 'str', bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), utf16]), hex: true };
}
export function byteString(b: Uint8Array, hex = true): PdfString {
  return { t: 'str', bytes: Buffer.from(b), hex };
}

/** Decodes a PDF text string (UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding ≈ latin1). */
export function decodeTextString(s: PdfString): string {
  const b = s.bytes;
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    const swapped = Buffer.alloc(b.length - 2);
    for (let i = 2; i + 1 < b.length; i += 2) {
      swapped[i - 2] = b[i + 1]!;
      swapped[i - 1] = b[i]!;
    }
    return swapped.toString('utf16le');
  }
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  return b.toString('latin1');
}

// ---------------------------------------------------------------- accessors

export function get(d: PdfDict | undefined, key: string): PdfValue | undefined {
  return d?.entries.get(key);
}
export function isDict(v: PdfValue | undefined): v is PdfDict {
  return v?.t === 'dict';
}
export function isRef(v: PdfValue | undefined): v is PdfRef {
  return v?.t === 'ref';
}
export function isName(v: PdfValue | undefined, n?: string): v is PdfName {
  return v?.t === 'name' && (n === undefined || v.v === n);
}
export function asNumber(v: PdfValue | undefined): number | undefined {
  return v?.t === 'num' ? v.v : undefined;
}
export function asArray(v: PdfValue | undefined): PdfValue[] | undefined {
  return v?.t === 'array' ? v.items : undefined;
}
export function sameRef(a: PdfValue | undefined, b: PdfValue | undefined): boolean {
  return a?.t === 'ref' && b?.t === 'ref' && a.num === b.num && a.gen === b.gen;
}

// ---------------------------------------------------------------- lexer / parser

const WS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

export const isWhite = (c: number | undefined) => c !== undefined && WS[c] === 1;
const isRegular = (c: number | undefined) => c !== undefined && WS[c] !== 1 && DELIM[c] !== 1;

type Tok =
  | { k: 'num'; v: number; raw: string; at: number }
  | { k: 'name'; v: string; at: number }
  | { k: 'str'; s: PdfString; at: number }
  | { k: 'punct'; v: '<<' | '>>' | '[' | ']' | '{' | '}'; at: number }
  | { k: 'kw'; v: string; at: number }
  | { k: 'eof'; at: number };

/**
 * Parses PDF objects from `buf`, whose first byte is at absolute file offset `base`.
 * `complete` says whether `buf` runs to the end of the file; if not, running out of bytes
 * throws NeedMoreBytes so the caller can read a larger window.
 */
export class PdfParser {
  pos = 0;
  constructor(
    readonly buf: Buffer,
    readonly base = 0,
    readonly complete = true,
  ) {}

  private eof(): never {
    if (!this.complete) throw new NeedMoreBytes();
    throw new PdfSyntaxError('意外的文件结尾 (unexpected end of data)', this.base + this.pos);
  }

  skipWs(): void {
    const b = this.buf;
    for (;;) {
      while (this.pos < b.length && WS[b[this.pos]!] === 1) this.pos++;
      if (b[this.pos] === 0x25 /* % */) {
        while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
        continue;
      }
      return;
    }
  }

  private next(): Tok {
    this.skipWs();
    const b = this.buf;
    const at = this.pos;
    if (at >= b.length) {
      if (!this.complete) throw new NeedMoreBytes();
      return { k: 'eof', at: this.base + at };
    }
    const c = b[at]!;
    if (c === 0x2f /* / */) {
      this.pos++;
      let out = '';
      while (this.pos < b.length && isRegular(b[this.pos])) {
        const ch = b[this.pos]!;
        if (ch === 0x23 /* # */ && this.pos + 2 < b.length) {
          const hex = b.toString('latin1', this.pos + 1, this.pos + 3);
          if (/^[0-9a-fA-F]{2}$/.test(hex)) {
            out += String.fromCharCode(parseInt(hex, 16));
            this.pos += 3;
            continue;
          }
        }
        out += String.fromCharCode(ch);
        this.pos++;
      }
      if (this.pos >= b.length && !this.complete) throw new NeedMoreBytes();
      return { k: 'name', v: out, at: this.base + at };
    }
    if (c === 0x3c /* < */) {
      if (b[at + 1] === 0x3c) {
        this.pos += 2;
        return { k: 'punct', v: '<<', at: this.base + at };
      }
      if (at + 1 >= b.length) this.eof();
      return { k: 'str', s: this.hexString(), at: this.base + at };
    }
    if (c === 0x3e /* > */) {
      if (b[at + 1] === 0x3e) {
        this.pos += 2;
        return { k: 'punct', v: '>>', at: this.base + at };
      }
      if (at + 1 >= b.length) this.eof();
      throw new PdfSyntaxError('多余的 ">" (stray ">")', this.base + at);
    }
    if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) {
      this.pos++;
      return { k: 'punct', v: String.fromCharCode(c) as '[', at: this.base + at };
    }
    if (c === 0x28 /* ( */) return { k: 'str', s: this.literalString(), at: this.base + at };
    if (c === 0x29) throw new PdfSyntaxError('多余的 ")" (stray ")")', this.base + at);
    // A number or a keyword: a run of regular characters.
    let end = at;
    while (end < b.length && isRegular(b[end])) end++;
    if (end >= b.length && !this.complete) throw new NeedMoreBytes();
    const word = b.toString('latin1', at, end);
    this.pos = end;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return { k: 'num', v: Number(word), raw: word, at: this.base + at };
    return { k: 'kw', v: word, at: this.base + at };
  }

  private hexString(): PdfString {
    const b = this.buf;
    const start = this.pos;
    this.pos++; // <
    const end = b.indexOf(0x3e, this.pos);
    if (end < 0) this.eof();
    let text = '';
    for (let i = this.pos; i < end; i++) if (WS[b[i]!] !== 1) text += String.fromCharCode(b[i]!);
    if (!/^[0-9a-fA-F]*$/.test(text)) throw new PdfSyntaxError('十六进制字符串含非法字符 (bad hex string)', this.base + start);
    this.pos = end + 1;
    const even = text.length % 2 ? text + '0' : text;
    return { t: 'str', bytes: Buffer.from(even, 'hex'), hex: true, start: this.base + start, end: this.base + this.pos };
  }

  private literalString(): PdfString {
    const b = this.buf;
    const start = this.pos;
    this.pos++;
    let depth = 1;
    const out: number[] = [];
    while (this.pos < b.length) {
      const c = b[this.pos++]!;
      if (c === 0x5c /* \ */) {
        if (this.pos >= b.length) this.eof();
        const e = b[this.pos++]!;
        const map: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (map[e] !== undefined) out.push(map[e]!);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let i = 0; i < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; i++) v = v * 8 + (b[this.pos++]! - 0x30);
          out.push(v & 0xff);
        } else if (e === 0x0d) {
          if (b[this.pos] === 0x0a) this.pos++;
        } else if (e !== 0x0a) out.push(e);
        continue;
      }
      if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) {
        return { t: 'str', bytes: Buffer.from(out), hex: false, start: this.base + start, end: this.base + this.pos };
      }
      out.push(c);
    }
    this.eof();
  }

  /** One value (a reference "n g R" counts as one). */
  parseValue(): PdfValue {
    const tok = this.next();
    return this.valueFrom(tok);
  }

  private valueFrom(tok: Tok): PdfValue {
    switch (tok.k) {
      case 'num': {
        // n g R ?
        if (Number.isInteger(tok.v) && tok.v >= 0 && !tok.raw.includes('.') && !/^[+-]/.test(tok.raw)) {
          const save = this.pos;
          const t2 = this.peekInt();
          if (t2 !== undefined) {
            this.skipWs();
            if (this.buf[this.pos] === 0x52 /* R */ && !isRegular(this.buf[this.pos + 1])) {
              if (this.pos + 1 >= this.buf.length && !this.complete) throw new NeedMoreBytes();
              this.pos++;
              return { t: 'ref', num: tok.v, gen: t2 };
            }
          }
          this.pos = save;
        }
        return { t: 'num', v: tok.v, raw: tok.raw };
      }
      case 'name':
        return { t: 'name', v: tok.v };
      case 'str':
        return tok.s;
      case 'punct':
        if (tok.v === '[') {
          const items: PdfValue[] = [];
          for (;;) {
            const t = this.next();
            if (t.k === 'punct' && t.v === ']') return { t: 'array', items };
            if (t.k === 'eof') this.eof();
            items.push(this.valueFrom(t));
          }
        }
        if (tok.v === '<<') {
          const entries = new Map<string, PdfValue>();
          for (;;) {
            const t = this.next();
            if (t.k === 'punct' && t.v === '>>') return { t: 'dict', entries };
            if (t.k === 'eof') this.eof();
            if (t.k !== 'name') throw new PdfSyntaxError('字典的键必须是名称 (dictionary key must be a name)', t.at);
            const v = this.parseValue();
            // ISO 32000-1 §7.3.7: a null value is the same as an absent key.
            if (v.t !== 'null') entries.set(t.v, v);
          }
        }
        throw new PdfSyntaxError(`意外的 "${tok.v}" (unexpected "${tok.v}")`, tok.at);
      case 'kw':
        if (tok.v === 'true' || tok.v === 'false') return { t: 'bool', v: tok.v === 'true' };
        if (tok.v === 'null') return pdfNull;
        throw new PdfSyntaxError(`意外的关键字 "${tok.v.slice(0, 20)}" (unexpected keyword)`, tok.at);
      case 'eof':
        this.eof();
    }
  }

  /** A non-negative integer next, without consuming anything else; undefined otherwise. */
  private peekInt(): number | undefined {
    this.skipWs();
    const b = this.buf;
    let end = this.pos;
    while (end < b.length && b[end]! >= 0x30 && b[end]! <= 0x39) end++;
    if (end === this.pos) return undefined;
    if (end >= b.length && !this.complete) throw new NeedMoreBytes();
    if (isRegular(b[end])) return undefined;
    const v = Number(b.toString('latin1', this.pos, end));
    this.pos = end;
    return v;
  }

  /** Expects a keyword (obj, endobj, stream, xref, trailer…). */
  expectKeyword(kw: string): void {
    const t = this.next();
    if (t.k !== 'kw' || t.v !== kw) throw new PdfSyntaxError(`应为 "${kw}" (expected "${kw}")`, t.at);
  }

  /** "N G obj" header; returns [num, gen]. */
  parseObjHeader(): [number, number] {
    const a = this.next();
    const b = this.next();
    if (a.k !== 'num' || b.k !== 'num' || !Number.isInteger(a.v) || !Number.isInteger(b.v)) {
      throw new PdfSyntaxError('应为 "N G obj" (expected an object header)', a.at);
    }
    this.expectKeyword('obj');
    return [a.v, b.v];
  }

  /**
   * An indirect object "N G obj … endobj". For a stream, records where its data starts;
   * the data itself is not read (its /Length may be an indirect reference).
   */
  parseIndirect(): PdfIndirect {
    this.skipWs();
    const offset = this.base + this.pos;
    const [n, g] = this.parseObjHeader();
    const value = this.parseValue();
    this.skipWsNoComment();
    const b = this.buf;
    if (value.t === 'dict' && b.toString('latin1', this.pos, this.pos + 6) === 'stream') {
      this.pos += 6;
      // "stream" is followed by CRLF or LF (a lone CR is tolerated).
      if (b[this.pos] === 0x0d) this.pos++;
      if (b[this.pos] === 0x0a) this.pos++;
      if (this.pos > b.length || (this.pos === b.length && !this.complete)) throw new NeedMoreBytes();
      return { num: n, gen: g, value, offset, stream: { start: this.base + this.pos, declaredLength: value.entries.get('Length') } };
    }
    if (this.pos + 6 > b.length && !this.complete) throw new NeedMoreBytes();
    return { num: n, gen: g, value, offset };
  }

  private skipWsNoComment(): void {
    while (this.pos < this.buf.length && WS[this.buf[this.pos]!] === 1) this.pos++;
    if (this.pos >= this.buf.length && !this.complete) throw new NeedMoreBytes();
  }
}

// ---------------------------------------------------------------- serializer

function nameToString(n: string): string {
  let s = '/';
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === 0x23 || DELIM[c] === 1) s += '#' + c.toString(16).padStart(2, '0');
    else s += n[i];
  }
  return s;
}

function numberToString(v: PdfNumber): string {
  if (v.raw !== undefined) return v.raw;
  if (Number.isInteger(v.v)) return String(v.v);
  return v.v.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}

function literal(b: Buffer): string {
  let s = '(';
  for (const c of b) {
    if (c === 0x28 || c === 0x29 || c === 0x5c) s += '\\' + String.fromCharCode(c);
    else if (c < 0x20 || c > 0x7e) s += '\\' + c.toString(8).padStart(3, '0');
    else s += String.fromCharCode(c);
  }
  return s + ')';
}

/** Serializes a value (latin1 string; every byte < 256). */
export function serialize(v: PdfValue): string {
  switch (v.t) {
    case 'null':
      return 'null';
    case 'bool':
      return v.v ? 'true' : 'false';
    case 'num':
      return numberToString(v);
    case 'name':
      return nameToString(v.v);
    case 'str':
      return v.hex ? `<${v.bytes.toString('hex').toUpperCase()}>` : literal(v.bytes);
    case 'ref':
      return `${v.num} ${v.gen} R`;
    case 'array':
      return `[${v.items.map(serialize).join(' ')}]`;
    case 'dict': {
      let s = '<<';
      for (const [k, val] of v.entries) s += `${nameToString(k)} ${serialize(val)}`;
      return s + '>>';
    }
  }
}

/** A canonical form for comparing two values (strings by their bytes, numbers by value). */
export function canonical(v: PdfValue | undefined): string {
  if (v === undefined) return '∅';
  switch (v.t) {
    case 'str':
      return `<${v.bytes.toString('hex')}>`;
    case 'num':
      return String(v.v);
    case 'array':
      return `[${v.items.map(canonical).join(' ')}]`;
    case 'dict':
      return `<<${[...v.entries].map(([k, x]) => `${nameToString(k)} ${canonical(x)}`).join(' ')}>>`;
    default:
      return serialize(v);
  }
}

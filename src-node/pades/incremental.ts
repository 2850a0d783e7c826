/**
 * An incremental update (ISO 32000-1 §7.5.6): new and changed objects appended after the
 * existing bytes, then a cross-reference section for exactly those objects and a trailer
 * whose /Prev points at the previous section. The existing bytes are never touched, so
 * signatures over earlier revisions stay valid.
 *
 * The new section is a classic table or a cross-reference stream; 'auto' matches the
 * previous section's kind (a reader that understands the stream before it understands ours).
 */
import { deflateSync } from 'node:zlib';
import { arr, dict, get, name, num, serialize, type PdfDict, type PdfValue } from './objects';
import type { PdfReader } from './reader';

export type XrefStyle = 'auto' | 'table' | 'stream';

interface Written {
  num: number;
  gen: number;
  /** Offset inside the update. */
  at: number;
}

export class IncrementalUpdate {
  private readonly chunks: Buffer[] = [];
  private length = 0;
  private readonly written: Written[] = [];
  private nextNum: number;
  /** Absolute file offset of the update's first byte. */
  readonly base: number;

  constructor(
    private readonly reader: PdfReader,
    /** Size of the existing file. */
    baseSize: number,
    /** Whether the existing bytes end with an end-of-line marker. */
    endsWithEol: boolean,
  ) {
    this.base = baseSize;
    this.nextNum = reader.size;
    if (!endsWithEol) this.push('\n');
  }

  /** A fresh object number. */
  allocate(): number {
    return this.nextNum++;
  }

  private push(b: Buffer | string): number {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    const at = this.length;
    this.chunks.push(buf);
    this.length += buf.length;
    return at;
  }

  private begin(n: number, gen: number): number {
    if (this.written.some((w) => w.num === n)) throw new Error(`内部错误：对象 ${n} 重复写入 (object written twice)`);
    const at = this.push(`${n} ${gen} obj\n`);
    this.written.push({ num: n, gen, at });
    return at;
  }

  /** Writes (or rewrites) an object with a plain value. */
  addObject(n: number, gen: number, value: PdfValue): void {
    this.begin(n, gen);
    this.push(serialize(value));
    this.push('\nendobj\n');
  }

  /** Writes a stream object; the data is Flate-compressed unless `compress` is false. */
  addStream(n: number, streamDict: PdfDict, data: Buffer, compress = true): void {
    const body = compress ? deflateSync(data, { level: 9 }) : data;
    const d: PdfDict = { t: 'dict', entries: new Map(streamDict.entries) };
    if (compress) d.entries.set('Filter', name('FlateDecode'));
    d.entries.set('Length', num(body.length));
    this.begin(n, 0);
    this.push(serialize(d));
    this.push('\nstream\n');
    this.push(body);
    this.push('\nendstream\nendobj\n');
  }

  /**
   * Writes an object whose body is given as bytes (the signature dictionary, whose
   * placeholders the caller fills in later). Returns the body's offset inside the update.
   */
  addRaw(n: number, gen: number, body: Buffer): number {
    this.begin(n, gen);
    const at = this.push(body);
    this.push('\nendobj\n');
    return at;
  }

  /** Finishes with the cross-reference section, trailer, startxref and %%EOF. */
  finish(style: XrefStyle = 'auto'): Buffer {
    const prevSection = this.reader.sections[0]!;
    const kind = style === 'auto' ? prevSection.kind : style;
    const prevTrailer = this.reader.trailer;
    const carried: Record<string, PdfValue | undefined> = {
      Root: get(prevTrailer, 'Root'),
      Info: get(prevTrailer, 'Info'),
      ID: get(prevTrailer, 'ID'),
    };
    if (kind === 'table') {
      const xrefAt = this.base + this.push('xref\n');
      const rows = [...this.written].sort((a, b) => a.num - b.num);
      let text = '';
      for (const group of consecutive(rows)) {
        text += `${group[0]!.num} ${group.length}\n`;
        for (const w of group) text += `${String(this.base + w.at).padStart(10, '0')} ${String(w.gen).padStart(5, '0')} n \n`;
      }
      this.push(text);
      const size = Math.max(this.reader.size, ...rows.map((r) => r.num + 1));
      const trailer = dict({ Size: num(size), ...carried, Prev: num(this.reader.startxref) });
      this.push(`trailer\n${serialize(trailer)}\nstartxref\n${xrefAt}\n%%EOF\n`);
    } else {
      const selfNum = this.allocate();
      const selfAt = this.length;
      const rows = [...this.written, { num: selfNum, gen: 0, at: selfAt }].sort((a, b) => a.num - b.num);
      const maxOffset = this.base + selfAt;
      const w1 = Math.max(1, Math.ceil(Math.log2(maxOffset + 1) / 8));
      const data = Buffer.alloc(rows.length * (1 + w1 + 2));
      rows.forEach((r, i) => {
        const o = i * (1 + w1 + 2);
        data[o] = 1;
        data.writeUIntBE(this.base + r.at, o + 1, w1);
        data.writeUInt16BE(r.gen, o + 1 + w1);
      });
      const index: PdfValue[] = [];
      for (const group of consecutive(rows)) index.push(num(group[0]!.num), num(group.length));
      const size = Math.max(this.reader.size, ...rows.map((r) => r.num + 1));
      const d = dict({
        Type: name('XRef'),
        Size: num(size),
        W: arr(num(1), num(w1), num(2)),
        Index: arr(...index),
        ...carried,
        Prev: num(this.reader.startxref),
      });
      // Written by hand (not addStream): its own entry is already in `rows`.
      const body = deflateSync(data);
      d.entries.set('Filter', name('FlateDecode'));
      d.entries.set('Length', num(body.length));
      this.push(`${selfNum} 0 obj\n${serialize(d)}\nstream\n`);
      this.push(body);
      this.push(`\nendstream\nendobj\nstartxref\n${this.base + selfAt}\n%%EOF\n`);
    }
    return Buffer.concat(this.chunks);
  }
}

function consecutive<T extends { num: number }>(sorted: T[]): T[][] {
  const groups: T[][] = [];
  for (const r of sorted) {
    const g = groups[groups.length - 1];
    if (g && g[g.length - 1]!.num + 1 === r.num) g.push(r);
    else groups.push([r]);
  }
  return groups;
}

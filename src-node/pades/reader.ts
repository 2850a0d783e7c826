/**
 * A lazy PDF reader: the cross-reference chain (classic tables, cross-reference streams and
 * hybrid files, following /Prev), single objects by number (also from object streams), the
 * page tree. Nothing is read that the caller does not ask for.
 *
 * Every revision of an incrementally updated file is visible: `stateAt(limit)` gives the
 * object table as it was for the bytes before `limit`, which is what the verifier compares
 * later revisions against.
 */
import { inflateSync } from 'node:zlib';
import { indexOf, lastIndexOf, type ByteSource } from './bytes';
import {
  asArray,
  asNumber,
  get,
  isDict,
  isName,
  isRef,
  NeedMoreBytes,
  PdfParser,
  PdfSyntaxError,
  type PdfDict,
  type PdfIndirect,
  type PdfRef,
  type PdfValue,
} from './objects';

export type XrefEntry =
  | { type: 'free'; gen: number }
  | { type: 'offset'; offset: number; gen: number }
  | { type: 'compressed'; stream: number; index: number };

export interface XrefSection {
  /** Where the section (the "xref" keyword or the xref stream object) starts. */
  offset: number;
  kind: 'table' | 'stream';
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
  /** Object number of the xref stream itself (kind 'stream'). */
  streamObject?: number;
}

/** The object table in force at some point (newest section wins) and the trailer then. */
export interface XrefState {
  readonly entries: ReadonlyMap<number, XrefEntry>;
  readonly trailer: PdfDict;
}

export class PdfFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfFormatError';
  }
}

const MAX_OBJECT_BYTES = 64 * 1024 * 1024;

export class PdfReader {
  /** Newest first (the order of the /Prev chain). */
  readonly sections: XrefSection[];
  readonly startxref: number;
  private readonly latest: XrefState;
  private readonly objStmCache = new Map<string, { offsets: Map<number, number>; data: Buffer; first: number }>();

  private constructor(
    readonly src: ByteSource,
    sections: XrefSection[],
    startxref: number,
  ) {
    this.sections = sections;
    this.startxref = startxref;
    this.latest = { entries: mergeSections(sections), trailer: sections[0]!.trailer };
  }

  static async open(src: ByteSource): Promise<PdfReader> {
    const head = await src.read(0, 1024);
    if (head.indexOf('%PDF-') < 0) throw new PdfFormatError('不是 PDF 文件：缺少 %PDF- 文件头 (not a PDF: no %PDF- header)');
    const sx = await lastIndexOf(src, 'startxref');
    if (sx < 0) throw new PdfFormatError('PDF 文件缺少 startxref（文件可能被截断）(no startxref: truncated file?)');
    const tail = await src.read(sx, 64);
    const m = /^startxref\s+(\d+)/.exec(tail.toString('latin1'));
    if (!m) throw new PdfFormatError('startxref 后没有偏移量 (startxref without an offset)');
    const startxref = Number(m[1]);
    const sections: XrefSection[] = [];
    const seen = new Set<number>();
    let offset: number | undefined = startxref;
    while (offset !== undefined) {
      if (seen.has(offset)) throw new PdfFormatError(`交叉引用表 /Prev 循环（偏移 ${offset}）(xref /Prev loop)`);
      if (offset < 0 || offset >= src.size) throw new PdfFormatError(`交叉引用表偏移 ${offset} 超出文件范围 (xref offset outside the file)`);
      seen.add(offset);
      const section = await readSection(src, offset);
      sections.push(section);
      // Hybrid file: the table's trailer points to a stream with the compressed objects.
      const xrefStm = asNumber(get(section.trailer, 'XRefStm'));
      if (section.kind === 'table' && xrefStm !== undefined && !seen.has(xrefStm)) {
        seen.add(xrefStm);
        const extra = await readSection(src, xrefStm);
        for (const [n, e] of extra.entries) {
          const cur = section.entries.get(n);
          if (!cur || cur.type === 'free') section.entries.set(n, e);
        }
      }
      offset = asNumber(get(section.trailer, 'Prev'));
    }
    return new PdfReader(src, sections, startxref);
  }

  get trailer(): PdfDict {
    return this.sections[0]!.trailer;
  }

  /** /Size of the newest trailer (one more than the highest object number in use). */
  get size(): number {
    let size = asNumber(get(this.trailer, 'Size')) ?? 0;
    for (const n of this.latest.entries.keys()) size = Math.max(size, n + 1);
    return size;
  }

  get state(): XrefState {
    return this.latest;
  }

  /** The object table as it stood for the file's first `limit` bytes (sections starting before it). */
  stateAt(limit: number): XrefState {
    const before = this.sections.filter((s) => s.offset < limit);
    if (before.length === 0) throw new PdfFormatError(`偏移 ${limit} 之前没有交叉引用表 (no revision ends before byte ${limit})`);
    return { entries: mergeSections(before), trailer: before[0]!.trailer };
  }

  /** Sections written at or after byte `limit` (later incremental updates), newest first. */
  sectionsFrom(limit: number): XrefSection[] {
    return this.sections.filter((s) => s.offset >= limit);
  }

  async getObject(numb: number, state: XrefState = this.latest): Promise<PdfIndirect | null> {
    const e = state.entries.get(numb);
    if (!e || e.type === 'free') return null;
    if (e.type === 'offset') {
      const obj = await readIndirectAt(this.src, e.offset);
      if (obj.num !== numb) {
        throw new PdfFormatError(`交叉引用表指向了错误的对象：期望 ${numb}，偏移 ${e.offset} 处是 ${obj.num} (xref points to the wrong object)`);
      }
      return obj;
    }
    return this.fromObjectStream(numb, e.stream, e.index, state);
  }

  /** Follows references until a direct value (undefined for a missing object). */
  async resolve(v: PdfValue | undefined, state: XrefState = this.latest): Promise<PdfValue | undefined> {
    let cur = v;
    for (let i = 0; i < 32 && cur?.t === 'ref'; i++) {
      const obj = await this.getObject(cur.num, state);
      cur = obj?.value;
    }
    return cur;
  }

  async resolveDict(v: PdfValue | undefined, state: XrefState = this.latest): Promise<PdfDict | undefined> {
    const r = await this.resolve(v, state);
    return isDict(r) ? r : undefined;
  }

  /** The raw (still encoded) bytes of a stream object. */
  async streamBytes(obj: PdfIndirect, state: XrefState = this.latest): Promise<Buffer> {
    if (!obj.stream) throw new PdfFormatError(`对象 ${obj.num} 不是流 (object ${obj.num} is not a stream)`);
    const start = obj.stream.start;
    const declared = await this.resolve(obj.stream.declaredLength, state);
    let length = asNumber(declared);
    if (length !== undefined && length >= 0 && start + length <= this.src.size) {
      // Trust /Length when "endstream" follows it (after an optional EOL).
      const after = (await this.src.read(start + length, 12)).toString('latin1');
      if (!/^\s*endstream/.test(after)) length = undefined;
    } else length = undefined;
    if (length === undefined) {
      const end = await indexOf(this.src, 'endstream', start);
      if (end < 0) throw new PdfFormatError(`对象 ${obj.num} 的流没有 endstream (stream without endstream)`);
      let e = end;
      const before = await this.src.read(Math.max(start, end - 2), end - Math.max(start, end - 2));
      if (before.toString('latin1').endsWith('\r\n')) e -= 2;
      else if (/[\r\n]$/.test(before.toString('latin1'))) e -= 1;
      length = e - start;
    }
    return this.src.read(start, length);
  }

  /** Stream data with its filters undone (FlateDecode with PNG/TIFF predictors only). */
  async streamData(obj: PdfIndirect, state: XrefState = this.latest): Promise<Buffer> {
    const raw = await this.streamBytes(obj, state);
    if (!isDict(obj.value)) throw new PdfFormatError(`对象 ${obj.num} 不是流 (not a stream)`);
    return decodeStream(obj.value, raw, obj.num);
  }

  private async fromObjectStream(numb: number, stream: number, index: number, state: XrefState): Promise<PdfIndirect | null> {
    const hostEntry = state.entries.get(stream);
    const key = `${stream}@${hostEntry?.type === 'offset' ? hostEntry.offset : '?'}`;
    let os = this.objStmCache.get(key);
    if (!os) {
      const host = await this.getObject(stream, state);
      if (!host || !isDict(host.value) || !isName(get(host.value, 'Type'), 'ObjStm')) {
        throw new PdfFormatError(`对象流 ${stream} 不存在或类型不对 (object stream ${stream} missing)`);
      }
      const data = await this.streamData(host, state);
      const n = asNumber(get(host.value, 'N')) ?? 0;
      const first = asNumber(get(host.value, 'First')) ?? 0;
      const header = new PdfParser(data.subarray(0, first), 0, true);
      const offsets = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const a = header.parseValue();
        const b = header.parseValue();
        if (a.t !== 'num' || b.t !== 'num') throw new PdfFormatError(`对象流 ${stream} 的索引损坏 (bad object stream header)`);
        offsets.set(a.v, b.v);
      }
      os = { offsets, data, first };
      if (this.objStmCache.size > 16) this.objStmCache.clear();
      this.objStmCache.set(key, os);
    }
    const off = os.offsets.get(numb);
    if (off === undefined) throw new PdfFormatError(`对象流 ${stream} 中没有对象 ${numb}（索引 ${index}）(object not in its object stream)`);
    const p = new PdfParser(os.data.subarray(os.first + off), 0, true);
    const value = p.parseValue();
    return { num: numb, gen: 0, value, offset: -1 };
  }

  /** Page references in document order (walks /Pages, guards against loops). */
  async pageRefs(state: XrefState = this.latest): Promise<PdfRef[]> {
    const trailerRoot = get(state.trailer, 'Root');
    const catalog = await this.resolveDict(trailerRoot, state);
    if (!catalog) throw new PdfFormatError('PDF 缺少文档目录 /Root (no document catalog)');
    const out: PdfRef[] = [];
    const seen = new Set<number>();
    const walk = async (node: PdfValue | undefined, depth: number): Promise<void> => {
      if (!isRef(node)) throw new PdfFormatError('页面树节点必须是间接对象 (page tree nodes must be indirect)');
      if (seen.has(node.num) || depth > 64) throw new PdfFormatError('页面树有循环 (page tree loop)');
      seen.add(node.num);
      const d = await this.resolveDict(node, state);
      if (!d) throw new PdfFormatError(`页面树节点 ${node.num} 缺失 (page tree node missing)`);
      const kids = asArray(get(d, 'Kids'));
      if (isName(get(d, 'Type'), 'Pages') || (kids && !isName(get(d, 'Type'), 'Page'))) {
        for (const k of kids ?? []) await walk(k, depth + 1);
      } else out.push(node);
    };
    await walk(get(catalog, 'Pages'), 0);
    return out;
  }
}

function mergeSections(newestFirst: XrefSection[]): Map<number, XrefEntry> {
  const m = new Map<number, XrefEntry>();
  for (let i = newestFirst.length - 1; i >= 0; i--) for (const [n, e] of newestFirst[i]!.entries) m.set(n, e);
  return m;
}

/** Reads "N G obj …" at `offset`, widening the window until the object fits. */
export async function readIndirectAt(src: ByteSource, offset: number): Promise<PdfIndirect> {
  let window = 4096;
  for (;;) {
    const buf = await src.read(offset, window);
    const complete = offset + buf.length >= src.size;
    try {
      return new PdfParser(buf, offset, complete).parseIndirect();
    } catch (err) {
      if (err instanceof NeedMoreBytes && !complete && window < MAX_OBJECT_BYTES) {
        window *= 4;
        continue;
      }
      if (err instanceof NeedMoreBytes) throw new PdfFormatError(`偏移 ${offset} 处的对象过大或不完整 (object at ${offset} too large or truncated)`);
      throw err;
    }
  }
}

async function readSection(src: ByteSource, offset: number): Promise<XrefSection> {
  const head = (await src.read(offset, 16)).toString('latin1');
  if (head.startsWith('xref')) return readTable(src, offset);
  if (/^\d+\s+\d+\s+obj/.test(head)) return readXrefStream(src, offset);
  throw new PdfFormatError(`偏移 ${offset} 处不是交叉引用表 (no cross-reference section at ${offset})`);
}

async function readTable(src: ByteSource, offset: number): Promise<XrefSection> {
  let window = 1 << 16;
  for (;;) {
    const buf = await src.read(offset, window);
    const complete = offset + buf.length >= src.size;
    try {
      return parseTable(buf, offset, complete);
    } catch (err) {
      if (err instanceof NeedMoreBytes && !complete && window < MAX_OBJECT_BYTES) {
        window *= 4;
        continue;
      }
      if (err instanceof NeedMoreBytes) throw new PdfFormatError(`交叉引用表不完整（偏移 ${offset}）(truncated xref table)`);
      throw err;
    }
  }
}

function parseTable(buf: Buffer, base: number, complete: boolean): XrefSection {
  const text = buf.toString('latin1');
  const entries = new Map<number, XrefEntry>();
  const re = /\s*(\d+)\s+(\d+)\s*(?=\r|\n)|\s*trailer/y;
  let pos = 4; // after "xref"
  const entryRe = /\s*(\d{1,10})\s+(\d{1,5})\s+([nf])/y;
  for (;;) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) {
      if (!complete) throw new NeedMoreBytes();
      throw new PdfSyntaxError('交叉引用表格式错误 (malformed xref table)', base + pos);
    }
    pos = re.lastIndex;
    if (m[1] === undefined) break; // "trailer"
    const start = Number(m[1]);
    const count = Number(m[2]);
    for (let i = 0; i < count; i++) {
      entryRe.lastIndex = pos;
      const e = entryRe.exec(text);
      if (!e) {
        if (!complete && text.length - pos < 64) throw new NeedMoreBytes();
        throw new PdfSyntaxError('交叉引用表条目格式错误 (malformed xref entry)', base + pos);
      }
      pos = entryRe.lastIndex;
      const n = start + i;
      const gen = Number(e[2]);
      entries.set(n, e[3] === 'n' ? { type: 'offset', offset: Number(e[1]), gen } : { type: 'free', gen });
    }
  }
  const p = new PdfParser(buf.subarray(pos), base + pos, complete);
  const trailer = p.parseValue();
  if (!isDict(trailer)) throw new PdfSyntaxError('trailer 后应为字典 (trailer must be a dictionary)', base + pos);
  // Per ISO 32000-1 §7.5.4 entry 0 is the head of the free list; an object numbered 0 never exists.
  entries.delete(0);
  return { offset: base, kind: 'table', entries, trailer };
}

async function readXrefStream(src: ByteSource, offset: number): Promise<XrefSection> {
  const obj = await readIndirectAt(src, offset);
  if (!isDict(obj.value) || !isName(get(obj.value, 'Type'), 'XRef') || !obj.stream) {
    throw new PdfFormatError(`偏移 ${offset} 处不是交叉引用流 (no xref stream at ${offset})`);
  }
  const d = obj.value;
  const length = asNumber(get(d, 'Length'));
  if (length === undefined) throw new PdfFormatError('交叉引用流的 /Length 必须是直接数值 (xref stream /Length must be direct)');
  const raw = await src.read(obj.stream.start, length);
  const data = decodeStream(d, raw, obj.num);
  const w = (asArray(get(d, 'W')) ?? []).map((x) => asNumber(x) ?? -1);
  if (w.length !== 3 || w.some((x) => x < 0 || x > 8)) throw new PdfFormatError('交叉引用流 /W 无效 (bad /W)');
  const size = asNumber(get(d, 'Size')) ?? 0;
  const index = (asArray(get(d, 'Index')) ?? [{ t: 'num', v: 0 }, { t: 'num', v: size }]).map((x) => asNumber(x) ?? -1);
  const rowLen = w[0]! + w[1]! + w[2]!;
  const field = (row: number, from: number, width: number) => {
    let v = 0;
    for (let i = 0; i < width; i++) v = v * 256 + data[row + from + i]!;
    return v;
  };
  const entries = new Map<number, XrefEntry>();
  let row = 0;
  for (let k = 0; k + 1 < index.length; k += 2) {
    const start = index[k]!;
    const count = index[k + 1]!;
    for (let i = 0; i < count; i++, row += rowLen) {
      if (row + rowLen > data.length) throw new PdfFormatError('交叉引用流数据不足 (xref stream too short)');
      const type = w[0] === 0 ? 1 : field(row, 0, w[0]!);
      const f2 = field(row, w[0]!, w[1]!);
      const f3 = field(row, w[0]! + w[1]!, w[2]!);
      const n = start + i;
      if (n === 0) continue;
      if (type === 0) entries.set(n, { type: 'free', gen: f3 });
      else if (type === 1) entries.set(n, { type: 'offset', offset: f2, gen: f3 });
      else if (type === 2) entries.set(n, { type: 'compressed', stream: f2, index: f3 });
    }
  }
  return { offset, kind: 'stream', entries, trailer: d, streamObject: obj.num };
}

/** Undoes FlateDecode (with PNG or TIFF predictors); other filters are refused. */
export function decodeStream(d: PdfDict, raw: Buffer, objNum: number): Buffer {
  const f = get(d, 'Filter');
  const filters = f === undefined ? [] : f.t === 'array' ? f.items : [f];
  const parmsRaw = get(d, 'DecodeParms');
  const parmsList = parmsRaw === undefined ? [] : parmsRaw.t === 'array' ? parmsRaw.items : [parmsRaw];
  let data = raw;
  filters.forEach((flt, i) => {
    if (!isName(flt)) throw new PdfFormatError(`对象 ${objNum} 的 /Filter 无效 (bad /Filter)`);
    if (flt.v !== 'FlateDecode' && flt.v !== 'Fl') {
      throw new PdfFormatError(`对象 ${objNum} 使用了不支持的过滤器 /${flt.v} (unsupported filter)`);
    }
    try {
      data = inflateSync(data);
    } catch (err) {
      throw new PdfFormatError(`对象 ${objNum} 的压缩数据损坏：${(err as Error).message} (corrupt Flate data)`);
    }
    const parms = parmsList[i];
    if (isDict(parms)) data = unpredict(data, parms, objNum);
  });
  return data;
}

function unpredict(data: Buffer, parms: PdfDict, objNum: number): Buffer {
  const predictor = asNumber(get(parms, 'Predictor')) ?? 1;
  if (predictor === 1) return data;
  const colors = asNumber(get(parms, 'Colors')) ?? 1;
  const bpc = asNumber(get(parms, 'BitsPerComponent')) ?? 8;
  const columns = asNumber(get(parms, 'Columns')) ?? 1;
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  if (predictor === 2) {
    if (bpc !== 8) throw new PdfFormatError(`对象 ${objNum}：不支持的 TIFF 预测器参数 (unsupported TIFF predictor)`);
    const out = Buffer.from(data);
    for (let r = 0; r + rowLen <= out.length; r += rowLen)
      for (let i = bpp; i < rowLen; i++) out[r + i] = (out[r + i]! + out[r + i - bpp]!) & 0xff;
    return out;
  }
  // PNG predictors (10–15): each row starts with its filter type byte.
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = Buffer.alloc(rows * rowLen);
  let prev = Buffer.alloc(rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)]!;
    const row = data.subarray(r * (rowLen + 1) + 1, (r + 1) * (rowLen + 1));
    const cur = out.subarray(r * rowLen, (r + 1) * rowLen);
    for (let i = 0; i < rowLen; i++) {
      const a = i >= bpp ? cur[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      const x = row[i]!;
      let v: number;
      switch (type) {
        case 0:
          v = x;
          break;
        case 1:
          v = x + a;
          break;
        case 2:
          v = x + b;
          break;
        case 3:
          v = x + ((a + b) >> 1);
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          throw new PdfFormatError(`对象 ${objNum}：未知的 PNG 预测器类型 ${type} (unknown PNG predictor)`);
      }
      cur[i] = v & 0xff;
    }
    prev = cur;
  }
  return out;
}

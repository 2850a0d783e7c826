/**
 * PAdES signing (ETSI EN 319 142-1 B-B, and B-T with a timestamp) as an incremental update:
 *
 *   1. read the existing file lazily (its last cross-reference section, catalog, AcroForm
 *      and the page that carries the widget);
 *   2. append a signature field + widget (with a visible appearance when asked), the /Sig
 *      dictionary with a /ByteRange placeholder and a zero-filled /Contents hex string, the
 *      rewritten catalog / AcroForm / page / Annots, and a cross-reference section with
 *      /Prev — nothing before the old end of file changes;
 *   3. fill in /ByteRange, hash the file except the /Contents string with node:crypto
 *      (streamed from disk for files), build a detached CMS SignedData and write its hex
 *      into the placeholder.
 *
 * Several signatures follow one another this way and each stays valid (pdf-lib's save()
 * would rewrite the file and break them: pdf-lib issue #816).
 */
import { promises as fs } from 'node:fs';
import { BufferSource, FileSource, hashFileRanges, type ByteSource } from './bytes';
import { buildAppearance, type AppearanceInput, type Rect } from './appearance';
import { CMS_OID, createSignedData, type Attribute } from './cms';
import { IncrementalUpdate, type XrefStyle } from './incremental';
import {
  arr,
  asArray,
  asNumber,
  decodeTextString,
  dict,
  get,
  isDict,
  isName,
  isRef,
  name,
  num,
  ref,
  serialize,
  textString,
  type PdfDict,
  type PdfValue,
} from './objects';
import { PdfReader } from './reader';
import { DIGEST_ALGORITHMS, type Signer } from './signer';
import { checkTimestampToken, fetchTimestampToken, TimestampError } from './tsp';

export interface VisibleSignature {
  /** 0-based page index; negative counts from the end (-1 = last page). */
  pageIndex: number;
  /** Points in the page's default user space. */
  rect: Rect;
  content: AppearanceInput;
}

export type TimestampSource = { url: string; timeoutMs?: number; fetch?: typeof fetch } | ((signatureValue: Buffer) => Promise<Buffer>);

export interface SignPdfOptions {
  signer: Signer;
  /** The field's name (/T); default Signature<n>. Must be unique in the document. */
  fieldName?: string;
  /** The field's user-facing name (/TU), e.g. 受理人签名. */
  fieldLabel?: string;
  /** Visible appearance; omitted or null = an invisible signature. */
  appearance?: VisibleSignature | null;
  /** Claimed signing time (/M, and the signingTime attribute); default now. */
  signingTime?: Date;
  /** /Name, /Reason, /Location, /ContactInfo of the signature dictionary. */
  signerName?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** RFC 3161 timestamp over the signature value (PAdES B-T); failures leave the signature B-B. */
  timestamp?: TimestampSource;
  /**
   * Put the signingTime attribute into the CMS (default true). ETSI EN 319 142-1 baseline
   * PAdES says the claimed time belongs in /M only; set false for strict B-B profiles.
   */
  cmsSigningTime?: boolean;
  /** Cross-reference section to append (default: like the previous one). */
  xref?: XrefStyle;
  /** Bytes reserved for the CMS (default: enough for the chain and a timestamp). */
  reserveBytes?: number;
  fontsDir?: string;
}

export type TimestampOutcome =
  | { status: 'stamped'; genTime: Date }
  | { status: 'unavailable'; reason: string }
  | { status: 'not-requested' };

export interface SignatureReport {
  fieldName: string;
  byteRange: [number, number, number, number];
  /** SHA-256 (or the signer's digest) of the signed bytes, hex. */
  digestHex: string;
  signingTime: Date;
  timestamp: TimestampOutcome;
  /** Bytes of CMS actually used / reserved. */
  cmsBytes: number;
  reservedBytes: number;
}

export class SignPdfError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'SignPdfError';
  }
}

const BYTE_RANGE_PLACEHOLDER = `[0 ${'0'.repeat(10)} ${'0'.repeat(10)} ${'0'.repeat(10)}]`;

interface Prepared {
  update: Buffer;
  /** Offsets inside the update. */
  byteRangeAt: number;
  contentsAt: number;
  /** Hex digits reserved between '<' and '>'. */
  hexLength: number;
  fieldName: string;
}

/** PDF date string in China Standard Time: D:20261126094000+08'00'. */
export function pdfDate(d: Date): string {
  const t = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `D:${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}${t.slice(11, 13)}${t.slice(14, 16)}${t.slice(17, 19)}+08'00'`;
}

async function collectFieldNames(reader: PdfReader, fields: PdfValue[] | undefined): Promise<Set<string>> {
  const names = new Set<string>();
  const walk = async (list: PdfValue[] | undefined, prefix: string, depth: number) => {
    if (!list || depth > 16) return;
    for (const f of list) {
      const d = await reader.resolveDict(f);
      if (!d) continue;
      const t = get(d, 'T');
      const n = t?.t === 'str' ? decodeTextString(t) : '';
      const full = prefix && n ? `${prefix}.${n}` : prefix || n;
      if (full) names.add(full);
      await walk(asArray(await reader.resolve(get(d, 'Kids'))), full, depth + 1);
    }
  };
  await walk(fields, '', 0);
  return names;
}

async function checkDocMdp(reader: PdfReader, catalog: PdfDict): Promise<void> {
  const perms = await reader.resolveDict(get(catalog, 'Perms'));
  const docMdp = await reader.resolveDict(get(perms, 'DocMDP'));
  if (!docMdp) return;
  for (const r of asArray(await reader.resolve(get(docMdp, 'Reference'))) ?? []) {
    const rd = await reader.resolveDict(r);
    if (!isName(get(rd, 'TransformMethod'), 'DocMDP')) continue;
    const params = await reader.resolveDict(get(rd, 'TransformParams'));
    if ((asNumber(get(params, 'P')) ?? 2) === 1) {
      throw new SignPdfError('pdf', 'docmdp', '该 PDF 已被认证签名锁定（DocMDP P=1），不允许再添加签名 (the document is certified with no changes allowed)');
    }
  }
}

async function prepare(reader: PdfReader, src: ByteSource, o: SignPdfOptions, reserveBytes: number, signingTime: Date): Promise<Prepared> {
  if (get(reader.trailer, 'Encrypt')) throw new SignPdfError('pdf', 'encrypted', '已加密的 PDF 无法签名 (encrypted PDFs cannot be signed)');
  const rootRef = get(reader.trailer, 'Root');
  if (!isRef(rootRef)) throw new SignPdfError('pdf', 'catalog', 'PDF 缺少文档目录 /Root (no document catalog)');
  const catalogObj = await reader.getObject(rootRef.num);
  if (!catalogObj || !isDict(catalogObj.value)) throw new SignPdfError('pdf', 'catalog', 'PDF 文档目录损坏 (damaged document catalog)');
  const catalog = catalogObj.value;
  await checkDocMdp(reader, catalog);

  const last = await src.read(src.size - 1, 1);
  const up = new IncrementalUpdate(reader, src.size, last[0] === 0x0a || last[0] === 0x0d);

  // --- AcroForm and the field name
  const acroVal = get(catalog, 'AcroForm');
  const acroForm: PdfDict = isRef(acroVal) ? ((await reader.resolveDict(acroVal)) ?? dict()) : isDict(acroVal) ? acroVal : dict();
  const fieldsVal = get(acroForm, 'Fields');
  const fieldsArr = asArray(await reader.resolve(fieldsVal)) ?? [];
  const existing = await collectFieldNames(reader, fieldsArr);
  let fieldName = o.fieldName;
  if (fieldName !== undefined) {
    if (!/^[^.]{1,64}$/.test(fieldName)) throw new SignPdfError('fieldName', 'format', 'fieldName 须为 1–64 个字符且不含「.」(fieldName must be 1–64 characters without ".")');
    if (existing.has(fieldName)) throw new SignPdfError('fieldName', 'unique', `签名域「${fieldName}」已存在 (a field named ${fieldName} already exists)`);
  } else {
    for (let i = existing.size + 1; ; i++) if (!existing.has((fieldName = `Signature${i}`))) break;
  }

  // --- the page and its widget
  const sigNum = up.allocate();
  const widgetNum = up.allocate();
  const widget = dict({
    Type: name('Annot'),
    Subtype: name('Widget'),
    FT: name('Sig'),
    T: textString(fieldName),
    ...(o.fieldLabel ? { TU: textString(o.fieldLabel) } : {}),
    V: ref(sigNum),
    F: num(132), // Print + Locked
  });
  const pages = await reader.pageRefs();
  if (pages.length === 0) throw new SignPdfError('pdf', 'pages', 'PDF 没有页面 (the PDF has no pages)');
  const vis = o.appearance ?? null;
  const pageIndex = vis ? (vis.pageIndex < 0 ? pages.length + vis.pageIndex : vis.pageIndex) : pages.length - 1;
  const pageRef = pages[pageIndex];
  if (!pageRef) throw new SignPdfError('appearance.pageIndex', 'range', `appearance.pageIndex 超出范围：文档共 ${pages.length} 页 (page index out of range)`);
  widget.entries.set('P', pageRef);
  if (vis) {
    const r = vis.rect;
    widget.entries.set('Rect', arr(num(round(r.x)), num(round(r.y)), num(round(r.x + r.width)), num(round(r.y + r.height))));
    const ap = await buildAppearance(vis.content, r, o.fontsDir);
    const apNum = up.allocate();
    up.addStream(apNum, ap.dict, ap.content);
    widget.entries.set('AP', dict({ N: ref(apNum) }));
  } else {
    widget.entries.set('Rect', arr(num(0), num(0), num(0), num(0)));
  }

  // --- the signature dictionary, with placeholders
  const hexLength = reserveBytes * 2;
  const extra: string[] = [`/M ${serialize(textString(pdfDate(signingTime)))}`];
  if (o.signerName) extra.push(`/Name ${serialize(textString(o.signerName))}`);
  if (o.reason) extra.push(`/Reason ${serialize(textString(o.reason))}`);
  if (o.location) extra.push(`/Location ${serialize(textString(o.location))}`);
  if (o.contactInfo) extra.push(`/ContactInfo ${serialize(textString(o.contactInfo))}`);
  const head = '<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/ByteRange ';
  const mid = ' /Contents <';
  const body = Buffer.from(
    `${head}${BYTE_RANGE_PLACEHOLDER}${mid}${'0'.repeat(hexLength)}>${extra.join('')}/Prop_Build<</App<</Name/Yichuang>>>>>>`,
    'latin1',
  );
  const bodyAt = up.addRaw(sigNum, 0, body);
  const byteRangeAt = bodyAt + head.length;
  const contentsAt = byteRangeAt + BYTE_RANGE_PLACEHOLDER.length + mid.length - 1;

  up.addObject(widgetNum, 0, widget);

  // --- the page's /Annots
  const pageObj = await reader.getObject(pageRef.num);
  if (!pageObj || !isDict(pageObj.value)) throw new SignPdfError('pdf', 'pages', `第 ${pageIndex + 1} 页对象损坏 (damaged page object)`);
  const page = pageObj.value;
  const annotsVal = get(page, 'Annots');
  if (isRef(annotsVal)) {
    const annots = asArray(await reader.resolve(annotsVal)) ?? [];
    up.addObject(annotsVal.num, annotsVal.gen, arr(...annots, ref(widgetNum)));
  } else {
    page.entries.set('Annots', arr(...(asArray(annotsVal) ?? []), ref(widgetNum)));
    up.addObject(pageRef.num, pageRef.gen, page);
  }

  // --- AcroForm /Fields, /SigFlags
  const newFields = arr(...fieldsArr, ref(widgetNum));
  if (isRef(fieldsVal)) up.addObject(fieldsVal.num, fieldsVal.gen, newFields);
  else acroForm.entries.set('Fields', newFields);
  acroForm.entries.set('SigFlags', num(3));
  if (isRef(acroVal)) {
    up.addObject(acroVal.num, acroVal.gen, acroForm);
  } else {
    const acroNum = up.allocate();
    up.addObject(acroNum, 0, acroForm);
    catalog.entries.set('AcroForm', ref(acroNum));
    up.addObject(rootRef.num, rootRef.gen, catalog);
  }

  const update = up.finish(o.xref ?? 'auto');
  return { update, byteRangeAt, contentsAt, hexLength, fieldName };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function byteRangeText(br: [number, number, number, number]): Buffer {
  let s = `[${br.join(' ')}`;
  if (s.length + 1 > BYTE_RANGE_PLACEHOLDER.length) throw new SignPdfError('pdf', 'size', '文件过大，ByteRange 放不下 (file too large)');
  s = s.padEnd(BYTE_RANGE_PLACEHOLDER.length - 1, ' ') + ']';
  return Buffer.from(s, 'latin1');
}

function defaultReserve(o: SignPdfOptions): number {
  const certs = o.signer.certificate.length + o.signer.chain.reduce((n, c) => n + c.length, 0);
  return 2048 + certs + (o.timestamp ? 8192 : 0);
}

/** Where the bytes go while signing: memory or a file opened for writing. */
interface Target {
  size(): number;
  append(b: Buffer): Promise<void>;
  write(at: number, b: Buffer): Promise<void>;
  truncate(size: number): Promise<void>;
  hash(ranges: [number, number][], algorithm: string): Promise<Buffer>;
}

async function signInto(reader: PdfReader, src: ByteSource, target: Target, o: SignPdfOptions): Promise<SignatureReport> {
  const signingTime = o.signingTime ?? new Date();
  let reserve = o.reserveBytes ?? defaultReserve(o);
  const baseSize = src.size;
  for (let attempt = 0; attempt < 2; attempt++) {
    const p = await prepare(reader, src, o, reserve, signingTime);
    await target.append(p.update);
    const a = baseSize + p.contentsAt;
    const b = a + p.hexLength + 2;
    const total = baseSize + p.update.length;
    const byteRange: [number, number, number, number] = [0, a, b, total - b];
    await target.write(baseSize + p.byteRangeAt, byteRangeText(byteRange));
    const alg = DIGEST_ALGORITHMS[o.signer.digestAlgorithm];
    const digest = await target.hash(
      [
        [0, a],
        [b, total - b],
      ],
      alg.node,
    );
    let timestamp: TimestampOutcome = { status: 'not-requested' };
    const unsignedAttributes = o.timestamp
      ? async (signature: Buffer): Promise<Attribute[]> => {
          try {
            const ts = o.timestamp!;
            const token = typeof ts === 'function' ? await ts(signature) : await fetchTimestampToken(ts.url, signature, { ...(ts.timeoutMs ? { timeoutMs: ts.timeoutMs } : {}), ...(ts.fetch ? { fetch: ts.fetch } : {}) });
            const info = checkTimestampToken(token).info;
            timestamp = { status: 'stamped', genTime: info?.genTime ?? new Date() };
            return [{ oid: CMS_OID.timeStampToken, values: [token] }];
          } catch (err) {
            timestamp = { status: 'unavailable', reason: err instanceof TimestampError ? err.message : `时间戳失败：${(err as Error).message} (timestamp failed)` };
            return [];
          }
        }
      : undefined;
    const cms = await createSignedData({
      signer: o.signer,
      contentDigest: digest,
      signingTime: o.cmsSigningTime === false ? null : signingTime,
      ...(unsignedAttributes ? { unsignedAttributes } : {}),
    });
    if (cms.der.length * 2 > p.hexLength) {
      // Too big for the placeholder (an unusually long chain or timestamp): once more, larger.
      await target.truncate(baseSize);
      reserve = cms.der.length + 4096;
      continue;
    }
    await target.write(a + 1, Buffer.from(cms.der.toString('hex').toUpperCase(), 'latin1'));
    return {
      fieldName: p.fieldName,
      byteRange,
      digestHex: digest.toString('hex'),
      signingTime,
      timestamp,
      cmsBytes: cms.der.length,
      reservedBytes: p.hexLength / 2,
    };
  }
  throw new SignPdfError('pdf', 'size', '签名数据超出预留空间 (the signature does not fit its placeholder)');
}

/** Signs PDF bytes in memory; returns the new bytes (the old ones followed by the update). */
export async function signPdf(pdf: Uint8Array, o: SignPdfOptions): Promise<{ pdf: Buffer; signature: SignatureReport }> {
  const src = new BufferSource(pdf);
  const reader = await PdfReader.open(src);
  const parts: Buffer[] = [src.buf];
  let out: Buffer | null = null;
  const whole = () => (out ??= Buffer.concat(parts));
  const target: Target = {
    size: () => parts.reduce((n, b) => n + b.length, 0),
    append: async (b) => {
      out = null;
      parts.push(Buffer.from(b));
    },
    write: async (at, b) => {
      const w = whole();
      b.copy(w, at);
      parts.splice(0, parts.length, w);
    },
    truncate: async (size) => {
      const w = whole().subarray(0, size);
      out = null;
      parts.splice(0, parts.length, Buffer.from(w));
    },
    hash: (ranges, algorithm) => new BufferSource(whole()).hashRanges(ranges, algorithm),
  };
  const signature = await signInto(reader, src, target, o);
  return { pdf: whole(), signature };
}

/**
 * Signs a file: `output` becomes `input` plus the incremental update (`input` may equal
 * `output` to sign in place). The file is streamed, never loaded whole.
 */
export async function signPdfFile(input: string, output: string, o: SignPdfOptions): Promise<SignatureReport> {
  if (input !== output) await fs.copyFile(input, output);
  const src = await FileSource.open(output);
  let fh: fs.FileHandle | null = null;
  try {
    const reader = await PdfReader.open(src);
    fh = await fs.open(output, 'r+');
    const h = fh;
    let size = src.size;
    const target: Target = {
      size: () => size,
      append: async (b) => {
        await h.write(b, 0, b.length, size);
        size += b.length;
      },
      write: async (at, b) => {
        await h.write(b, 0, b.length, at);
      },
      truncate: async (s) => {
        await h.truncate(s);
        size = s;
      },
      hash: (ranges, algorithm) => hashFileRanges(output, ranges, algorithm),
    };
    return await signInto(reader, src, target, o);
  } finally {
    await fh?.close();
    await src.close();
  }
}


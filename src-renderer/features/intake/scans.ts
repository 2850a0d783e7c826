/**
 * Scans of materials: what a file really is (magic bytes, not its name), size limits,
 * and all the pages of one material combined into ONE PDF (pdf-lib: JPEG/PNG embedded
 * one per page, PDF pages copied). Pure (no DOM, no Dexie): runs in the renderer and in
 * unit tests alike.
 */
import { PDFDocument } from 'pdf-lib';
import type { Msg } from './model';

export type ScanKind = 'pdf' | 'jpeg' | 'png';

export const MB = 1024 * 1024;
/** Largest single file or camera frame accepted. */
export const MAX_FILE_BYTES = 20 * MB;
/** Largest combined PDF of one material. */
export const MAX_MATERIAL_BYTES = 50 * MB;
/** Most pages in one material's PDF. */
export const MAX_PAGES = 200;

export const ACCEPTED_EXTENSIONS = ['pdf', 'jpg', 'jpeg', 'png'] as const;

export function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < MB) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / MB).toFixed(1)} MB`;
}

/** What the bytes are: %PDF- / FF D8 FF / 89 50 4E 47 0D 0A 1A 0A, else null. */
export function sniff(bytes: Uint8Array): ScanKind | null {
  const b = bytes;
  if (b.length >= 5 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 && b[4] === 0x2d) return 'pdf';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a)
    return 'png';
  return null;
}

function extension(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i + 1).toLowerCase() : '';
}

const KIND_OF_EXTENSION: Record<string, ScanKind> = { pdf: 'pdf', jpg: 'jpeg', jpeg: 'jpeg', png: 'png' };
const KIND_LABEL: Record<ScanKind, string> = { pdf: 'PDF', jpeg: 'JPEG', png: 'PNG' };

export interface ScanPart {
  name: string;
  kind: ScanKind;
  bytes: Uint8Array;
}

export type CheckResult = { ok: true; part: ScanPart } | { ok: false; error: Msg };

/**
 * Accept a file only if its content is PDF, JPEG or PNG, agrees with its extension (a
 * JPEG renamed .pdf is refused), and is within the size limit.
 */
export function checkFile(name: string, bytes: Uint8Array, maxBytes = MAX_FILE_BYTES): CheckResult {
  if (bytes.length === 0) return { ok: false, error: { key: 'intake.scan.err.empty', params: { name } } };
  if (bytes.length > maxBytes)
    return { ok: false, error: { key: 'intake.scan.err.fileTooLarge', params: { name, size: formatSize(bytes.length), max: formatSize(maxBytes) } } };
  const ext = extension(name);
  const kind = sniff(bytes);
  const claimed = KIND_OF_EXTENSION[ext];
  if (ext && !claimed) return { ok: false, error: { key: 'intake.scan.err.extension', params: { name, ext } } };
  if (!kind) {
    if (claimed) return { ok: false, error: { key: 'intake.scan.err.notWhatItSays', params: { name, claimed: KIND_LABEL[claimed] } } };
    return { ok: false, error: { key: 'intake.scan.err.unknown', params: { name } } };
  }
  if (claimed && claimed !== kind)
    return { ok: false, error: { key: 'intake.scan.err.mismatch', params: { name, claimed: KIND_LABEL[claimed], actual: KIND_LABEL[kind] } } };
  return { ok: true, part: { name, kind, bytes } };
}

/** A4 in PDF points. */
const A4 = { w: 595.28, h: 841.89 };

export interface CombinedPdf {
  bytes: Uint8Array;
  pages: number;
}

export class ScanError extends Error {
  constructor(readonly msg: Msg) {
    super('key' in msg ? msg.key : msg.text);
    this.name = 'ScanError';
  }
}

/**
 * One PDF of all parts in order: each image on its own A4 page (landscape for wide
 * images), scaled to fit; each PDF's pages copied as they are. Throws ScanError naming
 * the file for unreadable or encrypted PDFs and broken images, and for a result over the
 * limits.
 */
export async function combineToPdf(parts: readonly ScanPart[], limits: { maxBytes?: number; maxPages?: number } = {}): Promise<CombinedPdf> {
  const maxBytes = limits.maxBytes ?? MAX_MATERIAL_BYTES;
  const maxPages = limits.maxPages ?? MAX_PAGES;
  if (parts.length === 0) throw new ScanError({ key: 'intake.scan.err.nothing' });
  const out = await PDFDocument.create();
  for (const p of parts) {
    if (p.kind === 'pdf') {
      let src: PDFDocument;
      let count: number;
      try {
        src = await PDFDocument.load(p.bytes, { updateMetadata: false });
        count = src.getPageCount();
      } catch (e) {
        const encrypted = (e as Error)?.name === 'EncryptedPDFError' || /encrypt/i.test((e as Error)?.message ?? '');
        throw new ScanError({ key: encrypted ? 'intake.scan.err.encrypted' : 'intake.scan.err.badPdf', params: { name: p.name } });
      }
      if (count === 0) throw new ScanError({ key: 'intake.scan.err.badPdf', params: { name: p.name } });
      if (out.getPageCount() + count > maxPages) throw new ScanError({ key: 'intake.scan.err.tooManyPages', params: { max: maxPages } });
      let pages;
      try {
        pages = await out.copyPages(src, src.getPageIndices());
      } catch {
        throw new ScanError({ key: 'intake.scan.err.badPdf', params: { name: p.name } });
      }
      for (const pg of pages) out.addPage(pg);
    } else {
      if (out.getPageCount() + 1 > maxPages) throw new ScanError({ key: 'intake.scan.err.tooManyPages', params: { max: maxPages } });
      let img;
      try {
        img = p.kind === 'jpeg' ? await out.embedJpg(p.bytes) : await out.embedPng(p.bytes);
      } catch {
        throw new ScanError({ key: 'intake.scan.err.badImage', params: { name: p.name } });
      }
      const landscape = img.width > img.height;
      const pw = landscape ? A4.h : A4.w;
      const ph = landscape ? A4.w : A4.h;
      const scale = Math.min(pw / img.width, ph / img.height);
      const w = img.width * scale;
      const h = img.height * scale;
      const page = out.addPage([pw, ph]);
      page.drawImage(img, { x: (pw - w) / 2, y: (ph - h) / 2, width: w, height: h });
    }
  }
  const bytes = await out.save({ useObjectStreams: true });
  if (bytes.length > maxBytes)
    throw new ScanError({ key: 'intake.scan.err.materialTooLarge', params: { size: formatSize(bytes.length), max: formatSize(maxBytes) } });
  return { bytes, pages: out.getPageCount() };
}

/** A file name for a material's combined scan (data from the catalog, kept short). */
export function scanFileName(materialName: string): string {
  const base = materialName.replace(/[\\/:*?"<>|\r\n\t]+/g, ' ').trim().slice(0, 80) || 'scan';
  return `${base}.pdf`;
}

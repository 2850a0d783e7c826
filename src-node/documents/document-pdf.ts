/**
 * What every document PDF shares, whatever its template (window documents in render.ts,
 * result documents in result-template.ts): the bundled fonts loaded and checked against each
 * printed input text, subset fonts embedded under stable tags, the layout run on a Flow, the
 * metadata, and the save with a classic cross-reference table (signatures are appended as
 * incremental updates).
 */
import { createHash } from 'node:crypto';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { FontLibrary, fontkitFor, type FontFace, type FontRole } from './fonts';
import { DocumentInputError } from './input';
import { Flow, MissingGlyphError, Typesetter, printable, type Rect } from './layout';

export interface RenderOptions {
  /** Directory holding fonts.json and the fonts (default: see resolveFontsDir). */
  fontsDir?: string;
  /** CreationDate / ModDate of the PDF (default: now). Fixed values give identical bytes. */
  now?: Date;
}

export interface PageArea {
  /** 0-based page index. */
  pageIndex: number;
  rect: Rect;
}

export type Faces = Partial<Record<FontRole, FontFace>>;

/**
 * Loads the body and title fonts. Every printed input text must be drawable: characters the
 * body font lacks come from the Extension B font (loaded only then); a character no font has
 * is refused with a DocumentInputError naming the field.
 */
export async function loadFaces(fontsDir: string | undefined, printed: Iterable<[field: string, text: string]>): Promise<Faces> {
  const lib = FontLibrary.open(fontsDir);
  const [body, title] = await Promise.all([lib.face('body'), lib.face('title')]);
  const faces: Faces = { body, title };
  for (const [field, text] of printed) {
    for (const ch of printable(text)) {
      const cp = ch.codePointAt(0)!;
      if (cp === 0x0a || cp === 0x20 || body.has(cp)) continue;
      faces['ext-b'] ??= await lib.face('ext-b');
      if (faces['ext-b'].has(cp)) continue;
      const hex = cp.toString(16).toUpperCase().padStart(4, '0');
      throw new DocumentInputError(
        field,
        'font-coverage',
        `${field}: 字符「${ch}」(U+${hex}) 不在内置字体中，无法打印，请核对输入 (character U+${hex} is not covered by the bundled fonts)`,
      );
    }
  }
  return faces;
}

export interface PdfDraft {
  doc: PDFDocument;
  flow: Flow;
  /** Fonts embedded, by PostScript name (subset-tagged). */
  fonts: string[];
}

/** A new PDF with the faces embedded as subsets; their tags derive from `seed`, so they are stable per document. */
export async function createPdf(faces: Faces, seed: unknown): Promise<PdfDraft> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkitFor(Object.values(faces)));
  const tagSeed = createHash('sha256').update(JSON.stringify(seed)).digest();
  const pdfFonts: Partial<Record<FontRole, PDFFont>> = {};
  const fonts: string[] = [];
  let k = 0;
  for (const role of ['body', 'title', 'ext-b'] as const) {
    const face = faces[role];
    if (!face) continue;
    const name = `${subsetTag(tagSeed, k++)}+${face.postscriptName}`;
    pdfFonts[role] = await doc.embedFont(face.bytes, { subset: true, customName: name });
    fonts.push(name);
  }
  return { doc, flow: new Flow(doc, new Typesetter(faces, pdfFonts)), fonts };
}

/** Six capital letters before a subset font's name (ISO 32000-1 §9.6.4). */
function subsetTag(seed: Buffer, k: number): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += String.fromCharCode(65 + (seed[(k * 6 + i) % seed.length]! % 26));
  return s;
}

/** Runs the layout; a character no font has (in text a template adds) becomes a DocumentInputError. */
export function layOut(draw: () => void): void {
  try {
    draw();
  } catch (e) {
    if (e instanceof MissingGlyphError) throw new DocumentInputError('text', 'font-coverage', `text: ${e.message}`);
    throw e;
  }
}

export interface PdfMeta {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
}

/** Sets the metadata and saves with a classic cross-reference table (no object streams). */
export async function savePdf(doc: PDFDocument, meta: PdfMeta, now: Date): Promise<Uint8Array> {
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setCreator('Yichuang 一窗受理');
  doc.setProducer('Yichuang');
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  doc.setLanguage('zh-CN');
  return doc.save({ useObjectStreams: false });
}

/** An area on the flow's last page (where seals, signatures and the QR code go). */
export function onLastPage(flow: Flow, rect: Rect): PageArea {
  return { pageIndex: flow.pages.length - 1, rect: { ...rect } };
}

/**
 * renderDocument: a case's written document (受理通知书, 不予受理决定书, 补正材料告知书,
 * 容缺受理承诺书, 办结通知书) as an unsigned A4 PDF with embedded, subset CJK fonts and
 * extractable text. The signing step adds PAdES signatures as incremental updates and
 * places the visible seal on SEAL_AREA of the last page.
 */
import { createHash, randomInt } from 'node:crypto';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { FontLibrary, fontkitFor, type FontFace, type FontRole } from './fonts';
import { DocumentInputError, parseDocumentInput, type DocumentInput, type DocumentType } from './input';
import {
  CLERK_SIGNATURE_AREA,
  Flow,
  MARGINS,
  MissingGlyphError,
  PAGE_SIZE,
  QR_AREA,
  SEAL_AREA,
  Typesetter,
  closingHeight,
  drawClosing,
  drawFootnote,
  drawFooters,
  drawTitle,
  printable,
  type Rect,
} from './layout';
import { buildModel, printedFields } from './templates';

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

export interface RenderedDocument {
  bytes: Uint8Array;
  type: DocumentType;
  pageCount: number;
  /** The seal's place on the last page (always SEAL_AREA). */
  sealArea: PageArea;
  /** The clerk's visible signature on the last page (always CLERK_SIGNATURE_AREA). */
  clerkSignatureArea: PageArea;
  /** Blank lines where the applicant signs by hand (commitment only). */
  applicantSignatureAreas: PageArea[];
  qrArea: PageArea;
  /** Fonts embedded, by PostScript name (subset-tagged). */
  fonts: string[];
}

/**
 * Loads the body and title fonts now (about 0.3 s once per process) so the first document
 * renders as fast as the rest; call at start-up. The Extension B font loads when first needed.
 */
export async function preloadFonts(options: Pick<RenderOptions, 'fontsDir'> = {}): Promise<void> {
  const lib = FontLibrary.open(options.fontsDir);
  await Promise.all([lib.face('body'), lib.face('title')]);
}

/** Renders the document and returns its PDF bytes. Throws DocumentInputError on bad input. */
export async function renderDocument(input: unknown, options: RenderOptions = {}): Promise<Uint8Array> {
  return (await renderDocumentWithLayout(input, options)).bytes;
}

/** As renderDocument, with where the seal and signatures go. */
export async function renderDocumentWithLayout(raw: unknown, options: RenderOptions = {}): Promise<RenderedDocument> {
  const input = parseDocumentInput(raw);
  const lib = FontLibrary.open(options.fontsDir);
  const [body, title] = await Promise.all([lib.face('body'), lib.face('title')]);
  const faces: Partial<Record<FontRole, FontFace>> = { body, title };
  await checkCoverage(input, lib, faces);

  const model = buildModel(input);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkitFor(Object.values(faces)));
  const tagSeed = createHash('sha256').update(JSON.stringify([input, model.meta])).digest();
  const pdfFonts: Partial<Record<FontRole, PDFFont>> = {};
  const embedded: string[] = [];
  let k = 0;
  for (const role of ['body', 'title', 'ext-b'] as const) {
    const face = faces[role];
    if (!face) continue;
    const name = `${subsetTag(tagSeed, k++)}+${face.postscriptName}`;
    pdfFonts[role] = await doc.embedFont(face.bytes, { subset: true, customName: name });
    embedded.push(name);
  }

  const ts = new Typesetter(faces, pdfFonts);
  const flow = new Flow(doc, ts);
  try {
    flow.newPage();
    drawTitle(flow, model.title);
    // The tail (signature lines) and at least the last rows of the body stay on the page of
    // the closing block, so that page never holds the closing alone.
    const closingFloor = MARGINS.bottom + closingHeight(ts, model.closing);
    const tailHeight = model.tail.reduce((s, b) => s + flow.measure(b), 0);
    model.body.forEach((b, i) => {
      if (i < model.body.length - 1) return flow.add(b);
      if (b.kind === 'table') return flow.table(b, { rows: 2, floor: closingFloor, extra: tailHeight });
      const h = flow.measure(b);
      if (h + tailHeight <= PAGE_SIZE.height - MARGINS.top - closingFloor) flow.ensure(h + tailHeight, closingFloor);
      flow.add(b);
    });
    flow.ensure(tailHeight, closingFloor);
    for (const b of model.tail) flow.add(b);
    drawClosing(flow, model.closing);
    if (model.footnote) drawFootnote(flow, model.footnote);
    drawFooters(flow, model.footer);
  } catch (e) {
    if (e instanceof MissingGlyphError)
      throw new DocumentInputError('text', 'font-coverage', `text: ${e.message}`);
    throw e;
  }

  const now = options.now ?? new Date();
  doc.setTitle(model.meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(model.meta.author);
  doc.setSubject(model.meta.subject);
  doc.setKeywords(model.meta.keywords);
  doc.setCreator('Yichuang 一窗受理');
  doc.setProducer('Yichuang');
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  doc.setLanguage('zh-CN');
  // Classic cross-reference table (no object streams): simpler for the incremental updates
  // that the signatures append.
  const bytes = await doc.save({ useObjectStreams: false });
  const last = flow.pages.length - 1;
  return {
    bytes,
    type: input.type,
    pageCount: flow.pages.length,
    sealArea: { pageIndex: last, rect: { ...SEAL_AREA } },
    clerkSignatureArea: { pageIndex: last, rect: { ...CLERK_SIGNATURE_AREA } },
    applicantSignatureAreas: flow.signatureAreas.map((a) => ({ pageIndex: a.pageIndex, rect: { ...a.rect } })),
    qrArea: { pageIndex: last, rect: { ...QR_AREA } },
    fonts: embedded,
  };
}

/**
 * Every printed input text must be drawable: characters the body font lacks come from the
 * Extension B font (loaded only then); a character no font has is refused, naming the field.
 */
async function checkCoverage(input: DocumentInput, lib: FontLibrary, faces: Partial<Record<FontRole, FontFace>>): Promise<void> {
  const body = faces.body!;
  for (const [field, text] of printedFields(input)) {
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
}

/** Six capital letters before a subset font's name (ISO 32000-1 §9.6.4), stable per document. */
function subsetTag(seed: Buffer, k: number): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += String.fromCharCode(65 + (seed[(k * 6 + i) % seed.length]! % 26));
  return s;
}

/** A fresh verification code: 16 characters from an unambiguous alphabet, in groups of four. */
export function newVerificationCode(): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  let s = '';
  for (let i = 0; i < 16; i++) s += alphabet[randomInt(alphabet.length)];
  return s.replace(/(.{4})(?=.)/g, '$1-');
}

/**
 * renderDocument: a case's written document (受理通知书, 不予受理决定书, 补正材料告知书,
 * 容缺受理承诺书, 办结通知书) as an unsigned A4 PDF with embedded, subset CJK fonts and
 * extractable text. The signing step adds PAdES signatures as incremental updates and
 * places the visible seal on SEAL_AREA of the last page.
 */
import { randomInt } from 'node:crypto';
import { createPdf, layOut, loadFaces, onLastPage, savePdf, type PageArea, type RenderOptions } from './document-pdf';
import { FontLibrary } from './fonts';
import { parseDocumentInput, type DocumentType } from './input';
import { CLERK_SIGNATURE_AREA, MARGINS, PAGE_SIZE, QR_AREA, SEAL_AREA, closingHeight, drawClosing, drawFootnote, drawFooters, drawTitle } from './layout';
import { buildModel, printedFields } from './templates';

export type { PageArea, RenderOptions };

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
  const faces = await loadFaces(options.fontsDir, printedFields(input));
  const model = buildModel(input);
  const { doc, flow, fonts } = await createPdf(faces, [input, model.meta]);
  const ts = flow.ts;
  layOut(() => {
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
  });

  const bytes = await savePdf(doc, model.meta, options.now ?? new Date());
  return {
    bytes,
    type: input.type,
    pageCount: flow.pages.length,
    sealArea: onLastPage(flow, SEAL_AREA),
    clerkSignatureArea: onLastPage(flow, CLERK_SIGNATURE_AREA),
    applicantSignatureAreas: flow.signatureAreas.map((a) => ({ pageIndex: a.pageIndex, rect: { ...a.rect } })),
    qrArea: onLastPage(flow, QR_AREA),
    fonts,
  };
}

/** A fresh verification code: 16 characters from an unambiguous alphabet, in groups of four. */
export function newVerificationCode(): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  let s = '';
  for (let i = 0; i < 16; i++) s += alphabet[randomInt(alphabet.length)];
  return s.replace(/(.{4})(?=.)/g, '$1-');
}

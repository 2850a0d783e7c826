/** Written documents a window hands over, as PDF (see README.md). */
export { renderDocument, renderDocumentWithLayout, preloadFonts, newVerificationCode, type RenderOptions, type RenderedDocument, type PageArea } from './render';
export {
  DOCUMENT_TITLES,
  DOCUMENT_TYPES,
  DocumentInput,
  DocumentInputError,
  DocumentType,
  WindowInfo,
  documentInputFromCase,
  parseDocumentInput,
  type DocumentFields,
  type DocumentInputOf,
} from './input';
export { CLERK_SIGNATURE_AREA, MARGINS, PAGE_SIZE, QR_AREA, SEAL_AREA, mm, type Rect } from './layout';
export { FontLibrary, FontError, FONT_CHAINS, FontRole, resolveFontsDir, type FontFace } from './fonts';
export { chineseDate, chineseNumeralDate, chinaDateOf, formatDocumentNumber, maskDocumentNumber, maskPhone } from './text';
export { breakLines, type Line } from './linebreak';
export { renderResultDocument, parseResultDocumentInput, ResultDocumentInput, RESULT_KIND_LABELS, type RenderedResult } from './result-template';

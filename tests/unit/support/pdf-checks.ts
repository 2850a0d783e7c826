// Page checks both document renderers' tests make on a PDF, read back with poppler.
import QRCode from 'qrcode';
import { MARGINS, PAGE_SIZE, QR_AREA, type Rect } from '../../../src-node/documents';
import { rasterGray, words } from '../documents/pdf-tools';

export interface KeepOut {
  /** How the area is named in a problem: "the seal". */
  name: string;
  rect: Rect;
  /** Words that belong there (the issuer and date under the seal). */
  except?: string[];
}

/**
 * Where the extracted words break the page grammar: outside the margins, on an area kept
 * clear, or overlapping one another. Returns the number of words read and the problems.
 */
export function placementProblems(file: string, keepOut: KeepOut[]): { count: number; problems: string[] } {
  const { pageHeight, words: ws } = words(file);
  const boxes = ws.map((w) => ({ ...w, y0: pageHeight - w.yMax, y1: pageHeight - w.yMin }));
  const intersects = (a: (typeof boxes)[number], r: Rect, slack = 0.5) =>
    a.xMin < r.x + r.width - slack && a.xMax > r.x + slack && a.y0 < r.y + r.height - slack && a.y1 > r.y + slack;
  const problems: string[] = [];
  for (const b of boxes) {
    if (b.xMin < MARGINS.left - 0.5) problems.push(`「${b.text}」 left of the margin`);
    if (b.xMax > PAGE_SIZE.width - MARGINS.right + 0.5) problems.push(`「${b.text}」 right of the margin`);
    for (const k of keepOut) if (!k.except?.includes(b.text) && intersects(b, k.rect)) problems.push(`「${b.text}」 over ${k.name}`);
  }
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.page === b.page && a.xMin < b.xMax - 0.5 && b.xMin < a.xMax - 0.5 && a.y0 < b.y1 - 1 && b.y0 < a.y1 - 1) problems.push(`「${a.text}」 overlaps 「${b.text}」`);
    }
  return { count: boxes.length, problems };
}

/** Modules of the QR code in QR_AREA on the first page that differ from the QR code of `text` (one quiet module around it). */
export function qrMismatches(file: string, text: string): number {
  const dpi = 288;
  const img = rasterGray(file, 1, dpi);
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const m = QR_AREA.width / (n + 2);
  const scale = dpi / 72;
  let mismatches = 0;
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      const x = (QR_AREA.x + (c + 1.5) * m) * scale;
      const y = (PAGE_SIZE.height - (QR_AREA.y + QR_AREA.height - (r + 1.5) * m)) * scale;
      const dark = img.data[Math.round(y) * img.width + Math.round(x)]! < 128;
      if (dark !== Boolean(qr.modules.get(r, c))) mismatches++;
    }
  return mismatches;
}

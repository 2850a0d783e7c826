/**
 * Page geometry, text setting with per-character font fallback, and the flow of blocks
 * (paragraphs, headings, tables) over A4 pages.
 *
 * Coordinates are PDF points from the bottom-left corner of the page.
 */
import {
  type PDFDocument,
  type PDFFont,
  type PDFPage,
  grayscale,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSpacing,
  rectangle,
  fill,
  setFillingGrayscaleColor,
} from 'pdf-lib';
import QRCode from 'qrcode';
import { FONT_CHAINS, type FontFace, type FontRole, type TextStyle } from './fonts';
import { breakLines, type Line } from './linebreak';

export const mm = (n: number) => (n * 72) / 25.4;

/** A4 portrait. */
export const PAGE_SIZE = { width: 595.28, height: 841.89 } as const;
/** Text area 156 mm wide (GB/T 9704's width), 28 mm left margin. */
export const MARGINS = { top: mm(20), bottom: mm(22), left: mm(28), right: mm(26) } as const;
export const TEXT_WIDTH = PAGE_SIZE.width - MARGINS.left - MARGINS.right;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where the window's seal goes on the last page: a 42 mm square (the diameter of an official
 * round seal) over the issuing organisation's name and the date, which sit in its lower
 * middle (GB/T 9704 「下压发文机关署名和成文日期」). Nothing else is drawn there.
 */
export const SEAL_AREA: Rect = (() => {
  const size = mm(42);
  const cx = PAGE_SIZE.width - MARGINS.right - mm(34);
  const cy = MARGINS.bottom + mm(21);
  return { x: cx - size / 2, y: cy - size / 2, width: size, height: size };
})();

/** Centre line of the issuer's name and the date under the seal. */
const ISSUER_CX = SEAL_AREA.x + SEAL_AREA.width / 2;
/** Widest issuer line: it must stay inside the right margin, centred under the seal. */
const ISSUER_MAX_WIDTH = 2 * (PAGE_SIZE.width - MARGINS.right - ISSUER_CX);

/**
 * Where the clerk's visible signature goes on the last page: under 「受理人」 in the closing
 * block, left of the seal.
 */
export const CLERK_SIGNATURE_AREA: Rect = {
  x: MARGINS.left + mm(29),
  y: MARGINS.bottom + mm(5),
  width: mm(52),
  height: mm(12),
};

export const QR_AREA: Rect = { x: MARGINS.left, y: MARGINS.bottom + mm(5), width: mm(26), height: mm(26) };

export const BODY_SIZE = 12;
export const BODY_LEADING = 20;
const BLACK = grayscale(0);
const GREY = grayscale(0.35);

/** Baseline below the top of a line box, centring the em box (CJK glyphs sit 0.12 em below the baseline). */
const baselineIn = (leading: number, size: number) => leading / 2 + 0.38 * size;

/**
 * Largest extra spacing between glyphs when justifying, in em. Below poppler's word-break
 * gap (0.1 em), so extracted text gets no spurious spaces; lines needing more stay ragged.
 */
const MAX_JUSTIFY_SPACING = 0.08;

/** A run of text drawn in one font. */
interface Run {
  role: FontRole;
  text: string;
  /** Width in em. */
  em: number;
  glyphs: number;
}

export class MissingGlyphError extends Error {
  constructor(
    readonly char: string,
    readonly codePoint: number,
  ) {
    super(`字符「${char}」(U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}) 不在内置字体中，无法打印 (no bundled font has this character)`);
    this.name = 'MissingGlyphError';
  }
}

/** Characters that are dropped before drawing: variation selectors and zero-width marks. */
const INVISIBLE = /[\uFE00-\uFE0F\u200B-\u200D\u2060\uFEFF]|\uDB40[\uDD00-\uDDEF]/g;
/** Text as drawn: invisible marks dropped, tabs as spaces, other control characters removed. */
export const printable = (s: string) =>
  Array.from(s.replace(INVISIBLE, '').replace(/\t/g, ' '))
    .filter((c) => c === '\n' || (c >= ' ' && c !== '\u007f'))
    .join('');

/** Measures and draws text with the bundled fonts, falling back character by character. */
export class Typesetter {
  constructor(
    private readonly faces: Partial<Record<FontRole, FontFace>>,
    private readonly pdfFonts: Partial<Record<FontRole, PDFFont>>,
  ) {}

  /** The font that draws code point `cp` in `style`, or undefined. */
  faceFor(cp: number, style: TextStyle): FontFace | undefined {
    for (const role of FONT_CHAINS[style]) {
      const f = this.faces[role];
      if (f?.has(cp)) return f;
    }
    return undefined;
  }

  runs(text: string, style: TextStyle): Run[] {
    const out: Run[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const face = this.faceFor(cp, style);
      if (!face) throw new MissingGlyphError(ch, cp);
      const prev = out[out.length - 1];
      const em = face.advance(cp);
      if (prev && prev.role === face.role) {
        prev.text += ch;
        prev.em += em;
        prev.glyphs++;
      } else out.push({ role: face.role, text: ch, em, glyphs: 1 });
    }
    return out;
  }

  width(text: string, style: TextStyle, size: number): number {
    return this.runs(text, style).reduce((s, r) => s + r.em, 0) * size;
  }

  lines(text: string, style: TextStyle, size: number, width: number | ((i: number) => number)): Line[] {
    return breakLines(text, width, (s) => this.width(s, style, size));
  }

  /**
   * Draws one line at baseline (x, y). `justifyTo` spreads the glyphs to that width with
   * character spacing (only when the spacing stays small, so text extraction sees no gaps).
   */
  draw(page: PDFPage, text: string, x: number, y: number, size: number, style: TextStyle, opts: { justifyTo?: number; color?: ReturnType<typeof grayscale> } = {}): number {
    const runs = this.runs(text, style);
    const natural = runs.reduce((s, r) => s + r.em, 0) * size;
    const glyphs = runs.reduce((s, r) => s + r.glyphs, 0);
    let tc = 0;
    if (opts.justifyTo !== undefined && glyphs > 1) {
      const extra = (opts.justifyTo - natural) / (glyphs - 1);
      if (extra > 0 && extra <= MAX_JUSTIFY_SPACING * size) tc = extra;
    }
    let cx = x;
    for (const r of runs) {
      const font = this.pdfFonts[r.role];
      if (!font) throw new Error(`font ${r.role} not embedded`);
      if (tc) page.pushOperators(pushGraphicsState(), setCharacterSpacing(tc));
      page.drawText(r.text, { x: cx, y, size, font, color: opts.color ?? BLACK });
      if (tc) page.pushOperators(popGraphicsState());
      cx += r.em * size + r.glyphs * tc;
    }
    return cx - x;
  }
}

// ---------------------------------------------------------------------------------------
// Blocks

export type Align = 'justify' | 'left' | 'center' | 'right';

export interface ParagraphBlock {
  kind: 'paragraph';
  text: string;
  style?: TextStyle;
  size?: number;
  leading?: number;
  align?: Align;
  /** First-line indent in em (Chinese paragraphs: 2). */
  indent?: number;
  /** A label hanging in front of the text (「1．」): the text wraps aligned after it. */
  label?: string;
  /** Extra left inset in points. */
  inset?: number;
  spaceBefore?: number;
  spaceAfter?: number;
  color?: 'black' | 'grey';
}

export interface TableCell {
  text: string;
  span?: number;
  style?: TextStyle;
  align?: 'left' | 'center';
  shade?: boolean;
}

export interface TableBlock {
  kind: 'table';
  /** Column widths as fractions of the text width. */
  columns: number[];
  header?: TableCell[];
  rows: TableCell[][];
  size?: number;
  leading?: number;
  spaceBefore?: number;
  spaceAfter?: number;
}

export interface SignatureLineBlock {
  kind: 'signature-line';
  label: string;
  /** Printed after the line, e.g. the date blanks. */
  trailer?: string;
  spaceBefore?: number;
}

export type Block = ParagraphBlock | TableBlock | SignatureLineBlock;

/** Lays blocks out top to bottom, adding pages as needed. */
export class Flow {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  /** Top of the next line box. */
  y = 0;
  /** Areas reserved for handwritten signatures (commitment). */
  readonly signatureAreas: { pageIndex: number; rect: Rect }[] = [];

  constructor(
    private readonly doc: PDFDocument,
    readonly ts: Typesetter,
  ) {}

  newPage(): PDFPage {
    this.page = this.doc.addPage([PAGE_SIZE.width, PAGE_SIZE.height]);
    this.pages.push(this.page);
    this.y = PAGE_SIZE.height - MARGINS.top;
    return this.page;
  }

  /** Room left above `floor` (default: the bottom margin). */
  room(floor = MARGINS.bottom): number {
    return this.y - floor;
  }

  ensure(height: number, floor = MARGINS.bottom): void {
    if (this.y - height < floor - 1e-6) this.newPage();
  }

  add(block: Block): void {
    switch (block.kind) {
      case 'paragraph':
        return this.paragraph(block);
      case 'table':
        return this.table(block);
      case 'signature-line':
        return this.signatureLine(block);
    }
  }

  /** Height a block will take (used to keep the last block with the closing). */
  measure(block: Block): number {
    switch (block.kind) {
      case 'paragraph':
        return (block.spaceBefore ?? 0) + this.paragraphLines(block).length * (block.leading ?? BODY_LEADING) + (block.spaceAfter ?? 0);
      case 'table': {
        const size = block.size ?? 10.5;
        const leading = block.leading ?? 14;
        const rows = block.header ? [block.header, ...block.rows] : block.rows;
        return (block.spaceBefore ?? 0) + rows.reduce((s, r) => s + this.rowHeight(block, r, size, leading), 0) + (block.spaceAfter ?? 0);
      }
      case 'signature-line':
        return (block.spaceBefore ?? 0) + 30;
    }
  }

  private paragraphLines(p: ParagraphBlock): Line[] {
    const size = p.size ?? BODY_SIZE;
    const style = p.style ?? 'body';
    const inset = (p.inset ?? 0) + (p.label ? this.ts.width(p.label, style, size) : 0);
    const indent = (p.indent ?? 0) * size;
    return this.ts.lines(printable(p.text), style, size, (i) => TEXT_WIDTH - inset - (i === 0 ? indent : 0));
  }

  paragraph(p: ParagraphBlock): void {
    const size = p.size ?? BODY_SIZE;
    const leading = p.leading ?? BODY_LEADING;
    const style = p.style ?? 'body';
    const color = p.color === 'grey' ? GREY : BLACK;
    const labelW = p.label ? this.ts.width(p.label, style, size) : 0;
    const left = MARGINS.left + (p.inset ?? 0);
    const indent = (p.indent ?? 0) * size;
    const lines = this.paragraphLines(p);
    if (p.spaceBefore) this.y -= p.spaceBefore;
    lines.forEach((line, i) => {
      this.ensure(leading);
      const base = this.y - baselineIn(leading, size);
      if (i === 0 && p.label) this.ts.draw(this.page, p.label, left, base, size, style, { color });
      const x0 = left + labelW + (i === 0 ? indent : 0);
      const avail = TEXT_WIDTH - (p.inset ?? 0) - labelW - (i === 0 ? indent : 0);
      const align = p.align ?? 'justify';
      let x = x0;
      if (align === 'center') x = x0 + (avail - line.width) / 2;
      else if (align === 'right') x = x0 + avail - line.width;
      const justifyTo = align === 'justify' && !line.endsParagraph ? avail : undefined;
      if (line.text) this.ts.draw(this.page, line.text, x, base, size, style, { justifyTo, color });
      this.y -= leading;
    });
    if (p.spaceAfter) this.y -= p.spaceAfter;
  }

  private cellWidth(t: TableBlock, col: number, span: number): number {
    let w = 0;
    for (let i = col; i < col + span; i++) w += (t.columns[i] ?? 0) * TEXT_WIDTH;
    return w;
  }

  private static readonly PAD_X = 5;
  private static readonly PAD_Y = 3.5;

  private cellLines(t: TableBlock, col: number, cell: TableCell, size: number): Line[] {
    const w = this.cellWidth(t, col, cell.span ?? 1) - 2 * Flow.PAD_X;
    return this.ts.lines(printable(cell.text), cell.style ?? 'body', size, w);
  }

  private rowHeight(t: TableBlock, row: TableCell[], size: number, leading: number): number {
    let col = 0;
    let max = 1;
    for (const cell of row) {
      max = Math.max(max, this.cellLines(t, col, cell, size).length);
      col += cell.span ?? 1;
    }
    return max * leading + 2 * Flow.PAD_Y;
  }

  private drawRow(t: TableBlock, row: TableCell[], size: number, leading: number): void {
    const h = this.rowHeight(t, row, size, leading);
    const top = this.y;
    let col = 0;
    let x = MARGINS.left;
    for (const cell of row) {
      const span = cell.span ?? 1;
      const w = this.cellWidth(t, col, span);
      this.page.drawRectangle({
        x,
        y: top - h,
        width: w,
        height: h,
        borderColor: BLACK,
        borderWidth: 0.6,
        ...(cell.shade ? { color: grayscale(0.92) } : {}),
      });
      const lines = this.cellLines(t, col, cell, size);
      const offset = (h - 2 * Flow.PAD_Y - lines.length * leading) / 2;
      lines.forEach((line, i) => {
        const base = top - Flow.PAD_Y - offset - i * leading - baselineIn(leading, size);
        const inner = w - 2 * Flow.PAD_X;
        const lx = cell.align === 'center' ? x + Flow.PAD_X + (inner - line.width) / 2 : x + Flow.PAD_X;
        if (line.text) this.ts.draw(this.page, line.text, lx, base, size, cell.style ?? 'body');
      });
      x += w;
      col += span;
    }
    this.y -= h;
  }

  /**
   * Draws a table, repeating the header on each new page. `keepLast` keeps the last rows
   * together on the page that will also hold the closing block (above `floor`, leaving
   * `extra` for the blocks in between), so that page never holds the closing alone.
   */
  table(t: TableBlock, keepLast?: { rows: number; floor: number; extra: number }): void {
    const size = t.size ?? 10.5;
    const leading = t.leading ?? 14;
    if (t.spaceBefore) this.y -= t.spaceBefore;
    const headerH = t.header ? this.rowHeight(t, t.header, size, leading) : 0;
    const heights = t.rows.map((row) => this.rowHeight(t, row, size, leading));
    const firstKept = keepLast ? Math.max(0, t.rows.length - keepLast.rows) : Infinity;
    const whole = headerH + heights.reduce((a, b) => a + b, 0) + (t.spaceAfter ?? 0) + (keepLast?.extra ?? 0);
    if (keepLast && firstKept === 0 && whole <= PAGE_SIZE.height - MARGINS.top - keepLast.floor) this.ensure(whole, keepLast.floor);
    else this.ensure(headerH + (heights[0] ?? 0));
    if (t.header) this.drawRow(t, t.header, size, leading);
    for (const [i, row] of t.rows.entries()) {
      const h = heights[i]!;
      let breakHere = this.y - h < MARGINS.bottom;
      if (!breakHere && keepLast && i === firstKept && i > 0) {
        const rest = heights.slice(i).reduce((a, b) => a + b, 0) + (t.spaceAfter ?? 0) + keepLast.extra;
        breakHere = this.y - rest < keepLast.floor;
      }
      if (breakHere) {
        this.newPage();
        if (t.header) this.drawRow(t, t.header, size, leading);
      }
      this.drawRow(t, row, size, leading);
    }
    if (t.spaceAfter) this.y -= t.spaceAfter;
  }

  signatureLine(b: SignatureLineBlock): void {
    const size = BODY_SIZE;
    const leading = 30;
    if (b.spaceBefore) this.y -= b.spaceBefore;
    this.ensure(leading);
    const base = this.y - leading + 8;
    const x = MARGINS.left;
    const lw = this.ts.draw(this.page, b.label, x, base, size, 'body');
    const lineW = mm(55);
    this.page.drawLine({ start: { x: x + lw, y: base - 3 }, end: { x: x + lw + lineW, y: base - 3 }, thickness: 0.6, color: BLACK });
    this.signatureAreas.push({ pageIndex: this.pages.length - 1, rect: { x: x + lw, y: base - 3, width: lineW, height: leading - 2 } });
    if (b.trailer) this.ts.draw(this.page, b.trailer, x + lw + lineW + mm(6), base, size, 'body');
    this.y -= leading;
  }
}

// ---------------------------------------------------------------------------------------
// Title block, closing block, footer, QR

export interface TitleBlock {
  issuer: string;
  title: string;
  number: string;
}

/**
 * Draws `text` in the title face, wrapped to the text width and each line centred, one line
 * every `step` points down from `y` with its baseline `rise` above the step's bottom; returns
 * the bottom of the last step.
 */
export function drawCentredLines(flow: Flow, text: string, size: number, step: number, rise: number, y: number): number {
  for (const line of flow.ts.lines(printable(text), 'title', size, TEXT_WIDTH)) {
    y -= step;
    flow.ts.draw(flow.page, line.text, MARGINS.left + (TEXT_WIDTH - line.width) / 2, y + rise, size, 'title');
  }
  return y;
}

/** Draws one line of body text against the right margin (the document or case number). */
export function drawRightAligned(flow: Flow, text: string, size: number, baseline: number): void {
  const w = flow.ts.width(text, 'body', size);
  flow.ts.draw(flow.page, text, MARGINS.left + TEXT_WIDTH - w, baseline, size, 'body');
}

/** Issuer (16 pt, centred), the title (22 pt, one line, centred), the document number on the right. */
export function drawTitle(flow: Flow, t: TitleBlock): void {
  let y = drawCentredLines(flow, t.issuer, 16, 22, 6, flow.y);
  y -= 36;
  const tw = flow.ts.width(t.title, 'title', 22);
  flow.ts.draw(flow.page, t.title, MARGINS.left + (TEXT_WIDTH - tw) / 2, y + 8, 22, 'title');
  y -= 26;
  drawRightAligned(flow, t.number, BODY_SIZE, y + 8);
  flow.y = y - 8;
}

export interface ClosingBlock {
  /** The issuing organisation (the seal's owner), centred under the seal. */
  issuer: string;
  /** 二〇二六年十一月二十六日 */
  date: string;
  /** Lines left of the seal, above the clerk's signature area: 「受理窗口：…」, 「受理人：…」. */
  lines: string[];
  qrText: string;
  qrCaption: string;
}

/** Height above the bottom margin that the closing block occupies (without its left lines). */
export const CLOSING_TOP = SEAL_AREA.y + SEAL_AREA.height + mm(1);

/** The closing block's height above the bottom margin for these lines. */
export function closingHeight(ts: Typesetter, c: ClosingBlock): number {
  const left = leftLines(ts, c);
  const textTop = CLERK_SIGNATURE_AREA.y + CLERK_SIGNATURE_AREA.height + left.length * 16 + 6;
  return Math.max(CLOSING_TOP, textTop, issuerTop(ts, c)) - MARGINS.bottom;
}

const LEFT_SIZE = 10.5;
const leftWidth = () => SEAL_AREA.x - CLERK_SIGNATURE_AREA.x - mm(2);
function leftLines(ts: Typesetter, c: ClosingBlock): string[] {
  return c.lines.flatMap((l) => ts.lines(printable(l), 'body', LEFT_SIZE, leftWidth()).map((x) => x.text));
}
function issuerLines(ts: Typesetter, c: ClosingBlock): Line[] {
  return ts.lines(printable(c.issuer), 'body', BODY_SIZE, ISSUER_MAX_WIDTH);
}
const DATE_BASELINE = MARGINS.bottom + mm(11);
const ISSUER_BASELINE = DATE_BASELINE + 22;
function issuerTop(ts: Typesetter, c: ClosingBlock): number {
  return ISSUER_BASELINE + (issuerLines(ts, c).length - 1) * 20 + BODY_SIZE;
}

/** Draws the closing block at the bottom of the flow's current page. */
export function drawClosing(flow: Flow, c: ClosingBlock): void {
  const ts = flow.ts;
  const page = flow.page;
  // Issuer and date, centred on the seal.
  const issuer = issuerLines(ts, c);
  issuer.forEach((line, i) => {
    const y = ISSUER_BASELINE + (issuer.length - 1 - i) * 20;
    ts.draw(page, line.text, ISSUER_CX - line.width / 2, y, BODY_SIZE, 'body');
  });
  const dw = ts.width(c.date, 'body', BODY_SIZE);
  ts.draw(page, c.date, ISSUER_CX - dw / 2, DATE_BASELINE, BODY_SIZE, 'body');
  // Left: QR, then window and clerk lines above the clerk's signature area.
  drawQr(page, c.qrText, QR_AREA);
  const cw = ts.width(c.qrCaption, 'body', 8);
  ts.draw(page, c.qrCaption, QR_AREA.x + Math.max(0, (QR_AREA.width - cw) / 2), QR_AREA.y - 10, 8, 'body', { color: GREY });
  const lines = leftLines(ts, c);
  lines.forEach((text, i) => {
    const y = CLERK_SIGNATURE_AREA.y + CLERK_SIGNATURE_AREA.height + (lines.length - 1 - i) * 16 + 4;
    ts.draw(page, text, CLERK_SIGNATURE_AREA.x, y, LEFT_SIZE, 'body');
  });
}

/** Draws a QR code as filled rectangles (vector, crisp at any zoom), one per run of dark modules. */
export function drawQr(page: PDFPage, text: string, area: Rect): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 1;
  const m = Math.min(area.width, area.height) / (n + 2 * quiet);
  const x0 = area.x + quiet * m;
  const top = area.y + area.height - quiet * m;
  const ops = [pushGraphicsState(), setFillingGrayscaleColor(0)];
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      ops.push(rectangle(x0 + start * m, top - (r + 1) * m, (c - start) * m, m));
    }
  }
  ops.push(fill(), popGraphicsState());
  page.pushOperators(...ops);
}

/** A note in small type under the closing block, above the footer. */
export function drawFootnote(flow: Flow, text: string): void {
  const lines = flow.ts.lines(printable(text), 'body', 9, TEXT_WIDTH);
  lines.forEach((line, i) => {
    flow.ts.draw(flow.page, line.text, MARGINS.left, MARGINS.bottom - mm(5) - i * 12, 9, 'body', { color: GREY });
  });
}

export function drawFooters(flow: Flow, label: string): void {
  const total = flow.pages.length;
  flow.pages.forEach((page, i) => {
    const text = `${label}\u3000第${i + 1}页／共${total}页`;
    const w = flow.ts.width(text, 'body', 9);
    flow.ts.draw(page, text, (PAGE_SIZE.width - w) / 2, mm(12), 9, 'body', { color: GREY });
  });
}

/**
 * Visible appearances of signatures (the widget's /AP /N form XObject):
 *
 *  - `sealAppearance`: a round official seal drawn in red — ring, five-pointed star, the
 *    organisation's name along the upper arc, the window's name and the signing time below
 *    the star — blended with /Multiply so the issuer's name and date printed under it stay
 *    legible, as ink on paper does.
 *  - `signatureAppearance`: the signer's name and the signing time (the clerk's signature).
 *
 * Letters are drawn as glyph outlines from the bundled fonts (src-node/documents/fonts), so
 * the appearance needs no embedded font (an incremental update stays small) and the page's
 * extractable text is not disturbed by the seal. A character that no bundled font has is
 * refused with an error naming the field.
 */
import { FontLibrary, type FontFace, type FontRole } from '../documents/fonts';
import { dict, name, num, arr, type PdfDict } from './objects';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SealAppearanceInput {
  kind: 'seal';
  /** Along the upper arc: the organisation (certificate O). */
  organisation: string;
  /** Under the star: the window or the seal's purpose (certificate OU), optional. */
  caption?: string;
  /** Printed small at the bottom; default: no time. */
  time?: Date;
  /** RGB 0–1, default seal red. */
  color?: [number, number, number];
}

export interface SignatureAppearanceInput {
  kind: 'signature';
  /** The signer's name as shown (e.g. 王𠈌). */
  signerName: string;
  /** The second line, e.g. 「数字签名」; the time follows it. */
  label?: string;
  time: Date;
  color?: [number, number, number];
}

export type AppearanceInput = SealAppearanceInput | SignatureAppearanceInput;

export interface BuiltAppearance {
  /** The form XObject's dictionary (without /Length and /Filter). */
  dict: PdfDict;
  /** The content stream. */
  content: Buffer;
}

export class AppearanceError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'AppearanceError';
  }
}

const SEAL_RED: [number, number, number] = [0.86, 0.08, 0.1];
const INK_BLUE: [number, number, number] = [0.05, 0.16, 0.45];
/** Vertical centre of CJK glyphs in the em box (ideographic em box runs −0.12 … 0.88). */
const CJK_MID = 0.38;

const f = (n: number) => {
  const r = Math.round(n * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
};

interface Glyph {
  face: FontFace;
  cp: number;
  /** Advance in em. */
  advance: number;
}

async function shape(text: string, chain: readonly FontRole[], field: string, fontsDir?: string): Promise<Glyph[]> {
  const lib = FontLibrary.open(fontsDir);
  const out: Glyph[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let face: FontFace | undefined;
    for (const role of chain) {
      const cand = await lib.face(role);
      if (cand.has(cp)) {
        face = cand;
        break;
      }
    }
    if (!face) {
      const hex = cp.toString(16).toUpperCase().padStart(4, '0');
      throw new AppearanceError(field, `${field}: 字符「${ch}」(U+${hex}) 不在内置字体中，无法绘制签章外观 (character not covered by the bundled fonts)`);
    }
    out.push({ face, cp, advance: face.advance(cp) });
  }
  return out;
}

/** The glyph outline as PDF path operators in font units (TrueType quadratics raised to cubics). */
function outline(g: Glyph): string {
  const path = g.face.parsed.glyphForCodePoint(g.cp).path as unknown as { commands: { command: string; args: number[] }[] };
  let s = '';
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  for (const { command, args } of path.commands) {
    const a = args.map((v) => Math.round(v * 10) / 10);
    switch (command) {
      case 'moveTo':
        [cx, cy] = [a[0]!, a[1]!];
        [sx, sy] = [cx, cy];
        s += `${f(cx)} ${f(cy)} m\n`;
        break;
      case 'lineTo':
        [cx, cy] = [a[0]!, a[1]!];
        s += `${f(cx)} ${f(cy)} l\n`;
        break;
      case 'quadraticCurveTo': {
        const [qx, qy, x, y] = a as [number, number, number, number];
        const c1x = cx + (2 / 3) * (qx - cx);
        const c1y = cy + (2 / 3) * (qy - cy);
        const c2x = x + (2 / 3) * (qx - x);
        const c2y = y + (2 / 3) * (qy - y);
        s += `${f(c1x)} ${f(c1y)} ${f(c2x)} ${f(c2y)} ${f(x)} ${f(y)} c\n`;
        [cx, cy] = [x, y];
        break;
      }
      case 'bezierCurveTo': {
        const [x1, y1, x2, y2, x, y] = a as [number, number, number, number, number, number];
        s += `${f(x1)} ${f(y1)} ${f(x2)} ${f(y2)} ${f(x)} ${f(y)} c\n`;
        [cx, cy] = [x, y];
        break;
      }
      case 'closePath':
        s += 'h\n';
        [cx, cy] = [sx, sy];
        break;
    }
  }
  return s;
}

/**
 * Draws one glyph of `size` points with its horizontal centre and CJK mid-line at (px, py),
 * rotated by `angle` radians (counter-clockwise).
 */
function drawGlyph(g: Glyph, size: number, px: number, py: number, angle: number): string {
  const s = size / g.face.unitsPerEm;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const ox = (-g.advance * size) / 2;
  const oy = -CJK_MID * size;
  const e = px + ox * cos - oy * sin;
  const fy = py + ox * sin + oy * cos;
  return `q ${f(s * cos)} ${f(s * sin)} ${f(-s * sin)} ${f(s * cos)} ${f(e)} ${f(fy)} cm\n${outline(g)}f\nQ\n`;
}

/** A horizontal line of glyphs centred on cx (or starting at x when align is 'left'). */
function drawLine(glyphs: Glyph[], size: number, x: number, midY: number, align: 'center' | 'left', maxWidth: number): string {
  const natural = glyphs.reduce((w, g) => w + g.advance * size, 0);
  const scale = natural > maxWidth ? maxWidth / natural : 1;
  const sz = size * scale;
  let pen = align === 'center' ? x - (natural * scale) / 2 : x;
  let s = '';
  for (const g of glyphs) {
    const w = g.advance * sz;
    s += drawGlyph(g, sz, pen + w / 2, midY, 0);
    pen += w;
  }
  return s;
}

function circle(cx: number, cy: number, r: number): string {
  const k = 0.5523 * r;
  return (
    `${f(cx + r)} ${f(cy)} m\n` +
    `${f(cx + r)} ${f(cy + k)} ${f(cx + k)} ${f(cy + r)} ${f(cx)} ${f(cy + r)} c\n` +
    `${f(cx - k)} ${f(cy + r)} ${f(cx - r)} ${f(cy + k)} ${f(cx - r)} ${f(cy)} c\n` +
    `${f(cx - r)} ${f(cy - k)} ${f(cx - k)} ${f(cy - r)} ${f(cx)} ${f(cy - r)} c\n` +
    `${f(cx + k)} ${f(cy - r)} ${f(cx + r)} ${f(cy - k)} ${f(cx + r)} ${f(cy)} c\nh\n`
  );
}

function star(cx: number, cy: number, outer: number): string {
  const inner = outer * 0.382;
  let s = '';
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = Math.PI / 2 + (i * Math.PI) / 5;
    s += `${f(cx + r * Math.cos(a))} ${f(cy + r * Math.sin(a))} ${i === 0 ? 'm' : 'l'}\n`;
  }
  return s + 'h\n';
}

/** China Standard Time (UTC+8, no daylight saving), "2026-11-26 09:40". */
export function chinaTime(d: Date, seconds = false): string {
  const t = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, seconds ? 19 : 16)}`;
}

function rgb(c: [number, number, number]): string {
  return c.map(f).join(' ');
}

export async function buildAppearance(input: AppearanceInput, rect: Rect, fontsDir?: string): Promise<BuiltAppearance> {
  if (!(rect.width > 0 && rect.height > 0)) throw new AppearanceError('rect', 'rect 的宽和高必须大于 0 (rect width and height must be positive)');
  const w = rect.width;
  const h = rect.height;
  let content = '';
  const resources = dict({});
  if (input.kind === 'seal') {
    const color = input.color ?? SEAL_RED;
    const size = Math.min(w, h);
    const cx = w / 2;
    const cy = h / 2;
    const ring = size * 0.03;
    const R = size / 2 - ring / 2 - 0.5;
    resources.entries.set('ExtGState', dict({ GS0: dict({ Type: name('ExtGState'), BM: name('Multiply'), ca: num(0.92), CA: num(0.92) }) }));
    content += `/GS0 gs\n${rgb(color)} rg ${rgb(color)} RG\n${f(ring)} w\n${circle(cx, cy, R)}S\n`;
    content += star(cx, cy + R * 0.02, R * 0.3) + 'f\n';
    // Organisation along the upper arc, letters upright pointing outwards, clockwise.
    const org = await shape(input.organisation.trim(), ['title', 'body', 'ext-b'], 'organisation', fontsDir);
    if (org.length === 0) throw new AppearanceError('organisation', 'organisation 不能为空 (organisation must not be empty)');
    const rText = R - ring / 2 - R * 0.05;
    const span = Math.min((240 * Math.PI) / 180, org.length * ((24 * Math.PI) / 180));
    const step = org.length > 1 ? span / (org.length - 1) : 0;
    const fontSize = Math.min(R * 0.3, rText * step * 0.95 || R * 0.3, R * 0.3);
    const rBase = rText - fontSize * (1 - CJK_MID) - fontSize * 0.05;
    org.forEach((g, i) => {
      const theta = Math.PI / 2 + span / 2 - i * step;
      const px = cx + rBase * Math.cos(theta);
      const py = cy + rBase * Math.sin(theta);
      content += drawGlyph(g, fontSize * 0.86, px, py, theta - Math.PI / 2);
    });
    if (input.caption?.trim()) {
      const cap = await shape(input.caption.trim(), ['title', 'body', 'ext-b'], 'caption', fontsDir);
      content += drawLine(cap, R * 0.17, cx, cy - R * 0.45, 'center', R * 1.3);
    }
    if (input.time) {
      const t = await shape(chinaTime(input.time), ['body'], 'time', fontsDir);
      content += drawLine(t, R * 0.1, cx, cy - R * 0.68, 'center', R * 1.0);
    }
  } else {
    const color = input.color ?? INK_BLUE;
    const nameGlyphs = await shape(input.signerName.trim(), ['title', 'body', 'ext-b'], 'signerName', fontsDir);
    if (nameGlyphs.length === 0) throw new AppearanceError('signerName', 'signerName 不能为空 (signerName must not be empty)');
    const line2 = await shape(`${input.label ?? '数字签名'} ${chinaTime(input.time, true)}`, ['body', 'ext-b'], 'label', fontsDir);
    const nameSize = Math.min(h * 0.5, 16);
    const smallSize = Math.min(h * 0.22, 7.5);
    content += `${rgb(color)} rg ${rgb(color)} RG\n0.8 w 1 ${f(h * 0.12)} m 1 ${f(h * 0.88)} l S\n`;
    content += drawLine(nameGlyphs, nameSize, 5, h * 0.64, 'left', w - 7);
    content += drawLine(line2, smallSize, 5, h * 0.22, 'left', w - 7);
  }
  return {
    dict: dict({
      Type: name('XObject'),
      Subtype: name('Form'),
      BBox: arr(num(0), num(0), num(Number(f(w))), num(Number(f(h)))),
      Resources: resources,
    }),
    content: Buffer.from(content, 'latin1'),
  };
}

/** Runs poppler-utils and qpdf on rendered PDFs (system tools, as a reader of the file would). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dir = mkdtempSync(path.join(tmpdir(), 'yichuang-docs-'));
let n = 0;

export function writePdf(bytes: Uint8Array, name = 'doc'): string {
  const file = path.join(dir, `${name}-${n++}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

export function pdftotext(file: string, ...args: string[]): string {
  return execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });
}

/** Text with all whitespace removed: line breaks from wrapping do not matter. */
export const squash = (s: string) => s.replace(/\s+/g, '');

export function qpdfCheck(file: string): { status: number; output: string } {
  const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

export interface PdfFont {
  name: string;
  type: string;
  emb: boolean;
  sub: boolean;
  uni: boolean;
}

export function pdffonts(file: string): PdfFont[] {
  const out = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  return out.map((line) => {
    const cols = line.trim().split(/\s+/);
    // name type... encoding emb sub uni objnum gen
    const [emb, sub, uni] = cols.slice(-5, -2);
    return { name: cols[0]!, type: cols.slice(1, -6).join(' '), emb: emb === 'yes', sub: sub === 'yes', uni: uni === 'yes' };
  });
}

export function pdfinfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' });
  const info: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^([A-Za-z ]+):\s*(.*)$/.exec(line);
    if (m) info[m[1]!.trim()] = m[2]!.trim();
  }
  return info;
}

export interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Word boxes from `pdftotext -bbox` (top-left origin, points). */
export function words(file: string): { pageHeight: number; words: Word[] } {
  const html = pdftotext(file, '-bbox');
  const out: Word[] = [];
  let page = -1;
  let pageHeight = 0;
  for (const line of html.split('\n')) {
    const p = /<page width="([\d.]+)" height="([\d.]+)">/.exec(line);
    if (p) {
      page++;
      pageHeight = Number(p[2]);
      continue;
    }
    const w = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (w) out.push({ page, xMin: +w[1]!, yMin: +w[2]!, xMax: +w[3]!, yMax: +w[4]!, text: w[5]! });
  }
  return { pageHeight, words: out };
}

/** One page as an 8-bit greyscale raster (PGM from pdftoppm). */
export function rasterGray(file: string, page: number, dpi: number): { width: number; height: number; data: Uint8Array } {
  const base = path.join(dir, `r${n++}`);
  execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, base]);
  const buf = readFileSync(`${base}.pgm`);
  // P5\n<w> <h>\n<max>\n<data>
  let pos = 0;
  const tokens: string[] = [];
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[pos]!))) pos++;
    let t = '';
    while (!/\s/.test(String.fromCharCode(buf[pos]!))) t += String.fromCharCode(buf[pos++]!);
    tokens.push(t);
  }
  pos++;
  return { width: Number(tokens[1]), height: Number(tokens[2]), data: buf.subarray(pos) };
}

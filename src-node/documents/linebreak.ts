/**
 * Line breaking for Chinese text mixed with Latin words and numbers.
 *
 * A CJK character may break on either side; a run of Latin letters, digits and ASCII
 * punctuation (a word, an ID number, a URL) is kept whole unless it is wider than the line,
 * except after a hyphen or a slash.
 * Breaks follow the usual Chinese rules (避头尾): closing punctuation never starts a line —
 * the character before it moves down with it — and opening punctuation never ends one.
 * Pure: widths come from a measure function.
 */

export interface Line {
  text: string;
  /** Natural width (same unit as the measure function). */
  width: number;
  /** True for the last line of a paragraph (a hard break or the end of the text). */
  endsParagraph: boolean;
}

type TokenKind = 'glyph' | 'word' | 'space' | 'break';
interface Token {
  text: string;
  width: number;
  kind: TokenKind;
}

/** Never at the start of a line. */
export const NO_LINE_START = new Set(
  Array.from('，。、；：？！）》」』】〕〉〗〙〛］｝”’…—·‧%‰℃°′″､｡ー々〻ゝゞ！），．：；？'),
);
/** Never at the end of a line. */
export const NO_LINE_END = new Set(Array.from('（《「『【〔〈〖〘〚［｛“‘'));

const isWordChar = (cp: number) => cp > 0x20 && cp < 0x7f;

function tokenize(text: string, measure: (s: string) => number): Token[] {
  const out: Token[] = [];
  let word = '';
  const endWord = () => {
    // A line may break after a hyphen or slash inside a word (case numbers, URLs).
    for (const piece of word.match(/[^-/]*[-/]+|[^-/]+/g) ?? []) out.push({ text: piece, width: measure(piece), kind: 'word' });
    word = '';
  };
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isWordChar(cp)) {
      word += ch;
      continue;
    }
    endWord();
    if (ch === '\n') out.push({ text: '', width: 0, kind: 'break' });
    else if (ch === ' ' || ch === '\t') out.push({ text: ' ', width: measure(' '), kind: 'space' });
    else out.push({ text: ch, width: measure(ch), kind: 'glyph' });
  }
  endWord();
  return out;
}

const first = (t: Token) => Array.from(t.text)[0] ?? '';
const last = (t: Token) => Array.from(t.text).at(-1) ?? '';

/**
 * Breaks `text` into lines no wider than `width(lineIndex)` (a function, so a paragraph's
 * first line can be indented). Spaces at a break are dropped; `\n` is a hard break.
 */
export function breakLines(text: string, width: number | ((line: number) => number), measure: (s: string) => number): Line[] {
  const avail = typeof width === 'number' ? () => width : width;
  const tokens = tokenize(text.replace(/\r\n?/g, '\n'), measure);
  const lines: Line[] = [];
  let cur: Token[] = [];
  let w = 0;
  const eps = 1e-6;

  const flush = (endsParagraph: boolean) => {
    while (cur.length && cur[cur.length - 1]!.kind === 'space') w -= cur.pop()!.width;
    lines.push({ text: cur.map((t) => t.text).join(''), width: Math.max(0, w), endsParagraph });
    cur = [];
    w = 0;
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'break') {
      flush(true);
      continue;
    }
    if (t.kind === 'space' && cur.length === 0) continue;
    const room = avail(lines.length);
    if (w + t.width <= room + eps) {
      cur.push(t);
      w += t.width;
      continue;
    }
    if (t.kind === 'space') {
      // Break at the space, unless a closing mark follows it (which must not start a line).
      const next = tokens.slice(i + 1).find((x) => x.kind !== 'space');
      if (!next || !NO_LINE_START.has(first(next))) flush(false);
      continue;
    }
    if (t.kind === 'word' && Array.from(t.text).length > 1 && t.width > avail(lines.length + (cur.length ? 1 : 0))) {
      // A word wider than a whole line: split it into characters.
      const parts: Token[] = Array.from(t.text).map((c) => ({ text: c, width: measure(c), kind: 'glyph' as const }));
      tokens.splice(i, 1, ...parts);
      i--;
      continue;
    }
    if (cur.length === 0) {
      // A single character wider than the line: it has to stand alone.
      cur.push(t);
      w += t.width;
      flush(false);
      continue;
    }
    const carry: Token[] = [];
    if (NO_LINE_START.has(first(t))) {
      // A space before the mark is dropped first; the mark may then fit after all.
      while (cur.length > 1 && cur[cur.length - 1]!.kind === 'space') w -= cur.pop()!.width;
      if (w + t.width <= room + eps) {
        cur.push(t);
        w += t.width;
        continue;
      }
      while (cur.length > 1 && carry.length < 3) {
        const p = cur.pop()!;
        w -= p.width;
        carry.unshift(p);
        if (p.kind !== 'space' && !NO_LINE_START.has(first(p))) break;
      }
    }
    while (cur.length > 1 && NO_LINE_END.has(last(cur[cur.length - 1]!))) {
      const p = cur.pop()!;
      w -= p.width;
      carry.unshift(p);
    }
    flush(false);
    for (const c of carry) {
      if (c.kind === 'space' && cur.length === 0) continue;
      cur.push(c);
      w += c.width;
    }
    i--; // place t on the new line
  }
  if (cur.length || lines.length === 0) flush(true);
  else lines[lines.length - 1]!.endsParagraph = true;
  return lines;
}

// Line breaking of Chinese text with Latin words and numbers (pure; widths from a stub measure).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { breakLines } from '../../../src-node/documents';

// CJK characters 1 em, ASCII 0.5 em, at 10 units per em.
const measure = (s: string) => Array.from(s).reduce((w, c) => w + (c.codePointAt(0)! < 0x80 ? 5 : 10), 0);
const NO_START = '，。、；：？！）》」』】〕”’…';
const NO_END = '（《「『【〔“‘';

describe('breakLines', () => {
  it('fills lines to the width with Chinese text', () => {
    const lines = breakLines('一二三四五六七八九十一二三四五', 50, measure);
    expect(lines.map((l) => l.text)).toEqual(['一二三四五', '六七八九十', '一二三四五']);
    expect(lines.map((l) => l.endsParagraph)).toEqual([false, false, true]);
  });

  it('never starts a line with closing punctuation: the character before moves down with it', () => {
    const lines = breakLines('一二三四五。六七', 50, measure);
    expect(lines.map((l) => l.text)).toEqual(['一二三四', '五。六七']);
  });

  it('never ends a line with opening punctuation', () => {
    const lines = breakLines('一二三四《五六》七', 50, measure);
    expect(lines.map((l) => l.text)).toEqual(['一二三四', '《五六》七']);
  });

  it('keeps a number or an ID together, and breaks a case number after a hyphen', () => {
    expect(breakLines('编号1301**1234号', 60, measure).map((l) => l.text)).toEqual(['编号', '1301**1234号']);
    expect(breakLines('办件130102-20261126-D01', 90, measure).map((l) => l.text)).toEqual(['办件130102-', '20261126-D01']);
  });

  it('splits a word longer than a whole line', () => {
    const lines = breakLines('ABCDEFGHIJKLMNOP', 40, measure);
    expect(lines.map((l) => l.text)).toEqual(['ABCDEFGH', 'IJKLMNOP']);
  });

  it('honours hard line breaks and drops spaces at breaks', () => {
    const lines = breakLines('第一段\n第二段 word word', 70, measure);
    expect(lines.map((l) => l.text)).toEqual(['第一段', '第二段 word', 'word']);
    expect(lines[0]!.endsParagraph).toBe(true);
  });

  it('gives a narrower first line when asked (paragraph indent)', () => {
    const lines = breakLines('一二三四五六七八', (i) => (i === 0 ? 30 : 50), measure);
    expect(lines.map((l) => l.text)).toEqual(['一二三', '四五六七八']);
  });

  // Realistic text: runs of characters or words, an opening mark only before a run, a closing
  // mark only after one.
  const run = fc.oneof(
    fc.array(fc.constantFrom(...Array.from('政务服务受理通知书材料申请人王𠈌')), { minLength: 1, maxLength: 8 }).map((a) => a.join('')),
    fc.stringMatching(/^[A-Za-z0-9*-]{1,30}$/),
  );
  const segment = fc
    .tuple(fc.option(fc.constantFrom(...Array.from(NO_END))), run, fc.option(fc.constantFrom(...Array.from(NO_START))), fc.boolean())
    .map(([open, body, close, space]) => `${open ?? ''}${body}${close ?? ''}${space ? ' ' : ''}`);
  const text = fc.array(segment, { maxLength: 30 }).map((parts) => parts.join(''));

  it('loses no character, overflows no line and keeps the punctuation rules (property)', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 40, max: 400 }), (s, width) => {
        const lines = breakLines(s, width, measure);
        // Same characters in the same order, apart from spaces (dropped at breaks).
        expect(lines.map((l) => l.text).join('').replace(/ /g, '')).toBe(s.replace(/ /g, ''));
        for (const [i, l] of lines.entries()) {
          expect(l.width).toBe(measure(l.text));
          const chars = Array.from(l.text);
          if (chars.length > 1) expect(l.width).toBeLessThanOrEqual(width);
          const prev = lines[i - 1];
          // Rules hold wherever the line before offers a break (not one unbreakable word).
          const breakable = (t: string) => /[ \u3000-\u9fff\u{20000}-\u{2ffff}]/u.test(t);
          if (i > 0 && prev && breakable(prev.text) && NO_START.includes(chars[0] ?? ''))
            expect.fail(`line ${i} starts with ${chars[0]}: ${JSON.stringify(lines.map((x) => x.text))}`);
          if (i < lines.length - 1 && chars.length > 1 && NO_END.includes(chars.at(-1)!))
            expect.fail(`line ${i} ends with ${chars.at(-1)}: ${JSON.stringify(lines.map((x) => x.text))}`);
        }
      }),
      { numRuns: 400 },
    );
  });
});

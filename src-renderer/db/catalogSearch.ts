/**
 * How catalog items are indexed for search at cache time, and how a clerk's query is
 * matched against them. Pure (no Dexie, no DOM), so the same code serves the repository,
 * the intake screen and the tests.
 *
 * Pinyin initials: every character of the item name is stored with the set of first
 * letters of all its readings (pinyin-pro `polyphonic`), plus the reading pinyin-pro
 * picks in context (`pinyin`, word segmentation). A query like "spjy" matches when each
 * letter is among the initials of consecutive characters, so polyphonic characters
 * (重 zhòng/chóng, 行 xíng/háng, 长 cháng/zhǎng) are found under every reading; matches
 * on the contextual reading rank first.
 */
import { pinyin, polyphonic } from 'pinyin-pro';
import type { CatalogItem } from '../../src-shared/domain/catalog';

/** Extra fields stored with each cached catalog item. */
export interface CatalogSearchFields {
  /** Per searchable character of the name: every possible initial, e.g. "zc" for 重. */
  nameInitials: string[];
  /** The contextual reading's initials of the name, e.g. "cqs" for 重庆市. */
  nameInitialsPrimary: string;
  /** Name and department name normalised for substring search (NFKC, lower case). */
  nameNormalized: string;
  departmentNormalized: string;
  /**
   * Multi-entry index keys (lower case): the codes, and the name's initials under each
   * reading combination (capped), so `where('searchKeys').startsWith(q)` finds items by
   * code prefix or by initials from the start of the name.
   */
  searchKeys: string[];
}

export type CachedCatalogItem = CatalogItem & CatalogSearchFields;

const PINYIN_OPTS = { pattern: 'first', toneType: 'none', type: 'array' } as const;
/** Most reading combinations indexed per name; beyond it single substitutions only. */
export const MAX_READING_COMBINATIONS = 32;

/** Query/text normalisation: full-width to half-width (NFKC), lower case, trimmed. */
export function normalize(s: string): string {
  return s.normalize('NFKC').toLowerCase().trim();
}

const ALNUM = /^[0-9a-z]$/;

/**
 * Initials of a text, one entry per searchable character: Chinese characters give all
 * their readings' first letters (contextual reading first), ASCII letters and digits
 * stand for themselves, punctuation and spaces are skipped.
 */
export function initialsOf(text: string): { perChar: string[]; primary: string } {
  const chars = [...text.normalize('NFKC')];
  const ctx = pinyin(text.normalize('NFKC'), PINYIN_OPTS);
  const all = polyphonic(text.normalize('NFKC'), PINYIN_OPTS);
  const perChar: string[] = [];
  let primary = '';
  chars.forEach((ch, i) => {
    const lower = ch.toLowerCase();
    if (ALNUM.test(lower)) {
      perChar.push(lower);
      primary += lower;
      return;
    }
    const first = (ctx[i] ?? '').toLowerCase();
    if (!/^[a-z]$/.test(first)) return; // punctuation, space, a character without pinyin
    const set = new Set<string>([first]);
    for (const r of all[i] ?? []) {
      const l = r.toLowerCase();
      if (/^[a-z]$/.test(l)) set.add(l);
    }
    perChar.push([...set].join(''));
    primary += first;
  });
  return { perChar, primary };
}

/** Reading combinations of per-character initials, the contextual one first, capped. */
export function readingCombinations(perChar: string[], primary: string, cap = MAX_READING_COMBINATIONS): string[] {
  let total = 1;
  for (const alts of perChar) {
    total *= alts.length;
    if (total > cap) break;
  }
  const out = new Set<string>([primary]);
  if (total <= cap) {
    let acc = [''];
    for (const alts of perChar) {
      const next: string[] = [];
      for (const prefix of acc) for (const a of alts) next.push(prefix + a);
      acc = next;
    }
    for (const s of acc) out.add(s);
  } else {
    // Too many combinations: vary one polyphonic character at a time.
    perChar.forEach((alts, i) => {
      for (const a of alts) out.add(primary.slice(0, i) + a + primary.slice(i + 1));
    });
  }
  return [...out];
}

export function searchFieldsFor(item: CatalogItem): CatalogSearchFields {
  const name = initialsOf(item.name);
  const keys = new Set<string>([
    item.implementationCode.toLowerCase(),
    item.itemCode.toLowerCase(),
    ...readingCombinations(name.perChar, name.primary),
  ]);
  keys.delete('');
  return {
    nameInitials: name.perChar,
    nameInitialsPrimary: name.primary,
    nameNormalized: normalize(item.name),
    departmentNormalized: normalize(item.department.name),
    searchKeys: [...keys],
  };
}

export function toCached(item: CatalogItem): CachedCatalogItem {
  return { ...item, ...searchFieldsFor(item) };
}

/** Strip the search fields: what the center sent. */
const SEARCH_FIELDS = ['nameInitials', 'nameInitialsPrimary', 'nameNormalized', 'departmentNormalized', 'searchKeys'] as const;

export function fromCached(row: CachedCatalogItem): CatalogItem {
  const item: Partial<CachedCatalogItem> = { ...row };
  for (const k of SEARCH_FIELDS) delete item[k];
  return item as CatalogItem;
}

/**
 * First index where every letter of `query` is among the initials of consecutive
 * characters, or -1. Exact: one letter per character, no skipping.
 */
export function matchInitials(perChar: readonly string[], query: string): number {
  const n = query.length;
  if (n === 0 || n > perChar.length) return -1;
  outer: for (let start = 0; start + n <= perChar.length; start++) {
    for (let j = 0; j < n; j++) {
      if (!(perChar[start + j] as string).includes(query[j] as string)) continue outer;
    }
    return start;
  }
  return -1;
}

/** Why an item matched one query term; lower ranks sort first. */
export enum MatchKind {
  CodeExact = 0,
  CodePrefix = 1,
  NamePrefix = 2,
  NameContains = 3,
  InitialsPrefix = 4,
  InitialsContains = 5,
  InitialsOtherReading = 6,
  Department = 7,
}

export interface SearchHit<T> {
  item: T;
  /** The weakest (highest) match kind over the query's terms. */
  kind: MatchKind;
  score: number;
}

const ASCII_LETTERS = /^[a-z]+$/;
const ASCII_ALNUM = /^[0-9a-z]+$/;

function matchTerm(row: CachedCatalogItem, term: string): { kind: MatchKind; pos: number } | null {
  if (ASCII_ALNUM.test(term)) {
    const impl = row.implementationCode.toLowerCase();
    const code = row.itemCode.toLowerCase();
    if (impl === term || code === term) return { kind: MatchKind.CodeExact, pos: 0 };
    if (impl.startsWith(term) || code.startsWith(term)) return { kind: MatchKind.CodePrefix, pos: 0 };
  }
  const at = row.nameNormalized.indexOf(term);
  if (at === 0) return { kind: MatchKind.NamePrefix, pos: 0 };
  if (at > 0) return { kind: MatchKind.NameContains, pos: at };
  if (ASCII_LETTERS.test(term)) {
    const p = row.nameInitialsPrimary.indexOf(term);
    if (p === 0) return { kind: MatchKind.InitialsPrefix, pos: 0 };
    if (p > 0) return { kind: MatchKind.InitialsContains, pos: p };
    const q = matchInitials(row.nameInitials, term);
    if (q >= 0) return { kind: MatchKind.InitialsOtherReading, pos: q };
  }
  const d = row.departmentNormalized.indexOf(term);
  if (d >= 0) return { kind: MatchKind.Department, pos: d };
  // No pinyin matching on department names: nearly all begin with the same city or
  // county name (石家庄市…), so their initials would match almost any short query.
  return null;
}

/**
 * Search cached items. Terms separated by spaces must all match (AND). Each term may be
 * a code prefix (implementation or item code), part of the name, pinyin initials of
 * consecutive characters of the name, or part of the department name. Hits sort by
 * match quality, then shorter names; equal hits keep the input order (pass rows in name
 * order, as CatalogRepository.all() returns them). An empty query returns every row.
 */
export function searchCatalog<T extends CachedCatalogItem>(rows: readonly T[], query: string): SearchHit<T>[] {
  const terms = normalize(query).split(/\s+/).filter(Boolean);
  if (terms.length === 0) return rows.map((item) => ({ item, kind: MatchKind.CodeExact, score: 0 }));
  const hits: SearchHit<T>[] = [];
  for (const item of rows) {
    let kind = MatchKind.CodeExact;
    let score = 0;
    let ok = true;
    for (const term of terms) {
      const m = matchTerm(item, term);
      if (!m) {
        ok = false;
        break;
      }
      if (m.kind > kind) kind = m.kind;
      score += m.kind * 1000 + Math.min(m.pos, 999);
    }
    if (ok) hits.push({ item, kind, score });
  }
  hits.sort((a, b) => a.score - b.score || a.item.name.length - b.item.name.length); // stable: ties keep input order
  return hits;
}

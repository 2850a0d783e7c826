/** The worklist's pure parts: filters in the address, deadline wording and colours, keyboard. */
import type { Warning, WorklistEntry } from '../../../src-shared/protocol/console';
import type { TFunction } from '../../app/i18n/translate';

export type WorklistFilter = 'open' | 'done' | 'all';
export const FILTERS: readonly WorklistFilter[] = ['open', 'done', 'all'];
export const PAGE_SIZE = 50;

export interface WorklistParams {
  status: WorklistFilter;
  q: string;
  page: number;
}

/** The worklist's state from the address (?status=&q=&page=), bad values falling back to defaults. */
export function paramsFromSearch(search: URLSearchParams): WorklistParams {
  const status = search.get('status');
  const page = Number(search.get('page'));
  return {
    status: FILTERS.includes(status as WorklistFilter) ? (status as WorklistFilter) : 'open',
    q: (search.get('q') ?? '').slice(0, 64),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

export function searchFromParams(p: WorklistParams): Record<string, string> {
  const out: Record<string, string> = {};
  if (p.status !== 'open') out.status = p.status;
  if (p.q.trim()) out.q = p.q.trim();
  if (p.page > 1) out.page = String(p.page);
  return out;
}

export function queryFor(p: WorklistParams): { status: WorklistFilter; q?: string; limit: number; offset: number } {
  const q = p.q.trim();
  return { status: p.status, ...(q ? { q } : {}), limit: PAGE_SIZE, offset: (p.page - 1) * PAGE_SIZE };
}

/** Colours of the deadline warnings (rule 8): red overdue, yellow near. */
export const WARNING_COLORS: Record<Warning, { fg: string; bg: string; border: string }> = {
  none: { fg: '#2e6b3f', bg: '#f0f8f2', border: '#b7dcc2' },
  yellow: { fg: '#8a5a00', bg: '#fff8e1', border: '#f5c451' },
  red: { fg: '#a8071a', bg: '#fff1f0', border: '#ff8f8f' },
};

/** "剩 3 个工作日" / "今日到期" / "超期 2 个工作日" / "期限待定". */
export function daysLeftLabel(t: TFunction, daysLeft: number | null): string {
  if (daysLeft === null) return t('days.unknown');
  if (daysLeft > 0) return t('days.left', { n: daysLeft });
  if (daysLeft === 0) return t('days.today');
  return t('days.overdue', { n: -daysLeft });
}

/** Steps no longer open (decided, or closed by another department's refusal) keep no warning colour. */
export function shownWarning(e: Pick<WorklistEntry, 'warning' | 'stepStatus'>): Warning {
  return e.stepStatus === 'pending' || e.stepStatus === 'awaiting-supplement' || e.stepStatus === 'paused' ? e.warning : 'none';
}

export function isJoint(e: Pick<WorklistEntry, 'departments'>): boolean {
  return e.departments > 1;
}

/** Moving the highlighted row; stays inside the list, starts at the first row. */
export function moveIndex(current: number, delta: number, length: number): number {
  if (length <= 0) return -1;
  if (current < 0) return delta > 0 ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, current + delta));
}

export type WorklistKey = 'focus-search' | 'up' | 'down' | 'open' | null;

function isEditable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color'].includes(type);
  }
  return el.isContentEditable === true;
}

/** Buttons, links, radios…: they use Enter and arrows themselves. */
function isControl(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName.toLowerCase();
  if (tag === 'button' || tag === 'a' || tag === 'input' || tag === 'select') return true;
  const role = typeof el.getAttribute === 'function' ? el.getAttribute('role') : null;
  return role !== null && ['button', 'link', 'radio', 'tab', 'option', 'menuitem', 'checkbox', 'switch'].includes(role);
}

/**
 * What a key press means on the worklist: "/" focuses the search (outside text fields),
 * ↑/↓ move the highlighted row (also from the search field), Enter opens it.
 */
export function worklistKey(
  e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'target'>,
  inSearch: boolean,
): WorklistKey {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  const editable = isEditable(e.target);
  if (e.key === '/' && !editable) return 'focus-search';
  if (!inSearch && (editable || isControl(e.target))) return null;
  if (e.key === 'ArrowDown') return 'down';
  if (e.key === 'ArrowUp') return 'up';
  if (e.key === 'Enter' && !e.shiftKey) return 'open';
  return null;
}

/** How long the search box waits for the reviewer to stop typing before it searches. */
export const SEARCH_PAUSE_MS = 300;

/**
 * The search box's search-after-a-pause, where opening a case always wins. A row click or
 * Enter on a row calls leave() before it navigates: the pending search is dropped and none
 * runs after it. Without that, a timer firing after the click's navigation (the case's
 * address is pushed at once, React renders the case page in a transition, the list is
 * still mounted meanwhile) set the list's search params, and that replace overwrote the
 * case's new history entry with the list's address: the click was undone.
 */
export class SearchDebounce {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private left = false;

  constructor(private readonly pauseMs = SEARCH_PAUSE_MS) {}

  /** Searches for q (commit) after the pause; a newer call replaces an older one. */
  schedule(q: string, commit: (q: string) => void): void {
    this.cancel();
    if (this.left) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.left) commit(q);
    }, this.pauseMs);
  }

  /** Searches now (Enter or ↓ in the box), dropping the pending search; not once a case is being opened. */
  now(q: string, commit: (q: string) => void): void {
    this.cancel();
    if (!this.left) commit(q);
  }

  /** Drops the pending search (what was typed equals the search again, or the list unmounts). */
  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A case is being opened: no search, pending or new, may run on this list any more. */
  leave(): void {
    this.left = true;
    this.cancel();
  }

  /** Back on the list (the address changed while it stayed mounted): searching works again. */
  resume(): void {
    this.left = false;
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }
}

/**
 * The highlighted row, when the rows shown answer the current query: while a new search
 * loads, the previous answer stays on screen, and Enter must not open a row of it for the
 * row the reviewer asked for with ↓ (the first of the new results).
 */
export function activeRowIndex(active: { key: string; index: number }, key: string, rowsKey: string | undefined, length: number): number {
  return active.key === key && rowsKey === key && active.index >= 0 && active.index < length ? active.index : -1;
}

/**
 * What the case list shows for a tab, a search and the filters — one page at a time, so
 * 100,000 cases never load at once.
 *
 * Sources, cheapest first:
 *   - 今日 (today): the `receivedDate` index — a day's cases, few enough to hold.
 *   - 在办 (open) and any yellow/red/pending warning filter: the `status` index for
 *     accepted and awaiting-supplement cases. Only open cases have a running clock, so
 *     only they can warn; a window has hundreds, not hundreds of thousands of them.
 *   - 全部 (all): pages walked on the `updatedAt` index (newest first) with offset/limit;
 *     a status filter counts on the `status` index and, when that status is rare, reads
 *     just those rows.
 *   - A search (prefix of case number, applicant / agent name or document number, as in
 *     CasesRepository.search) within today's or the open cases filters those in memory;
 *     over all cases it uses the `searchKeys` index, capped at SEARCH_LIMIT matches.
 *
 *   - The center's status (pulled case progress, sync/centerCases): its own index in the
 *     sync database gives the cases with that status; the other filters apply in memory.
 *     A case the center refused or completed is no longer open at the window.
 *
 * The pure parts (matching, ordering) are exported for tests.
 */
import type { CaseStatus } from '../../../src-shared/domain/case';
import type { CenterCaseStatus } from '../../../src-shared/protocol/workflow';
import type { CasesRepository } from '../../db/casesRepository';
import type { CaseRow, OutboxRow } from '../../db/casesSchema';
import type { YichuangDb } from '../../db/database';
import { isClosedAtCenter, type CenterCaseRow } from '../../sync/centerCases';
import type { CountdownLevel } from './countdown';

export type CasesTab = 'today' | 'open' | 'all';
export const CASES_TABS: readonly CasesTab[] = ['today', 'open', 'all'];

export const OPEN_STATUSES: readonly CaseStatus[] = ['accepted', 'awaiting-supplement'];
/** Statuses a clerk filters by (drafts never reach the cases table). */
export const FILTER_STATUSES: readonly CaseStatus[] = ['accepted', 'awaiting-supplement', 'refused', 'completed'];

/** Search over all cases returns at most this many matches (newest first). */
export const SEARCH_LIMIT = 500;
/** A status with at most this many cases is read whole and sorted; above it, pages are walked. */
export const STATUS_IN_MEMORY_LIMIT = 2_000;

export interface CaseListFilter {
  tab: CasesTab;
  query: string;
  status: CaseStatus | null;
  warning: CountdownLevel | null;
  /** The case's status at the provincial center. */
  center?: CenterCaseStatus | null;
}

/** The center's view of cases, from the sync database. */
export interface CenterLookup {
  /** The center's view of a case, when the lookup holds it (at least every open case). */
  of(caseId: string): CenterCaseRow | undefined;
  /** Every case the center gives this status. */
  withStatus(status: CenterCaseStatus): Promise<string[]>;
}

export interface CaseListContext {
  /** Today's local date, YYYY-MM-DD. */
  today: string;
  /** The row's warning level on `today`. */
  levelOf: (row: CaseRow) => CountdownLevel;
  center?: CenterLookup;
}

export interface CaseListPage {
  rows: CaseRow[];
  total: number;
  /** The search hit SEARCH_LIMIT: more cases may match. */
  truncated: boolean;
}

/** Open at the window, and not refused or completed at the center since. */
export const isOpen = (row: Pick<CaseRow, 'status' | 'id'>, center?: Pick<CenterLookup, 'of'>) =>
  OPEN_STATUSES.includes(row.status) && !isClosedAtCenter(center?.of(row.id)?.status);

export function normaliseQuery(query: string): string {
  return query.trim().toLowerCase();
}

/** The same prefix rule as CasesRepository.search: some search key starts with the query. */
export function matchesQuery(row: Pick<CaseRow, 'searchKeys'>, query: string): boolean {
  const q = normaliseQuery(query);
  return !q || row.searchKeys.some((k) => k.startsWith(q));
}

/** Whether a row belongs in the list for the filter (tab, query, status, warning). */
export function matchesFilter(row: CaseRow, f: CaseListFilter, ctx: CaseListContext): boolean {
  if (f.tab === 'today' && row.receivedDate !== ctx.today) return false;
  if (f.tab === 'open' && !isOpen(row, ctx.center)) return false;
  if (f.status && row.status !== f.status) return false;
  if (f.center && ctx.center?.of(row.id)?.status !== f.center) return false;
  if (!matchesQuery(row, f.query)) return false;
  if (f.warning && ctx.levelOf(row) !== f.warning) return false;
  return true;
}

const URGENCY: Record<CountdownLevel, number> = { red: 0, yellow: 1, pending: 2, normal: 3 };

/**
 * Order of a tab: today's newest received first; open cases most urgent first (red,
 * yellow, pending, normal; then the earliest due date, then the oldest received); all
 * cases most recently changed first.
 */
export function compareForTab(tab: CasesTab, ctx: CaseListContext): (a: CaseRow, b: CaseRow) => number {
  if (tab === 'today') return (a, b) => b.receivedAt.localeCompare(a.receivedAt) || a.caseNumber.localeCompare(b.caseNumber);
  if (tab === 'open')
    return (a, b) =>
      URGENCY[ctx.levelOf(a)] - URGENCY[ctx.levelOf(b)] ||
      (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') ||
      a.receivedAt.localeCompare(b.receivedAt) ||
      a.caseNumber.localeCompare(b.caseNumber);
  return (a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.caseNumber.localeCompare(a.caseNumber);
}

/** Filter, order and cut one page out of rows already in memory. */
export function pageOf(rows: readonly CaseRow[], f: CaseListFilter, ctx: CaseListContext, offset: number, limit: number): CaseListPage {
  const kept = rows.filter((r) => matchesFilter(r, f, ctx)).sort(compareForTab(f.tab, ctx));
  return { rows: kept.slice(offset, offset + limit), total: kept.length, truncated: false };
}

/** One page of the list. Reads the db tables only (nothing is written). */
export async function listCases(
  db: YichuangDb,
  repo: CasesRepository,
  f: CaseListFilter,
  ctx: CaseListContext,
  offset: number,
  limit: number,
  limits: { search?: number; statusInMemory?: number } = {},
): Promise<CaseListPage> {
  const searchLimit = limits.search ?? SEARCH_LIMIT;
  const statusInMemory = limits.statusInMemory ?? STATUS_IN_MEMORY_LIMIT;
  const q = normaliseQuery(f.query);
  const warnsOnlyIfOpen = f.warning !== null && f.warning !== 'normal';

  if (f.center) {
    if (!ctx.center) return { rows: [], total: 0, truncated: false };
    const ids = await ctx.center.withStatus(f.center);
    const rows = (await db.cases.bulkGet(ids)).filter((r): r is CaseRow => !!r);
    // The center filter is met by construction: the rest of the filter applies in memory.
    return pageOf(rows, { ...f, center: null }, ctx, offset, limit);
  }

  if (f.tab === 'today') return pageOf(await repo.receivedOn(ctx.today), f, ctx, offset, limit);

  if (f.tab === 'open' || warnsOnlyIfOpen || (f.status && OPEN_STATUSES.includes(f.status))) {
    if (f.status && !OPEN_STATUSES.includes(f.status)) return { rows: [], total: 0, truncated: false };
    const rows = f.status ? await db.cases.where('status').equals(f.status).toArray() : await repo.open();
    return pageOf(rows, f, ctx, offset, limit);
  }

  // tab 'all', with no warning filter or 'normal', and a closed status or none.
  if (q) {
    const found = await repo.search(q, searchLimit);
    const page = pageOf(found, f, ctx, offset, limit);
    return { ...page, truncated: found.length >= searchLimit };
  }

  if (f.status) {
    const total = await db.cases.where('status').equals(f.status).count();
    if (total <= statusInMemory) return pageOf(await db.cases.where('status').equals(f.status).toArray(), f, ctx, offset, limit);
    // Closed statuses never warn, so 'normal' keeps them all.
    const status = f.status;
    const rows = await db.cases
      .orderBy('updatedAt')
      .reverse()
      .filter((r) => r.status === status)
      .offset(offset)
      .limit(limit)
      .toArray();
    return { rows, total, truncated: false };
  }

  if (f.warning === 'normal') {
    // Only open cases can be anything but normal: leave out those that are.
    const notNormal = new Set((await repo.open()).filter((r) => ctx.levelOf(r) !== 'normal').map((r) => r.id));
    const total = (await db.cases.count()) - notNormal.size;
    const rows = await db.cases
      .orderBy('updatedAt')
      .reverse()
      .filter((r) => !notNormal.has(r.id))
      .offset(offset)
      .limit(limit)
      .toArray();
    return { rows, total, truncated: false };
  }

  const [total, rows] = await Promise.all([db.cases.count(), db.cases.orderBy('updatedAt').reverse().offset(offset).limit(limit).toArray()]);
  return { rows, total, truncated: false };
}

export type SyncState = 'pending' | 'rejected' | 'synced';

/** A case's upload state from its outbox records: rejected wins over pending; none left = synced. */
export function syncStateOf(records: readonly Pick<OutboxRow, 'state'>[]): SyncState {
  if (records.some((r) => r.state === 'rejected')) return 'rejected';
  if (records.length) return 'pending';
  return 'synced';
}

/** Upload state of each listed case (one indexed read for the page). */
export async function syncStates(db: YichuangDb, caseIds: readonly string[]): Promise<Map<string, SyncState>> {
  const out = new Map<string, SyncState>(caseIds.map((id) => [id, 'synced']));
  if (!caseIds.length) return out;
  const records = await db.outbox.where('caseId').anyOf([...caseIds]).toArray();
  const byCase = new Map<string, OutboxRow[]>();
  for (const r of records) {
    const list = byCase.get(r.caseId) ?? [];
    list.push(r);
    byCase.set(r.caseId, list);
  }
  for (const [id, list] of byCase) out.set(id, syncStateOf(list));
  return out;
}

/**
 * 出件: the results the province issued for this window's cases, as the window sees them —
 * folded from the pulled `result` changes (the latest info per result; a revocation is
 * final) and the case's own events (downloaded, printed, collected; see
 * src-shared/domain/printing.ts). Pure functions, so the list and its filters are testable
 * without a page.
 */
import type { CaseEvent } from '../../../src-shared/domain/event-chain';
import { resultHistory, resultStage, type ResultHistory, type ResultStage } from '../../../src-shared/domain/printing';
import type { Change } from '../../../src-shared/protocol/sync';
import type { CaseRow } from '../../db/casesSchema';
import type { ResultLogRow } from '../../db/resultLogRepository';

export type ResultChange = Extract<Change, { kind: 'result' }>;

export interface ResultEntry {
  info: ResultChange;
  /** The case at this window, when this window accepted it. */
  kase: CaseRow | null;
  /** When it did not (the result is only collected here): this window's result log for it, with each row's sync state. */
  log: ResultLogRow[] | null;
  history: ResultHistory;
  stage: ResultStage;
}

/** The latest change per result, in pull order; once revoked, a result stays revoked; once handed over, it stays so. */
export function foldResultChanges(changes: readonly Change[]): ResultChange[] {
  const byId = new Map<string, ResultChange>();
  for (const c of changes) {
    if (c.kind !== 'result') continue;
    const prev = byId.get(c.resultId);
    // Once revoked, revoked; once handed over, handed over (a later revocation does not undo it).
    const handedOver = c.handedOver ?? prev?.handedOver;
    byId.set(c.resultId, { ...c, ...(prev?.status === 'revoked' ? { status: 'revoked' as const } : {}), ...(handedOver ? { handedOver } : {}) });
  }
  return [...byId.values()];
}

export function toEntry(info: ResultChange, kase: CaseRow | null, events: readonly Pick<CaseEvent, 'type' | 'at' | 'data'>[], log: ResultLogRow[] | null = null): ResultEntry {
  const history = resultHistory(events, info.resultId);
  return { info, kase, log: kase ? null : log ?? [], history, stage: resultStage(info.status, history, !!info.handedOver) };
}

/** The tabs of the page. */
export const RESULT_FILTERS = ['todo', 'printed', 'collected', 'revoked', 'all'] as const;
export type ResultFilter = (typeof RESULT_FILTERS)[number];

const STAGES_OF: Record<ResultFilter, readonly ResultStage[] | null> = {
  todo: ['awaiting-download', 'awaiting-print'],
  printed: ['printed'],
  collected: ['collected'],
  revoked: ['revoked'],
  all: null,
};

export function matchesFilter(e: ResultEntry, f: ResultFilter): boolean {
  const stages = STAGES_OF[f];
  return !stages || stages.includes(e.stage);
}

/** Case number, applicant or agent name (or their pinyin initials via the case's search keys), verification code, title. */
export function matchesQuery(e: ResultEntry, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const hay = [e.info.caseNumber, e.info.verificationCode, e.info.title, e.kase?.applicant.name ?? '', e.kase?.agent?.name ?? ''].map((s) => s.toLowerCase());
  if (hay.some((h) => h.includes(q))) return true;
  return (e.kase?.searchKeys ?? []).some((k) => k.startsWith(q));
}

const ORDER: Record<ResultStage, number> = { 'awaiting-print': 0, 'awaiting-download': 1, printed: 2, collected: 3, revoked: 4 };

/** Work first (to print), then by issue time, newest first. */
export function sortEntries(entries: ResultEntry[]): ResultEntry[] {
  return [...entries].sort((a, b) => ORDER[a.stage] - ORDER[b.stage] || b.info.issuedAt.localeCompare(a.info.issuedAt));
}

export function countByFilter(entries: readonly ResultEntry[]): Record<ResultFilter, number> {
  const out = Object.fromEntries(RESULT_FILTERS.map((f) => [f, 0])) as Record<ResultFilter, number>;
  for (const e of entries) for (const f of RESULT_FILTERS) if (matchesFilter(e, f)) out[f]++;
  return out;
}

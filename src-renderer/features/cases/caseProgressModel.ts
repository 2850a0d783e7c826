/**
 * The case's progress as the detail shows it: the window's own events (its hash-chained
 * log) and what the provincial center pulled back — routing, each department's step,
 * supplement requests, pauses, extensions, the outcome, results — on one time line.
 * Also which status the case shows when the center's outcome overrides the window's.
 */
import type { CaseStatus } from '../../../src-shared/domain/case';
import type { CaseEvent } from '../../../src-shared/domain/event-chain';
import type { Change } from '../../../src-shared/protocol/sync';
import type { CenterCaseStatus } from '../../../src-shared/protocol/workflow';
import type { MessageKey } from '../../app/i18n';
import type { CaseProgressChange } from '../../sync/centerCases';

export type ResultChange = Extract<Change, { kind: 'result' }>;

export type ProgressEntry =
  | { source: 'window'; at: string; event: CaseEvent }
  | {
      source: 'center';
      at: string;
      progress: CaseProgressChange;
      /** The due date this step set, when it changed it (null: the clock stopped, no date). */
      due?: { date: string | null; first: boolean };
    }
  | { source: 'result'; at: string; result: ResultChange };

const SOURCE_ORDER = { window: 0, center: 1, result: 2 } as const;

/** The changes with the case's progress in the center's order (CaseProgress.seq), the rest where they were. */
function inCenterOrder(changes: readonly Change[]): Change[] {
  const progress = changes.filter((c): c is CaseProgressChange => c.kind === 'case-progress');
  const sorted = progress.map((c, i) => ({ c, i })).sort((a, b) => (a.c.seq ?? 0) - (b.c.seq ?? 0) || a.i - b.i);
  let k = 0;
  return changes.map((c) => (c.kind === 'case-progress' ? sorted[k++]!.c : c));
}

/** The window's events and the center's progress and results of one case, oldest first. */
export function progressTimeline(events: readonly CaseEvent[], changes: readonly Change[]): ProgressEntry[] {
  const out: Array<{ e: ProgressEntry; t: number }> = events.map((event) => ({ e: { source: 'window', at: event.at, event }, t: Date.parse(event.at) }));
  let due: string | null | undefined;
  // The center's progress keeps its own order (seq) even where a later step carries an
  // earlier time (two departments deciding at once): it sorts at no earlier than the one before.
  let centerT = -Infinity;
  for (const c of inCenterOrder(changes)) {
    if (c.kind === 'case-progress') {
      const entry: ProgressEntry = { source: 'center', at: c.eventAt, progress: c };
      if (c.dueDate !== undefined && c.dueDate !== due) {
        entry.due = { date: c.dueDate, first: due === undefined };
        due = c.dueDate;
      }
      centerT = Math.max(centerT, Date.parse(c.eventAt));
      out.push({ e: entry, t: centerT });
    } else if (c.kind === 'result') out.push({ e: { source: 'result', at: c.issuedAt, result: c }, t: Date.parse(c.issuedAt) });
  }
  // Stable: entries at the same instant keep window, then center order, each in its own order.
  return out
    .map((x, i) => ({ ...x, i }))
    .sort((a, b) => a.t - b.t || SOURCE_ORDER[a.e.source] - SOURCE_ORDER[b.e.source] || a.i - b.i)
    .map((x) => x.e);
}

/** A status the case shows: the window's own, or the center's outcome where it overrides it. */
export interface DisplayStatus {
  /** What the status attribute says: the window's status, or `center-<status>`. */
  value: CaseStatus | `center-${CenterCaseStatus}`;
  key: MessageKey;
  color: string;
  /** The center's outcome decides it. */
  byCenter: boolean;
}

const STATUS_COLOR: Record<CaseStatus, string> = {
  draft: 'default',
  accepted: 'blue',
  refused: 'default',
  'awaiting-supplement': 'orange',
  completed: 'green',
};

/** Center outcomes that override a case the window accepted. */
const OVERRIDES: Partial<Record<CenterCaseStatus, string>> = { refused: 'red', completed: 'green', 'awaiting-supplement': 'orange' };

/**
 * The window's status, except for a case it accepted that the center has since refused
 * (不予许可（中心）), completed (已办结（中心）) or sent back for a supplement.
 */
export function displayStatus(local: CaseStatus, center?: CenterCaseStatus): DisplayStatus {
  const color = center ? OVERRIDES[center] : undefined;
  if (local === 'accepted' && center && color)
    return { value: `center-${center}`, key: `cases.status.center.${center}` as MessageKey, color, byCenter: true };
  return { value: local, key: `cases.status.${local}` as MessageKey, color: STATUS_COLOR[local], byCenter: false };
}

/** Colours of the center's statuses in the list. */
export const CENTER_STATUS_COLOR: Record<CenterCaseStatus, string> = {
  'in-review': 'processing',
  'awaiting-supplement': 'orange',
  paused: 'purple',
  approved: 'cyan',
  refused: 'red',
  completed: 'green',
};

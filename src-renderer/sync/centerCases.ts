/**
 * What the provincial center says about each case, folded from the pulled `case-progress`
 * changes (protocol/workflow.ts): its status there, the pauses and extensions of its clock,
 * the due date the center last gave, an open supplement request, a refusal and its reasons.
 *
 * This is a projection kept beside the pulled changes in the sync database, so the case
 * list can show and filter the center's status without reading every change. It is never
 * written into the window's own hash-chained log: the center's progress is the center's.
 */
import type { Change } from '../../src-shared/protocol/sync';
import type { CaseProgress, CenterCaseStatus } from '../../src-shared/protocol/workflow';

export type CaseProgressChange = Extract<Change, { kind: 'case-progress' }>;

/** A stretch the center stopped the clock: a supplement request or a special procedure (rule 7). */
export interface CenterPause {
  kind: 'supplement' | 'special-procedure';
  /** When it began and, once over, ended (ISO instants from the center). */
  from: string;
  to?: string;
  /** The supplement items, or the procedure's reason. */
  reasons: string[];
  department: string | null;
}

/** An extension the center granted (rule 6). */
export interface CenterExtension {
  days: number;
  approver: string;
  reasons: string[];
  at: string;
  department: string | null;
}

export interface CenterCaseRow {
  caseId: string;
  caseNumber: string;
  status: CenterCaseStatus;
  /** The due date the center last gave: a date, null while it cannot say (paused), absent when never given. */
  dueDate?: string | null;
  pauses: CenterPause[];
  extensions: CenterExtension[];
  /** When the case closed at the center (refused, or the result issued). */
  closedAt?: string;
  /** The refusal: which department(s) and every reason given. */
  refusal?: { departments: string[]; reasons: string[] };
  /** The supplement request still open: every item asked for. */
  supplement?: { department: string | null; items: string[]; at: string };
  /** Time and position of the last progress folded in. */
  updatedAt: string;
  position: string;
  /** The highest progress number folded in (CaseProgress.seq), when the center numbered it. */
  seq?: number;
}

const CLOSED: readonly CenterCaseStatus[] = ['refused', 'completed'];

/** The case has ended at the center (refused or completed): its clock no longer runs. */
export const isClosedAtCenter = (s: CenterCaseStatus | undefined): boolean => s !== undefined && CLOSED.includes(s);

const dept = (p: CaseProgress) => p.departmentName ?? p.departmentCode ?? null;

const APPROVER = /^批准人\s*[:：]\s*/;

/** An extension's approver (rule 6): the center lists it among the reasons as "批准人：…"; else whoever acted. */
function approverOf(c: CaseProgress): { approver: string; reasons: string[] } {
  const all = c.reasons ?? [];
  const named = all.find((r) => APPROVER.test(r));
  return { approver: named ? named.replace(APPROVER, '').trim() || c.actor : c.actor, reasons: all.filter((r) => r !== named) };
}

/**
 * The progress came after one the row already holds (or cannot say): foldProgress may add it.
 * False when the center numbered it below what was folded: pull order is not commit order
 * across transactions, so the case must be folded again in number order (foldCaseProgress).
 */
export const foldsInOrder = (prev: CenterCaseRow | undefined, c: CaseProgressChange): boolean =>
  prev?.seq === undefined || c.seq === undefined || c.seq > prev.seq;

/** A case's projection from all its progress, in the center's order (by seq; unnumbered ones keep pull order, first). */
export function foldCaseProgress(changes: readonly CaseProgressChange[]): CenterCaseRow | undefined {
  const ordered = changes.map((c, i) => ({ c, i })).sort((a, b) => (a.c.seq ?? 0) - (b.c.seq ?? 0) || a.i - b.i);
  let row: CenterCaseRow | undefined;
  for (const { c } of ordered) row = foldProgress(row, c);
  return row;
}

/** The projection after one more progress change (pure; changes come in the center's order, see foldsInOrder). */
export function foldProgress(prev: CenterCaseRow | undefined, c: CaseProgressChange): CenterCaseRow {
  const row: CenterCaseRow = prev
    ? { ...prev, pauses: prev.pauses.map((p) => ({ ...p })), extensions: [...prev.extensions] }
    : { caseId: c.caseId, caseNumber: c.caseNumber, status: c.caseStatus, pauses: [], extensions: [], updatedAt: c.eventAt, position: c.position };
  const reasons = c.reasons ?? [];
  const close = (kind: CenterPause['kind']) => {
    for (const p of row.pauses) if (p.kind === kind && p.to === undefined) p.to = c.eventAt;
  };
  switch (c.type) {
    case 'supplement-requested':
      close('supplement');
      row.pauses.push({ kind: 'supplement', from: c.eventAt, reasons, department: dept(c) });
      row.supplement = { department: dept(c), items: reasons, at: c.eventAt };
      break;
    case 'supplement-received':
      close('supplement');
      delete row.supplement;
      break;
    case 'paused':
      close('special-procedure');
      row.pauses.push({ kind: 'special-procedure', from: c.eventAt, reasons, department: dept(c) });
      break;
    case 'resumed':
      close('special-procedure');
      break;
    case 'extended':
      if (c.extraDays) row.extensions.push({ days: c.extraDays, ...approverOf(c), at: c.eventAt, department: dept(c) });
      break;
    case 'step-refused':
    case 'refused': {
      const departments = [...(row.refusal?.departments ?? [])];
      const d = dept(c);
      if (d && !departments.includes(d)) departments.push(d);
      const all = [...(row.refusal?.reasons ?? [])];
      for (const r of reasons) if (!all.includes(r)) all.push(r);
      row.refusal = { departments, reasons: all };
      break;
    }
    case 'result-revoked':
      delete row.closedAt;
      break;
    default:
      break;
  }
  row.status = c.caseStatus;
  if (c.dueDate !== undefined) row.dueDate = c.dueDate;
  if (isClosedAtCenter(c.caseStatus)) {
    row.closedAt ??= c.eventAt;
    close('supplement');
    close('special-procedure');
    delete row.supplement;
  } else delete row.closedAt;
  row.caseNumber = c.caseNumber;
  row.updatedAt = c.eventAt;
  row.position = c.position;
  if (c.seq !== undefined) row.seq = Math.max(row.seq ?? 0, c.seq);
  return row;
}

/** The case a pulled change concerns, for the kinds that concern one. */
export function caseIdOf(c: Change): string | undefined {
  return c.kind === 'case-event' || c.kind === 'case-progress' || c.kind === 'result' ? c.caseId : undefined;
}

/**
 * Joint approval: the case's status and due date follow from its steps. Every department
 * reviews in parallel; the case is approved when all have approved, refused as soon as one
 * refuses; while none has decided against it, a supplement request or a special procedure
 * on any step holds the whole case.
 */
import type { CenterCaseStatus } from '../../src-shared/protocol/workflow';
import type { Db } from '../store/index';
import { latestDue } from './clock';
import type { CaseState, Step } from './rows';

export function caseStatusOf(current: CenterCaseStatus, steps: readonly Step[]): CenterCaseStatus {
  if (current === 'completed') return current;
  if (steps.some((s) => s.status === 'refused')) return 'refused';
  const live = steps.filter((s) => s.status !== 'closed');
  if (live.length && live.every((s) => s.status === 'approved')) return 'approved';
  if (live.some((s) => s.status === 'awaiting-supplement')) return 'awaiting-supplement';
  if (live.some((s) => s.status === 'paused')) return 'paused';
  return 'in-review';
}

/** The case's due date: the latest of its steps' (those still in the case), unknown while one is. */
export function caseDueOf(steps: readonly Step[]): string | null {
  const live = steps.filter((s) => s.status !== 'closed');
  return live.length ? latestDue(live.map((s) => s.dueDate)) : null;
}

/** Writes the case's status and due date; returns the status now. */
export async function settleCase(tx: Db, kase: CaseState, steps: readonly Step[], now: Date): Promise<{ status: CenterCaseStatus; dueDate: string | null }> {
  const status = caseStatusOf(kase.status, steps);
  const dueDate = caseDueOf(steps);
  const decided = (status === 'approved' || status === 'refused') && kase.status !== status;
  await tx.query(
    `UPDATE workflow_case_state SET status = $2, due_date = $3, updated_at = $4, decided_at = CASE WHEN $5::boolean THEN $4 ELSE decided_at END WHERE case_id = $1`,
    [kase.caseId, status, dueDate, now.toISOString(), decided],
  );
  return { status, dueDate };
}

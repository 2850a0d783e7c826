/**
 * The center's progress of a case: each step is appended to workflow_progress (never
 * updated) and written to the change log as a 'case-progress' change for the ACCEPTING
 * window's county (sync_cases.region_code), so the window that took the case in — a proxy
 * window too — pulls it. Always inside the transaction that made the change.
 */
import { CaseProgress } from '../../src-shared/protocol/workflow';
import type { Db } from '../store/index';
import { jsonOf } from './rows';

export interface ProgressCase {
  caseId: string;
  caseNumber: string;
  windowId: string;
  regionCode: string;
}

export type ProgressInput = Omit<CaseProgress, 'caseId' | 'caseNumber' | 'windowId' | 'seq'>;

/**
 * Numbers the progress from the case's state row (migration 025): the UPDATE holds that
 * row's lock to commit, so a case's numbers follow the order its transactions committed —
 * which the change log's (txid, id) pull order does not (a transaction id is taken at the
 * first write, not at commit).
 */
export async function recordProgress(tx: Db, kase: ProgressCase, input: ProgressInput): Promise<CaseProgress> {
  const [next] = await tx.query<{ seq: number }>(
    'UPDATE workflow_case_state SET progress_seq = progress_seq + 1 WHERE case_id = $1 RETURNING progress_seq AS seq',
    [kase.caseId],
  );
  if (!next) throw new Error(`recordProgress: case ${kase.caseId} has no workflow state`);
  const progress = CaseProgress.parse({ caseId: kase.caseId, caseNumber: kase.caseNumber, windowId: kase.windowId, ...input, seq: Number(next.seq) });
  const payload = JSON.stringify(progress);
  await tx.query(
    `WITH p AS (INSERT INTO workflow_progress (case_id, step_id, type, case_status, payload, seq) VALUES ($1, $2, $3, $4, $5::jsonb, $8) RETURNING id)
     INSERT INTO sync_changes (kind, region_code, payload) VALUES ('case-progress', $6, $7::jsonb)`,
    [kase.caseId, progress.stepId, progress.type, progress.caseStatus, payload, kase.regionCode, JSON.stringify({ ...progress, regionCode: kase.regionCode }), progress.seq],
  );
  return progress;
}

export async function progressOf(db: Db, caseId: string): Promise<CaseProgress[]> {
  const rows = await db.query<{ payload: unknown }>('SELECT payload FROM workflow_progress WHERE case_id = $1 ORDER BY seq', [caseId]);
  return rows.map((r) => jsonOf<CaseProgress>(r.payload));
}

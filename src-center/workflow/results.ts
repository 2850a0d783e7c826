/**
 * Issuing a case's result from the console: the lead department (the implementation's
 * responsible department) issues the licence or approval once every department approved,
 * or the refusal decision once the case is refused. src-center/results renders, signs and
 * stores the document and writes its 'result' change; inside that same transaction this
 * module marks the case completed and records 'result-issued', so a result is never issued
 * twice and never without its progress.
 */
import type { IssueResultRequest, Reviewer } from '../../src-shared/protocol/console';
import { CENTER_CASE_STATUS_LABELS, type ResultInfo, type ResultKind } from '../../src-shared/protocol/workflow';
import { HttpError } from '../http/errors';
import type { CenterPki } from '../pki/index';
import type { Db } from '../store/index';
import { recordProgress } from './progress';
import { loadCase, loadSteps, type CaseState } from './rows';
import type { IssueResultInput } from '../results/issue';

/** The input of src-center/results issueResult (its schema's input type). */
export type { IssueResultInput };

/** The signature of src-center/results issueResult (injected, so tests can stand in for it). */
export type IssueResultFn = (
  db: Db,
  pki: CenterPki,
  input: IssueResultInput,
  inTx?: (tx: Db, info: ResultInfo) => Promise<void>,
) => Promise<ResultInfo>;

function readyFor(kase: CaseState, kind: ResultKind): void {
  if (kase.status === 'completed')
    throw new HttpError(409, 'result_exists', `办件已办结，结果已出具（核验码 ${kase.result?.verificationCode ?? '—'}），不能重复出具 (result already issued)`, 'caseId');
  if (kind === 'refusal' && kase.status !== 'refused')
    throw new HttpError(409, 'case_not_refused', `办件当前为「${CENTER_CASE_STATUS_LABELS[kase.status]}」，只有不予许可的办件可以出具不予许可决定书 (kind refusal needs a refused case)`, 'kind');
  if (kind !== 'refusal' && kase.status !== 'approved')
    throw new HttpError(
      409,
      'case_not_approved',
      kase.status === 'refused'
        ? '办件已不予许可，只能出具不予许可决定书 (the case was refused: issue kind refusal)'
        : `办件尚未经全部审查部门审批通过（当前为「${CENTER_CASE_STATUS_LABELS[kase.status]}」），不能出具许可或批准文书 (not every department approved yet)`,
      'kind',
    );
  if (kind !== 'refusal' && kase.gapOpen)
    throw new HttpError(409, 'gap_open', '容缺受理的材料尚未补齐，办件不能办结 (规则1: tolerated gap not yet supplied)', 'kind');
}

export async function issueCaseResult(
  db: Db,
  getPki: () => Promise<CenterPki>,
  issue: IssueResultFn,
  reviewer: Reviewer,
  caseId: string,
  req: IssueResultRequest,
  now: () => Date,
): Promise<ResultInfo> {
  const kase = await loadCase(db, caseId);
  const steps = kase ? await loadSteps(db, caseId) : [];
  if (!kase || !steps.some((s) => s.departmentCode === reviewer.departmentCode))
    throw new HttpError(404, 'case_not_found', `办件 ${caseId} 不存在，或本部门没有它的审查环节 (no such case for your department)`, 'caseId');
  if (kase.leadDepartmentCode !== reviewer.departmentCode)
    throw new HttpError(403, 'not_lead_department', '只有牵头（实施）部门可以出具办理结果 (only the lead department issues the result)', 'caseId');
  readyFor(kase, req.kind);
  const collectWindowId = req.collectWindowId ?? kase.windowId;
  if (req.collectWindowId) {
    const [w] = await db.query('SELECT 1 FROM windows WHERE id = $1 AND active', [req.collectWindowId]);
    if (!w) throw new HttpError(400, 'validation_failed', `请求体字段 collectWindowId 不合法：窗口 ${req.collectWindowId} 不存在 (no such window)`, 'collectWindowId');
  }
  const pki = await getPki();
  return issue(
    db,
    pki,
    {
      caseId,
      caseNumber: kase.caseNumber,
      kind: req.kind,
      title: req.title,
      body: req.body,
      ...(req.validUntil ? { validUntil: req.validUntil } : {}),
      collectWindowId,
      applicantName: kase.applicantName,
      itemName: kase.itemName,
      issuedBy: { reviewerId: reviewer.id, departmentName: reviewer.departmentName },
    },
    async (tx, info) => {
      // Checked again under the case's lock: two reviewers issuing at once get one result.
      const locked = (await loadCase(tx, caseId, true))!;
      readyFor(locked, req.kind);
      const at = now().toISOString();
      await tx.query(`UPDATE workflow_case_state SET status = 'completed', result = $2::jsonb, completed_at = $3, updated_at = $3 WHERE case_id = $1`, [
        caseId,
        JSON.stringify(info),
        at,
      ]);
      await recordProgress(tx, locked, {
        stepId: null,
        departmentCode: reviewer.departmentCode,
        departmentName: reviewer.departmentName,
        type: 'result-issued',
        caseStatus: 'completed',
        reasons: [`${info.title}（核验码 ${info.verificationCode}）`],
        dueDate: locked.dueDate,
        eventAt: at,
        actor: reviewer.id,
      });
    },
  );
}

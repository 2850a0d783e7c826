/**
 * What a department reviewer does to their step of a case (the console's actions): approve,
 * refuse with reasons, ask for a supplement (every item at once, rule 2), extend (rule 6),
 * pause for a special procedure and resume (rule 7). Each runs in one transaction that
 * locks the case first — so two departments deciding at the same moment see each other and
 * the case is approved or refused exactly once — writes the step, the case's status and due
 * date, and the progress the accepting window pulls.
 *
 * Only a pending step can be decided, extended or paused, only a paused one resumed: any
 * other state answers 409 naming the state, so a repeated click never acts twice.
 */
import { addExtension, SPECIAL_PROCEDURES } from '../../src-shared/domain/deadlines';
import { DomainRuleError } from '../../src-shared/domain/errors';
import type { SpecialProcedure, StepStatus } from '../../src-shared/protocol/workflow';
import { HttpError } from '../http/errors';
import type { Db } from '../store/index';
import { isRetryableDbError } from '../sync/errors';
import { centerCalendar, provinceDate } from './calendar';
import { clockOf, endPause, pauseStart, stepDueDate } from './clock';
import { recordProgress } from './progress';
import { loadCase, loadSteps, saveStep, type CaseState, type Step } from './rows';
import { settleCase } from './settle';

export type StepAction =
  | { kind: 'approve'; opinion?: string | undefined }
  | { kind: 'refuse'; reasons: string[] }
  | { kind: 'supplement'; items: Array<{ materialId?: string | undefined; text: string }> }
  | { kind: 'extend'; days: number; approver: string; reason: string }
  | { kind: 'pause'; procedure: SpecialProcedure; reason: string }
  | { kind: 'resume'; note?: string | undefined };

export interface Actor {
  reviewerId: string;
  departmentCode: string;
}

export const STEP_STATUS_ZH: Record<StepStatus, string> = {
  pending: '审查中',
  approved: '已通过',
  refused: '不予许可',
  'awaiting-supplement': '待补正',
  paused: '特别程序中',
  closed: '已关闭',
};

const ACTION_ZH: Record<StepAction['kind'], string> = {
  approve: '审批通过',
  refuse: '作出不予许可',
  supplement: '要求补正',
  extend: '延长期限',
  pause: '启动特别程序',
  resume: '结束特别程序',
};

/** Runs fn in a transaction, again when a concurrent writer made it fail (serialization, deadlock). */
export async function withRetry<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (e) {
      if (isRetryableDbError(e) && attempt < 4) continue;
      throw e;
    }
  }
}

export const stepNotFound = (stepId: string) =>
  new HttpError(404, 'step_not_found', `审查环节 ${stepId} 不存在，或不属于本部门 (no such step for your department)`, 'stepId');

/** The case's materials as the window received them: id → name. */
export async function materialNames(db: Db, caseId: string): Promise<Map<string, string>> {
  const [row] = await db.query<{ materials: unknown }>(
    `SELECT data->'materials' AS materials FROM sync_events WHERE case_id = $1 AND type = 'received' ORDER BY seq LIMIT 1`,
    [caseId],
  );
  const raw = typeof row?.materials === 'string' ? (JSON.parse(row.materials) as unknown) : row?.materials;
  const out = new Map<string, string>();
  if (Array.isArray(raw))
    for (const m of raw as Array<{ materialId?: unknown; name?: unknown }>)
      if (typeof m?.materialId === 'string') out.set(m.materialId, typeof m.name === 'string' ? m.name : m.materialId);
  return out;
}

/** Acts on one step; returns its case id. Throws HttpError 404 (not this department's), 409 (wrong state), 400/422 (rules). */
export async function actOnStep(db: Db, actor: Actor, stepId: string, action: StepAction, now: Date): Promise<string> {
  return withRetry(db, async (tx) => {
    const [ref] = await tx.query<{ case_id: string; department_code: string }>(
      'SELECT case_id::text AS case_id, department_code FROM workflow_steps WHERE step_id = $1',
      [stepId],
    );
    if (!ref || ref.department_code !== actor.departmentCode) throw stepNotFound(stepId);
    const kase = (await loadCase(tx, ref.case_id, true))!;
    const steps = await loadSteps(tx, kase.caseId);
    const step = steps.find((s) => s.stepId === stepId)!;
    const want: StepStatus = action.kind === 'resume' ? 'paused' : 'pending';
    if (kase.status === 'completed' || step.status !== want)
      throw new HttpError(
        409,
        'step_not_actionable',
        kase.status === 'completed'
          ? `办件已办结，不能再${ACTION_ZH[action.kind]} (case completed)`
          : `本部门的审查环节当前为「${STEP_STATUS_ZH[step.status]}」，不能${ACTION_ZH[action.kind]}；只有「${STEP_STATUS_ZH[want]}」的环节可以 (step is ${step.status}, not ${want})`,
        'stepId',
      );
    const cal = await centerCalendar(tx);
    const today = provinceDate(now);
    const at = now.toISOString();
    await apply(tx, kase, steps, step, action, { actor, cal, today, at, now });
    return kase.caseId;
  });
}

interface Ctx {
  actor: Actor;
  cal: Awaited<ReturnType<typeof centerCalendar>>;
  today: string;
  at: string;
  now: Date;
}

async function apply(tx: Db, kase: CaseState, steps: Step[], step: Step, action: StepAction, ctx: Ctx): Promise<void> {
  const { actor, at, now } = ctx;
  const base = { stepId: step.stepId, departmentCode: step.departmentCode, departmentName: step.departmentName, eventAt: at, actor: actor.reviewerId };
  step.reviewerId = actor.reviewerId;
  switch (action.kind) {
    case 'approve': {
      step.status = 'approved';
      step.opinion = action.opinion?.trim() || null;
      step.decidedAt = at;
      await saveStep(tx, step, now);
      const { status, dueDate } = await settleCase(tx, kase, steps, now);
      await recordProgress(tx, kase, { ...base, type: 'step-approved', caseStatus: status, dueDate });
      if (status === 'approved')
        await recordProgress(tx, kase, { ...base, stepId: null, departmentCode: null, departmentName: null, type: 'approved', caseStatus: status, dueDate });
      return;
    }
    case 'refuse': {
      step.status = 'refused';
      step.reasons = action.reasons;
      step.decidedAt = at;
      await saveStep(tx, step, now);
      // Joint approval: one refusal refuses the case; the other departments' open steps end here.
      for (const other of steps)
        if (other !== step && (other.status === 'pending' || other.status === 'awaiting-supplement' || other.status === 'paused')) {
          if (other.pauseKind) other.pauses = [...other.pauses.slice(0, -1), endPause(other.pauses.at(-1)!, at, ctx.today)];
          other.status = 'closed';
          other.pausedAt = null;
          other.pauseKind = null;
          other.decidedAt = at;
          other.opinion = `${step.departmentName}不予许可，本环节终止`;
          await saveStep(tx, other, now);
        }
      const { status, dueDate } = await settleCase(tx, kase, steps, now);
      await recordProgress(tx, kase, { ...base, type: 'step-refused', caseStatus: status, reasons: action.reasons, dueDate });
      await recordProgress(tx, kase, { ...base, stepId: null, type: 'refused', caseStatus: status, reasons: action.reasons, dueDate });
      return;
    }
    case 'supplement': {
      const names = await materialNames(tx, kase.caseId);
      const reasons = action.items.map((item, i) => {
        if (item.materialId === undefined) return item.text;
        const name = names.get(item.materialId);
        if (!name)
          throw new HttpError(400, 'validation_failed', `请求体字段 items.${i}.materialId 不合法：材料 ${item.materialId} 不是本办件的材料 (unknown material)`, `items.${i}.materialId`);
        return `${name}：${item.text}`;
      });
      step.status = 'awaiting-supplement';
      step.pausedAt = at;
      step.pauseKind = 'supplement';
      step.pauses = [...step.pauses, { kind: 'supplement', reason: reasons.join('；').slice(0, 500), start: pauseStart(step.acceptedOn, ctx.today), startedAt: at, by: actor.reviewerId }];
      step.dueDate = stepDueDate(step, ctx.cal);
      await saveStep(tx, step, now);
      const { status, dueDate } = await settleCase(tx, kase, steps, now);
      await recordProgress(tx, kase, { ...base, type: 'supplement-requested', caseStatus: status, reasons, dueDate });
      return;
    }
    case 'extend': {
      const extension = { days: action.days, approver: action.approver.trim(), reason: action.reason.trim(), approvedOn: ctx.today };
      try {
        addExtension(clockOf(step), extension);
      } catch (err) {
        if (!(err instanceof DomainRuleError)) throw err;
        const field = err.field.startsWith('extension.') ? err.field.slice('extension.'.length) : 'days';
        throw new HttpError(422, 'rule_violation', `请求体字段 ${field} 不符合规则：${err.message}`, field);
      }
      step.extensions = [...step.extensions, { ...extension, at, by: actor.reviewerId }];
      step.extendedDays += action.days;
      step.dueDate = stepDueDate(step, ctx.cal);
      await saveStep(tx, step, now);
      const { status, dueDate } = await settleCase(tx, kase, steps, now);
      await recordProgress(tx, kase, {
        ...base,
        type: 'extended',
        caseStatus: status,
        extraDays: action.days,
        reasons: [extension.reason, `批准人：${extension.approver}`],
        dueDate,
      });
      return;
    }
    case 'pause': {
      const label = SPECIAL_PROCEDURES[action.procedure];
      step.status = 'paused';
      step.pausedAt = at;
      step.pauseKind = 'special-procedure';
      step.pauses = [
        ...step.pauses,
        { kind: 'special-procedure', procedure: action.procedure, reason: action.reason.trim(), start: pauseStart(step.acceptedOn, ctx.today), startedAt: at, by: actor.reviewerId },
      ];
      step.dueDate = stepDueDate(step, ctx.cal);
      await saveStep(tx, step, now);
      const { status, dueDate } = await settleCase(tx, kase, steps, now);
      await recordProgress(tx, kase, { ...base, type: 'paused', caseStatus: status, reasons: [`${label}：${action.reason.trim()}`], dueDate });
      return;
    }
    case 'resume': {
      step.pauses = [...step.pauses.slice(0, -1), endPause(step.pauses.at(-1)!, at, ctx.today)];
      step.status = 'pending';
      step.pausedAt = null;
      step.pauseKind = null;
      step.dueDate = stepDueDate(step, ctx.cal);
      await saveStep(tx, step, now);
      const { status, dueDate } = await settleCase(tx, kase, steps, now);
      const note = action.note?.trim();
      await recordProgress(tx, kase, { ...base, type: 'resumed', caseStatus: status, ...(note ? { reasons: [note] } : {}), dueDate });
      return;
    }
  }
}

/**
 * The window recorded the applicant's supplement (event 'supplement-received'): the steps
 * awaiting it — or only the one the event names — resume, their clocks moved on by the days
 * they waited; a tolerated gap (rule 1) is closed. Runs inside the push's transaction.
 */
export async function supplementReceived(tx: Db, caseId: string, at: string, stepId: string | null): Promise<void> {
  const kase = await loadCase(tx, caseId, true);
  if (!kase) return;
  if (kase.gapOpen) await tx.query('UPDATE workflow_case_state SET gap_open = false WHERE case_id = $1', [caseId]);
  if (kase.status === 'completed' || kase.status === 'refused') return;
  const steps = await loadSteps(tx, caseId);
  const waiting = steps.filter((s) => s.status === 'awaiting-supplement' && (!stepId || s.stepId === stepId));
  if (!waiting.length) return;
  const cal = await centerCalendar(tx);
  const now = new Date();
  const eventAt = new Date(at);
  const when = Number.isNaN(eventAt.getTime()) ? now : eventAt;
  const today = provinceDate(when);
  for (const s of waiting) {
    s.pauses = [...s.pauses.slice(0, -1), endPause(s.pauses.at(-1)!, when.toISOString(), today)];
    s.status = 'pending';
    s.pausedAt = null;
    s.pauseKind = null;
    s.dueDate = stepDueDate(s, cal);
    await saveStep(tx, s, now);
  }
  const { status, dueDate } = await settleCase(tx, kase, steps, now);
  for (const s of waiting)
    await recordProgress(tx, kase, {
      stepId: s.stepId,
      departmentCode: s.departmentCode,
      departmentName: s.departmentName,
      type: 'supplement-received',
      caseStatus: status,
      dueDate,
      eventAt: now.toISOString(),
      actor: 'center',
    });
}

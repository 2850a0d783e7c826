/**
 * What happens to a case after the window accepted it (issue 6): the center's own
 * progress of a case — routing to departments, each department's review step, joint
 * approval, extensions and special-procedure pauses — and the results the province
 * issues. Windows learn both by pull (Change kinds `case-progress` and `result` in
 * sync.ts); the department console (protocol/console.ts) acts on them.
 *
 * The window's own hash-chained log (protocol/sync.ts SyncRecord) holds what the WINDOW
 * did; the center's progress is a separate, center-signed stream: the center never
 * writes into a window's chain.
 */
import { z } from 'zod';
import { IsoDate } from '../domain/dates';
import { Sha256Hex } from '../domain/event-chain';

/** A case's status at the center (the window shows it beside its own status). */
export const CenterCaseStatus = z.enum([
  /** Routed; one or more departments reviewing. */
  'in-review',
  /** A department asked the applicant for more; the clock is paused until the window records the supplement. */
  'awaiting-supplement',
  /** A special procedure (hearing, testing, expert review) stops the clock (rule 7). */
  'paused',
  /** Every department approved; the result is being issued. */
  'approved',
  /** Refused by at least one department (their reasons are given). */
  'refused',
  /** The result is issued: 办结. */
  'completed',
]);
export type CenterCaseStatus = z.infer<typeof CenterCaseStatus>;

export const CENTER_CASE_STATUS_LABELS: Record<CenterCaseStatus, string> = {
  'in-review': '审查中',
  'awaiting-supplement': '待补正',
  paused: '特别程序',
  approved: '审批通过',
  refused: '不予许可',
  completed: '已办结',
};

/**
 * One department's review of a case. 'closed': ended without a decision of its own, because
 * another department refused the case (joint approval).
 */
export const StepStatus = z.enum(['pending', 'approved', 'refused', 'awaiting-supplement', 'paused', 'closed']);
export type StepStatus = z.infer<typeof StepStatus>;

export const ProgressType = z.enum([
  /** The case reached its departments (one step each). */
  'routed',
  'step-approved',
  'step-refused',
  /** A department asks for more material (reaches the window as a notice). */
  'supplement-requested',
  /** The window recorded the supplement; review continues. */
  'supplement-received',
  /** Rule 6: +N working days, approver and reason. */
  'extended',
  /** Rule 7: special procedure started / ended. */
  'paused',
  'resumed',
  /** Every department approved. */
  'approved',
  /** Refused (one department's refusal refuses the case; reasons listed). */
  'refused',
  /** The province issued the result document. */
  'result-issued',
  /** A result was revoked. */
  'result-revoked',
]);
export type ProgressType = z.infer<typeof ProgressType>;

/** Special procedures (rule 7): hearing, testing/inspection, expert review, other. */
export const SpecialProcedure = z.enum(['hearing', 'testing', 'expert-review', 'other']);
export type SpecialProcedure = z.infer<typeof SpecialProcedure>;

/** A department's reason for refusing, or an item it asks the applicant to supplement. */
export const ReasonText = z.string().trim().min(2, '理由至少2个字').max(500, '理由最多500字');

/** POST /v1/admin/results/:code/revoke (operators): why the result is revoked. */
export const RevokeResultRequest = z.object({ reason: ReasonText });
export type RevokeResultRequest = z.infer<typeof RevokeResultRequest>;

/** One step of the center's progress of a case, as windows pull it. */
export const CaseProgress = z.object({
  caseId: z.uuid(),
  caseNumber: z.string(),
  /** The accepting window. */
  windowId: z.string(),
  /** The review step it concerns (null for case-level events: routed, approved, refused, result-issued). */
  stepId: z.uuid().nullable(),
  departmentCode: z.string().nullable(),
  departmentName: z.string().nullable(),
  type: ProgressType,
  /** The case's status at the center after this event. */
  caseStatus: CenterCaseStatus,
  /** Refusal reasons, supplement items, or the extension/pause reason. */
  reasons: z.array(z.string()).optional(),
  /** Extra working days granted (extended). */
  extraDays: z.number().int().min(1).max(15).optional(),
  /** The case's due date after this event, when it is known (null while pending or paused). */
  dueDate: IsoDate.nullable().optional(),
  eventAt: z.iso.datetime({ offset: true }),
  /** Who acted: reviewer id, or 'center'. */
  actor: z.string(),
  /**
   * The case's n-th progress at the center (1, 2, 3…), in the order the center committed
   * them. Pull order can differ for two transactions on one case; fold by this. Absent only
   * on progress a window pulled before the center numbered it (migration 025).
   */
  seq: z.number().int().min(1).optional(),
});
export type CaseProgress = z.infer<typeof CaseProgress>;

/** A result document the province issued (licence, approval or refusal decision). */
export const ResultStatus = z.enum(['valid', 'revoked']);
export type ResultStatus = z.infer<typeof ResultStatus>;

export const ResultKind = z.enum(['licence', 'approval', 'refusal']);
export type ResultKind = z.infer<typeof ResultKind>;

/** 16 Crockford base32 characters in four groups: printed on the result with its QR. */
export const VerificationCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/, '核验码格式应为 XXXX-XXXX-XXXX-XXXX');
export type VerificationCode = z.infer<typeof VerificationCode>;

export const ResultInfo = z.object({
  resultId: z.uuid(),
  caseId: z.uuid(),
  caseNumber: z.string(),
  /** licence, approval or refusal (named so because Change uses `kind`). */
  resultKind: ResultKind,
  title: z.string(),
  verificationCode: VerificationCode,
  /** SHA-256 of the signed PDF. */
  sha256: Sha256Hex,
  size: z.number().int().min(1),
  issuedAt: z.iso.datetime({ offset: true }),
  status: ResultStatus,
  /** The window where the applicant collects it (the accepting window unless the applicant named another). */
  collectWindowId: z.string(),
  /**
   * Set once the center knows the result was handed over (rule 14) — by the accepting
   * window's case event or a collect window's result log — so the other window does not
   * hand it over again. Absent: not handed over as far as the center knows.
   */
  handedOver: z.object({ windowId: z.string(), at: z.iso.datetime({ offset: true }) }).optional(),
});
export type ResultInfo = z.infer<typeof ResultInfo>;

/** GET /v1/verify/:code (public JSON): is a printed result genuine? */
export const VerificationAnswer = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('genuine'),
    code: VerificationCode,
    title: z.string(),
    kind: ResultKind,
    /** The case number with its middle masked. */
    caseNumber: z.string(),
    issuer: z.string(),
    issuedAt: z.iso.datetime({ offset: true }),
    documentSha256: Sha256Hex,
  }),
  z.object({
    status: z.literal('revoked'),
    code: VerificationCode,
    title: z.string(),
    kind: ResultKind,
    caseNumber: z.string(),
    issuer: z.string(),
    issuedAt: z.iso.datetime({ offset: true }),
    documentSha256: Sha256Hex,
    revokedAt: z.iso.datetime({ offset: true }),
    revocationReason: z.string(),
  }),
  z.object({ status: z.literal('unknown'), code: z.string() }),
]);
export type VerificationAnswer = z.infer<typeof VerificationAnswer>;

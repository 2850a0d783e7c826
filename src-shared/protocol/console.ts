/**
 * The department console <-> center contract (issue 6). The console is a small web app
 * the center serves at /console/; it speaks to the center's public HTTP port under
 * /v1/console/*. Reviewers log in with a user name and password; the session is an
 * HttpOnly, SameSite=Strict cookie (CONSOLE_SESSION_COOKIE) and every state-changing
 * request also carries the CSRF token the login answered (header CONSOLE_CSRF_HEADER).
 *
 * Authorisation: a reviewer belongs to ONE department; they see and act on review steps
 * of that department only. A case of another department is answered 404, not 403, so
 * its existence does not leak.
 */
import { z } from 'zod';
import { FormField } from '../domain/catalog';
import { RegionCode } from '../domain/codes';
import { IsoDate } from '../domain/dates';
import { Sha256Hex } from '../domain/event-chain';
import { CaseProgress, CenterCaseStatus, ReasonText, ResultInfo, ResultKind, SpecialProcedure, StepStatus } from './workflow';

export const CONSOLE_SESSION_COOKIE = 'yc_console';
export const CONSOLE_CSRF_HEADER = 'x-yichuang-csrf';

/** POST /v1/console/login */
export const ConsoleLoginRequest = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(256),
});
export type ConsoleLoginRequest = z.infer<typeof ConsoleLoginRequest>;

export const Reviewer = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  departmentCode: z.string(),
  departmentName: z.string(),
  regionCode: RegionCode,
  regionName: z.string(),
});
export type Reviewer = z.infer<typeof Reviewer>;

/** Shortest password a reviewer account may have (operators set it; the center checks it too). */
export const PASSWORD_MIN_LENGTH = 10;

const Password = z.string().min(PASSWORD_MIN_LENGTH, `密码至少${PASSWORD_MIN_LENGTH}个字符`).max(256, '密码最多256个字符');

/** POST /v1/admin/reviewers (operators). */
export const CreateReviewerRequest = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, '用户名须为3–64位小写字母、数字、点、下划线或连字符，并以字母或数字开头'),
  name: z.string().trim().min(1, '请填写审查人员姓名').max(64, '姓名最多64字'),
  departmentCode: z.string().trim().min(1, '请填写所属部门编码').max(32),
  password: Password,
});
export type CreateReviewerRequest = z.infer<typeof CreateReviewerRequest>;

/** POST /v1/admin/reviewers/:username/password (operators). */
export const ResetPasswordRequest = z.object({ password: Password });
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequest>;

/** A reviewer account as operators see it (GET /v1/admin/reviewers): active or deactivated. */
export const ReviewerAccount = Reviewer.extend({
  active: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type ReviewerAccount = z.infer<typeof ReviewerAccount>;

export const ReviewerAccountList = z.object({ reviewers: z.array(ReviewerAccount) });
export type ReviewerAccountList = z.infer<typeof ReviewerAccountList>;

/** Answer to login and to GET /v1/console/session. */
export const ConsoleSession = z.object({
  reviewer: Reviewer,
  csrfToken: z.string().min(16),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type ConsoleSession = z.infer<typeof ConsoleSession>;

/** Deadline warning of a step or case (rule 8): none, yellow (near), red (overdue). */
export const Warning = z.enum(['none', 'yellow', 'red']);
export type Warning = z.infer<typeof Warning>;

/** GET /v1/console/worklist?status=&q=&limit=&offset= */
export const WorklistQuery = z.object({
  /** 'open' (pending, awaiting supplement, paused; default), 'done', or 'all'. */
  status: z.enum(['open', 'done', 'all']).optional(),
  /** Case number prefix or applicant name. */
  q: z.string().trim().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});
export type WorklistQuery = z.infer<typeof WorklistQuery>;

export const WorklistEntry = z.object({
  stepId: z.uuid(),
  caseId: z.uuid(),
  caseNumber: z.string(),
  itemName: z.string(),
  applicantName: z.string(),
  acceptedAt: z.iso.datetime({ offset: true }),
  stepStatus: StepStatus,
  caseStatus: CenterCaseStatus,
  /** The step's due date (null while it cannot be computed: unpublished calendar year, or paused). */
  stepDueDate: IsoDate.nullable(),
  /** Working days left on the step (negative when overdue; null when unknown). */
  daysLeft: z.number().int().nullable(),
  warning: Warning,
  /** Number of departments reviewing (joint approval when > 1). */
  departments: z.number().int().min(1),
});
export type WorklistEntry = z.infer<typeof WorklistEntry>;

export const WorklistResponse = z.object({ entries: z.array(WorklistEntry), total: z.number().int().min(0) });
export type WorklistResponse = z.infer<typeof WorklistResponse>;

export const ConsoleStep = z.object({
  stepId: z.uuid(),
  departmentCode: z.string(),
  departmentName: z.string(),
  status: StepStatus,
  dueDate: IsoDate.nullable(),
  decidedAt: z.iso.datetime({ offset: true }).nullable(),
  reviewerName: z.string().nullable(),
  opinion: z.string().nullable(),
  reasons: z.array(z.string()),
  extendedDays: z.number().int().min(0),
});
export type ConsoleStep = z.infer<typeof ConsoleStep>;

export const ConsoleMaterial = z.object({
  materialId: z.string(),
  name: z.string(),
  required: z.boolean(),
  /** Scans: GET /v1/console/cases/:caseId/blobs/:sha256 (application/pdf or image). */
  scans: z.array(z.object({ sha256: Sha256Hex, name: z.string(), mime: z.string(), size: z.number().int().min(0) })),
});
export type ConsoleMaterial = z.infer<typeof ConsoleMaterial>;

/**
 * One answer of the application form, under the item's label and in the item's order
 * (the catalog item's formFields). A key the item no longer defines (changed since the
 * case was accepted) comes after them, by key, with label and type null: shown by its key, never
 * dropped. The value is as the window sent it; the console words it (yes/no, dates as given).
 */
export const ConsoleFormField = z.object({
  key: z.string(),
  label: z.string().nullable(),
  type: FormField.shape.type.nullable(),
  value: z.union([z.string(), z.number(), z.boolean()]),
});
export type ConsoleFormField = z.infer<typeof ConsoleFormField>;

/** GET /v1/console/cases/:caseId — only when the reviewer's department has a step on it. */
export const ConsoleCase = z.object({
  caseId: z.uuid(),
  caseNumber: z.string(),
  itemName: z.string(),
  implementationCode: z.string(),
  itemRegionCode: RegionCode,
  windowId: z.string(),
  windowRegionCode: RegionCode,
  /** Set when a proxy window accepted for another region (rule 13). */
  proxy: z.boolean(),
  applicant: z.object({ kind: z.enum(['person', 'organisation']), name: z.string(), idType: z.string(), idNumber: z.string() }),
  /** The form's raw answers by key (kept for older readers; formFields is what to show). */
  form: z.record(z.string(), z.union([z.string(), z.number()])),
  /** The form's answers labelled and ordered by the item's form definition (absent from an older center). */
  formFields: z.array(ConsoleFormField).optional(),
  materials: z.array(ConsoleMaterial),
  /** The window's signed acceptance notice (blob), when it was uploaded. */
  receiptSha256: Sha256Hex.nullable(),
  acceptedAt: z.iso.datetime({ offset: true }),
  caseStatus: CenterCaseStatus,
  dueDate: IsoDate.nullable(),
  /** The implementation's responsible department: it leads a joint approval and alone issues the result. */
  leadDepartmentCode: z.string(),
  /** The reviewer's own step. */
  myStep: ConsoleStep,
  /** Every department's step (joint approval). */
  steps: z.array(ConsoleStep),
  progress: z.array(CaseProgress),
  result: ResultInfo.nullable(),
});
export type ConsoleCase = z.infer<typeof ConsoleCase>;

/** POST /v1/console/steps/:stepId/approve */
export const ApproveRequest = z.object({ opinion: z.string().trim().max(500).optional() });
/** POST /v1/console/steps/:stepId/refuse */
export const RefuseRequest = z.object({ reasons: z.array(ReasonText).min(1, '不予许可必须写明理由').max(20) });
/** POST /v1/console/steps/:stepId/supplement — every item at once (rule 2), reaches the window as a notice. */
export const SupplementRequest = z.object({
  items: z
    .array(z.object({ materialId: z.string().max(32).optional(), text: ReasonText }))
    .min(1, '补正告知至少列明一项')
    .max(50),
});
/** POST /v1/console/steps/:stepId/extend — rule 6. */
export const ExtendRequest = z.object({
  days: z.number().int().min(1, '延长至少1个工作日').max(15, '延长最多15个工作日（联合办理）；单部门最多10个'),
  approver: z.string().trim().min(2, '须写明批准人').max(64),
  reason: ReasonText,
});
/** POST /v1/console/steps/:stepId/pause — rule 7; POST …/resume ends it. */
export const PauseRequest = z.object({ procedure: SpecialProcedure, reason: ReasonText });
export const ResumeRequest = z.object({ note: z.string().trim().max(500).optional() });
/**
 * POST /v1/console/cases/:caseId/result — issue the result once every department approved
 * (or the refusal decision once the case is refused). The lead department's reviewers only
 * (the implementation's responsible department).
 */
export const IssueResultRequest = z.object({
  kind: ResultKind,
  /** Printed as the document's heading: at most 40 characters (src-center/results layout). */
  title: z.string().trim().min(2, '标题至少2个字').max(40, '标题最多40个字（结果文书版式）'),
  /** The result's operative text (licence scope, decision). */
  body: z.string().trim().min(2).max(4000),
  /** Valid until (licences), when it has one. */
  validUntil: IsoDate.optional(),
  /** Where the applicant collects it; default the accepting window. */
  collectWindowId: z.string().max(64).optional(),
});
export type IssueResultRequest = z.infer<typeof IssueResultRequest>;

/** Every console action answers with the case as it now is. */
export const ConsoleActionResponse = ConsoleCase;

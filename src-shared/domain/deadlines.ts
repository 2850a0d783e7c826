/**
 * The case clock (rules 2, 4–8): when a case is due, how much time is left, and when to warn.
 *
 * - Time counts in working days from the day after acceptance (rule 4, Administrative
 *   Licensing Law §82), using a `WorkingCalendar` that refuses years it has not loaded.
 * - An immediate case (promised 0 days) is due the same day (rule 5).
 * - Pauses stop the clock (rule 7, §45; and a notice to supplement after acceptance): a
 *   working day d with `start ≤ d ≤ end` does not count; the clock resumes on the first
 *   working day after `end`. A pause with no `end` is still running: the due date is then
 *   unknown (null) until it ends. Overlapping pauses count once.
 * - Extensions need an approver and a reason; together at most +10 working days, +15 for
 *   joint handling (rule 6, §42). Going over is a `DomainRuleError` naming the rule.
 * - Warnings (rule 8): red when overdue or when a step is overdue; yellow when the remaining
 *   working days reach a threshold (a number of days and/or a share of the total), which is
 *   configurable per province.
 * - Rule 2 (§32): a notice to supplement must be issued within 5 working days of receipt,
 *   otherwise the case counts as accepted from receipt; `supplementNoticeAlert` says when to
 *   warn before that happens.
 */
import { z } from 'zod';
import type { WorkingCalendar } from './calendar';
import { compareIsoDate, fromDayNumber, IsoDate, toDayNumber } from './dates';
import { DomainRuleError } from './errors';

export const RULE_EXTENSION = '行政许可法第四十二条 (rule 6)';
export const RULE_PAUSE = '行政许可法第四十五条 (rule 7)';
export const RULE_IMMEDIATE = '即办件当场办结 (rule 5)';
export const RULE_SUPPLEMENT_NOTICE = '行政许可法第三十二条 (rule 2)';

/** Cumulative extension caps in working days (rule 6). */
export const EXTENSION_CAP_DAYS = 10;
export const EXTENSION_CAP_DAYS_JOINT = 15;
/** Working days after receipt within which a notice to supplement must be issued (rule 2). */
export const SUPPLEMENT_NOTICE_DAYS = 5;

export const PauseKind = z.enum(['supplement', 'special-procedure']);
export type PauseKind = z.infer<typeof PauseKind>;

/** Special procedures that stop the clock (§45). `other` needs the reason to say what. */
export const SPECIAL_PROCEDURES = {
  hearing: '听证',
  auction: '招标、拍卖',
  testing: '检验、检测、检疫',
  appraisal: '鉴定',
  'expert-review': '专家评审',
  other: '其他',
} as const;
export const SpecialProcedure = z.enum(Object.keys(SPECIAL_PROCEDURES) as [keyof typeof SPECIAL_PROCEDURES, ...(keyof typeof SPECIAL_PROCEDURES)[]]);

export const ClockPause = z
  .object({
    kind: PauseKind,
    /** For a special procedure: which one. */
    procedure: SpecialProcedure.optional(),
    start: IsoDate,
    /** Last paused day; null or absent while the pause is still running. */
    end: IsoDate.nullable().optional(),
    reason: z.string().trim().min(1, `请填写暂停计时的原因 (${RULE_PAUSE})`).max(500),
    /** When the applicant was told in writing (§45). */
    applicantNotifiedOn: IsoDate.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.end != null && compareIsoDate(p.end, p.start) < 0)
      ctx.addIssue({ code: 'custom', path: ['end'], message: `暂停结束日期 ${p.end} 早于开始日期 ${p.start} (${RULE_PAUSE})` });
    if (p.kind === 'special-procedure' && !p.procedure)
      ctx.addIssue({ code: 'custom', path: ['procedure'], message: `请选择特别程序的种类 (${RULE_PAUSE})` });
  });
export type ClockPause = z.infer<typeof ClockPause>;

export const ClockExtension = z.object({
  days: z.number().int().min(1, `延期天数至少1个工作日 (${RULE_EXTENSION})`),
  approver: z.string().trim().min(1, `延期须经批准：请填写批准人 (${RULE_EXTENSION})`).max(100),
  reason: z.string().trim().min(1, `延期须说明理由 (${RULE_EXTENSION})`).max(500),
  approvedOn: IsoDate,
  /** When the applicant was told (§42 requires telling the applicant the reason). */
  applicantNotifiedOn: IsoDate.optional(),
});
export type ClockExtension = z.infer<typeof ClockExtension>;

export const ClockStep = z.object({
  name: z.string().min(1).max(100),
  dueOn: IsoDate,
  doneOn: IsoDate.optional(),
});
export type ClockStep = z.infer<typeof ClockStep>;

export function extensionCap(jointHandling: boolean): number {
  return jointHandling ? EXTENSION_CAP_DAYS_JOINT : EXTENSION_CAP_DAYS;
}

export const CaseClock = z
  .object({
    acceptedOn: IsoDate,
    /** Promised working days (0 = immediate case). */
    promisedDays: z.number().int().min(0).max(365),
    /** Joint handling (联合审批 / 联办): extension cap 15 instead of 10. */
    jointHandling: z.boolean().default(false),
    pauses: z.array(ClockPause).default([]),
    extensions: z.array(ClockExtension).default([]),
    steps: z.array(ClockStep).default([]),
    completedOn: IsoDate.optional(),
  })
  .superRefine((c, ctx) => {
    c.pauses.forEach((p, i) => {
      if (compareIsoDate(p.start, c.acceptedOn) < 0)
        ctx.addIssue({
          code: 'custom',
          path: ['pauses', i, 'start'],
          message: `暂停开始日期 ${p.start} 早于受理日期 ${c.acceptedOn} (${RULE_PAUSE})`,
        });
    });
    if (c.promisedDays === 0 && c.extensions.length > 0)
      ctx.addIssue({ code: 'custom', path: ['extensions'], message: `即办件当场办结，不能延期 (${RULE_IMMEDIATE})` });
    const total = c.extensions.reduce((s, e) => s + e.days, 0);
    const cap = extensionCap(c.jointHandling);
    if (total > cap)
      ctx.addIssue({
        code: 'custom',
        path: ['extensions'],
        message: `延期累计${total}个工作日，超过${c.jointHandling ? '联合办理' : ''}上限${cap}个工作日 (${RULE_EXTENSION})`,
      });
    if (c.completedOn && compareIsoDate(c.completedOn, c.acceptedOn) < 0)
      ctx.addIssue({ code: 'custom', path: ['completedOn'], message: `办结日期 ${c.completedOn} 早于受理日期 ${c.acceptedOn}` });
  });
export type CaseClock = z.infer<typeof CaseClock>;
export type CaseClockInput = z.input<typeof CaseClock>;

function parseClock(input: CaseClockInput): CaseClock {
  const r = CaseClock.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const top = issue.path[0];
  const rule =
    top === 'extensions' ? RULE_EXTENSION : top === 'pauses' ? RULE_PAUSE : top === 'promisedDays' ? RULE_IMMEDIATE : 'schema';
  throw new DomainRuleError(issue.path.join('.') || 'clock', rule, issue.message);
}

/** Working days the case may take: promised days plus approved extensions. */
export function totalWorkingDays(clock: CaseClockInput): number {
  const c = parseClock(clock);
  return c.promisedDays + c.extensions.reduce((s, e) => s + e.days, 0);
}

/** Extension days still available under the rule-6 cap. */
export function remainingExtensionDays(clock: CaseClockInput): number {
  const c = parseClock(clock);
  return extensionCap(c.jointHandling) - c.extensions.reduce((s, e) => s + e.days, 0);
}

/** The clock with one more extension; throws `DomainRuleError` (rule 6) if it breaks the cap or lacks approver/reason. */
export function addExtension(clock: CaseClockInput, extension: z.input<typeof ClockExtension>): CaseClock {
  const c = parseClock(clock);
  const e = ClockExtension.safeParse(extension);
  if (!e.success) {
    const issue = e.error.issues[0]!;
    throw new DomainRuleError(['extension', ...issue.path].join('.'), RULE_EXTENSION, issue.message);
  }
  return parseClock({ ...c, extensions: [...c.extensions, e.data] });
}

interface PauseSpan {
  start: number;
  end: number; // Infinity while running
}

function pauseSpans(c: CaseClock): PauseSpan[] {
  return c.pauses.map((p) => ({ start: toDayNumber(p.start), end: p.end == null ? Infinity : toDayNumber(p.end) }));
}

const inPause = (spans: PauseSpan[], day: number) => spans.some((s) => day >= s.start && day <= s.end);

/**
 * The due date, or null while a running pause stops the clock before it is reached.
 * Throws `CalendarYearMissing` if the count runs into a year with no calendar.
 */
export function dueDate(clock: CaseClockInput, cal: WorkingCalendar): IsoDate | null {
  const c = parseClock(clock);
  const total = c.promisedDays + c.extensions.reduce((s, e) => s + e.days, 0);
  if (total === 0) return c.acceptedOn;
  const spans = pauseSpans(c);
  const openFrom = Math.min(...spans.filter((s) => s.end === Infinity).map((s) => s.start), Infinity);
  let day = toDayNumber(c.acceptedOn);
  let counted = 0;
  while (counted < total) {
    day++;
    if (day >= openFrom) return null;
    const iso = fromDayNumber(day);
    if (cal.isWorkingDay(iso) && !inPause(spans, day)) counted++;
  }
  return fromDayNumber(day);
}

/** Counted working days in (acceptedOn, until]: working, not paused. */
function countedDays(c: CaseClock, until: IsoDate, cal: WorkingCalendar): number {
  const spans = pauseSpans(c);
  let n = 0;
  for (let d = toDayNumber(c.acceptedOn) + 1; d <= toDayNumber(until); d++) {
    if (inPause(spans, d)) continue;
    if (cal.isWorkingDay(fromDayNumber(d))) n++;
  }
  return n;
}

export const WarningThresholds = z
  .object({
    /** Yellow when the remaining working days are at most this many. */
    yellowRemainingDays: z.number().int().min(0).max(365).optional(),
    /** Yellow when the remaining working days are at most this share of the total (0–1). */
    yellowRemainingRatio: z.number().min(0).max(1).optional(),
  })
  .refine((t) => t.yellowRemainingDays !== undefined || t.yellowRemainingRatio !== undefined, {
    message: '黄牌预警阈值至少设置一项：剩余工作日数或剩余比例 (rule 8)',
  });
export type WarningThresholds = z.infer<typeof WarningThresholds>;

/** Default: yellow with 2 or fewer working days left. Provinces configure their own. */
export const DEFAULT_WARNING_THRESHOLDS: WarningThresholds = { yellowRemainingDays: 2 };

export type WarningLevel = 'normal' | 'yellow' | 'red';

export interface ClockStatus {
  /** Null while a running pause stops the clock before the due date is reached. */
  dueDate: IsoDate | null;
  totalDays: number;
  /** Counted working days so far (up to the status date or completion). */
  usedDays: number;
  /** totalDays − usedDays; negative once more working days have passed than allowed. */
  remainingDays: number;
  /** The status date lies in a pause. */
  paused: boolean;
  completed: boolean;
  overdue: boolean;
  /** Working days after the due date up to the status date (0 if not overdue). */
  overdueDays: number;
  /** Steps not done by their due date. */
  overdueSteps: string[];
  level: WarningLevel;
  /** Why the level is what it is, in Chinese, for the case list and supervision. */
  reasons: string[];
}

/**
 * The clock as of `asOf` (the case list's countdown). A completed case is judged at its
 * completion date: red if it completed late, otherwise normal.
 */
export function clockStatus(
  clock: CaseClockInput,
  asOf: IsoDate,
  cal: WorkingCalendar,
  thresholds: WarningThresholds = DEFAULT_WARNING_THRESHOLDS,
): ClockStatus {
  const c = parseClock(clock);
  const t = WarningThresholds.parse(thresholds);
  const completed = c.completedOn !== undefined && compareIsoDate(c.completedOn, asOf) <= 0;
  const at = completed ? c.completedOn! : asOf;
  const total = c.promisedDays + c.extensions.reduce((s, e) => s + e.days, 0);
  const due = dueDate(c, cal);
  const before = compareIsoDate(at, c.acceptedOn) < 0;
  const used = before ? 0 : countedDays(c, at, cal);
  const remaining = total - used;
  const overdue = due !== null && compareIsoDate(at, due) > 0;
  const overdueDays = overdue ? Math.max(0, used - total) : 0;
  const atDay = toDayNumber(at);
  const paused = pauseSpans(c).some((s) => atDay >= s.start && atDay <= s.end);
  // A step is overdue while it is not done (as of the status date) and its due date has passed.
  const overdueSteps = c.steps
    .filter((s) => !(s.doneOn && compareIsoDate(s.doneOn, at) <= 0) && compareIsoDate(at, s.dueOn) > 0)
    .map((s) => s.name);

  const reasons: string[] = [];
  let level: WarningLevel = 'normal';
  if (overdue) {
    level = 'red';
    reasons.push(completed ? `超期办结：期限 ${due}，办结 ${c.completedOn}` : `已超期：期限 ${due}${overdueDays ? `，超期${overdueDays}个工作日` : ''}`);
  }
  if (overdueSteps.length) {
    level = 'red';
    reasons.push(`环节超期：${overdueSteps.join('、')}`);
  }
  if (level === 'normal' && !completed && total > 0) {
    const byDays = t.yellowRemainingDays !== undefined && remaining <= t.yellowRemainingDays;
    const byRatio = t.yellowRemainingRatio !== undefined && remaining <= t.yellowRemainingRatio * total;
    if (byDays || byRatio) {
      level = 'yellow';
      reasons.push(remaining === 0 ? `今日到期 (${due})` : `剩余${remaining}个工作日`);
    }
  }
  return {
    dueDate: due,
    totalDays: total,
    usedDays: used,
    remainingDays: remaining,
    paused,
    completed,
    overdue,
    overdueDays,
    overdueSteps,
    level,
    reasons,
  };
}

// ---- rule 2: the notice to supplement ----

export interface SupplementNoticeInput {
  /** The day the application was received (收件). */
  receivedOn: IsoDate;
  /** The day the one-time notice to supplement was issued, if it was. */
  noticeIssuedOn?: IsoDate | null;
  /** The day the case was accepted or refused, if it was. */
  decidedOn?: IsoDate | null;
}

export type SupplementNoticeState = 'settled' | 'pending' | 'alert' | 'deemed-accepted';

export interface SupplementNoticeStatus {
  state: SupplementNoticeState;
  /** The last day a notice to supplement may be issued: the 5th working day after receipt. */
  lastDay: IsoDate;
  /** From this day on the alert is raised. */
  alertFrom: IsoDate;
  /** Working days left after `asOf` up to and including `lastDay` (0 once past). */
  workingDaysLeft: number;
  /** When deemed accepted: the case counts as accepted from this date (the receipt). */
  deemedAcceptedOn: IsoDate | null;
  message: string;
}

/**
 * Rule 2: if no notice to supplement (nor a decision) is issued within 5 working days of
 * receipt, the case counts as accepted from receipt (§32). Raises `alert` from the
 * `alertOnWorkingDay`-th working day after receipt (default the 4th), `deemed-accepted`
 * once the 5th has passed with neither.
 */
export function supplementNoticeAlert(
  input: SupplementNoticeInput,
  asOf: IsoDate,
  cal: WorkingCalendar,
  opts: { alertOnWorkingDay?: number } = {},
): SupplementNoticeStatus {
  const alertOn = opts.alertOnWorkingDay ?? SUPPLEMENT_NOTICE_DAYS - 1;
  if (!Number.isInteger(alertOn) || alertOn < 1 || alertOn > SUPPLEMENT_NOTICE_DAYS)
    throw new DomainRuleError('alertOnWorkingDay', RULE_SUPPLEMENT_NOTICE, `预警日必须是收件后第1到第${SUPPLEMENT_NOTICE_DAYS}个工作日 (${RULE_SUPPLEMENT_NOTICE})`);
  for (const [k, v] of Object.entries({ receivedOn: input.receivedOn, asOf, noticeIssuedOn: input.noticeIssuedOn, decidedOn: input.decidedOn }))
    if (v != null && !IsoDate.safeParse(v).success) throw new DomainRuleError(k, 'date', `日期格式错误，应为 YYYY-MM-DD: "${v}"`);

  const lastDay = cal.addWorkingDays(input.receivedOn, SUPPLEMENT_NOTICE_DAYS);
  const alertFrom = cal.addWorkingDays(input.receivedOn, alertOn);
  const happened = (d: IsoDate | null | undefined) => d != null && compareIsoDate(d, asOf) <= 0;
  const inTime = (d: IsoDate | null | undefined) => happened(d) && compareIsoDate(d!, lastDay) <= 0;
  const left = Math.max(0, cal.workingDaysBetween(asOf, lastDay));

  if (inTime(input.noticeIssuedOn) || inTime(input.decidedOn))
    return { state: 'settled', lastDay, alertFrom, workingDaysLeft: left, deemedAcceptedOn: null, message: '已在法定期限内告知或作出决定' };
  if (compareIsoDate(asOf, lastDay) > 0)
    return {
      state: 'deemed-accepted',
      lastDay,
      alertFrom,
      workingDaysLeft: 0,
      deemedAcceptedOn: input.receivedOn,
      message: `收件后5个工作日内(截至 ${lastDay})未一次性告知补正，自收件之日 ${input.receivedOn} 起即为受理 (${RULE_SUPPLEMENT_NOTICE})`,
    };
  if (compareIsoDate(asOf, alertFrom) >= 0)
    return {
      state: 'alert',
      lastDay,
      alertFrom,
      workingDaysLeft: left,
      deemedAcceptedOn: null,
      message: `请在 ${lastDay} 前一次性告知需补正的全部材料或作出受理决定，否则自收件之日起视为受理 (${RULE_SUPPLEMENT_NOTICE})`,
    };
  return { state: 'pending', lastDay, alertFrom, workingDaysLeft: left, deemedAcceptedOn: null, message: `补正告知期限 ${lastDay}` };
}

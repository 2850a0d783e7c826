/**
 * The province's workflow (issue 6): routing accepted cases to their departments, joint
 * approval with per-step clocks, the department console's reviewers and sessions, and the
 * hand-over to result issuance. See README.md.
 */
import type { IssueResultFn } from './results';

export { onCaseEvent, routeCase, ROUTED_EVENT_TYPES } from './routing';
export { actOnStep, supplementReceived, type Actor, type StepAction } from './actions';
export { createReviewer, checkLogin, reviewerById } from './reviewers';
export { createSession, findSession, endSession } from './sessions';
export { worklist, caseForReviewer, caseBlob } from './views';
export { issueCaseResult, type IssueResultFn, type IssueResultInput } from './results';
export { centerCalendar, provinceDate } from './calendar';

/** Default yellow-warning threshold (rule 8): at most this many working days left. */
export const DEFAULT_YELLOW_DAYS = 3;

export interface WorkflowOptions {
  /** The clock (tests); default the system's. */
  now?: () => Date;
  /** Yellow warning at or below this many working days left; default CENTER_YELLOW_DAYS or 3. */
  yellowDays?: number;
  /** Result issuance; default src-center/results issueResult. */
  issueResult?: IssueResultFn;
  /** Where the built console is (index.html); default dist/console. Served at /console/ when present. */
  consoleDir?: string;
}

/** CENTER_YELLOW_DAYS, when set to a whole number 0–365; otherwise the default. */
export function yellowDaysFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CENTER_YELLOW_DAYS?.trim();
  if (!raw) return DEFAULT_YELLOW_DAYS;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) > 365)
    throw new Error(`CENTER_YELLOW_DAYS 不合法：必须是 0–365 的整数，收到 "${raw}" (CENTER_YELLOW_DAYS must be an integer 0-365)`);
  return Number(raw);
}

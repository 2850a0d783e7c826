/**
 * The case list's countdown (rules 2, 4–8): what a case's clock says on a given day, from
 * the stored row alone, so the list can compute it for every open case without reading
 * events.
 *
 * - Accepted cases run the working-day clock of src-shared/domain/deadlines from the day
 *   of acceptance over the item's promised days; the level (normal / yellow / red) is
 *   `clockStatus`'s, with the thresholds the caller passes (the province configures them;
 *   until the center sends its own, DEFAULT_WARNING_THRESHOLDS).
 * - When the count runs into a year the calendar does not hold (rule 4: never guessed), or
 *   the row says its due date is pending and it still cannot be computed, the countdown
 *   is `pending` with the reason.
 * - Cases awaiting a supplement show rule 2's notice clock (`supplementNoticeAlert`):
 *   alert (yellow) from the 4th working day after receipt, deemed accepted (red) after
 *   the 5th, settled once the one-time notice was issued in time.
 * - Refused and completed cases have no running clock.
 */
import { bundledCalendar, CalendarYearMissing, type WorkingCalendar } from '../../../src-shared/domain/calendar';
import type { CaseStatus } from '../../../src-shared/domain/case';
import {
  clockStatus,
  DEFAULT_WARNING_THRESHOLDS,
  supplementNoticeAlert,
  type CaseClockInput,
  type ClockStatus,
  type SupplementNoticeStatus,
  type WarningThresholds,
} from '../../../src-shared/domain/deadlines';
import type { CaseRow } from '../../db/casesSchema';
import type { MessageKey, Params } from '../../app/i18n';

/** The warning a row shows (and its data-warning attribute). */
export type CountdownLevel = 'normal' | 'yellow' | 'red' | 'pending';
export const COUNTDOWN_LEVELS: readonly CountdownLevel[] = ['normal', 'yellow', 'red', 'pending'];

export type Countdown =
  | {
      kind: 'running';
      level: 'normal' | 'yellow' | 'red';
      dueDate: string | null;
      clock: ClockStatus;
    }
  | { kind: 'pending'; level: 'pending'; reason: string }
  | { kind: 'supplement'; level: 'normal' | 'yellow' | 'red'; notice: SupplementNoticeStatus }
  | { kind: 'closed'; level: 'normal'; status: CaseStatus };

export interface CountdownOptions {
  /** Working-day calendar: the bundled years plus whatever the center pushed. */
  calendar?: WorkingCalendar;
  /** Yellow-warning thresholds (rule 8, configurable per province). */
  thresholds?: WarningThresholds;
}

/** The local calendar date (YYYY-MM-DD) of an instant, as the window's clock shows it. */
export function localDate(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

type ClockRow = Pick<CaseRow, 'status' | 'decision' | 'receivedDate' | 'item'>;

/** The clock of an accepted case, from the row: accepted on the decision's day, over the promised days. */
export function clockOfRow(row: ClockRow): CaseClockInput {
  const accepted = row.decision && (row.decision.kind === 'accept' || row.decision.kind === 'accept-with-gap');
  return {
    acceptedOn: accepted ? localDate(row.decision!.at) : row.receivedDate,
    promisedDays: row.item.promisedDays,
    jointHandling: row.item.reviewDepartments.length > 1,
  };
}

function missingYear(err: unknown): err is CalendarYearMissing {
  return err instanceof CalendarYearMissing || (err as { code?: string } | null)?.code === 'CALENDAR_YEAR_MISSING';
}

/** The countdown of a case on `asOf` (YYYY-MM-DD). Never throws for a missing calendar year. */
export function countdownOf(row: Pick<CaseRow, 'status' | 'decision' | 'receivedDate' | 'item' | 'dueDatePending'>, asOf: string, opts: CountdownOptions = {}): Countdown {
  const calendar = opts.calendar ?? bundledCalendar();
  const thresholds = opts.thresholds ?? DEFAULT_WARNING_THRESHOLDS;
  switch (row.status) {
    case 'accepted': {
      try {
        const clock = clockStatus(clockOfRow(row), asOf, calendar, thresholds);
        return { kind: 'running', level: clock.level, dueDate: clock.dueDate, clock };
      } catch (err) {
        if (!missingYear(err)) throw err;
        return { kind: 'pending', level: 'pending', reason: row.dueDatePending || err.message };
      }
    }
    case 'awaiting-supplement': {
      const noticeIssuedOn = row.decision?.kind === 'supplement' ? localDate(row.decision.at) : null;
      try {
        const notice = supplementNoticeAlert({ receivedOn: row.receivedDate, noticeIssuedOn }, asOf, calendar);
        const level = notice.state === 'deemed-accepted' ? 'red' : notice.state === 'alert' ? 'yellow' : 'normal';
        return { kind: 'supplement', level, notice };
      } catch (err) {
        if (!missingYear(err)) throw err;
        return { kind: 'pending', level: 'pending', reason: err.message };
      }
    }
    default:
      return { kind: 'closed', level: 'normal', status: row.status };
  }
}

/** The countdown's words, as a message key and its parameters (so both languages agree). */
export function countdownMessage(cd: Countdown): { key: MessageKey; params?: Params } {
  switch (cd.kind) {
    case 'running': {
      const c = cd.clock;
      if (c.overdue) return c.overdueDays > 0 ? { key: 'cases.countdown.overdue', params: { n: c.overdueDays } } : { key: 'cases.countdown.pastDue' };
      if (c.overdueSteps.length) return { key: 'cases.countdown.stepOverdue', params: { steps: c.overdueSteps.join(', ') } };
      if (c.dueDate === null) return { key: 'cases.countdown.paused' };
      if (c.remainingDays === 0) return { key: 'cases.countdown.dueToday' };
      return { key: 'cases.countdown.remaining', params: { n: c.remainingDays } };
    }
    case 'pending':
      return { key: 'cases.countdown.pending', params: { reason: cd.reason } };
    case 'supplement': {
      const n = cd.notice;
      if (n.state === 'settled') return { key: 'cases.supplement.settled' };
      if (n.state === 'deemed-accepted') return { key: 'cases.supplement.deemed', params: { date: n.deemedAcceptedOn ?? '' } };
      if (n.state === 'alert') return { key: 'cases.supplement.alert', params: { date: n.lastDay, n: n.workingDaysLeft } };
      return { key: 'cases.supplement.pending', params: { date: n.lastDay } };
    }
    case 'closed':
      return { key: cd.status === 'completed' ? 'cases.countdown.completed' : 'cases.countdown.closed' };
  }
}

/** Detail shown on hover: the domain's own reasons (Chinese, from src-shared). */
export function countdownReasons(cd: Countdown): string[] {
  if (cd.kind === 'running') return cd.clock.reasons;
  if (cd.kind === 'supplement') return [cd.notice.message];
  if (cd.kind === 'pending') return [cd.reason];
  return [];
}

/** Memoises countdowns per row version for one (day, calendar, thresholds). */
export class CountdownCache {
  private readonly cache = new Map<string, Countdown>();
  constructor(
    readonly asOf: string,
    private readonly opts: CountdownOptions = {},
  ) {}

  get(row: CaseRow): Countdown {
    const key = `${row.id}|${row.updatedAt}|${row.status}`;
    let cd = this.cache.get(key);
    if (!cd) {
      cd = countdownOf(row, this.asOf, this.opts);
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(key, cd);
    }
    return cd;
  }

  level(row: CaseRow): CountdownLevel {
    return this.get(row).level;
  }
}

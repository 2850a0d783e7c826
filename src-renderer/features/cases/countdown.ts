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
 * - The center's progress (sync/centerCases.ts), when the window has pulled some, counts:
 *   its pauses (supplement requests, special procedures — rule 7) and extensions (rule 6)
 *   go into the clock, and a case the center refused or completed has no running clock.
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
import { isClosedAtCenter, type CenterCaseRow } from '../../sync/centerCases';

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
  | { kind: 'closed'; level: 'normal'; status: CaseStatus; /** Closed by the center's outcome, not the window's. */ center?: 'refused' | 'completed' };

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

/**
 * The clock of an accepted case, from the row: accepted on the decision's day, over the
 * promised days; with the center's pauses and extensions when it has sent any.
 */
export function clockOfRow(row: ClockRow, center?: Pick<CenterCaseRow, 'pauses' | 'extensions'>): CaseClockInput {
  const accepted = row.decision && (row.decision.kind === 'accept' || row.decision.kind === 'accept-with-gap');
  const acceptedOn = accepted ? localDate(row.decision!.at) : row.receivedDate;
  const notBefore = (iso: string) => {
    const d = localDate(iso);
    return d < acceptedOn ? acceptedOn : d;
  };
  const clock: CaseClockInput = { acceptedOn, promisedDays: row.item.promisedDays, jointHandling: row.item.reviewDepartments.length > 1 };
  if (center?.pauses.length)
    clock.pauses = center.pauses.map((p) => ({
      kind: p.kind,
      ...(p.kind === 'special-procedure' ? { procedure: 'other' as const } : {}),
      start: notBefore(p.from),
      end: p.to ? notBefore(p.to) : null,
      // The clock needs a reason; the center's own, else the kind of stop (never shown from here).
      reason: p.reasons.join('; ') || p.kind,
    }));
  if (center?.extensions.length)
    clock.extensions = center.extensions.map((e) => ({ days: e.days, approver: e.approver || 'center', reason: e.reasons.join('；') || '—', approvedOn: localDate(e.at) }));
  return clock;
}

function missingYear(err: unknown): err is CalendarYearMissing {
  return err instanceof CalendarYearMissing || (err as { code?: string } | null)?.code === 'CALENDAR_YEAR_MISSING';
}

/**
 * The countdown of a case on `asOf` (YYYY-MM-DD), with the center's view of it when known.
 * Never throws for a missing calendar year.
 */
export function countdownOf(
  row: Pick<CaseRow, 'status' | 'decision' | 'receivedDate' | 'item' | 'dueDatePending'>,
  asOf: string,
  opts: CountdownOptions = {},
  center?: CenterCaseRow,
): Countdown {
  const calendar = opts.calendar ?? bundledCalendar();
  const thresholds = opts.thresholds ?? DEFAULT_WARNING_THRESHOLDS;
  switch (row.status) {
    case 'accepted': {
      if (center && isClosedAtCenter(center.status)) return { kind: 'closed', level: 'normal', status: row.status, center: center.status as 'refused' | 'completed' };
      try {
        const clock = clockStatus(clockOfRow(row, center), asOf, calendar, thresholds);
        return { kind: 'running', level: clock.level, dueDate: clock.dueDate, clock };
      } catch (err) {
        if (missingYear(err)) return { kind: 'pending', level: 'pending', reason: row.dueDatePending || err.message };
        // The center's pauses or extensions break a rule of the clock (e.g. the extension cap): say so, never guess.
        if (center && err instanceof Error) return { kind: 'pending', level: 'pending', reason: err.message };
        throw err;
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
      if (cd.center) return { key: cd.center === 'refused' ? 'cases.countdown.centerRefused' : 'cases.countdown.centerCompleted' };
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

/**
 * Memoises countdowns per row version (and center progress) for one (day, calendar,
 * thresholds). `centers` holds the center's view of the cases it knows (the open ones).
 */
export class CountdownCache {
  private readonly cache = new Map<string, Countdown>();
  constructor(
    readonly asOf: string,
    private readonly opts: CountdownOptions & { centers?: ReadonlyMap<string, CenterCaseRow> } = {},
  ) {}

  /** The center's view of a case, as far as this cache knows it. */
  center(caseId: string): CenterCaseRow | undefined {
    return this.opts.centers?.get(caseId);
  }

  get(row: CaseRow, center: CenterCaseRow | undefined = this.center(row.id)): Countdown {
    const key = `${row.id}|${row.updatedAt}|${row.status}|${center?.position ?? ''}`;
    let cd = this.cache.get(key);
    if (!cd) {
      cd = countdownOf(row, this.asOf, this.opts, center);
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(key, cd);
    }
    return cd;
  }

  level(row: CaseRow): CountdownLevel {
    return this.get(row).level;
  }
}

/**
 * The clock of one review step (rules 4, 6, 7, 8), on the shared case clock of
 * src-shared/domain/deadlines: working days from the day after acceptance over the promised
 * days, plus the step's extensions, minus the working days its pauses stopped.
 *
 * A pause stops the clock from the day it starts up to the day before it ends: a special
 * procedure started on Tuesday and ended on Friday stops Tuesday to Thursday, and Friday
 * counts again. A pause started and ended on the same day stops nothing.
 */
import type { WorkingCalendar } from '../../src-shared/domain/calendar';
import { addDays, compareIsoDate, type IsoDate } from '../../src-shared/domain/dates';
import { dueDate, type CaseClockInput, type ClockPause } from '../../src-shared/domain/deadlines';
import type { Warning } from '../../src-shared/protocol/console';
import { unlessYearMissing } from './calendar';

export interface StoredExtension {
  days: number;
  approver: string;
  reason: string;
  approvedOn: IsoDate;
  at: string;
  by: string;
}

export interface StoredPause {
  kind: 'supplement' | 'special-procedure';
  procedure?: string;
  reason: string;
  /** The first stopped day (province date of startedAt, not before acceptance). */
  start: IsoDate;
  startedAt: string;
  endedAt?: string;
  /** The last stopped day (the day before it ended); absent while running or when it stopped nothing. */
  end?: IsoDate | null;
  by: string;
}

export interface StepClockData {
  acceptedOn: IsoDate;
  promisedDays: number;
  joint: boolean;
  extensions: StoredExtension[];
  pauses: StoredPause[];
}

/** The shared case clock of a step. */
export function clockOf(s: StepClockData): CaseClockInput {
  const pauses: ClockPause[] = [];
  for (const p of s.pauses) {
    const base = {
      kind: p.kind,
      ...(p.kind === 'special-procedure' ? { procedure: (p.procedure ?? 'other') as ClockPause['procedure'] } : {}),
      start: p.start,
      reason: p.reason,
    };
    if (!p.endedAt) pauses.push({ ...base, end: null });
    else if (p.end && compareIsoDate(p.end, p.start) >= 0) pauses.push({ ...base, end: p.end });
  }
  return {
    acceptedOn: s.acceptedOn,
    promisedDays: s.promisedDays,
    jointHandling: s.joint,
    extensions: s.extensions.map((e) => ({ days: e.days, approver: e.approver, reason: e.reason, approvedOn: e.approvedOn })),
    pauses,
  };
}

/** The step's due date: null while a pause stops the clock, or when it runs into an unpublished year. */
export function stepDueDate(s: StepClockData, cal: WorkingCalendar): IsoDate | null {
  return unlessYearMissing(() => dueDate(clockOf(s), cal));
}

/** A pause that starts on `today` (never before acceptance). */
export function pauseStart(acceptedOn: IsoDate, today: IsoDate): IsoDate {
  return compareIsoDate(today, acceptedOn) < 0 ? acceptedOn : today;
}

/** The pause ended on `today`: its last stopped day is the day before (none when that is before its start). */
export function endPause(p: StoredPause, endedAt: string, today: IsoDate): StoredPause {
  const last = addDays(today, -1);
  return { ...p, endedAt, end: compareIsoDate(last, p.start) >= 0 ? last : null };
}

/**
 * Working days left until `due` as of `today`: 0 on the due day, negative once past it
 * (at least −1, even when the days since were a weekend). Null when unknown.
 */
export function daysLeft(due: IsoDate | null, today: IsoDate, cal: WorkingCalendar): number | null {
  if (!due) return null;
  return unlessYearMissing(() => {
    if (compareIsoDate(today, due) > 0) return -Math.max(1, cal.workingDaysBetween(due, today));
    return cal.workingDaysBetween(today, due);
  });
}

/** Rule 8: red once overdue, yellow when at most `yellowDays` working days remain. */
export function warningOf(open: boolean, left: number | null, yellowDays: number): Warning {
  if (!open || left === null) return 'none';
  if (left < 0) return 'red';
  return left <= yellowDays ? 'yellow' : 'none';
}

/** The latest of the due dates, or null when one is unknown. */
export function latestDue(dues: ReadonlyArray<IsoDate | null>): IsoDate | null {
  let out: IsoDate | null = null;
  for (const d of dues) {
    if (d === null) return null;
    if (out === null || compareIsoDate(d, out) > 0) out = d;
  }
  return out;
}

/**
 * The working-day calendar (rule 4: deadlines count in working days, with statutory
 * holidays and make-up working days (调休) from a loaded calendar).
 *
 * A working day is a Monday–Friday that is not a statutory holiday, or a weekend day that is
 * a make-up working day. The data come per year:
 *   - bundled from the `chinese-days` package (its published `dist/chinese-days.json`,
 *     taken from the State Council's yearly notices; 2004–2026 in the installed version);
 *   - plus tables the center pushes (`CalendarYearTable`), which replace a bundled year of
 *     the same number — the center learns the next year's notice before the app updates.
 *
 * A calendar only answers for the years it holds. Asking about a day in any other year
 * throws `CalendarYearMissing` naming the year: a deadline is never guessed.
 *
 * Dates are `YYYY-MM-DD` calendar dates (see ./dates); nothing here depends on time zones.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { z } from 'zod';
import { IsoDate, isWeekend, parseIsoDate, toDayNumber, fromDayNumber } from './dates';

/** One year of calendar data, as the center sends it. */
export const CalendarYearTable = z
  .object({
    year: z.number().int().min(1949).max(2200),
    /** Statutory holidays (days off), including ones that fall on weekends. */
    holidays: z.array(IsoDate),
    /** Make-up working days: weekend days that are working days (调休上班). */
    workdays: z.array(IsoDate),
    /** Where the data come from, e.g. "国办发明电〔2024〕12号" or "chinese-days 1.5.7". */
    source: z.string().max(200).optional(),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    for (const key of ['holidays', 'workdays'] as const) {
      t[key].forEach((d, i) => {
        if (parseIsoDate(d)?.year !== t.year)
          ctx.addIssue({ code: 'custom', path: [key, i], message: `日期 ${d} 不属于 ${t.year} 年 (工作日历)` });
        if (seen.has(d))
          ctx.addIssue({ code: 'custom', path: [key, i], message: `日期 ${d} 重复，或同时列为节假日和调休上班日 (工作日历)` });
        seen.add(d);
        if (key === 'workdays' && parseIsoDate(d) && !isWeekend(d))
          ctx.addIssue({ code: 'custom', path: [key, i], message: `调休上班日 ${d} 必须是周六或周日 (工作日历)` });
      });
    }
  });
export type CalendarYearTable = z.infer<typeof CalendarYearTable>;

/** Thrown when a computation reaches a year the calendar holds no data for. */
export class CalendarYearMissing extends Error {
  readonly code = 'CALENDAR_YEAR_MISSING';
  constructor(readonly year: number) {
    super(`${year} 年的工作日历未加载，无法计算期限；请从中心更新节假日安排 (rule 4: calendar year ${year} not loaded)`);
    this.name = 'CalendarYearMissing';
  }
}

interface YearData {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
  source: string | undefined;
}

export class WorkingCalendar {
  private readonly data: ReadonlyMap<number, YearData>;

  constructor(tables: readonly CalendarYearTable[] = []) {
    const m = new Map<number, YearData>();
    for (const raw of tables) {
      const t = CalendarYearTable.parse(raw);
      m.set(t.year, { holidays: new Set(t.holidays), workdays: new Set(t.workdays), source: t.source });
    }
    this.data = m;
  }

  /** The years this calendar can answer for, ascending. */
  years(): number[] {
    return [...this.data.keys()].sort((a, b) => a - b);
  }

  hasYear(year: number): boolean {
    return this.data.has(year);
  }

  /** A new calendar with these years added or replaced (e.g. a table pushed by the center). */
  withTables(...tables: CalendarYearTable[]): WorkingCalendar {
    const merged = new Map<number, CalendarYearTable>();
    for (const y of this.years()) merged.set(y, this.table(y));
    for (const t of tables) merged.set(t.year, t);
    return new WorkingCalendar([...merged.values()]);
  }

  /** The table of a loaded year. Throws `CalendarYearMissing` otherwise. */
  table(year: number): CalendarYearTable {
    const d = this.year(year);
    return {
      year,
      holidays: [...d.holidays].sort(),
      workdays: [...d.workdays].sort(),
      ...(d.source !== undefined ? { source: d.source } : {}),
    };
  }

  private year(year: number): YearData {
    const d = this.data.get(year);
    if (!d) throw new CalendarYearMissing(year);
    return d;
  }

  isWorkingDay(date: IsoDate): boolean {
    const p = parseIsoDate(date);
    if (!p) throw new RangeError(`日期格式错误，应为 YYYY-MM-DD: "${date}"`);
    const d = this.year(p.year);
    if (d.workdays.has(date)) return true;
    if (d.holidays.has(date)) return false;
    return !isWeekend(date);
  }

  /**
   * The date `n` working days after `start`, counting from the day after `start` (rule 4).
   * n = 0 gives `start` itself (an immediate case is due the same day). n < 0 counts back:
   * the n-th working day before `start`.
   */
  addWorkingDays(start: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n)) throw new RangeError(`工作日数必须是整数: ${n}`);
    let day = toDayNumber(start);
    if (n === 0) return start;
    const step = n > 0 ? 1 : -1;
    let left = Math.abs(n);
    while (left > 0) {
      day += step;
      if (this.isWorkingDay(fromDayNumber(day))) left--;
    }
    return fromDayNumber(day);
  }

  /**
   * Working days in (a, b]: after `a`, up to and including `b`. Negative (−count in (b, a])
   * when b is before a. So `workingDaysBetween(s, addWorkingDays(s, n)) === n`.
   */
  workingDaysBetween(a: IsoDate, b: IsoDate): number {
    const da = toDayNumber(a);
    const db = toDayNumber(b);
    const [lo, hi] = db < da ? [db, da] : [da, db];
    let count = 0;
    for (let d = lo + 1; d <= hi; d++) if (this.isWorkingDay(fromDayNumber(d))) count++;
    return db < da ? 0 - count : count;
  }

  /** Every working day in (a, b], ascending. */
  workingDaysIn(a: IsoDate, b: IsoDate): IsoDate[] {
    const out: IsoDate[] = [];
    for (let d = toDayNumber(a) + 1; d <= toDayNumber(b); d++) {
      const iso = fromDayNumber(d);
      if (this.isWorkingDay(iso)) out.push(iso);
    }
    return out;
  }
}

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** The years bundled from `chinese-days`, as calendar tables. */
export function bundledCalendarTables(): CalendarYearTable[] {
  const data = chineseDays as ChineseDaysJson;
  const byYear = new Map<number, { holidays: string[]; workdays: string[] }>();
  const get = (date: string) => {
    const y = Number(date.slice(0, 4));
    let e = byYear.get(y);
    if (!e) byYear.set(y, (e = { holidays: [], workdays: [] }));
    return e;
  };
  for (const d of Object.keys(data.holidays)) get(d).holidays.push(d);
  for (const d of Object.keys(data.workdays)) get(d).workdays.push(d);
  return [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, e]) => ({ year, holidays: e.holidays.sort(), workdays: e.workdays.sort(), source: 'chinese-days' }));
}

let bundled: WorkingCalendar | undefined;

/** A calendar with the bundled years; add the center's tables with `withTables`. */
export function bundledCalendar(): WorkingCalendar {
  return (bundled ??= new WorkingCalendar(bundledCalendarTables()));
}

/**
 * The center's working-day calendar and its idea of "today": the years bundled from
 * chinese-days, replaced by the years the province publishes (calendar_years), exactly as a
 * window combines them. A year in neither is never guessed: deadlines into it stay unknown.
 *
 * The province keeps China Standard Time (UTC+8, no daylight saving): a calendar date is the
 * date there, whatever the server's own time zone.
 */
import { bundledCalendarTables, CalendarYearMissing, WorkingCalendar, type CalendarYearTable } from '../../src-shared/domain/calendar';
import type { Db } from '../store/index';

/** Minutes east of UTC of the province's time (China Standard Time). */
export const PROVINCE_UTC_OFFSET_MINUTES = 8 * 60;

/** The calendar date (YYYY-MM-DD) of an instant in the province. */
export function provinceDate(at: Date | string): string {
  const t = (typeof at === 'string' ? new Date(at) : at).getTime();
  if (Number.isNaN(t)) throw new RangeError(`不是有效的时间: ${String(at)}`);
  return new Date(t + PROVINCE_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
}

let cached: { key: string; cal: WorkingCalendar } | undefined;

const json = (v: unknown): string[] => (typeof v === 'string' ? (JSON.parse(v) as string[]) : (v as string[]));

/** The calendar to count with (cached until the published years change). */
export async function centerCalendar(db: Db): Promise<WorkingCalendar> {
  const rows = await db.query<{ year: number; holidays: unknown; workdays: unknown; source: string | null }>(
    'SELECT year, holidays, workdays, source FROM calendar_years ORDER BY year',
  );
  const published: CalendarYearTable[] = rows.map((r) => ({
    year: Number(r.year),
    holidays: json(r.holidays),
    workdays: json(r.workdays),
    ...(r.source ? { source: r.source } : {}),
  }));
  const key = JSON.stringify(published);
  if (cached?.key === key) return cached.cal;
  const byYear = new Map<number, CalendarYearTable>();
  for (const t of bundledCalendarTables()) byYear.set(t.year, t);
  for (const t of published) byYear.set(t.year, t);
  const cal = new WorkingCalendar([...byYear.values()]);
  cached = { key, cal };
  return cal;
}

export function isMissingYear(err: unknown): boolean {
  return err instanceof CalendarYearMissing || (err as { code?: string } | null)?.code === 'CALENDAR_YEAR_MISSING';
}

/** fn's answer, or null when it runs into a calendar year nobody published. */
export function unlessYearMissing<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch (err) {
    if (isMissingYear(err)) return null;
    throw err;
  }
}

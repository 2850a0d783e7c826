/**
 * The working-day calendar at the window: the years bundled with the app (chinese-days)
 * plus the years the center publishes (e.g. next year's holidays once announced), kept
 * in the meta table so deadlines still compute offline.
 */
import { WorkingCalendar, bundledCalendarTables, type CalendarYearTable } from '../../src-shared/domain/calendar';
import type { YichuangDb } from './database';
import { getMeta, setMeta } from './meta';

export class CalendarRepository {
  private cached: { key: string; cal: WorkingCalendar } | null = null;

  constructor(private readonly db: YichuangDb) {}

  async published(): Promise<CalendarYearTable[]> {
    return (await getMeta(this.db, 'calendarYears')) ?? [];
  }

  async replacePublished(years: CalendarYearTable[]): Promise<void> {
    await setMeta(this.db, 'calendarYears', years);
  }

  /** The calendar to count with: bundled years, overridden by the center's where both have a year. */
  async calendar(): Promise<WorkingCalendar> {
    return this.calendarFrom(await this.published());
  }

  calendarFrom(published: CalendarYearTable[]): WorkingCalendar {
    const key = JSON.stringify(published.map((y) => [y.year, y.holidays.length, y.workdays.length, y.source]));
    if (this.cached?.key === key) return this.cached.cal;
    const byYear = new Map<number, CalendarYearTable>();
    for (const t of bundledCalendarTables()) byYear.set(t.year, t);
    for (const t of published) byYear.set(t.year, t);
    const cal = new WorkingCalendar([...byYear.values()]);
    this.cached = { key, cal };
    return cal;
  }
}

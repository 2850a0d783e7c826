import { isWorkday as chineseDaysIsWorkday } from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bundledCalendar,
  bundledCalendarTables,
  CalendarYearMissing,
  CalendarYearTable,
  WorkingCalendar,
} from '../../../src-shared/domain/calendar';
import { addDays, fromDayNumber, toDayNumber, weekday } from '../../../src-shared/domain/dates';

const cal = bundledCalendar();

/** A date in the bundled years 2010–2025, leaving room to count forward into 2026. */
const dateIn = (from: string, to: string) => fc.integer({ min: toDayNumber(from), max: toDayNumber(to) }).map(fromDayNumber);

describe('working-day calendar', () => {
  it('accepted 2025-09-30 with 5 working days is due 2025-10-14 (National Day 10-01..10-08, make-up Saturday 10-11)', () => {
    expect(cal.addWorkingDays('2025-09-30', 5)).toBe('2025-10-14');
    expect(cal.workingDaysBetween('2025-09-30', '2025-10-14')).toBe(5);
  });

  it('counts make-up Saturdays and Sundays as working days and statutory holidays as days off', () => {
    expect(weekday('2025-10-11')).toBe(6);
    expect(cal.isWorkingDay('2025-10-11')).toBe(true); // 国庆调休上班 (Sat)
    expect(weekday('2025-09-28')).toBe(0);
    expect(cal.isWorkingDay('2025-09-28')).toBe(true); // 国庆调休上班 (Sun)
    expect(cal.isWorkingDay('2025-10-08')).toBe(false); // Wednesday, holiday
    expect(cal.isWorkingDay('2025-10-18')).toBe(false); // ordinary Saturday
    expect(cal.isWorkingDay('2025-10-15')).toBe(true); // ordinary Wednesday
  });

  it('Spring Festival 2026: 02-15..02-23 off, Saturdays 02-14 and 02-28 worked (国务院办公厅 2026 notice)', () => {
    for (let d = '2026-02-15'; d <= '2026-02-23'; d = addDays(d, 1)) expect(cal.isWorkingDay(d), d).toBe(false);
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    expect(cal.isWorkingDay('2026-02-28')).toBe(true);
    expect(cal.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(cal.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    expect(cal.workingDaysBetween('2026-02-13', '2026-02-28')).toBe(6); // 14, 24, 25, 26, 27, 28
  });

  it('an immediate count (0 days) is the start day itself', () => {
    expect(cal.addWorkingDays('2025-10-01', 0)).toBe('2025-10-01');
  });

  it('agrees with chinese-days for every day of every bundled year', () => {
    const years = cal.years();
    expect(years[0]).toBe(2004);
    expect(years).toContain(2026);
    for (let d = toDayNumber(`${years[0]}-01-01`); d <= toDayNumber(`${years.at(-1)}-12-31`); d++) {
      const iso = fromDayNumber(d);
      if (cal.isWorkingDay(iso) !== chineseDaysIsWorkday(iso)) expect.fail(`${iso} differs from chinese-days`);
    }
  });

  it('refuses years it has no calendar for, naming the year', () => {
    expect(cal.hasYear(2031)).toBe(false);
    expect(() => cal.isWorkingDay('2031-03-03')).toThrow(CalendarYearMissing);
    expect(() => cal.isWorkingDay('2031-03-03')).toThrow(/2031/);
    // Counting from late 2026 runs into 2027, which chinese-days does not have.
    let err: unknown;
    try {
      cal.addWorkingDays('2026-12-20', 20);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CalendarYearMissing);
    expect((err as CalendarYearMissing).year).toBe(2027);
    expect((err as Error).message).toContain('2027 年的工作日历未加载');
    expect(() => new WorkingCalendar([]).isWorkingDay('2025-01-02')).toThrow(CalendarYearMissing);
  });

  it('a calendar table pushed by the center adds a year (and replaces a bundled one)', () => {
    const y2027 = CalendarYearTable.parse({
      year: 2027,
      holidays: ['2027-01-01'],
      workdays: ['2027-01-02'],
      source: 'test table',
    });
    const updated = cal.withTables(y2027);
    expect(updated.years()).toContain(2027);
    expect(updated.isWorkingDay('2027-01-01')).toBe(false); // Friday, holiday
    expect(updated.isWorkingDay('2027-01-02')).toBe(true); // Saturday, make-up
    expect(updated.addWorkingDays('2026-12-31', 1)).toBe('2027-01-02');
    expect(updated.addWorkingDays('2026-12-31', 2)).toBe('2027-01-04');
    expect(cal.hasYear(2027)).toBe(false); // the original is unchanged

    const replaced = cal.withTables({ year: 2025, holidays: [], workdays: [] });
    expect(replaced.isWorkingDay('2025-10-08')).toBe(true);
  });

  it('validates pushed tables: dates in the year, no day both off and worked, make-up days on weekends', () => {
    expect(CalendarYearTable.safeParse({ year: 2027, holidays: ['2026-12-31'], workdays: [] }).success).toBe(false);
    expect(CalendarYearTable.safeParse({ year: 2027, holidays: ['2027-02-30'], workdays: [] }).success).toBe(false);
    expect(CalendarYearTable.safeParse({ year: 2027, holidays: ['2027-01-02'], workdays: ['2027-01-02'] }).success).toBe(false);
    const weekdayWork = CalendarYearTable.safeParse({ year: 2027, holidays: [], workdays: ['2027-01-04'] });
    expect(weekdayWork.success).toBe(false);
    expect(weekdayWork.error?.issues[0]?.message).toContain('周六或周日');
  });

  it('the bundled tables carry every make-up working day of 2025', () => {
    const t2025 = bundledCalendarTables().find((t) => t.year === 2025)!;
    expect(t2025.workdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
  });

  it('property: working days between and add are consistent', () => {
    fc.assert(
      fc.property(dateIn('2010-01-01', '2025-12-31'), fc.integer({ min: 0, max: 60 }), (start, n) => {
        const due = cal.addWorkingDays(start, n);
        expect(cal.workingDaysBetween(start, due)).toBe(n);
        expect(cal.workingDaysBetween(due, start)).toBe(0 - n);
        if (n > 0) {
          expect(cal.isWorkingDay(due)).toBe(true);
          // No earlier date already has n working days.
          expect(cal.workingDaysBetween(start, addDays(due, -1))).toBe(n - 1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: counting is additive and agrees with day-by-day enumeration', () => {
    fc.assert(
      fc.property(dateIn('2010-01-01', '2025-06-30'), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 20 }), (a, x, y, m) => {
        const b = addDays(a, x);
        const c = addDays(b, y);
        expect(cal.workingDaysBetween(a, c)).toBe(cal.workingDaysBetween(a, b) + cal.workingDaysBetween(b, c));
        expect(cal.workingDaysIn(a, b).length).toBe(cal.workingDaysBetween(a, b));
        expect(cal.addWorkingDays(cal.addWorkingDays(a, x % 30), m)).toBe(cal.addWorkingDays(a, (x % 30) + m));
      }),
      { numRuns: 200 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  fromCompact,
  fromDayNumber,
  IsoDate,
  isIsoDate,
  toCompact,
  toDayNumber,
  weekday,
} from '../../../src-shared/domain/dates';

describe('calendar dates', () => {
  it('knows real dates from impossible ones', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2025-04-31')).toBe(false);
    expect(isIsoDate('2025-4-30')).toBe(false);
    expect(IsoDate.safeParse('2025-13-01').success).toBe(false);
  });

  it('counts days and weekdays independent of the time zone (1970-01-01 was a Thursday)', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(weekday('1970-01-01')).toBe(4);
    expect(weekday('1949-10-01')).toBe(6);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('1900-03-01', -1)).toBe('1900-02-28');
  });

  it('converts to and from the YYYYMMDD exchange format', () => {
    expect(toCompact('2025-09-30')).toBe('20250930');
    expect(fromCompact('20250930')).toBe('2025-09-30');
    expect(fromCompact('20250931')).toBeNull();
  });

  it('property: day numbers round-trip and agree with Date.UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber('1850-01-01'), max: toDayNumber('2200-12-31') }), (n) => {
        const iso = fromDayNumber(n);
        expect(isIsoDate(iso)).toBe(true);
        expect(toDayNumber(iso)).toBe(n);
        expect(weekday(iso)).toBe(new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10))).getUTCDay());
      }),
    );
  });
});

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { YichuangDb } from '../../../src-renderer/db/database';
import { CalendarRepository } from '../../../src-renderer/db/calendarRepository';
import { CalendarYearMissing } from '../../../src-shared/domain/calendar';

const dbs: YichuangDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('the window calendar', () => {
  it('counts with the bundled years and refuses a year nobody published', async () => {
    const db = new YichuangDb(`cal-${crypto.randomUUID()}`);
    dbs.push(db);
    const cal = await new CalendarRepository(db).calendar();
    expect(cal.isWorkingDay('2026-10-01')).toBe(false);
    expect(() => cal.isWorkingDay('2031-06-02')).toThrow(CalendarYearMissing);
  });

  it('adds the years the center publishes, and keeps them across restarts', async () => {
    const db = new YichuangDb(`cal-${crypto.randomUUID()}`);
    dbs.push(db);
    await new CalendarRepository(db).replacePublished([{ year: 2031, holidays: ['2031-06-02'], workdays: [], source: 'test' }]);
    const cal = await new CalendarRepository(db).calendar();
    expect(cal.isWorkingDay('2031-06-02')).toBe(false);
    expect(cal.isWorkingDay('2031-06-03')).toBe(true);
  });
});

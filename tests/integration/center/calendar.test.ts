// The province publishes calendar years the windows lack (e.g. next year's holidays
// once the State Council's notice is out); only operators may load one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCenter, type Center } from '../../../src-center/app';
import { CalendarResponse } from '../../../src-shared/protocol/sync';
import { WorkingCalendar, bundledCalendarTables } from '../../../src-shared/domain/calendar';
import { backends, type Place } from './backends';

const TOKEN = 'test-admin-token-0123456789';
// A made-up year for the test only: holidays on weekdays, one make-up Saturday.
const YEAR = {
  year: 2031,
  holidays: ['2031-01-01', '2031-10-01', '2031-10-02', '2031-10-03'],
  workdays: ['2031-09-27'],
  source: 'test notice',
};

describe.each(backends)('calendar on $name', (backend) => {
  let place: Place;
  let center: Center;
  beforeAll(async () => {
    process.env.CENTER_ADMIN_TOKEN = TOKEN;
    place = await backend.fresh();
    center = await createCenter(place.opts);
  });
  afterAll(async () => {
    delete process.env.CENTER_ADMIN_TOKEN;
    await center?.close();
    await place?.cleanup();
  });

  const put = (body: unknown, token = TOKEN, year = 2031) =>
    center.app.inject({ method: 'PUT', url: `/v1/calendar/${year}`, headers: { authorization: `Bearer ${token}` }, payload: body as object });

  it('starts with no published years', async () => {
    const res = await center.app.inject({ url: '/v1/calendar' });
    expect(CalendarResponse.parse(res.json()).years).toEqual([]);
  });

  it('refuses to load a year without the operator token', async () => {
    expect((await put(YEAR, 'wrong-token-wrong-token-00')).statusCode).toBe(401);
    expect((await center.app.inject({ method: 'PUT', url: '/v1/calendar/2031', payload: YEAR })).statusCode).toBe(401);
  });

  it('refuses a malformed year naming the field and the rule', async () => {
    const res = await put({ ...YEAR, workdays: ['2031-09-24'] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: expect.stringContaining('workdays') });
    expect(res.json().message).toContain('周六或周日');
    expect((await put({ ...YEAR, year: 2030 })).statusCode).toBe(400);
  });

  it('publishes a loaded year, which a window calendar then counts with', async () => {
    expect((await put(YEAR)).statusCode).toBe(200);
    expect((await put({ ...YEAR, source: 'corrected notice' })).statusCode).toBe(200);
    const years = CalendarResponse.parse((await center.app.inject({ url: '/v1/calendar' })).json()).years;
    expect(years).toEqual([{ ...YEAR, source: 'corrected notice' }]);
    const cal = new WorkingCalendar([...bundledCalendarTables(), ...years]);
    expect(cal.isWorkingDay('2031-10-01')).toBe(false);
    expect(cal.isWorkingDay('2031-09-27')).toBe(true);
    expect(() => new WorkingCalendar(bundledCalendarTables()).isWorkingDay('2031-10-01')).toThrow(/2031/);
  });
});

describe('calendar loading without CENTER_ADMIN_TOKEN', () => {
  it('is closed', async () => {
    const center = await createCenter({});
    try {
      const res = await center.app.inject({ method: 'PUT', url: '/v1/calendar/2031', headers: { authorization: 'Bearer x' }, payload: YEAR });
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toContain('CENTER_ADMIN_TOKEN');
    } finally {
      await center.close();
    }
  });
});

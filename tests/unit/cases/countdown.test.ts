/**
 * The countdown the cases list shows: words and colour from a stored row and a date, with
 * the bundled working-day calendar (2025 National Day: 1–8 October off, Saturday 11
 * October a make-up working day; the bundled data end with 2026).
 */
import { describe, expect, it } from 'vitest';
import { bundledCalendar, WorkingCalendar } from '../../../src-shared/domain/calendar';
import { translate } from '../../../src-renderer/app/i18n';
import { countdownMessage, countdownOf, CountdownCache, type Countdown } from '../../../src-renderer/features/cases/countdown';
import { IMMEDIATE_ITEM, promisedItem, rowOf } from './helpers';

const zh = (cd: Countdown) => {
  const m = countdownMessage(cd);
  return translate('zh-CN', m.key, m.params);
};

describe('countdown of an accepted case', () => {
  // Accepted 2025-09-30 with 5 working days: due 2025-10-14 (9, 10, Sat 11, 13, 14 October).
  const row = rowOf({ item: promisedItem(5), receivedOn: '2025-09-30', decision: 'accept' });

  it('counts working days left, skipping the holiday and counting the make-up Saturday', () => {
    const cd = countdownOf(row, '2025-10-09');
    expect(cd.kind).toBe('running');
    expect(cd.kind === 'running' && cd.dueDate).toBe('2025-10-14');
    expect(zh(cd)).toBe('剩余 4 个工作日');
    expect(cd.level).toBe('normal');
    // During the holiday nothing has been used yet.
    expect(zh(countdownOf(row, '2025-10-05'))).toBe('剩余 5 个工作日');
    // The make-up Saturday counts: on Monday 13 October one day is left.
    expect(zh(countdownOf(row, '2025-10-13'))).toBe('剩余 1 个工作日');
  });

  it('turns yellow at the default threshold (2 working days) and says so on the due day', () => {
    expect(countdownOf(row, '2025-10-10').level).toBe('normal'); // 3 left
    expect(countdownOf(row, '2025-10-11').level).toBe('yellow'); // 2 left (make-up Saturday)
    const due = countdownOf(row, '2025-10-14');
    expect(due.level).toBe('yellow');
    expect(zh(due)).toBe('今日到期');
  });

  it('turns red once overdue, counting overdue working days', () => {
    const cd = countdownOf(row, '2025-10-16');
    expect(cd.level).toBe('red');
    expect(zh(cd)).toBe('超期 2 个工作日');
    expect(translate('en', countdownMessage(cd).key, countdownMessage(cd).params)).toBe('2 working days overdue');
  });

  it('takes the province thresholds as given', () => {
    expect(countdownOf(row, '2025-10-09', { thresholds: { yellowRemainingDays: 4 } }).level).toBe('yellow');
    expect(countdownOf(row, '2025-10-09', { thresholds: { yellowRemainingDays: 3 } }).level).toBe('normal');
    // Half of the 5 days: yellow with 2 or fewer left.
    expect(countdownOf(row, '2025-10-10', { thresholds: { yellowRemainingRatio: 0.5 } }).level).toBe('normal');
    expect(countdownOf(row, '2025-10-11', { thresholds: { yellowRemainingRatio: 0.5 } }).level).toBe('yellow');
  });

  it('refuses thresholds that set nothing, naming rule 8', () => {
    expect(() => countdownOf(row, '2025-10-09', { thresholds: {} })).toThrow(/rule 8/);
  });
});

describe('a due date that cannot be computed is pending, never guessed (rule 4)', () => {
  it('when the count runs into a year with no calendar', () => {
    // 20 working days from 2026-12-20 reach into 2027, which the bundled data do not hold.
    expect(bundledCalendar().hasYear(2027)).toBe(false);
    const row = rowOf({ item: promisedItem(20), receivedOn: '2026-12-20', decision: 'accept' });
    const cd = countdownOf(row, '2026-12-21');
    expect(cd.level).toBe('pending');
    expect(zh(cd)).toMatch(/^到期日待定：.*2027/);
  });

  it('shows the reason the intake recorded', () => {
    const reason = '2027 年工作日历未加载，待中心下发';
    const row = rowOf({ item: promisedItem(20), receivedOn: '2026-12-20', decision: 'accept', dueDatePending: reason });
    expect(zh(countdownOf(row, '2026-12-21'))).toBe(`到期日待定：${reason}`);
  });

  it('computes once the center has sent the missing year', () => {
    const row = rowOf({ item: promisedItem(20), receivedOn: '2026-12-20', decision: 'accept', dueDatePending: 'x' });
    // A 2027 table with no holidays: only weekends are off.
    const calendar = bundledCalendar().withTables({ year: 2027, holidays: [], workdays: [] });
    const cd = countdownOf(row, '2026-12-21', { calendar });
    expect(cd.kind).toBe('running');
    expect(cd.level).toBe('normal');
  });

  it('when today itself lies in a year with no calendar', () => {
    const row = rowOf({ item: promisedItem(5), receivedOn: '2026-12-01', decision: 'accept' });
    expect(countdownOf(row, '2026-12-02').kind).toBe('running');
    expect(countdownOf(row, '2027-01-04').level).toBe('pending');
  });

  it('with an empty calendar, any date is pending', () => {
    const row = rowOf({ item: promisedItem(5), receivedOn: '2025-09-30', decision: 'accept' });
    expect(countdownOf(row, '2025-10-09', { calendar: new WorkingCalendar([]) }).level).toBe('pending');
  });
});

describe('rule 2 for cases awaiting a supplement', () => {
  it('a notice issued on the day of receipt settles the 5-day rule', () => {
    const row = rowOf({ item: promisedItem(5), receivedOn: '2025-09-30', decision: 'supplement' });
    const cd = countdownOf(row, '2025-10-20');
    expect(cd.kind).toBe('supplement');
    expect(cd.level).toBe('normal');
  });

  it('without a notice: alert (yellow) from the 4th working day, deemed accepted (red) after the 5th', () => {
    // Received Monday 2025-11-03: working days 4, 5, 6, 7, 10 November; the 4th is the 7th, the 5th the 10th.
    const row = rowOf({ item: promisedItem(5), receivedOn: '2025-11-03', decision: 'supplement', status: 'awaiting-supplement', noDecision: true });
    expect(countdownOf(row, '2025-11-06').level).toBe('normal');
    const alert = countdownOf(row, '2025-11-07');
    expect(alert.level).toBe('yellow');
    expect(zh(alert)).toBe('须在 2025-11-10 前告知补正，剩余 1 个工作日');
    expect(countdownOf(row, '2025-11-10').level).toBe('yellow');
    const deemed = countdownOf(row, '2025-11-11');
    expect(deemed.level).toBe('red');
    expect(zh(deemed)).toBe('逾期未告知补正：自 2025-11-03 起视为受理');
  });
});

describe('cases without a running clock', () => {
  it('refused and completed cases show no countdown and never warn', () => {
    const refused = countdownOf(rowOf({ item: promisedItem(5), receivedOn: '2025-01-02', decision: 'refuse' }), '2026-06-01');
    expect(refused.level).toBe('normal');
    expect(zh(refused)).toBe('—');
    const done = countdownOf(rowOf({ item: IMMEDIATE_ITEM, receivedOn: '2025-01-02', decision: 'complete' }), '2026-06-01');
    expect(done.level).toBe('normal');
    expect(zh(done)).toBe('已办结');
  });
});

describe('the countdown cache', () => {
  it('recomputes when the row changes, not otherwise', () => {
    const row = rowOf({ item: promisedItem(5), receivedOn: '2025-09-30', decision: 'accept' });
    const cache = new CountdownCache('2025-10-16');
    expect(cache.get(row)).toBe(cache.get(row));
    expect(cache.level(row)).toBe('red');
    const completed = { ...row, status: 'completed' as const, updatedAt: '2025-10-16T09:00:00+08:00' };
    expect(cache.level(completed)).toBe('normal');
  });
});

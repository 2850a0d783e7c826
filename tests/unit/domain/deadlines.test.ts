import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundledCalendar, CalendarYearMissing } from '../../../src-shared/domain/calendar';
import { addDays, fromDayNumber, toDayNumber } from '../../../src-shared/domain/dates';
import {
  addExtension,
  clockStatus,
  dueDate,
  remainingExtensionDays,
  RULE_EXTENSION,
  supplementNoticeAlert,
  type CaseClockInput,
} from '../../../src-shared/domain/deadlines';
import { DomainRuleError } from '../../../src-shared/domain/errors';

const cal = bundledCalendar();

// 2025-03-03 is a Monday in an ordinary week: 5 working days → Monday 2025-03-10.
const base: CaseClockInput = { acceptedOn: '2025-03-03', promisedDays: 5 };
const ext = (days: number) => ({ days, approver: '李局长', reason: '需现场核查', approvedOn: '2025-03-05' });

function ruleError(fn: () => unknown): DomainRuleError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainRuleError) return e;
    throw e;
  }
  throw new Error('expected a DomainRuleError');
}

describe('due dates', () => {
  it('counts working days from the day after acceptance, across holidays (2025-09-30 + 5 → 2025-10-14)', () => {
    expect(dueDate({ acceptedOn: '2025-09-30', promisedDays: 5 }, cal)).toBe('2025-10-14');
    expect(dueDate(base, cal)).toBe('2025-03-10');
  });

  it('an immediate case (promised 0) is due the same day', () => {
    expect(dueDate({ acceptedOn: '2025-10-01', promisedDays: 0 }, cal)).toBe('2025-10-01');
    const onTheDay = clockStatus({ acceptedOn: '2025-03-03', promisedDays: 0 }, '2025-03-03', cal);
    expect(onTheDay).toMatchObject({ dueDate: '2025-03-03', level: 'normal', overdue: false });
    expect(clockStatus({ acceptedOn: '2025-03-03', promisedDays: 0 }, '2025-03-04', cal)).toMatchObject({ level: 'red', overdue: true });
  });

  it('an immediate case cannot be extended', () => {
    const e = ruleError(() => addExtension({ acceptedOn: '2025-03-03', promisedDays: 0 }, ext(1)));
    expect(e.message).toContain('即办件');
  });

  it('a special procedure stops the clock for its working days (rule 7)', () => {
    // Paused Wed 03-05 .. Thu 03-06: counted days are 03-04, 03-07, 03-10, 03-11, 03-12.
    const paused: CaseClockInput = {
      ...base,
      pauses: [{ kind: 'special-procedure', procedure: 'expert-review', start: '2025-03-05', end: '2025-03-06', reason: '专家评审' }],
    };
    expect(dueDate(paused, cal)).toBe('2025-03-12');
    // A pause over a weekend only costs nothing.
    expect(dueDate({ ...base, pauses: [{ kind: 'supplement', start: '2025-03-08', end: '2025-03-09', reason: '补正' }] }, cal)).toBe('2025-03-10');
    // Overlapping pauses count once.
    expect(
      dueDate(
        {
          ...base,
          pauses: [
            { kind: 'special-procedure', procedure: 'hearing', start: '2025-03-05', end: '2025-03-06', reason: '听证' },
            { kind: 'supplement', start: '2025-03-06', end: '2025-03-06', reason: '补正' },
          ],
        },
        cal,
      ),
    ).toBe('2025-03-12');
  });

  it('a running pause leaves the due date unknown, and the status says paused', () => {
    const running: CaseClockInput = { ...base, pauses: [{ kind: 'special-procedure', procedure: 'testing', start: '2025-03-05', reason: '送检' }] };
    expect(dueDate(running, cal)).toBeNull();
    const s = clockStatus(running, '2025-03-20', cal);
    expect(s).toMatchObject({ dueDate: null, paused: true, usedDays: 1, remainingDays: 4, overdue: false });
  });

  it('a pause needs a reason, an end not before its start, and a start not before acceptance', () => {
    expect(ruleError(() => dueDate({ ...base, pauses: [{ kind: 'supplement', start: '2025-03-05', reason: ' ' }] }, cal)).field).toBe('pauses.0.reason');
    expect(ruleError(() => dueDate({ ...base, pauses: [{ kind: 'supplement', start: '2025-03-05', end: '2025-03-04', reason: '补正' }] }, cal)).field).toBe('pauses.0.end');
    expect(ruleError(() => dueDate({ ...base, pauses: [{ kind: 'supplement', start: '2025-03-01', reason: '补正' }] }, cal)).field).toBe('pauses.0.start');
    expect(ruleError(() => dueDate({ ...base, pauses: [{ kind: 'special-procedure', start: '2025-03-05', reason: '听证' }] }, cal)).field).toBe('pauses.0.procedure');
  });

  it('property: the due date is the first day on which the counted (working, unpaused) days reach the total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber('2015-01-01'), max: toDayNumber('2025-06-30') }).map(fromDayNumber),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 15 })), { maxLength: 3 }),
        (acceptedOn, promisedDays, spans) => {
          const pauses = spans.map(([off, len]) => ({
            kind: 'supplement' as const,
            start: addDays(acceptedOn, off),
            end: addDays(acceptedOn, off + len),
            reason: '补正材料',
          }));
          const due = dueDate({ acceptedOn, promisedDays, pauses }, cal)!;
          const paused = (d: string) => pauses.some((p) => d >= p.start && d <= p.end);
          const counted = cal.workingDaysIn(acceptedOn, due).filter((d) => !paused(d));
          expect(counted.length).toBe(promisedDays);
          expect(counted.at(-1)).toBe(due);
          // Pauses never make a case due earlier.
          expect(due >= cal.addWorkingDays(acceptedOn, promisedDays)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses to compute into a year with no calendar loaded', () => {
    expect(() => dueDate({ acceptedOn: '2026-12-20', promisedDays: 20 }, cal)).toThrow(CalendarYearMissing);
    expect(() => clockStatus({ acceptedOn: '2026-12-20', promisedDays: 20 }, '2026-12-21', cal)).toThrow(/2027/);
  });
});

describe('extensions (rule 6)', () => {
  it('add working days to the due date and need an approver and a reason', () => {
    const c = addExtension(base, ext(3));
    expect(dueDate(c, cal)).toBe('2025-03-13');
    expect(remainingExtensionDays(c)).toBe(7);
    expect(ruleError(() => addExtension(base, { ...ext(3), approver: '' }))).toMatchObject({ field: 'extension.approver', rule: RULE_EXTENSION });
    expect(ruleError(() => addExtension(base, { ...ext(3), reason: '  ' }))).toMatchObject({ field: 'extension.reason', rule: RULE_EXTENSION });
  });

  it('are capped at 10 working days in total, 15 for joint handling, with an error naming the rule', () => {
    const ten = addExtension(addExtension(base, ext(6)), ext(4));
    expect(remainingExtensionDays(ten)).toBe(0);
    const over = ruleError(() => addExtension(ten, ext(1)));
    expect(over.rule).toBe(RULE_EXTENSION);
    expect(over.message).toContain('上限10个工作日');
    expect(over.message).toContain('第四十二条');

    const joint = addExtension({ ...base, jointHandling: true }, ext(15));
    expect(dueDate(joint, cal)).toBe(cal.addWorkingDays('2025-03-03', 20));
    expect(ruleError(() => addExtension(joint, ext(1))).message).toContain('上限15个工作日');
    expect(() => addExtension(base, ext(11))).toThrow(DomainRuleError);
  });

  it('property: any sequence of extensions is accepted exactly while the total stays within the cap', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 5 }), (joint, days) => {
        let clock: CaseClockInput = { ...base, jointHandling: joint };
        let total = 0;
        for (const d of days) {
          total += d;
          if (total <= (joint ? 15 : 10)) {
            clock = addExtension(clock, ext(d));
            expect(dueDate(clock, cal)).toBe(cal.addWorkingDays('2025-03-03', 5 + total));
          } else {
            expect(() => addExtension(clock, ext(d))).toThrow(DomainRuleError);
            total -= d;
          }
        }
      }),
    );
  });
});

describe('warnings (rule 8)', () => {
  it('yellow when the remaining working days reach the threshold, red once overdue', () => {
    const levels = ['2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-10', '2025-03-11'].map((d) => [
      d,
      clockStatus(base, d, cal, { yellowRemainingDays: 2 }).level,
      clockStatus(base, d, cal).remainingDays,
    ]);
    expect(levels).toEqual([
      ['2025-03-04', 'normal', 4],
      ['2025-03-05', 'normal', 3],
      ['2025-03-06', 'yellow', 2],
      ['2025-03-07', 'yellow', 1],
      ['2025-03-08', 'yellow', 1], // Saturday: nothing counted
      ['2025-03-10', 'yellow', 0], // due today
      ['2025-03-11', 'red', -1],
    ]);
    expect(clockStatus(base, '2025-03-11', cal)).toMatchObject({ overdue: true, overdueDays: 1 });
    expect(clockStatus(base, '2025-03-10', cal).reasons[0]).toContain('今日到期');
  });

  it('thresholds are configurable: a share of the total', () => {
    const twenty: CaseClockInput = { acceptedOn: '2025-03-03', promisedDays: 20 };
    // 25 % of 20 = 5 days left → yellow; 6 left → normal.
    const sixLeft = cal.addWorkingDays('2025-03-03', 14);
    const fiveLeft = cal.addWorkingDays('2025-03-03', 15);
    expect(clockStatus(twenty, sixLeft, cal, { yellowRemainingRatio: 0.25 }).level).toBe('normal');
    expect(clockStatus(twenty, fiveLeft, cal, { yellowRemainingRatio: 0.25 }).level).toBe('yellow');
    expect(clockStatus(twenty, fiveLeft, cal, { yellowRemainingDays: 3 }).level).toBe('normal');
    expect(() => clockStatus(twenty, fiveLeft, cal, {})).toThrow();
  });

  it('red when a single step is overdue, even with plenty of time left', () => {
    const s = clockStatus({ ...base, promisedDays: 20, steps: [{ name: '部门审查', dueOn: '2025-03-05' }] }, '2025-03-06', cal);
    expect(s).toMatchObject({ level: 'red', overdue: false, overdueSteps: ['部门审查'] });
    const done = clockStatus({ ...base, promisedDays: 20, steps: [{ name: '部门审查', dueOn: '2025-03-05', doneOn: '2025-03-05' }] }, '2025-03-06', cal);
    expect(done.level).toBe('normal');
  });

  it('a completed case is judged at completion: on time is normal, late stays red', () => {
    expect(clockStatus({ ...base, completedOn: '2025-03-10' }, '2025-04-01', cal)).toMatchObject({ completed: true, level: 'normal', overdue: false });
    expect(clockStatus({ ...base, completedOn: '2025-03-12' }, '2025-04-01', cal)).toMatchObject({ completed: true, level: 'red', overdueDays: 2 });
  });

  it('time paused does not count towards the warning', () => {
    const paused: CaseClockInput = { ...base, pauses: [{ kind: 'supplement', start: '2025-03-05', end: '2025-03-06', reason: '补正' }] };
    expect(clockStatus(paused, '2025-03-06', cal)).toMatchObject({ usedDays: 1, remainingDays: 4, paused: true, level: 'normal' });
    expect(clockStatus(paused, '2025-03-07', cal)).toMatchObject({ usedDays: 2, paused: false });
  });
});

describe('notice to supplement within 5 working days (rule 2)', () => {
  // Received Fri 2025-09-26. Working days after it: 09-28 (Sun, make-up) 1, 09-29 2, 09-30 3,
  // National Day 10-01..10-08, 10-09 4, 10-10 5.
  const received = { receivedOn: '2025-09-26' };

  it('is pending, then alerts on the 4th working day, then deems the case accepted from receipt', () => {
    expect(supplementNoticeAlert(received, '2025-09-30', cal)).toMatchObject({ state: 'pending', lastDay: '2025-10-10', alertFrom: '2025-10-09', workingDaysLeft: 2 });
    expect(supplementNoticeAlert(received, '2025-10-08', cal)).toMatchObject({ state: 'pending', workingDaysLeft: 2 });
    expect(supplementNoticeAlert(received, '2025-10-09', cal)).toMatchObject({ state: 'alert', workingDaysLeft: 1 });
    const last = supplementNoticeAlert(received, '2025-10-10', cal);
    expect(last).toMatchObject({ state: 'alert', workingDaysLeft: 0 });
    expect(last.message).toContain('2025-10-10');
    const deemed = supplementNoticeAlert(received, '2025-10-11', cal);
    expect(deemed).toMatchObject({ state: 'deemed-accepted', deemedAcceptedOn: '2025-09-26' });
    expect(deemed.message).toContain('第三十二条');
  });

  it('is settled by a notice or a decision in time; a late notice does not undo it', () => {
    expect(supplementNoticeAlert({ ...received, noticeIssuedOn: '2025-10-10' }, '2025-10-20', cal).state).toBe('settled');
    expect(supplementNoticeAlert({ ...received, decidedOn: '2025-09-29' }, '2025-10-20', cal).state).toBe('settled');
    expect(supplementNoticeAlert({ ...received, noticeIssuedOn: '2025-10-13' }, '2025-10-13', cal).state).toBe('deemed-accepted');
    // A notice dated after the status date has not happened yet.
    expect(supplementNoticeAlert({ ...received, noticeIssuedOn: '2025-10-09' }, '2025-10-08', cal).state).toBe('pending');
  });

  it('the alert day is configurable within the 5 days', () => {
    expect(supplementNoticeAlert(received, '2025-09-29', cal, { alertOnWorkingDay: 2 }).state).toBe('alert');
    expect(() => supplementNoticeAlert(received, '2025-09-29', cal, { alertOnWorkingDay: 6 })).toThrow(DomainRuleError);
  });
});

import { describe, expect, it } from 'vitest';
import { previewDueDate } from '../../../src-renderer/features/intake/deadline';
import { heldShas, isIntakeData, newIntake, referencedShas, withItem } from '../../../src-renderer/features/intake/model';
import { intakeShortcutFor } from '../../../src-renderer/features/intake/shortcuts';
import { WorkingCalendar, bundledCalendar } from '../../../src-shared/domain/calendar';
import { FOOD, IMMEDIATE } from './fixtures';

const ref = (c: string) => ({ sha256: c.repeat(64), name: 'x.pdf', mediaType: 'application/pdf' as const, size: 10, pages: 1 });

describe('the intake record', () => {
  it('choosing an item sets up its form and checklist, keeps the applicant, and moves to a kind the item takes', () => {
    let d = newIntake('33333333-3333-4333-8333-333333333333', '2026-11-26T09:00:00+08:00');
    d.applicantKind = 'organisation';
    d.person.name = '张三';
    d = withItem(d, IMMEDIATE, 2); // persons only
    expect(d.applicantKind).toBe('person');
    expect(d.person.name).toBe('张三');
    expect(Object.keys(d.materials)).toEqual(['form']);

    d = withItem(d, FOOD, 2);
    d.materials['licence'] = { originalSeen: false, copiesReceived: 1, scan: ref('c') };
    d.form['entityName'] = '好味小吃';
    // Choosing the same item again (e.g. after looking at others) keeps what was entered.
    const same = withItem(d, FOOD, 3);
    expect(same.materials['licence']?.copiesReceived).toBe(1);
    expect(same.form['entityName']).toBe('好味小吃');
    expect(same.catalogVersion).toBe(3);
    // Another item starts its own form and checklist afresh.
    expect(withItem(d, IMMEDIATE, 3).materials).toEqual({ form: { originalSeen: false, copiesReceived: 0, scan: null } });
  });

  it('the catalog row is stored without its search indexes', () => {
    const cached = { ...FOOD, nameInitials: ['s'], searchKeys: ['spjy'] };
    const d = withItem(newIntake('33333333-3333-4333-8333-333333333333', '2026-11-26T09:00:00+08:00'), cached, 1);
    expect(d.item).not.toHaveProperty('searchKeys');
    expect(isIntakeData(JSON.parse(JSON.stringify(d)))).toBe(true);
    expect(isIntakeData({ v: 2 })).toBe(false);
  });

  it("an agent's power of attorney counts only while there is an agent, but the draft keeps its bytes", () => {
    const d = withItem(newIntake('33333333-3333-4333-8333-333333333333', '2026-11-26T09:00:00+08:00'), FOOD, 1);
    d.materials['form'] = { originalSeen: true, copiesReceived: 0, scan: ref('a') };
    d.agent.powerOfAttorney = ref('b');
    expect([...referencedShas(d)]).toEqual(['a'.repeat(64)]);
    expect([...heldShas(d)].sort()).toEqual(['a'.repeat(64), 'b'.repeat(64)]);
    d.agent.enabled = true;
    expect([...referencedShas(d)].sort()).toEqual(['a'.repeat(64), 'b'.repeat(64)]);
  });
});

describe('the due date preview', () => {
  it('counts promised working days from the day after acceptance; immediate items are due the same day', () => {
    expect(previewDueDate('accept', FOOD, '2025-09-30', bundledCalendar())).toEqual({ kind: 'date', date: '2025-10-14', workingDays: 5 });
    expect(previewDueDate('complete', IMMEDIATE, '2025-09-30', bundledCalendar())).toEqual({ kind: 'date', date: '2025-09-30', workingDays: 0 });
    expect(previewDueDate('refuse', FOOD, '2025-09-30', bundledCalendar())).toEqual({ kind: 'none' });
  });

  it('says which year is missing instead of guessing, also when the count crosses into it', () => {
    const only2025 = new WorkingCalendar([bundledCalendar().table(2025)]);
    expect(previewDueDate('accept', FOOD, '2025-12-29', only2025)).toEqual({ kind: 'pending', year: 2026 });
  });
});

describe('intake keys', () => {
  const key = (k: Partial<KeyboardEvent>) => intakeShortcutFor({ key: '', code: '', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...k });
  it('maps Alt+N, Alt+B, Ctrl+Enter, F2 and Ctrl+S by physical key', () => {
    expect(key({ altKey: true, code: 'KeyN', key: 'ñ' })).toBe('next');
    expect(key({ altKey: true, code: 'KeyB', key: 'b' })).toBe('back');
    expect(key({ ctrlKey: true, key: 'Enter', code: 'Enter' })).toBe('save');
    expect(key({ metaKey: true, key: 'Enter', code: 'NumpadEnter' })).toBe('save');
    expect(key({ key: 'F2', code: 'F2' })).toBe('idcard');
    expect(key({ ctrlKey: true, key: 's', code: 'KeyS' })).toBe('draft');
  });
  it('leaves other keys alone (typing, Alt+digits of the shell, Shift variants)', () => {
    expect(key({ key: 'n', code: 'KeyN' })).toBeNull();
    expect(key({ altKey: true, code: 'Digit1', key: '1' })).toBeNull();
    expect(key({ altKey: true, shiftKey: true, code: 'KeyN', key: 'N' })).toBeNull();
    expect(key({ key: 'Enter', code: 'Enter' })).toBeNull();
  });
});

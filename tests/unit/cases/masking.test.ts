import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeResidentId } from '../../../src-shared/domain/identifiers';
import { applicantIdForList, maskIdNumber } from '../../../src-renderer/features/cases/masking';
import { organisation, person } from './helpers';

describe('document numbers in the list', () => {
  it('a resident ID shows its first 4 and last 4 characters only', () => {
    const id = makeResidentId('130102', '1990-03-07', 123);
    const masked = maskIdNumber(id);
    expect(masked).toHaveLength(18);
    expect(masked.slice(0, 4)).toBe(id.slice(0, 4));
    expect(masked.slice(-4)).toBe(id.slice(-4));
    expect(masked.slice(4, 14)).toBe('*'.repeat(10));
    // The birth date is not readable.
    expect(masked).not.toContain('19900307');
  });

  it('keeps a check character X visible at the end', () => {
    const withX = Array.from({ length: 400 }, (_, i) => makeResidentId('130102', '1985-06-15', i + 1)).find((id) => id.endsWith('X'));
    expect(withX).toBeDefined();
    expect(maskIdNumber(withX!).endsWith('X')).toBe(true);
  });

  it('never shows more than half of any number', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40, unit: fc.constantFrom(...'0123456789ABCDEFX') }), (s) => {
        const m = maskIdNumber(s);
        expect(m).toHaveLength(s.length);
        const visible = [...m].filter((c) => c !== '*').length;
        expect(visible).toBeLessThanOrEqual(Math.floor(s.length / 2));
      }),
    );
  });

  it('short numbers keep less: a 9-character passport number shows 2 + 2', () => {
    expect(maskIdNumber('E12345678')).toBe('E1*****78');
    expect(maskIdNumber('123')).toBe('***');
  });

  it('masks persons, not organisations (credit codes are public)', () => {
    const p = person('王小明', '1990-03-07', 123);
    expect(applicantIdForList(p)).toBe(maskIdNumber(p.documentNumber));
    expect(applicantIdForList(p)).not.toBe(p.documentNumber);
    const o = organisation('石家庄某某科技有限公司');
    expect(applicantIdForList(o)).toBe(o.creditCode);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CASE_NUMBER_MAX_LENGTH,
  CaseNumber,
  DeviceId,
  formatCaseNumber,
  mod37_36Check,
  parseCaseNumber,
  type CaseNumberParts,
} from '../../../src-shared/domain/case-number';
import { fromDayNumber, toDayNumber } from '../../../src-shared/domain/dates';
import { type DomainRuleError } from '../../../src-shared/domain/errors';
import { MAINLAND_PROVINCE_CODES } from '../../../src-shared/domain/identifiers';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const parts: fc.Arbitrary<CaseNumberParts> = fc.record({
  regionCode: fc.tuple(fc.constantFrom(...MAINLAND_PROVINCE_CODES), digits(4)).map(([p, r]) => p + r),
  date: fc.integer({ min: toDayNumber('2020-01-01'), max: toDayNumber('2099-12-31') }).map(fromDayNumber),
  deviceId: fc.array(fc.constantFrom(...ALNUM), { minLength: 6, maxLength: 6 }).map((a) => a.join('')),
  seq: fc.integer({ min: 1, max: 999_999 }),
});

describe('case numbers', () => {
  it('lay out region, date, device, sequence and a check character, letters and digits only, within an..50', () => {
    const n = formatCaseNumber({ regionCode: '130102', date: '2025-09-30', deviceId: 'W00017', seq: 42 });
    expect(n.slice(0, 26)).toBe('13010220250930W00017000042');
    expect(n).toMatch(/^[0-9A-Z]{27}$/);
    expect(n.length).toBeLessThanOrEqual(CASE_NUMBER_MAX_LENGTH);
  });

  it('use ISO 7064 MOD 37,36 (the GRid example A12425GABC1234002 has check M)', () => {
    expect(mod37_36Check('A12425GABC1234002')).toBe('M');
  });

  it('property: parse(format(parts)) gives the parts back', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const n = formatCaseNumber(p);
        const r = parseCaseNumber(n);
        expect(r).toEqual({ ok: true, value: n, parts: p });
        expect(CaseNumber.parse(n.toLowerCase())).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it('property: different devices, dates, regions or sequences never give the same number', () => {
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        const same = a.regionCode === b.regionCode && a.date === b.date && a.deviceId === b.deviceId && a.seq === b.seq;
        expect(formatCaseNumber(a) === formatCaseNumber(b)).toBe(same);
      }),
      { numRuns: 500 },
    );
    // Two devices running the same sequence on the same day.
    const numbers = new Set<string>();
    for (const deviceId of ['W00001', 'W00002', 'K9Z3Q1'])
      for (let seq = 1; seq <= 500; seq++) numbers.add(formatCaseNumber({ regionCode: '130102', date: '2025-09-30', deviceId, seq }));
    expect(numbers.size).toBe(1500);
  });

  it('property: every single-character change is caught', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const n = formatCaseNumber(p);
        for (let i = 0; i < n.length; i++)
          for (const c of ALNUM) {
            if (c === n[i]) continue;
            expect(parseCaseNumber(n.slice(0, i) + c + n.slice(i + 1)).ok).toBe(false);
          }
      }),
      { numRuns: 40 },
    );
  });

  it('refuse bad parts with an error naming the field', () => {
    const ok = { regionCode: '130102', date: '2025-09-30', deviceId: 'W00017', seq: 1 };
    const field = (p: CaseNumberParts) => {
      try {
        formatCaseNumber(p);
      } catch (e) {
        return (e as DomainRuleError).field;
      }
      return null;
    };
    expect(field({ ...ok, regionCode: '990101' })).toBe('regionCode');
    expect(field({ ...ok, date: '2025-02-29' })).toBe('date');
    expect(field({ ...ok, deviceId: 'w00017' })).toBe('deviceId');
    expect(field({ ...ok, deviceId: 'W0001' })).toBe('deviceId');
    expect(field({ ...ok, seq: 0 })).toBe('seq');
    expect(field({ ...ok, seq: 1_000_000 })).toBe('seq');
    expect(DeviceId.safeParse('AB12CD').success).toBe(true);
  });

  it('parse refuses malformed numbers with a Chinese message', () => {
    const good = formatCaseNumber({ regionCode: '130102', date: '2025-09-30', deviceId: 'W00017', seq: 42 });
    expect(parseCaseNumber('')).toMatchObject({ ok: false, field: 'caseNumber' });
    expect(parseCaseNumber(good.slice(0, 26))).toMatchObject({ ok: false, message: expect.stringContaining('27位') });
    expect(parseCaseNumber(`${good.slice(0, 6)}20250230${good.slice(14)}`)).toMatchObject({ ok: false, message: expect.stringContaining('不是真实日期') });
    expect(parseCaseNumber(good.replace('W', '-')).ok).toBe(false);
    expect(CaseNumber.safeParse('x'.repeat(51)).success).toBe(false);
  });
});

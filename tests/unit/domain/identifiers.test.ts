import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, formatIsoDate, isRealDate } from '../../../src-shared/domain/dates';
import {
  applyCreditCodeOverride,
  CREDIT_AUTHORITIES,
  CREDIT_CODE_CHARSET,
  identityDocumentSchema,
  makeCreditCode,
  makePermanentResidenceId,
  makeResidencePermitNumber,
  makeResidentId,
  MAINLAND_PROVINCE_CODES,
  mod11_2Check,
  RULES,
  StoredCreditCode,
  validateCreditCode,
  validateDocumentNumber,
  validateHkMacaoTravelPermit,
  validatePassport,
  validatePermanentResidenceId,
  validateResidencePermit,
  validateResidentId,
  validateTaiwanTravelPermit,
  type ResidencePermitArea,
} from '../../../src-shared/domain/identifiers';

const TODAY = '2025-06-01';
const opts = { today: TODAY };

// ---- generators ----
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const mainlandRegion = fc.tuple(fc.constantFrom(...MAINLAND_PROVINCE_CODES), digits(4)).map(([p, r]) => p + r);
/** A real date between 1900-01-01 and TODAY. */
const birthDate = fc
  .tuple(fc.integer({ min: 1900, max: 2025 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
  .filter(([y, m, d]) => isRealDate(y, m, d))
  .map(([year, month, day]) => formatIsoDate({ year, month, day }))
  .filter((d) => d <= TODAY);
const seq = fc.integer({ min: 0, max: 999 });
const residentId = fc.tuple(mainlandRegion, birthDate, seq).map(([r, b, s]) => ({ region: r, birth: b, seq: s, id: makeResidentId(r, b, s) }));
const area = fc.constantFrom<ResidencePermitArea>('HK', 'MO', 'TW');

const ID_CHARS = '0123456789X';
/** Every string obtained by changing exactly one character to another of `alphabet`. */
function singleChanges(s: string, alphabet: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++)
    for (const c of alphabet) if (c !== s[i]) out.push(s.slice(0, i) + c + s.slice(i + 1));
  return out;
}
/** A 17-digit body with a valid MOD 11-2 check appended, so that only the part under test is wrong. */
const withCheck = (body17: string) => body17 + mod11_2Check(body17);

describe('resident ID number (GB 11643-1999)', () => {
  it('accepts the two examples printed in GB 11643-1999 and reads their facts', () => {
    const a = validateResidentId('11010519491231002X', opts);
    expect(a).toMatchObject({ ok: true, value: '11010519491231002X', facts: { birthDate: '1949-12-31', sex: 'female', regionCode: '110105', provinceName: '北京市' } });
    const b = validateResidentId('440524188001010014', opts);
    expect(b).toMatchObject({ ok: true, facts: { birthDate: '1880-01-01', sex: 'male', regionCode: '440524' } });
  });

  it('accepts a lower-case x, full-width digits and spaces, and stores the normalised number', () => {
    expect(validateResidentId('11010519491231002x', opts)).toMatchObject({ ok: true, value: '11010519491231002X' });
    expect(validateResidentId(' １１０１０５ 19491231 002x ', opts)).toMatchObject({ ok: true, value: '11010519491231002X' });
  });

  it('names the MOD 11-2 rule in Chinese when the check character is wrong', () => {
    const r = validateResidentId('110105194912310021', { today: TODAY, field: 'applicant.idNumber' });
    expect(r).toEqual({
      ok: false,
      kind: 'invalid',
      field: 'applicant.idNumber',
      rule: RULES.residentIdCheck,
      message: expect.stringContaining('校验位错误 (GB 11643-1999 MOD 11-2)'),
    });
  });

  it('property: generated numbers pass, with the birth date, sex and region they were built from', () => {
    fc.assert(
      fc.property(residentId, ({ region, birth, seq: s, id }) => {
        const r = validateResidentId(id, opts);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value).toBe(id);
        expect(r.facts.birthDate).toBe(birth);
        expect(r.facts.regionCode).toBe(region);
        expect(r.facts.sex).toBe(s % 2 === 1 ? 'male' : 'female');
      }),
      { numRuns: 300 },
    );
  });

  it('property: every single-character change of a valid number fails', () => {
    fc.assert(
      fc.property(residentId, ({ id }) => {
        for (const changed of singleChanges(id, ID_CHARS)) expect(validateResidentId(changed, opts).ok, changed).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses impossible birth dates even when the check character matches', () => {
    for (const date of ['20230229', '19000229', '20210431', '19991301', '20000010', '19850632']) {
      const r = validateResidentId(withCheck(`130102${date}123`), opts);
      expect(r, date).toMatchObject({ ok: false, rule: RULES.residentIdBirthDate });
      if (!r.ok) expect(r.message).toContain('不是真实存在的日期');
    }
    // 2024-02-29 exists.
    expect(validateResidentId(withCheck('13010220240229123'), opts).ok).toBe(true);
  });

  it('property: birth dates after "today" fail, "today" itself passes', () => {
    fc.assert(
      fc.property(mainlandRegion, fc.integer({ min: 1, max: 3000 }), seq, (region, ahead, s) => {
        const future = addDays(TODAY, ahead);
        if (future > '9999-12-31') return;
        const r = validateResidentId(makeResidentId(region, future, s), opts);
        expect(r).toMatchObject({ ok: false, rule: RULES.residentIdBirthDate });
      }),
    );
    expect(validateResidentId(makeResidentId('130102', TODAY, 1), opts).ok).toBe(true);
    // The same number is refused when checked a day earlier.
    expect(validateResidentId(makeResidentId('130102', TODAY, 1), { today: addDays(TODAY, -1) }).ok).toBe(false);
  });

  it('refuses region codes whose first two digits are not a mainland province (GB/T 2260)', () => {
    for (const region of ['000000', '990101', '191234', '711234', '400101']) {
      expect(validateResidentId(withCheck(`${region}19900101123`), opts), region).toMatchObject({ ok: false, rule: RULES.residentIdRegion });
    }
    const permit = validateResidentId(makeResidencePermitNumber('HK', '1990-01-01', 123), opts);
    expect(permit).toMatchObject({ ok: false, rule: RULES.residentIdRegion });
    if (!permit.ok) expect(permit.message).toContain('港澳台居民居住证');
  });

  it('refuses the retired 15-digit numbers, wrong lengths and letters with a field-level message', () => {
    expect(validateResidentId('130102900101123', opts)).toMatchObject({ ok: false, field: 'idNumber', rule: RULES.residentIdLength });
    expect(validateResidentId('1301021990010112', opts)).toMatchObject({ ok: false, rule: RULES.residentIdLength });
    expect(validateResidentId('13010219900101A234', opts)).toMatchObject({ ok: false, rule: RULES.residentIdCharset });
    expect(validateResidentId('', opts)).toMatchObject({ ok: false, rule: RULES.required, message: '请填写公民身份号码' });
  });
});

describe('residence permit for HK, Macao and Taiwan residents', () => {
  const permit = fc.tuple(area, birthDate, seq).map(([a, b, s]) => ({ a, b, s, n: makeResidencePermitNumber(a, b, s) }));

  it('property: generated permits pass with their area, birth date and sex; every single change fails', () => {
    fc.assert(
      fc.property(permit, ({ a, b, s, n }) => {
        expect(n.slice(0, 6)).toBe({ HK: '810000', MO: '820000', TW: '830000' }[a]);
        expect(validateResidencePermit(n, opts)).toMatchObject({ ok: true, value: n, facts: { area: a, birthDate: b, sex: s % 2 ? 'male' : 'female' } });
        for (const changed of singleChanges(n, ID_CHARS)) expect(validateResidencePermit(changed, opts).ok, changed).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses other prefixes', () => {
    expect(validateResidencePermit(withCheck('84000019900101123'), opts)).toMatchObject({ ok: false, rule: RULES.residencePermitFormat });
    expect(validateResidencePermit(makeResidentId('130102', '1990-01-01', 123), opts).ok).toBe(false);
  });
});

describe("foreigner's permanent residence ID card (2023 format)", () => {
  const card = fc
    .tuple(fc.constantFrom(...MAINLAND_PROVINCE_CODES), digits(3).filter((d) => d !== '000'), birthDate, seq)
    .map(([p, nat, b, s]) => ({ p, nat, b, s, n: makePermanentResidenceId(p, nat, b, s) }));

  it('property: generated numbers start with 9, pass with their facts; every single change fails', () => {
    fc.assert(
      fc.property(card, ({ p, nat, b, n }) => {
        expect(n).toMatch(/^9\d{16}[\dX]$/);
        expect(validatePermanentResidenceId(n, opts)).toMatchObject({ ok: true, facts: { provinceCode: p, nationalityCode: nat, birthDate: b } });
        for (const changed of singleChanges(n, ID_CHARS)) expect(validatePermanentResidenceId(changed, opts).ok, changed).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses numbers not starting with 9, a bad province, and the old 15-character format with a clear message', () => {
    expect(validatePermanentResidenceId(withCheck('81107619900101123'), opts)).toMatchObject({ ok: false, rule: RULES.permanentResidenceFormat });
    expect(validatePermanentResidenceId(withCheck('99907619900101123'), opts)).toMatchObject({ ok: false, rule: RULES.permanentResidenceFormat });
    const old = validatePermanentResidenceId('USA110090010112', opts);
    expect(old).toMatchObject({ ok: false, rule: RULES.permanentResidenceFormat });
    if (!old.ok) expect(old.message).toContain('2017版');
  });
});

describe('travel documents (format only)', () => {
  it('passports: letters and digits, 5–17, normalised to upper case', () => {
    expect(validatePassport('e12345678')).toMatchObject({ ok: true, value: 'E12345678', facts: { chinesePassportPattern: true } });
    expect(validatePassport('X1234567')).toMatchObject({ ok: true, facts: { chinesePassportPattern: false } });
    expect(validatePassport('E1234-5678')).toMatchObject({ ok: false, rule: RULES.passportFormat });
    expect(validatePassport('E12')).toMatchObject({ ok: false, rule: RULES.passportFormat });
    expect(validatePassport('ABCDEFGH')).toMatchObject({ ok: false, rule: RULES.passportFormat });
  });

  it('HK/Macao and Taiwan mainland travel permits', () => {
    expect(validateHkMacaoTravelPermit('h12345678')).toMatchObject({ ok: true, value: 'H12345678', facts: { area: 'HK' } });
    expect(validateHkMacaoTravelPermit('M1234567801')).toMatchObject({ ok: true, facts: { area: 'MO' } });
    expect(validateHkMacaoTravelPermit('T12345678')).toMatchObject({ ok: false, rule: RULES.mainlandTravelPermitFormat });
    expect(validateTaiwanTravelPermit('01234567')).toMatchObject({ ok: true });
    expect(validateTaiwanTravelPermit('0123456')).toMatchObject({ ok: false, rule: RULES.taiwanTravelPermitFormat });
  });
});

describe('document types (GA/T 2000.156)', () => {
  it('dispatches to the validator of the type', () => {
    const id = makeResidentId('130102', '1990-01-01', 123);
    expect(validateDocumentNumber('111', id, opts).ok).toBe(true);
    expect(validateDocumentNumber('414', id, opts).ok).toBe(false); // 18 characters: longer than a passport number
    expect(validateDocumentNumber('414', 'E12345678', opts).ok).toBe(true);
    expect(validateDocumentNumber('111', 'E12345678', opts).ok).toBe(false);
    expect(validateDocumentNumber('553', id, opts).ok).toBe(false);
    expect(validateDocumentNumber('154', id, opts).ok).toBe(false);
    expect(validateDocumentNumber('154', makeResidencePermitNumber('TW', '1990-01-01', 2), opts)).toMatchObject({ ok: true, facts: { area: 'TW', sex: 'female' } });
    expect(validateDocumentNumber('999', id, opts)).toMatchObject({ ok: false, rule: RULES.documentType });
  });

  it('identityDocumentSchema normalises the number and puts the message on docNumber', () => {
    const schema = identityDocumentSchema(TODAY);
    expect(schema.parse({ docType: '111', docNumber: '11010519491231002x' })).toEqual({ docType: '111', docNumber: '11010519491231002X' });
    const bad = schema.safeParse({ docType: '111', docNumber: '110105194912310021' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['docNumber'], message: expect.stringContaining('GB 11643-1999 MOD 11-2') });
    expect(schema.safeParse({ docType: '112', docNumber: 'x' }).success).toBe(false);
  });
});

describe('unified social credit code (GB 32100-2015)', () => {
  const authorityAndCategory = fc
    .constantFrom(...Object.keys(CREDIT_AUTHORITIES))
    .chain((a) => fc.constantFrom(...Object.keys(CREDIT_AUTHORITIES[a]!.categories)).map((c) => [a, c] as const));
  const orgBody = fc.array(fc.constantFrom(...CREDIT_CODE_CHARSET), { minLength: 8, maxLength: 8 }).map((a) => a.join(''));
  const creditCode = fc
    .tuple(authorityAndCategory, fc.oneof(mainlandRegion, fc.constant('100000')), orgBody)
    .map(([[authority, category], regionCode, body]) => makeCreditCode({ authority, category, regionCode, orgBody: body }));

  it('accepts codes in public circulation (e.g. 华为技术有限公司 914403001922038216)', () => {
    for (const code of ['914403001922038216', '91110108551385082Q', '9144030071526726XG', '91440300708461136T', '91110000802100433B'])
      expect(validateCreditCode(code), code).toMatchObject({ ok: true, kind: 'valid', value: code, facts: { authorityName: '工商', categoryName: '企业' } });
    expect(validateCreditCode('914403001922038216')).toMatchObject({ facts: { regionCode: '440300', orgCode: '192203821', regionName: '广东省' } });
  });

  it('accepts lower case and spaces, stores upper case', () => {
    expect(validateCreditCode(' 9144030071526726xg ')).toMatchObject({ ok: true, value: '9144030071526726XG' });
  });

  it('property: generated codes pass', () => {
    fc.assert(
      fc.property(creditCode, (code) => {
        expect(validateCreditCode(code)).toMatchObject({ ok: true, value: code });
      }),
      { numRuns: 300 },
    );
  });

  it('property: every single-character change fails; changing only the check character is "override allowed"', () => {
    fc.assert(
      fc.property(creditCode, (code) => {
        for (const changed of singleChanges(code, CREDIT_CODE_CHARSET + 'IOSVZ')) expect(validateCreditCode(changed).ok, changed).toBe(false);
        for (const c of CREDIT_CODE_CHARSET) {
          if (c === code[17]) continue;
          expect(validateCreditCode(code.slice(0, 17) + c)).toMatchObject({ ok: false, kind: 'override-allowed', rule: RULES.creditCodeCheck });
        }
      }),
      { numRuns: 60 },
    );
  });

  it('malformed codes are "invalid", never "override allowed"', () => {
    const cases: Array<[string, string]> = [
      ['91440300192203821', RULES.creditCodeLength],
      ['9144030019220382I6', RULES.creditCodeCharset],
      ['Z14403001922038216', RULES.creditCodeCharset],
      ['B14403001922038216', RULES.creditCodeAuthority],
      ['94440300192203821X', RULES.creditCodeCategory],
      ['91990300192203821X', RULES.creditCodeRegion],
      ['9144A300192203821X', RULES.creditCodeRegion],
    ];
    for (const [code, rule] of cases) expect(validateCreditCode(code), code).toMatchObject({ ok: false, kind: 'invalid', rule });
    const r = validateCreditCode('9144030019220382O6');
    if (!r.ok) expect(r.message).toContain('I、O、S、V、Z');
  });

  it('a code whose embedded organisation code (GB 11714) fails is "override allowed"', () => {
    // 19220382 has GB 11714 check 1; put 2 there and recompute only the GB 32100 check.
    const body = '91440300192203822';
    const code = body + CREDIT_CODE_CHARSET[(31 - ([...body].reduce((s, c, i) => s + CREDIT_CODE_CHARSET.indexOf(c) * [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28][i]!, 0) % 31)) % 31];
    expect(validateCreditCode(code)).toMatchObject({ ok: false, kind: 'override-allowed', rule: RULES.creditCodeOrgCheck });
  });

  it('a supervisor override with a reason lets a check-failing code be saved; never a malformed one', () => {
    const failing = validateCreditCode('914403001922038217');
    expect(failing.kind).toBe('override-allowed');
    const override = { supervisorId: 'u-7', supervisorName: '王主任', reason: '营业执照原件核对无误', at: '2025-06-01T09:30:00+08:00' };
    expect(applyCreditCodeOverride(failing, undefined)).toMatchObject({ ok: false, kind: 'invalid' });
    expect(applyCreditCodeOverride(failing, { ...override, reason: '' })).toMatchObject({ ok: false, field: 'creditCodeOverride.reason' });
    expect(applyCreditCodeOverride(failing, { ...override, supervisorId: '' }, 'org.override')).toMatchObject({ ok: false, field: 'org.override.supervisorId' });
    expect(applyCreditCodeOverride(failing, override)).toMatchObject({
      ok: true,
      value: '914403001922038217',
      facts: { override: { supervisorName: '王主任', rule: RULES.creditCodeCheck } },
    });
    expect(applyCreditCodeOverride(validateCreditCode('9144030019220382'), override)).toMatchObject({ ok: false, kind: 'invalid' });
    expect(StoredCreditCode.safeParse({ code: '914403001922038217' }).success).toBe(false);
    expect(StoredCreditCode.safeParse({ code: '914403001922038217', override }).success).toBe(true);
    expect(StoredCreditCode.safeParse({ code: '914403001922038217', override: { ...override, reason: '无' } }).error?.issues[0]?.path).toEqual(['override', 'reason']);
    expect(StoredCreditCode.safeParse({ code: '91440300192203821', override }).success).toBe(false);
  });
});

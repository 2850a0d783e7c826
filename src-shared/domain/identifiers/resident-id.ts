/**
 * 18-character identity numbers built like the citizen identity number of GB 11643-1999:
 *   AAAAAA YYYYMMDD SSS C
 *   - AAAAAA  address code (GB/T 2260), or a fixed prefix for other holders
 *   - YYYYMMDD birth date: a real date, not in the future
 *   - SSS     sequence: odd = male, even = female
 *   - C       ISO 7064 MOD 11-2 check character (0–9 or X)
 *
 * Three holders share this build:
 *   - resident ID card (居民身份证): address code = a mainland region (first two digits a
 *     real province code);
 *   - residence permit for Hong Kong, Macao and Taiwan residents (港澳台居民居住证, 2018):
 *     prefix 810000 (Hong Kong), 820000 (Macao), 830000 (Taiwan);
 *   - foreigner's permanent residence ID card, 2023 format (外国人永久居留身份证): "9", two
 *     digits of the accepting province, three digits of the nationality code, then birth
 *     date, sequence and check as above.
 *
 * A lower-case x is accepted and stored upper case. "Today" is a parameter so the
 * validators stay pure.
 */
import { formatIsoDate, isIsoDate, isRealDate, toDayNumber, type IsoDate } from '../dates';
import { mod11_2Check } from './mod11-2';
import { isMainlandProvinceCode, isPlausibleMainlandRegion, PROVINCES, provinceName } from './regions';
import { invalid, normaliseCode, RULES, valid, type Invalid, type ValidationResult } from './result';

export type Sex = 'male' | 'female';

export interface PersonFacts {
  birthDate: IsoDate;
  sex: Sex;
}

export interface ResidentIdFacts extends PersonFacts {
  /** GB/T 2260 address code (the first six digits). */
  regionCode: string;
  provinceName: string;
}

export type ResidencePermitArea = 'HK' | 'MO' | 'TW';
export const RESIDENCE_PERMIT_PREFIXES: Record<ResidencePermitArea, string> = {
  HK: '810000',
  MO: '820000',
  TW: '830000',
};
export const RESIDENCE_PERMIT_AREA_NAMES: Record<ResidencePermitArea, string> = {
  HK: '香港',
  MO: '澳门',
  TW: '台湾',
};

export interface ResidencePermitFacts extends PersonFacts {
  area: ResidencePermitArea;
  areaName: string;
}

export interface PermanentResidenceFacts extends PersonFacts {
  /** Province (GB/T 2260, two digits) where the card was applied for. */
  provinceCode: string;
  provinceName: string;
  /** Numeric nationality code (GB/T 2659 / ISO 3166-1 numeric), three digits. */
  nationalityCode: string;
}

/** Earliest birth date accepted as plausible for a living applicant. */
export const EARLIEST_BIRTH_DATE: IsoDate = '1850-01-01';

export interface IdOptions {
  /** The date the check is made on (a birth date after it is refused). */
  today: IsoDate;
  /** The form field the message belongs to. */
  field?: string;
}

function assertToday(today: IsoDate): void {
  if (!isIsoDate(today)) throw new RangeError(`today 必须是 YYYY-MM-DD 日期: "${today}"`);
}

/** Birth date part (8 digits starting at `at`) and the sex from the sequence digit at `at + 10`. */
function birthAndSex(
  n: string,
  at: number,
  today: IsoDate,
  field: string,
  what: string,
): { ok: true; facts: PersonFacts } | Invalid {
  const y = Number(n.slice(at, at + 4));
  const m = Number(n.slice(at + 4, at + 6));
  const d = Number(n.slice(at + 6, at + 8));
  if (!isRealDate(y, m, d))
    return invalid(field, RULES.residentIdBirthDate, `${what}出生日期码不是真实存在的日期: ${n.slice(at, at + 8)} (GB 11643-1999 出生日期码)`);
  const birthDate = formatIsoDate({ year: y, month: m, day: d });
  if (toDayNumber(birthDate) > toDayNumber(today))
    return invalid(field, RULES.residentIdBirthDate, `${what}出生日期 ${birthDate} 晚于今天 ${today}，不可能 (GB 11643-1999 出生日期码)`);
  if (toDayNumber(birthDate) < toDayNumber(EARLIEST_BIRTH_DATE))
    return invalid(field, RULES.residentIdBirthDate, `${what}出生日期 ${birthDate} 早于 ${EARLIEST_BIRTH_DATE}，不合理 (GB 11643-1999 出生日期码)`);
  const seqDigit = Number(n[at + 10]);
  return { ok: true, facts: { birthDate, sex: seqDigit % 2 === 1 ? 'male' : 'female' } };
}

function checkChar(n: string, field: string, what: string): Invalid | null {
  const expected = mod11_2Check(n.slice(0, 17));
  if (expected === n[17]) return null;
  return invalid(field, RULES.residentIdCheck, `${what}校验位错误 (GB 11643-1999 MOD 11-2)`);
}

function shape(n: string, field: string, what: string, lengthRule: string): Invalid | null {
  if (n === '') return invalid(field, RULES.required, `请填写${what}`);
  if (n.length !== 18) return invalid(field, lengthRule, `${what}必须是18位，现为${n.length}位 (${lengthRule})`);
  if (!/^\d{17}[\dX]$/.test(n))
    return invalid(field, RULES.residentIdCharset, `${what}前17位必须是数字，最后一位是数字或X (GB 11643-1999)`);
  return null;
}

/** 居民身份证 — the citizen identity number (GB 11643-1999). */
export function validateResidentId(input: string, opts: IdOptions): ValidationResult<string, ResidentIdFacts> {
  assertToday(opts.today);
  const field = opts.field ?? 'idNumber';
  const what = '公民身份号码';
  const n = normaliseCode(input);
  if (/^\d{15}$/.test(n))
    return invalid(field, RULES.residentIdLength, `15位的第一代身份证号码已停止使用，请填写18位公民身份号码 (GB 11643-1999 长度)`);
  const bad = shape(n, field, what, RULES.residentIdLength);
  if (bad) return bad;
  const region = n.slice(0, 6);
  if (region === RESIDENCE_PERMIT_PREFIXES.HK || region === RESIDENCE_PERMIT_PREFIXES.MO || region === RESIDENCE_PERMIT_PREFIXES.TW)
    return invalid(field, RULES.residentIdRegion, `以 ${region} 开头的是港澳台居民居住证号码，请选择证件类型"港澳台居民居住证" (GB/T 2260 行政区划代码)`);
  if (n[0] === '9')
    return invalid(field, RULES.residentIdRegion, `以 9 开头的是外国人永久居留身份证号码，请选择对应证件类型 (GB/T 2260 行政区划代码)`);
  if (!isPlausibleMainlandRegion(region))
    return invalid(field, RULES.residentIdRegion, `地址码 ${region} 不是有效的省级行政区划代码开头 (GB/T 2260 行政区划代码)`);
  const bs = birthAndSex(n, 6, opts.today, field, what);
  if (!bs.ok) return bs;
  const chk = checkChar(n, field, what);
  if (chk) return chk;
  return valid(n, { ...bs.facts, regionCode: region, provinceName: provinceName(region)! });
}

/** 港澳台居民居住证 — residence permit for Hong Kong, Macao and Taiwan residents. */
export function validateResidencePermit(input: string, opts: IdOptions): ValidationResult<string, ResidencePermitFacts> {
  assertToday(opts.today);
  const field = opts.field ?? 'idNumber';
  const what = '港澳台居民居住证号码';
  const n = normaliseCode(input);
  const bad = shape(n, field, what, RULES.residencePermitFormat);
  if (bad) return bad;
  const prefix = n.slice(0, 6);
  const area = (Object.keys(RESIDENCE_PERMIT_PREFIXES) as ResidencePermitArea[]).find((a) => RESIDENCE_PERMIT_PREFIXES[a] === prefix);
  if (!area)
    return invalid(field, RULES.residencePermitFormat, `${what}必须以 810000(香港)、820000(澳门) 或 830000(台湾) 开头 (港澳台居民居住证 号码结构)`);
  const bs = birthAndSex(n, 6, opts.today, field, what);
  if (!bs.ok) return bs;
  const chk = checkChar(n, field, what);
  if (chk) return chk;
  return valid(n, { ...bs.facts, area, areaName: RESIDENCE_PERMIT_AREA_NAMES[area] });
}

/** 外国人永久居留身份证 (2023 format: 18 characters, starting with 9). */
export function validatePermanentResidenceId(input: string, opts: IdOptions): ValidationResult<string, PermanentResidenceFacts> {
  assertToday(opts.today);
  const field = opts.field ?? 'idNumber';
  const what = '外国人永久居留身份证号码';
  const n = normaliseCode(input);
  if (/^[A-Z]{3}\d{12}$/.test(n))
    return invalid(field, RULES.permanentResidenceFormat, `这是2017版永居证的15位号码，本系统只校验2023版18位号码；请按证件上的新号码填写或用"其他证件"登记 (外国人永久居留身份证(2023版) 号码结构)`);
  const bad = shape(n, field, what, RULES.permanentResidenceFormat);
  if (bad) return bad;
  if (n[0] !== '9') return invalid(field, RULES.permanentResidenceFormat, `${what}首位必须是9 (外国人永久居留身份证(2023版) 号码结构)`);
  const province = n.slice(1, 3);
  if (!isMainlandProvinceCode(province))
    return invalid(field, RULES.permanentResidenceFormat, `${what}第2-3位 ${province} 不是有效的受理地省级行政区划代码 (GB/T 2260)`);
  const nationality = n.slice(3, 6);
  if (nationality === '000') return invalid(field, RULES.permanentResidenceFormat, `${what}第4-6位国籍代码不能为000 (外国人永久居留身份证(2023版) 号码结构)`);
  const bs = birthAndSex(n, 6, opts.today, field, what);
  if (!bs.ok) return bs;
  const chk = checkChar(n, field, what);
  if (chk) return chk;
  return valid(n, {
    ...bs.facts,
    provinceCode: province,
    provinceName: PROVINCES[province as keyof typeof PROVINCES],
    nationalityCode: nationality,
  });
}

// ---- generators (tests and demo data) ----

function seqDigits(seq: number): string {
  if (!Number.isInteger(seq) || seq < 0 || seq > 999) throw new RangeError(`顺序码必须是0到999的整数: ${seq}`);
  return String(seq).padStart(3, '0');
}

function birthDigits(birthDate: IsoDate): string {
  if (!isIsoDate(birthDate)) throw new RangeError(`出生日期必须是 YYYY-MM-DD 日期: "${birthDate}"`);
  return birthDate.replaceAll('-', '');
}

function withCheck(body17: string): string {
  return body17 + mod11_2Check(body17);
}

/**
 * Builds a citizen identity number with its MOD 11-2 check. `seq` 0–999: odd for a man,
 * even for a woman. Does not check the region's plausibility (use the validator for that).
 */
export function makeResidentId(regionCode: string, birthDate: IsoDate, seq: number): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`地址码必须是6位数字: "${regionCode}"`);
  return withCheck(regionCode + birthDigits(birthDate) + seqDigits(seq));
}

export function makeResidencePermitNumber(area: ResidencePermitArea, birthDate: IsoDate, seq: number): string {
  return withCheck(RESIDENCE_PERMIT_PREFIXES[area] + birthDigits(birthDate) + seqDigits(seq));
}

export function makePermanentResidenceId(provinceCode: string, nationalityCode: string, birthDate: IsoDate, seq: number): string {
  if (!/^\d{2}$/.test(provinceCode)) throw new RangeError(`受理地代码必须是2位数字: "${provinceCode}"`);
  if (!/^\d{3}$/.test(nationalityCode)) throw new RangeError(`国籍代码必须是3位数字: "${nationalityCode}"`);
  return withCheck('9' + provinceCode + nationalityCode + birthDigits(birthDate) + seqDigits(seq));
}

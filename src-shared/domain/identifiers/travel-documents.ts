/**
 * Travel documents that carry no check character in their number, so only their format is
 * checked offline (the online check against the issuing authority's data happens at the
 * center when it answers):
 *   - ordinary passport (普通护照): ICAO 9303 document number, 5–17 letters or digits
 *     (9 in the machine-readable zone, longer numbers overflow there);
 *   - Mainland Travel Permit for Hong Kong and Macao Residents (港澳居民来往内地通行证):
 *     H (Hong Kong) or M (Macao) and 8 digits, optionally 2 more digits (the issue count
 *     printed on older cards);
 *   - Mainland Travel Permit for Taiwan Residents (台湾居民来往大陆通行证), card format since
 *     2015: 8 digits.
 */
import { invalid, normaliseCode, RULES, valid, type ValidationResult } from './result';

export interface PassportFacts {
  /** The number has the shape of a PRC ordinary passport (E/G series). */
  chinesePassportPattern: boolean;
}

const CN_PASSPORT = /^(E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8})$/;

export function validatePassport(input: string, opts: { field?: string } = {}): ValidationResult<string, PassportFacts> {
  const field = opts.field ?? 'idNumber';
  const n = normaliseCode(input);
  if (n === '') return invalid(field, RULES.required, '请填写护照号码');
  if (!/^[A-Z0-9]+$/.test(n)) return invalid(field, RULES.passportFormat, '护照号码只能包含字母和数字 (ICAO 9303 护照号码格式)');
  if (n.length < 5 || n.length > 17)
    return invalid(field, RULES.passportFormat, `护照号码应为5到17位字母或数字，现为${n.length}位 (ICAO 9303 护照号码格式)`);
  if (!/\d/.test(n)) return invalid(field, RULES.passportFormat, '护照号码应包含数字 (ICAO 9303 护照号码格式)');
  return valid(n, { chinesePassportPattern: CN_PASSPORT.test(n) });
}

export interface MainlandTravelPermitFacts {
  area: 'HK' | 'MO';
}

export function validateHkMacaoTravelPermit(
  input: string,
  opts: { field?: string } = {},
): ValidationResult<string, MainlandTravelPermitFacts> {
  const field = opts.field ?? 'idNumber';
  const n = normaliseCode(input);
  if (n === '') return invalid(field, RULES.required, '请填写港澳居民来往内地通行证号码');
  if (!/^[HM]\d{8}(\d{2})?$/.test(n))
    return invalid(
      field,
      RULES.mainlandTravelPermitFormat,
      '港澳居民来往内地通行证号码应为 H(香港) 或 M(澳门) 加8位数字 (港澳居民来往内地通行证 号码格式)',
    );
  return valid(n, { area: n[0] === 'H' ? 'HK' : 'MO' });
}

export function validateTaiwanTravelPermit(input: string, opts: { field?: string } = {}): ValidationResult<string, Record<string, never>> {
  const field = opts.field ?? 'idNumber';
  const n = normaliseCode(input);
  if (n === '') return invalid(field, RULES.required, '请填写台湾居民来往大陆通行证号码');
  if (!/^\d{8}$/.test(n))
    return invalid(field, RULES.taiwanTravelPermitFormat, '台湾居民来往大陆通行证号码应为8位数字 (台湾居民来往大陆通行证 号码格式)');
  return valid(n, {});
}

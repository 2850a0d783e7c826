/**
 * The shape every identifier validator returns: field-level, with the rule that failed
 * named in `rule` (a stable reference to the standard) and a Chinese message that names it.
 */

export interface Valid<V extends string, F> {
  ok: true;
  kind: 'valid';
  /** The normalised value to store (upper case, no spaces, half-width). */
  value: V;
  /** What the number itself says: birth date, sex, region… */
  facts: F;
}

/** Malformed: can never be saved. */
export interface Invalid {
  ok: false;
  kind: 'invalid';
  field: string;
  rule: string;
  message: string;
}

/**
 * Well-formed but a check character does not match. Only unified social credit codes can
 * end up here: such a code may be saved with a supervisor override and a reason
 * (some real codes in circulation fail their check).
 */
export interface OverrideAllowed<V extends string, F> {
  ok: false;
  kind: 'override-allowed';
  field: string;
  rule: string;
  message: string;
  value: V;
  facts: F;
}

export type ValidationResult<V extends string, F> = Valid<V, F> | Invalid;

export const valid = <V extends string, F>(value: V, facts: F): Valid<V, F> => ({ ok: true, kind: 'valid', value, facts });

export const invalid = (field: string, rule: string, message: string): Invalid => ({
  ok: false,
  kind: 'invalid',
  field,
  rule,
  message,
});

/** Stable rule references used in `rule`. */
export const RULES = {
  required: 'required',
  residentIdLength: 'GB 11643-1999 长度',
  residentIdCharset: 'GB 11643-1999 字符',
  residentIdRegion: 'GB/T 2260 行政区划代码',
  residentIdBirthDate: 'GB 11643-1999 出生日期码',
  residentIdCheck: 'GB 11643-1999 MOD 11-2',
  permanentResidenceFormat: '外国人永久居留身份证(2023版) 号码结构',
  residencePermitFormat: '港澳台居民居住证 号码结构',
  passportFormat: 'ICAO 9303 护照号码格式',
  mainlandTravelPermitFormat: '港澳居民来往内地通行证 号码格式',
  taiwanTravelPermitFormat: '台湾居民来往大陆通行证 号码格式',
  documentType: 'GA/T 2000.156 证件类型代码',
  creditCodeLength: 'GB 32100-2015 长度',
  creditCodeCharset: 'GB 32100-2015 字符集',
  creditCodeAuthority: 'GB 32100-2015 登记管理部门码',
  creditCodeCategory: 'GB 32100-2015 机构类别码',
  creditCodeRegion: 'GB 32100-2015 登记管理机关行政区划码 (GB/T 2260)',
  creditCodeOrgCheck: 'GB 11714-1997 组织机构代码校验码',
  creditCodeCheck: 'GB 32100-2015 校验码',
} as const;
export type RuleRef = (typeof RULES)[keyof typeof RULES];

/**
 * Input as typed or read: NFKC turns full-width digits and letters (from a Chinese IME)
 * into ASCII; all white space is removed; letters are upper-cased.
 */
export function normaliseCode(input: string): string {
  return input.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

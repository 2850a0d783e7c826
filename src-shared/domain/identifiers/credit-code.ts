/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015:
 *
 *   pos 1     registration authority code (登记管理部门码)
 *   pos 2     organisation category code (机构类别码), meaningful per authority
 *   pos 3–8   region code of the registering office (GB/T 2260; 100000 = central level)
 *   pos 9–17  organisation code (主体标识码, GB 11714-1997: 8 characters + its own check)
 *   pos 18    check character
 *
 * Characters come from `0123456789ABCDEFGHJKLMNPQRTUWXY` (values 0–30; no I, O, S, V, Z).
 * Weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28;
 * check = charset[(31 − Σ cᵢwᵢ mod 31) mod 31].
 *
 * A code that is well formed but fails a check character (GB 32100 or the embedded
 * GB 11714 one) is reported as `override-allowed`: a supervisor may save it with a reason,
 * because some real codes in circulation fail. Anything else wrong is `invalid` and can
 * never be saved.
 */
import { z } from 'zod';
import { isProvinceCode, provinceName } from './regions';
import {
  invalid,
  normaliseCode,
  RULES,
  valid,
  type Invalid,
  type OverrideAllowed,
  type Valid,
} from './result';

export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
export const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * Registration authorities and their organisation categories (GB 32100-2015 table 1 and
 * the authority codes added to it since: 2 外交, 3 司法行政, 4 文化, 6 旅游, 7 宗教, 8 工会,
 * A 军队编制, N 农业).
 */
export const CREDIT_AUTHORITIES: Record<string, { name: string; categories: Record<string, string> }> = {
  '1': { name: '机构编制', categories: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' } },
  '2': { name: '外交', categories: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    name: '司法行政',
    categories: { '1': '律师执业机构', '2': '公证处', '3': '基层法律服务所', '4': '司法鉴定机构', '5': '仲裁委员会', '9': '其他' },
  },
  '4': { name: '文化', categories: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政', categories: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': { name: '旅游', categories: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地(大陆)代表机构', '9': '其他' } },
  '7': { name: '宗教', categories: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', categories: { '1': '基层工会', '9': '其他' } },
  '9': { name: '工商', categories: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '中央军委改革和编制办公室', categories: { '1': '军队事业单位', '9': '其他' } },
  N: { name: '农业', categories: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' } },
  Y: { name: '其他', categories: { '1': '其他' } },
};

export interface CreditCodeFacts {
  authorityCode: string;
  authorityName: string;
  categoryCode: string;
  categoryName: string;
  /** Region of the registering office; 100000 for the central level. */
  regionCode: string;
  /** Province name, or 中央 for 10xxxx. */
  regionName: string;
  /** The embedded GB 11714 organisation code, 9 characters (no hyphen). */
  orgCode: string;
}

export type CreditCodeResult = Valid<string, CreditCodeFacts> | Invalid | OverrideAllowed<string, CreditCodeFacts>;

function charValue(c: string): number {
  return CREDIT_CODE_CHARSET.indexOf(c);
}

/** GB 32100 check character over the first 17 characters. Throws on characters outside the charset. */
export function creditCodeCheck(body17: string): string {
  if (body17.length !== 17) throw new RangeError(`统一社会信用代码本体码必须是17位: "${body17}"`);
  let s = 0;
  for (let i = 0; i < 17; i++) {
    const v = charValue(body17[i]!);
    if (v < 0) throw new RangeError(`字符 "${body17[i]}" 不在统一社会信用代码字符集中`);
    s += v * CREDIT_CODE_WEIGHTS[i]!;
  }
  return CREDIT_CODE_CHARSET[(31 - (s % 31)) % 31]!;
}

/** GB 11714-1997 value of a character: 0–9 for digits, A=10 … Z=35. */
function orgValue(c: string): number {
  if (/^\d$/.test(c)) return Number(c);
  if (/^[A-Z]$/.test(c)) return c.charCodeAt(0) - 55;
  throw new RangeError(`字符 "${c}" 不是组织机构代码字符`);
}

/** GB 11714-1997 check character (0–9 or X) for an 8-character organisation code body. */
export function orgCodeCheck(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) throw new RangeError(`组织机构代码本体必须是8位数字或大写字母: "${body8}"`);
  let s = 0;
  for (let i = 0; i < 8; i++) s += orgValue(body8[i]!) * ORG_CODE_WEIGHTS[i]!;
  const c = 11 - (s % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function regionName(region: string): string | undefined {
  if (region.startsWith('10')) return '中央';
  return provinceName(region);
}

export function validateCreditCode(input: string, opts: { field?: string } = {}): CreditCodeResult {
  const field = opts.field ?? 'creditCode';
  const n = normaliseCode(input);
  if (n === '') return invalid(field, RULES.required, '请填写统一社会信用代码');
  if (n.length !== 18)
    return invalid(field, RULES.creditCodeLength, `统一社会信用代码必须是18位，现为${n.length}位 (GB 32100-2015)`);
  for (let i = 0; i < 18; i++) {
    const c = n[i]!;
    if (charValue(c) < 0) {
      const hint = /[IOSVZ]/.test(c) ? `，代码中不使用字母 I、O、S、V、Z` : '';
      return invalid(field, RULES.creditCodeCharset, `统一社会信用代码第${i + 1}位 "${c}" 不在代码字符集中${hint} (GB 32100-2015 字符集)`);
    }
  }
  const authority = CREDIT_AUTHORITIES[n[0]!];
  if (!authority)
    return invalid(field, RULES.creditCodeAuthority, `统一社会信用代码第1位 "${n[0]}" 不是有效的登记管理部门码 (GB 32100-2015 登记管理部门码)`);
  const category = authority.categories[n[1]!];
  if (!category)
    return invalid(
      field,
      RULES.creditCodeCategory,
      `统一社会信用代码第2位 "${n[1]}" 不是登记管理部门"${authority.name}"下的机构类别码 (GB 32100-2015 机构类别码)`,
    );
  const region = n.slice(2, 8);
  const rName = /^\d{6}$/.test(region) ? regionName(region) : undefined;
  if (!/^\d{6}$/.test(region) || (!isProvinceCode(region.slice(0, 2)) && !region.startsWith('10')) || !rName)
    return invalid(field, RULES.creditCodeRegion, `统一社会信用代码第3-8位 "${region}" 不是有效的行政区划代码 (GB 32100-2015 / GB/T 2260)`);
  const orgCode = n.slice(8, 17);
  const facts: CreditCodeFacts = {
    authorityCode: n[0]!,
    authorityName: authority.name,
    categoryCode: n[1]!,
    categoryName: category,
    regionCode: region,
    regionName: rName,
    orgCode,
  };
  const expected = creditCodeCheck(n.slice(0, 17));
  if (expected !== n[17])
    return {
      ok: false,
      kind: 'override-allowed',
      field,
      rule: RULES.creditCodeCheck,
      message: `统一社会信用代码校验码错误 (GB 32100-2015 校验码)；如确认证照原件无误，可由主管审核并填写理由后保存`,
      value: n,
      facts,
    };
  if (orgCodeCheck(orgCode.slice(0, 8)) !== orgCode[8])
    return {
      ok: false,
      kind: 'override-allowed',
      field,
      rule: RULES.creditCodeOrgCheck,
      message: `统一社会信用代码第9-17位组织机构代码校验码错误 (GB 11714-1997)；如确认证照原件无误，可由主管审核并填写理由后保存`,
      value: n,
      facts,
    };
  return valid(n, facts);
}

/** A supervisor's decision to save a credit code that fails its check character. */
export const SupervisorOverride = z.object({
  supervisorId: z.string().trim().min(1, '请填写审核主管 (主管审核)'),
  supervisorName: z.string().trim().min(1, '请填写审核主管姓名 (主管审核)').max(50),
  reason: z.string().trim().min(4, '请填写放行理由，至少4个字 (主管审核)').max(500, '放行理由不超过500字'),
  /** ISO 8601 date-time with offset. */
  at: z.iso.datetime({ offset: true, message: '审核时间必须是带时区的 ISO 8601 时间' }),
});
export type SupervisorOverride = z.infer<typeof SupervisorOverride>;

export interface OverriddenCreditCodeFacts extends CreditCodeFacts {
  /** Present when the code was saved despite a failing check character. */
  override?: SupervisorOverride & { rule: string };
}

/**
 * Applies a supervisor override: a `valid` result passes unchanged; an `override-allowed`
 * result becomes valid if the override is complete; an `invalid` result stays invalid
 * (malformed codes can never be saved).
 */
export function applyCreditCodeOverride(
  result: CreditCodeResult,
  override: unknown,
  /** The form field holding the override (default `<field>Override`); issues are reported as `<overrideField>.<key>`. */
  overrideField?: string,
): Valid<string, OverriddenCreditCodeFacts> | Invalid {
  if (result.kind !== 'override-allowed') return result;
  if (override === undefined || override === null)
    return invalid(result.field, result.rule, result.message);
  const parsed = SupervisorOverride.safeParse(override);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return invalid([overrideField ?? `${result.field}Override`, ...issue.path].join('.'), 'supervisor-override', issue.message);
  }
  return valid(result.value, { ...result.facts, override: { ...parsed.data, rule: result.rule } });
}

/** What is stored for an organisation's code: the code, and the override if one was needed. */
export const StoredCreditCode = z
  .object({ code: z.string(), override: SupervisorOverride.optional() })
  .superRefine((v, ctx) => {
    const r = applyCreditCodeOverride(validateCreditCode(v.code, { field: 'code' }), v.override, 'override');
    if (!r.ok) ctx.addIssue({ code: 'custom', path: r.field.split('.'), message: r.message });
  });
export type StoredCreditCode = z.infer<typeof StoredCreditCode>;

/**
 * Builds a credit code: authority and category codes, 6-digit region, an 8-character
 * organisation code body (its GB 11714 check is computed) and the GB 32100 check.
 */
export function makeCreditCode(parts: { authority: string; category: string; regionCode: string; orgBody: string }): string {
  const { authority, category, regionCode, orgBody } = parts;
  const a = CREDIT_AUTHORITIES[authority];
  if (!a) throw new RangeError(`登记管理部门码无效: "${authority}"`);
  if (!a.categories[category]) throw new RangeError(`机构类别码 "${category}" 不属于登记管理部门 "${authority}"`);
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`行政区划代码必须是6位数字: "${regionCode}"`);
  if (!/^[0-9A-Z]{8}$/.test(orgBody) || [...orgBody].some((c) => charValue(c) < 0))
    throw new RangeError(`组织机构代码本体必须是8位统一社会信用代码字符: "${orgBody}"`);
  const org = orgBody + orgCodeCheck(orgBody);
  const body = authority + category + regionCode + org;
  return body + creditCodeCheck(body);
}

/**
 * Case numbers (办件编号, an..50) that are unique without asking the center.
 *
 * Format — 27 characters, letters and digits only, fixed positions:
 *
 *   RRRRRR YYYYMMDD DDDDDD SSSSSS C        e.g. 130102 20250930 W00017 000042 C
 *   │      │        │      │      └ check character, ISO 7064 MOD 37,36 over the 26 before
 *   │      │        │      └ per-device sequence, 6 digits, 000001–999999
 *   │      │        └ device id, 6 characters [0-9A-Z], assigned to the window's device
 *   │      └ date the case was created, YYYYMMDD (the device's local calendar date)
 *   └ region code of the accepting window (GB/T 2260, first two digits a province)
 *
 * (shown with spaces here; the number itself has none.)
 *
 * Uniqueness: two devices never share an id, and a device never reuses (date, sequence) —
 * a counter per device that resets daily or never resets both satisfy that. The check
 * character catches any single mistyped character when a clerk types a number to search.
 */
import { z } from 'zod';
import { fromCompact, isIsoDate, type IsoDate } from './dates';
import { DomainRuleError } from './errors';
import { isPlausibleMainlandRegion } from './identifiers/regions';
import { invalid, type Invalid } from './identifiers/result';

export const CASE_NUMBER_LENGTH = 27;
/** GB/T 39046-2020: 办件编号 an..50. */
export const CASE_NUMBER_MAX_LENGTH = 50;
export const CASE_SEQ_MAX = 999_999;
const RULE = '办件编号格式 (an..50: 区划6位+日期8位+设备6位+序号6位+校验1位)';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export const DeviceId = z.string().regex(/^[0-9A-Z]{6}$/, '设备编号必须是6位大写字母或数字 (办件编号)');
export type DeviceId = z.infer<typeof DeviceId>;

/** ISO 7064 MOD 37,36 (hybrid) check character over letters and digits. */
export function mod37_36Check(body: string): string {
  let p = 36;
  for (const c of body) {
    const v = ALNUM.indexOf(c);
    if (v < 0) throw new RangeError(`字符 "${c}" 不是大写字母或数字`);
    let s = (p + v) % 36;
    if (s === 0) s = 36;
    p = (s * 2) % 37;
  }
  return ALNUM[(37 - p) % 36]!;
}

export interface CaseNumberParts {
  regionCode: string;
  /** Creation date, YYYY-MM-DD. */
  date: IsoDate;
  deviceId: string;
  seq: number;
}

export function formatCaseNumber(parts: CaseNumberParts): string {
  const { regionCode, date, deviceId, seq } = parts;
  if (!isPlausibleMainlandRegion(regionCode))
    throw new DomainRuleError('regionCode', RULE, `行政区划代码 "${regionCode}" 无效 (GB/T 2260)`);
  if (!isIsoDate(date)) throw new DomainRuleError('date', RULE, `日期 "${date}" 不是 YYYY-MM-DD 格式的真实日期`);
  if (!DeviceId.safeParse(deviceId).success) throw new DomainRuleError('deviceId', RULE, `设备编号 "${deviceId}" 必须是6位大写字母或数字`);
  if (!Number.isInteger(seq) || seq < 1 || seq > CASE_SEQ_MAX)
    throw new DomainRuleError('seq', RULE, `办件序号必须是1到${CASE_SEQ_MAX}的整数: ${seq}`);
  const body = regionCode + date.replaceAll('-', '') + deviceId + String(seq).padStart(6, '0');
  return body + mod37_36Check(body);
}

export function parseCaseNumber(
  input: string,
  opts: { field?: string } = {},
): { ok: true; value: string; parts: CaseNumberParts } | Invalid {
  const field = opts.field ?? 'caseNumber';
  const n = input.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
  if (n === '') return invalid(field, 'required', '请填写办件编号');
  if (n.length !== CASE_NUMBER_LENGTH)
    return invalid(field, RULE, `办件编号应为${CASE_NUMBER_LENGTH}位，现为${n.length}位 (${RULE})`);
  if (!/^\d{14}[0-9A-Z]{6}\d{6}[0-9A-Z]$/.test(n))
    return invalid(field, RULE, `办件编号含有不允许的字符：第1-14位与第21-26位为数字，其余为大写字母或数字 (${RULE})`);
  const regionCode = n.slice(0, 6);
  if (!isPlausibleMainlandRegion(regionCode)) return invalid(field, RULE, `办件编号前6位 "${regionCode}" 不是有效的行政区划代码 (GB/T 2260)`);
  const date = fromCompact(n.slice(6, 14));
  if (!date) return invalid(field, RULE, `办件编号第7-14位 "${n.slice(6, 14)}" 不是真实日期 (${RULE})`);
  const seq = Number(n.slice(20, 26));
  if (seq < 1) return invalid(field, RULE, `办件编号序号不能为000000 (${RULE})`);
  if (mod37_36Check(n.slice(0, 26)) !== n[26]) return invalid(field, 'ISO 7064 MOD 37,36', '办件编号校验位错误，请检查是否输错 (ISO 7064 MOD 37,36)');
  return { ok: true, value: n, parts: { regionCode, date, deviceId: n.slice(14, 20), seq } };
}

/** Zod schema for a case number; the parsed value is the normalised number. */
export const CaseNumber = z
  .string()
  .max(CASE_NUMBER_MAX_LENGTH, `办件编号不超过${CASE_NUMBER_MAX_LENGTH}位 (an..50)`)
  .transform((s, ctx) => {
    const r = parseCaseNumber(s);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.message, params: { rule: r.rule } });
      return z.NEVER;
    }
    return r.value;
  });

/**
 * Wording helpers for the documents: Chinese dates, privacy masking, document numbers.
 * Pure functions (no Node APIs): they could move to src-shared if the renderer needs them.
 */

const DIGITS = '〇一二三四五六七八九';

function parseIso(iso: string): { y: number; m: number; d: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`日期必须是 YYYY-MM-DD: ${iso}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d)
    throw new RangeError(`日期不存在: ${iso}`);
  return { y, m: mo, d };
}

/** 1..99 in Chinese numerals as written in dates: 十, 十一, 二十, 二十六, 三十一. */
function chineseSmall(n: number): string {
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/** `2026-11-26` → 二〇二六年十一月二十六日 (the signing date of a document). */
export function chineseNumeralDate(iso: string): string {
  const { y, m, d } = parseIso(iso);
  const year = String(y)
    .split('')
    .map((c) => DIGITS[Number(c)])
    .join('');
  return `${year}年${chineseSmall(m)}月${chineseSmall(d)}日`;
}

/** `2026-11-06` → 2026年11月6日 (dates inside body text). */
export function chineseDate(iso: string): string {
  const { y, m, d } = parseIso(iso);
  return `${y}年${m}月${d}日`;
}

/** The calendar date in China (UTC+8, no daylight saving) of an ISO 8601 date-time. */
export function chinaDateOf(isoDateTime: string): string {
  const ms = Date.parse(isoDateTime);
  if (Number.isNaN(ms)) throw new RangeError(`时间无效: ${isoDateTime}`);
  const t = new Date(ms + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())}`;
}

/** `HH:MM` in China time of an ISO 8601 date-time. */
export function chinaTimeOf(isoDateTime: string): string {
  const t = new Date(Date.parse(isoDateTime) + 8 * 3_600_000);
  return `${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
}

function maskMiddle(s: string, keepStart: number, keepEnd: number): string {
  const cps = Array.from(s);
  if (cps.length <= keepStart + keepEnd) return '*'.repeat(cps.length);
  return cps.slice(0, keepStart).join('') + '*'.repeat(cps.length - keepStart - keepEnd) + cps.slice(cps.length - keepEnd).join('');
}

/**
 * An identity document number as printed on documents handed out: the first and last four
 * characters of an 18-character number stay (1301**********1234), shorter numbers keep
 * less (passport E12345678 → E1*****78).
 */
export function maskDocumentNumber(s: string): string {
  const t = s.trim();
  const n = Array.from(t).length;
  if (n >= 15) return maskMiddle(t, 4, 4);
  if (n >= 8) return maskMiddle(t, 2, 2);
  if (n >= 3) return maskMiddle(t, 1, 1);
  return '*'.repeat(n);
}

/** A phone number: 138****5678; a fixed line keeps its area code and last four digits. */
export function maskPhone(s: string): string {
  const t = s.trim();
  if (/^1\d{10}$/.test(t)) return maskMiddle(t, 3, 4);
  const fixed = /^(0\d{2,3})-?(\d{7,8})$/.exec(t);
  if (fixed) return `${fixed[1]}-${maskMiddle(fixed[2]!, 0, 4)}`;
  return maskMiddle(t, 2, 4);
}

/** 长安政服受字, 2026, 123 → 长安政服受字〔2026〕第000123号 (GB/T 9704 uses 〔〕 around the year). */
export function formatDocumentNumber(prefix: string, year: number, serial: number): string {
  if (!/^\S{1,20}$/u.test(prefix)) throw new RangeError('文号前缀必须是1到20个非空白字符');
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError('文号年份无效');
  if (!Number.isInteger(serial) || serial < 1 || serial > 999_999) throw new RangeError('文号序号必须是1到999999');
  return `${prefix}〔${year}〕第${String(serial).padStart(6, '0')}号`;
}

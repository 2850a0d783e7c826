/**
 * Calendar dates without time zones.
 *
 * A case's deadline, a birth date and a holiday are calendar dates, not instants: they are
 * kept as ISO strings `YYYY-MM-DD` (`IsoDate`) and computed on as day numbers (days since
 * 1970-01-01, proleptic Gregorian, via `Date.UTC`), so the result never depends on the time
 * zone of the machine that computes it. Exchange formats use the compact `YYYYMMDD`
 * (GB/T 39046-2020); `toCompact` / `fromCompact` convert.
 */
import { z } from 'zod';

/** A calendar date `YYYY-MM-DD` (branded only by convention: use `isIsoDate` / `IsoDate` to check). */
export type IsoDate = string;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True if y-m-d is a date that exists (2023-02-29 does not). Years 0001–9999. */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Parses `YYYY-MM-DD`; null if malformed or not a real date. */
export function parseIsoDate(s: string): DateParts | null {
  const m = ISO_RE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

export function isIsoDate(s: unknown): s is IsoDate {
  return typeof s === 'string' && parseIsoDate(s) !== null;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export function formatIsoDate(p: DateParts): IsoDate {
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}`;
}

function must(s: string): DateParts {
  const p = parseIsoDate(s);
  if (!p) throw new RangeError(`日期格式错误，应为真实存在的 YYYY-MM-DD 日期: "${s}" (invalid calendar date)`);
  return p;
}

/** Days since 1970-01-01 (negative before). Throws on a malformed date. */
export function toDayNumber(date: IsoDate): number {
  const p = must(date);
  const d = new Date(0);
  d.setUTCFullYear(p.year, p.month - 1, p.day);
  return Math.round(d.getTime() / MS_PER_DAY);
}

export function fromDayNumber(n: number): IsoDate {
  const d = new Date(n * MS_PER_DAY);
  return formatIsoDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

export function addDays(date: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/** Calendar days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: IsoDate): boolean {
  const w = weekday(date);
  return w === 0 || w === 6;
}

export function yearOf(date: IsoDate): number {
  return must(date).year;
}

export function compareIsoDate(a: IsoDate, b: IsoDate): number {
  return toDayNumber(a) - toDayNumber(b);
}

/** `YYYY-MM-DD` → `YYYYMMDD` (GB/T 39046-2020 exchange format). */
export function toCompact(date: IsoDate): string {
  must(date);
  return date.replaceAll('-', '');
}

/** `YYYYMMDD` → `YYYY-MM-DD`; null if malformed or not a real date. */
export function fromCompact(s: string): IsoDate | null {
  const m = COMPACT_RE.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return parseIsoDate(iso) ? iso : null;
}

/** Zod schema for a real calendar date `YYYY-MM-DD`. */
export const IsoDate = z
  .string()
  .refine(isIsoDate, { message: '日期必须是真实存在的日期，格式 YYYY-MM-DD (ISO 8601 calendar date)' });

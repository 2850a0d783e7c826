/**
 * Personal data never reaches a log: ID numbers and names are masked before any log line
 * is written (the same masking as on printed receipts: first 3 and last 2 characters of
 * the number; the surname only).
 */
import type { IdCardRead } from './types';

/** 130102199001011234 → 130*************34 */
export function maskIdNumber(n: string): string {
  if (n.length <= 5) return '*'.repeat(n.length);
  return n.slice(0, 3) + '*'.repeat(n.length - 5) + n.slice(-2);
}

/** 张三 → 张*, 欧阳娜娜 → 欧***; a one-character name is fully masked. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** A log-safe summary of a read. */
export function describeRead(r: IdCardRead): string {
  return `${maskName(r.name)} ${maskIdNumber(r.idNumber)}${r.photo ? ' +照片' : ''}`;
}

/**
 * Personal document numbers in lists are shown masked: the first 4 and last 4 characters
 * stay visible (enough to tell applicants apart and to match the card in hand), the rest
 * become '*'. Short numbers keep proportionally less: never more than half visible.
 * Unified social credit codes identify organisations and are public; they are not masked.
 */
import type { Applicant } from '../../../src-shared/domain/case';

export const MASK_KEEP = 4;

export function maskIdNumber(value: string, keep: number = MASK_KEEP): string {
  const chars = [...value.trim()];
  const n = chars.length;
  if (n === 0) return '';
  // Show at most half the characters: keep `k` at each end with 2k <= n/2.
  const k = Math.min(keep, Math.floor(n / 4));
  if (k === 0) return '*'.repeat(n);
  return chars.slice(0, k).join('') + '*'.repeat(n - 2 * k) + chars.slice(n - k).join('');
}

/** The identifying number shown in the list for an applicant: masked for persons. */
export function applicantIdForList(a: Applicant): string {
  return a.kind === 'person' ? maskIdNumber(a.documentNumber) : a.creditCode;
}

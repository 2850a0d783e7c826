/**
 * Verification codes and what the public may see of a case number.
 *
 * A code is 80 random bits written as 16 Crockford base32 characters in four groups
 * (XXXX-XXXX-XXXX-XXXX, protocol/workflow.ts VerificationCode). 2^80 codes make guessing
 * hopeless even at millions of requests a second, so the public endpoints need no secret
 * and no per-client limit to stay safe from enumeration. Typed codes are read the Crockford
 * way: case and hyphens/spaces do not matter, O reads as 0, I and L as 1.
 */
import { randomBytes } from 'node:crypto';
import { VerificationCode } from '../../src-shared/protocol/workflow';

export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 10 bytes → 16 characters, 5 bits each, grouped by four. */
export function encodeCode(bytes: Uint8Array): string {
  if (bytes.length !== 10) throw new RangeError('核验码需要80位随机数 (a code takes exactly 10 bytes)');
  let acc = 0n;
  for (const b of bytes) acc = (acc << 8n) | BigInt(b);
  let s = '';
  for (let i = 15; i >= 0; i--) s += CROCKFORD[Number((acc >> BigInt(i * 5)) & 31n)];
  return s.replace(/(.{4})(?=.)/g, '$1-');
}

/** A fresh code from 80 bits of the OS's CSPRNG. */
export function newResultCode(): string {
  return encodeCode(randomBytes(10));
}

/**
 * A code as someone typed or scanned it → the canonical form, or null when it cannot be one
 * (wrong length or a character outside the alphabet, U excluded).
 */
export function normalizeCode(input: string): string | null {
  if (input.length > 64) return null;
  const compact = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(compact)) return null;
  const grouped = compact.replace(/(.{4})(?=.)/g, '$1-');
  return VerificationCode.safeParse(grouped).success ? grouped : null;
}

/**
 * The case number as the public verification shows it: the region (first six characters)
 * and the last four stay, the rest is masked — enough to match a printout, too little to
 * find the applicant's other cases.
 */
export function maskCaseNumber(caseNumber: string): string {
  const cps = Array.from(caseNumber);
  if (cps.length <= 10) return cps.map((c, i) => (i < 2 || i >= cps.length - 2 ? c : '*')).join('');
  return cps.slice(0, 6).join('') + '*'.repeat(cps.length - 10) + cps.slice(-4).join('');
}

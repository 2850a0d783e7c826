/**
 * Reviewer passwords: scrypt from node:crypto, stored as
 * `scrypt$<N>$<r>$<p>$<salt>$<hash>` (salt and hash base64url), so the cost can rise later
 * without invalidating stored hashes. Verification compares in constant time.
 */
import crypto from 'node:crypto';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** Accounts people choose passwords for: 16 MiB, ~50–90 ms a hash on a small server. */
export const SCRYPT_COST: ScryptCost = { N: 16384, r: 8, p: 1 };
/**
 * Generated demo accounts: their passwords are 128-bit random, which no work factor could
 * make weaker or stronger; a small cost keeps the first start of a demo center fast.
 */
export const SCRYPT_COST_RANDOM: ScryptCost = { N: 1024, r: 8, p: 1 };

const KEY_LEN = 32;
export { PASSWORD_MIN_LENGTH } from '../../src-shared/protocol/console';

function scrypt(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    crypto.scrypt(password.normalize('NFC'), salt, KEY_LEN, { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string, cost: ScryptCost = SCRYPT_COST): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const FORMAT = /^scrypt\$(\d{1,7})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{40,})$/;

/** True when the password matches the stored hash. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = FORMAT.exec(stored);
  if (!m) return false;
  const cost = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (cost.N < 2 || (cost.N & (cost.N - 1)) !== 0 || cost.N > 1 << 20) return false;
  const want = Buffer.from(m[5]!, 'base64url');
  const got = await scrypt(password, Buffer.from(m[4]!, 'base64url'), cost);
  return got.length === want.length && crypto.timingSafeEqual(got, want);
}

let dummy: Promise<string> | undefined;
/**
 * Spends the time of a real verification for a user name that does not exist, so the
 * answer's timing does not tell which names do.
 */
export async function verifyDummy(password: string): Promise<false> {
  dummy ??= hashPassword('not-a-password-of-anyone');
  await verifyPassword(password, await dummy);
  return false;
}

/** A random password (demo accounts): 128 bits, in four groups of Crockford base32. */
export function randomPassword(): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  const bytes = crypto.randomBytes(26);
  const chars = [...bytes].map((b) => alphabet[b & 31]).join('');
  return chars.match(/.{1,7}/g)!.slice(0, 4).join('-');
}

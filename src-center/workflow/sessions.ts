/**
 * Console sessions. The cookie holds a random 256-bit token; the database keeps only its
 * SHA-256, the CSRF token, and two expiries: idle (moved on by each request) and absolute.
 * Everything is in the database, so any center process answers any session.
 */
import crypto from 'node:crypto';
import type { ConsoleSession, Reviewer } from '../../src-shared/protocol/console';
import type { Db } from '../store/index';
import { reviewerById } from './reviewers';

/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 2 * 3_600_000;
/** …and in any case this long after login. */
export const SESSION_MAX_MS = 12 * 3_600_000;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export interface OpenSession {
  token: string;
  session: ConsoleSession;
}

export async function createSession(db: Db, reviewer: Reviewer, now: Date, userAgent?: string): Promise<OpenSession> {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const expires = new Date(now.getTime() + SESSION_IDLE_MS);
  const ends = new Date(now.getTime() + SESSION_MAX_MS);
  await db.query('DELETE FROM console_sessions WHERE ends_at < $1 OR expires_at < $1', [now.toISOString()]);
  await db.query(
    `INSERT INTO console_sessions (token_sha256, reviewer_id, csrf_token, created_at, expires_at, ends_at, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [sha256(token), reviewer.id, csrfToken, now.toISOString(), expires.toISOString(), ends.toISOString(), userAgent?.slice(0, 300) ?? null],
  );
  return { token, session: { reviewer, csrfToken, expiresAt: expires.toISOString() } };
}

/** The live session of a token (its idle expiry moved on), or null. */
export async function findSession(db: Db, token: string, now: Date): Promise<ConsoleSession | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const expires = new Date(now.getTime() + SESSION_IDLE_MS).toISOString();
  const [row] = await db.query<{ reviewer_id: string; csrf_token: string; expires_at: Date | string }>(
    `UPDATE console_sessions SET expires_at = LEAST($2::timestamptz, ends_at)
      WHERE token_sha256 = $1 AND expires_at > $3 AND ends_at > $3
      RETURNING reviewer_id::text AS reviewer_id, csrf_token, expires_at`,
    [sha256(token), expires, now.toISOString()],
  );
  if (!row) return null;
  const reviewer = await reviewerById(db, row.reviewer_id);
  if (!reviewer) return null;
  return { reviewer, csrfToken: row.csrf_token, expiresAt: new Date(row.expires_at).toISOString() };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.query('DELETE FROM console_sessions WHERE token_sha256 = $1', [sha256(token)]);
}

/** Constant-time comparison of the CSRF header with the session's token. */
export function csrfMatches(given: string | undefined, want: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

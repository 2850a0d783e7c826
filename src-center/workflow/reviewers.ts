/**
 * Department reviewers: accounts (one department each), login with lockout, and the
 * Reviewer the console shows. Five failed logins for a user name — existing or not, so a
 * lockout tells nothing about which names exist — lock it for 15 minutes; a success clears
 * the count. The lock is a row in the database, shared by every center process.
 */
import { randomUUID } from 'node:crypto';
import type { Reviewer, ReviewerAccount } from '../../src-shared/protocol/console';
import { HttpError } from '../http/errors';
import type { Db } from '../store/index';
import { hashPassword, PASSWORD_MIN_LENGTH, SCRYPT_COST, verifyDummy, verifyPassword, type ScryptCost } from './passwords';

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_LOCK_MINUTES = 15;

export const normaliseUsername = (u: string): string => u.trim().toLowerCase();

const REVIEWER_SQL = `
SELECT r.id::text AS id, r.username, r.name, r.department_code, d.name AS department_name, d.region_code, g.name AS region_name
  FROM reviewers r JOIN departments d ON d.code = r.department_code JOIN regions g ON g.code = d.region_code`;

type ReviewerRow = { id: string; username: string; name: string; department_code: string; department_name: string; region_code: string; region_name: string };

export function reviewerOf(r: ReviewerRow): Reviewer {
  return {
    id: r.id,
    username: r.username,
    name: r.name,
    departmentCode: r.department_code,
    departmentName: r.department_name,
    regionCode: r.region_code.trim(),
    regionName: r.region_name,
  };
}

/** Every reviewer account, active first, then by department and name (operators). */
export async function listReviewers(db: Db): Promise<ReviewerAccount[]> {
  const rows = await db.query<ReviewerRow & { active: boolean; created_at: Date | string }>(
    `${REVIEWER_SQL.replace('SELECT', 'SELECT r.active, r.created_at,')} ORDER BY r.active DESC, r.department_code, r.name, r.username`,
  );
  return rows.map((r) => ({ ...reviewerOf(r), active: r.active, createdAt: new Date(r.created_at).toISOString() }));
}

export async function reviewerById(db: Db, id: string): Promise<Reviewer | null> {
  const [row] = await db.query<ReviewerRow>(`${REVIEWER_SQL} WHERE r.id = $1 AND r.active`, [id]);
  return row ? reviewerOf(row) : null;
}

export interface NewReviewer {
  username: string;
  name: string;
  departmentCode: string;
  password: string;
}

/** Creates a reviewer; 400 for an unknown department or a short password, 409 when the user name is taken. */
export async function createReviewer(db: Db, input: NewReviewer, cost: ScryptCost = SCRYPT_COST): Promise<Reviewer> {
  if (input.password.length < PASSWORD_MIN_LENGTH)
    throw new HttpError(400, 'validation_failed', `请求体字段 password 不合法：密码至少${PASSWORD_MIN_LENGTH}个字符 (password too short)`, 'password');
  const username = normaliseUsername(input.username);
  const [dept] = await db.query('SELECT 1 FROM departments WHERE code = $1', [input.departmentCode]);
  if (!dept)
    throw new HttpError(400, 'unknown_department', `请求体字段 departmentCode 不合法：部门 ${input.departmentCode} 不存在 (no such department)`, 'departmentCode');
  const hash = await hashPassword(input.password, cost);
  const id = randomUUID();
  const inserted = await db.query(
    `INSERT INTO reviewers (id, username, name, department_code, password_hash) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING RETURNING id`,
    [id, username, input.name.trim(), input.departmentCode, hash],
  );
  if (!inserted.length) throw new HttpError(409, 'reviewer_exists', `用户名 ${username} 已被使用 (user name taken)`, 'username');
  return (await reviewerById(db, id))!;
}

/**
 * An operator resets a reviewer's password: the new hash, the lockout cleared, and every
 * session of the reviewer ended (whoever held the old password is signed out). 404 for an
 * unknown or deactivated user name; 400 for a short password.
 */
export async function resetPassword(db: Db, usernameRaw: string, password: string, cost: ScryptCost = SCRYPT_COST): Promise<Reviewer> {
  if (password.length < PASSWORD_MIN_LENGTH)
    throw new HttpError(400, 'validation_failed', `请求体字段 password 不合法：密码至少${PASSWORD_MIN_LENGTH}个字符 (password too short)`, 'password');
  const username = normaliseUsername(usernameRaw);
  const hash = await hashPassword(password, cost);
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: string }>('UPDATE reviewers SET password_hash = $2 WHERE username = $1 AND active RETURNING id::text AS id', [username, hash]);
    if (!row) throw new HttpError(404, 'not_found', `审查人员 ${username} 不存在或已停用 (no such active reviewer)`, 'username');
    await tx.query('DELETE FROM console_sessions WHERE reviewer_id = $1', [row.id]);
    await tx.query('DELETE FROM console_login_failures WHERE username = $1', [username]);
    return (await reviewerById(tx, row.id))!;
  });
}

/**
 * An operator deactivates a reviewer (left the department, account compromised): no more
 * logins, every session ended at once. The row stays — steps name who decided them. 404 for
 * an unknown user name; deactivating twice is answered 404 too (no active reviewer).
 */
export async function deactivateReviewer(db: Db, usernameRaw: string): Promise<void> {
  const username = normaliseUsername(usernameRaw);
  await db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: string }>('UPDATE reviewers SET active = false WHERE username = $1 AND active RETURNING id::text AS id', [username]);
    if (!row) throw new HttpError(404, 'not_found', `审查人员 ${username} 不存在或已停用 (no such active reviewer)`, 'username');
    await tx.query('DELETE FROM console_sessions WHERE reviewer_id = $1', [row.id]);
  });
}

/**
 * Checks a login. Returns the reviewer, or throws 401 (wrong name or password: the same
 * answer for both) or 429 (locked, with the minutes left).
 */
export async function checkLogin(db: Db, usernameRaw: string, password: string, now: Date): Promise<Reviewer> {
  const username = normaliseUsername(usernameRaw).slice(0, 64);
  const [lock] = await db.query<{ locked_until: Date | string | null }>('SELECT locked_until FROM console_login_failures WHERE username = $1', [username]);
  const lockedUntil = lock?.locked_until ? new Date(lock.locked_until) : null;
  if (lockedUntil && lockedUntil.getTime() > now.getTime()) throw locked(lockedUntil, now);

  const [row] = await db.query<ReviewerRow & { password_hash: string }>(`${REVIEWER_SQL.replace('SELECT', 'SELECT r.password_hash,')} WHERE r.username = $1 AND r.active`, [username]);
  const ok = row ? await verifyPassword(password, row.password_hash) : await verifyDummy(password);
  if (ok && row) {
    await db.query('DELETE FROM console_login_failures WHERE username = $1', [username]);
    return reviewerOf(row);
  }
  // One statement, so concurrent failures on two processes all count. An expired lock starts the count afresh.
  const [f] = await db.query<{ failures: number; locked_until: Date | string | null }>(
    `INSERT INTO console_login_failures AS f (username, failures, last_failed, locked_until) VALUES ($1, 1, $2, NULL)
     ON CONFLICT (username) DO UPDATE SET
       failures = CASE WHEN f.locked_until IS NOT NULL AND f.locked_until <= $2 THEN 1 ELSE f.failures + 1 END,
       last_failed = $2,
       locked_until = CASE
         WHEN f.locked_until IS NOT NULL AND f.locked_until <= $2 THEN NULL
         WHEN f.failures + 1 >= $3 THEN $4::timestamptz
         ELSE f.locked_until END
     RETURNING failures, locked_until`,
    [username, now.toISOString(), LOGIN_MAX_FAILURES, new Date(now.getTime() + LOGIN_LOCK_MINUTES * 60_000).toISOString()],
  );
  if (f?.locked_until && new Date(f.locked_until).getTime() > now.getTime()) throw locked(new Date(f.locked_until), now);
  const left = LOGIN_MAX_FAILURES - (f?.failures ?? 1);
  throw new HttpError(401, 'login_failed', `用户名或密码错误；再错${left}次将锁定${LOGIN_LOCK_MINUTES}分钟 (wrong user name or password)`, 'password');
}

function locked(until: Date, now: Date): HttpError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  const err = new HttpError(
    429,
    'login_locked',
    `连续${LOGIN_MAX_FAILURES}次登录失败，该用户名已锁定，请${minutes}分钟后再试 (locked for ${minutes} min after ${LOGIN_MAX_FAILURES} failed logins)`,
    'username',
  );
  return Object.assign(err, { retryAfterSeconds: Math.ceil((until.getTime() - now.getTime()) / 1000) });
}

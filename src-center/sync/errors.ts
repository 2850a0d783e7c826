/** Failures of the sync endpoints, as HttpErrors (ErrorBody: code, Chinese message, field). */
import type { Db } from '../store/index';
export { HttpError } from '../http/errors';

/** PostgreSQL SQLSTATEs that mean "do it again": unique violation by a concurrent writer, serialization failure, deadlock. */
export function isRetryableDbError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === '40001' || code === '40P01';
}

/**
 * Runs `fn` in a transaction, again (up to 4 more times) when a concurrent writer made it
 * fail in a retryable way; an error of `keep`'s class (an answer, not a failure) is thrown
 * on at once.
 */
export async function inTxWithRetry<T>(db: Db, fn: (tx: Db) => Promise<T>, keep: abstract new (...args: never[]) => Error): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (e) {
      if (e instanceof keep) throw e;
      if (isRetryableDbError(e) && attempt < 4) continue;
      throw e;
    }
  }
}

/** Failures of the sync endpoints, as HttpErrors (ErrorBody: code, Chinese message, field). */
export { HttpError } from '../http/errors';

/** PostgreSQL SQLSTATEs that mean "do it again": unique violation by a concurrent writer, serialization failure, deadlock. */
export function isRetryableDbError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === '40001' || code === '40P01';
}

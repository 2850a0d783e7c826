/**
 * Operator endpoints (loading a calendar year, later catalog publishing) until operator
 * accounts exist: a bearer token from CENTER_ADMIN_TOKEN, compared in constant time.
 * Without the variable these endpoints are closed.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors';

export function requireAdmin(req: FastifyRequest, token: string | undefined = process.env.CENTER_ADMIN_TOKEN): void {
  if (!token)
    throw new HttpError(403, 'admin_disabled', '管理接口未启用：中心未设置 CENTER_ADMIN_TOKEN (admin endpoints are disabled)', 'authorization');
  const header = req.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const want = Buffer.from(token);
  if (given.length !== want.length || !timingSafeEqual(given, want))
    throw new HttpError(401, 'unauthorized', '缺少或错误的管理令牌 (missing or wrong admin token)', 'authorization');
}

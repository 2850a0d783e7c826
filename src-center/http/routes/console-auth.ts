/**
 * The console's session: the HttpOnly, SameSite=Strict cookie (CONSOLE_SESSION_COOKIE) and
 * the CSRF header (CONSOLE_CSRF_HEADER) every state-changing request carries. No cookie
 * plugin: the Cookie header is read and Set-Cookie written here.
 *
 *   POST /v1/console/login    user name + password → ConsoleSession, Set-Cookie (401 wrong, 429 locked)
 *   POST /v1/console/logout   ends the session (CSRF)
 *   GET  /v1/console/session  the session and its CSRF token (401 without one)
 */
import type { FastifyReply, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CONSOLE_CSRF_HEADER, CONSOLE_SESSION_COOKIE, ConsoleLoginRequest, ConsoleSession } from '../../../src-shared/protocol/console';
import { ErrorBody } from '../../../src-shared/protocol/sync';
import type { Store } from '../../store/index';
import { checkLogin } from '../../workflow/reviewers';
import { createSession, csrfMatches, endSession, findSession, SESSION_MAX_MS } from '../../workflow/sessions';
import { HttpError } from '../errors';

declare module 'fastify' {
  interface FastifyRequest {
    consoleSession: ConsoleSession | null;
  }
}

/** Error responses of a console route, for its schema. */
export const consoleErrors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, ErrorBody])) as Record<number, typeof ErrorBody>;

export function sessionToken(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== CONSOLE_SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Behind HTTPS (directly, or a proxy that says so): the cookie is Secure. */
function secure(req: FastifyRequest): boolean {
  const fwd = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(',')[0]?.trim().toLowerCase();
  return req.protocol === 'https' || proto === 'https';
}

function setCookie(req: FastifyRequest, reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  reply.header(
    'set-cookie',
    `${CONSOLE_SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure(req) ? '; Secure' : ''}`,
  );
}

const csrfHeader = (req: FastifyRequest): string | undefined => {
  const v = req.headers[CONSOLE_CSRF_HEADER];
  return Array.isArray(v) ? v[0] : v;
};

export interface ConsoleAuthOptions {
  store: Store;
  now: () => Date;
}

/**
 * preValidation hook of every console route but login: 401 without a live session; 403 when
 * a state-changing request lacks the session's CSRF token. Runs before the body is
 * validated, so nothing about the request is answered to a stranger.
 */
export function requireSession(opts: ConsoleAuthOptions, csrf: boolean): preValidationAsyncHookHandler {
  return async (req) => {
    const token = sessionToken(req);
    const session = token ? await findSession(opts.store.db, token, opts.now()) : null;
    if (!session) throw new HttpError(401, 'not_logged_in', '未登录或登录已过期，请重新登录 (no console session)', CONSOLE_SESSION_COOKIE);
    if (csrf && !csrfMatches(csrfHeader(req), session.csrfToken))
      throw new HttpError(403, 'csrf_failed', `缺少或错误的请求头 ${CONSOLE_CSRF_HEADER}：请刷新页面后重试 (missing or wrong CSRF token)`, CONSOLE_CSRF_HEADER);
    req.consoleSession = session;
  };
}

/** The session requireSession found. */
export function sessionOf(req: FastifyRequest): ConsoleSession {
  if (!req.consoleSession) throw new HttpError(401, 'not_logged_in', '未登录或登录已过期，请重新登录 (no console session)', CONSOLE_SESSION_COOKIE);
  return req.consoleSession;
}

export const consoleAuthRoutes: FastifyPluginAsyncZod<ConsoleAuthOptions> = async (app, opts) => {
  if (!app.hasRequestDecorator('consoleSession')) app.decorateRequest('consoleSession', null);

  app.post(
    '/v1/console/login',
    {
      schema: {
        summary: '审查人员登录',
        description:
          'User name and password (scrypt). Sets the session cookie (HttpOnly, SameSite=Strict) and answers the session with its CSRF token. ' +
          'Five failures lock the user name for 15 minutes (429).',
        tags: ['console'],
        body: ConsoleLoginRequest,
        response: { 200: ConsoleSession, ...consoleErrors(400, 401, 429, 500) },
      },
    },
    async (req, reply) => {
      try {
        const reviewer = await checkLogin(opts.store.db, req.body.username, req.body.password, opts.now());
        const ua = req.headers['user-agent'];
        const { token, session } = await createSession(opts.store.db, reviewer, opts.now(), typeof ua === 'string' ? ua : undefined);
        setCookie(req, reply, token, Math.floor(SESSION_MAX_MS / 1000));
        reply.header('cache-control', 'no-store');
        return session;
      } catch (err) {
        const retry = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
        if (retry) reply.header('retry-after', String(retry));
        throw err;
      }
    },
  );

  app.post(
    '/v1/console/logout',
    {
      preValidation: requireSession(opts, true),
      schema: { summary: '退出登录', description: 'Ends the session and clears the cookie. CSRF header required.', tags: ['console'], response: consoleErrors(401, 403) },
    },
    async (req, reply) => {
      const token = sessionToken(req);
      if (token) await endSession(opts.store.db, token);
      setCookie(req, reply, '', 0);
      // No body: the reply is untyped here because the route's schema lists only error bodies.
      return (reply as FastifyReply).code(204).send();
    },
  );

  app.get(
    '/v1/console/session',
    {
      preValidation: requireSession(opts, false),
      schema: {
        summary: '当前登录',
        description: 'The session: reviewer, CSRF token, expiry (moved on by every request).',
        tags: ['console'],
        response: { 200: ConsoleSession, ...consoleErrors(401) },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return sessionOf(req);
    },
  );
};

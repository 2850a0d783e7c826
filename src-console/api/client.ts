/**
 * The console's HTTP client for /v1/console/* (src-shared/protocol/console.ts). Same-origin
 * relative URLs and the session cookie; every POST carries the CSRF token the session
 * answered; every request body is checked against the contract before it leaves, and
 * every answer is checked against it before the UI sees it.
 */
import { z } from 'zod';
import {
  ApproveRequest,
  CONSOLE_CSRF_HEADER,
  ConsoleActionResponse,
  ConsoleCase,
  ConsoleLoginRequest,
  ConsoleSession,
  ExtendRequest,
  IssueResultRequest,
  PauseRequest,
  RefuseRequest,
  ResumeRequest,
  SupplementRequest,
  WorklistQuery,
  WorklistResponse,
} from '../../src-shared/protocol/console';
import { ErrorBody } from '../../src-shared/protocol/sync';

export type ApiErrorKind =
  /** The center answered an error (ErrorBody, or something else with a non-2xx status). */
  | 'http'
  /** No answer: network down, center stopped. */
  | 'network'
  /** The center answered, but not what the contract says. */
  | 'shape'
  /** The request itself breaks the contract (caught before sending). */
  | 'request';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status = 0,
    readonly code: string = kind,
    /** The field at fault (dotted path, as the center reports it), when one is. */
    readonly field?: string,
    /** For 'shape' and 'network': which request. */
    readonly where?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get unauthorized(): boolean {
    return this.kind === 'http' && this.status === 401;
  }

  /** Login refused because the account is locked out after failed attempts. */
  get locked(): boolean {
    return this.kind === 'http' && (this.status === 423 || this.status === 429 || /lock/i.test(this.code));
  }

  get notFound(): boolean {
    return this.kind === 'http' && this.status === 404;
  }
}

/** "path.to.field: message; …" of a zod error, for a 'shape' or 'request' error. */
export function summarizeIssues(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  if (error.issues.length > max) parts.push(`+${error.issues.length - max}`);
  return parts.join('; ');
}

/** An error answer as an ApiError: ErrorBody when it is one, the status otherwise. */
export function errorFromResponse(status: number, body: unknown, where: string): ApiError {
  const parsed = ErrorBody.safeParse(body);
  if (parsed.success) return new ApiError('http', parsed.data.message, status, parsed.data.error, parsed.data.field, where);
  const text = typeof body === 'string' ? body.slice(0, 200) : '';
  return new ApiError('http', text, status, `http_${status}`, undefined, where);
}

/** "METHOD /path" without the query, naming a request in errors. */
export const whereOf = (method: string, path: string): string => `${method} ${path.split('?')[0]}`;

/** The answer's body: JSON when it parses, else its text; null when empty. */
export async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * One request to the center, JSON in and out, never cached: the caller's headers (and
 * cookies or not), a POST's body as JSON. Not reaching the center is ApiError 'network'.
 */
export async function sendJson(
  doFetch: typeof fetch,
  url: string,
  req: { method: 'GET' | 'POST'; headers: Record<string, string>; credentials: RequestCredentials; body?: unknown },
  where: string,
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...(req.method === 'POST' ? { 'content-type': 'application/json' } : {}), ...req.headers };
  try {
    return await doFetch(url, {
      method: req.method,
      headers,
      credentials: req.credentials,
      cache: 'no-store',
      ...(req.method === 'POST' ? { body: JSON.stringify(req.body ?? {}) } : {}),
    });
  } catch (e) {
    throw new ApiError('network', e instanceof Error ? e.message : String(e), 0, 'network', undefined, where);
  }
}

/** An answer as the contract says: an error status is ApiError (after onUnauthorized on a 401), the body is checked against the schema. */
export async function checkedAnswer<S extends z.ZodType>(res: Response, schema: S, where: string, onUnauthorized?: () => void): Promise<z.output<S>> {
  const data = await readBody(res);
  if (!res.ok) {
    const err = errorFromResponse(res.status, data, where);
    if (res.status === 401) onUnauthorized?.();
    throw err;
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ApiError('shape', summarizeIssues(parsed.error), res.status, 'shape', undefined, where);
  return parsed.data;
}

/** A request body the contract refuses, caught before sending: ApiError 'request' naming the first field at fault. */
export function checkRequest<S extends z.ZodType>(schema: S, body: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new ApiError('request', summarizeIssues(parsed.error), 0, 'request', first?.path.join('.') || undefined, where);
}

export type ApproveBody = z.input<typeof ApproveRequest>;
export type RefuseBody = z.input<typeof RefuseRequest>;
export type SupplementBody = z.input<typeof SupplementRequest>;
export type ExtendBody = z.input<typeof ExtendRequest>;
export type PauseBody = z.input<typeof PauseRequest>;
export type ResumeBody = z.input<typeof ResumeRequest>;
export type IssueResultBody = z.input<typeof IssueResultRequest>;
export type StepAction = 'approve' | 'refuse' | 'supplement' | 'extend' | 'pause' | 'resume';

const STEP_ACTION_SCHEMAS: Record<StepAction, z.ZodType> = {
  approve: ApproveRequest,
  refuse: RefuseRequest,
  supplement: SupplementRequest,
  extend: ExtendRequest,
  pause: PauseRequest,
  resume: ResumeRequest,
};

export interface ConsoleApiOptions {
  fetch?: typeof fetch;
  /** Prefix of every URL; '' (same origin) in the app. */
  base?: string;
  /** Called when an authenticated request answers 401: the session ended. */
  onUnauthorized?: () => void;
}

/** The URL of the worklist for a query (empty search and defaults left out). */
export function worklistUrl(query: z.input<typeof WorklistQuery>): string {
  const q = WorklistQuery.parse(query);
  const p = new URLSearchParams();
  if (q.status) p.set('status', q.status);
  if (q.q) p.set('q', q.q);
  if (q.limit !== undefined) p.set('limit', String(q.limit));
  if (q.offset) p.set('offset', String(q.offset));
  const s = p.toString();
  return `/v1/console/worklist${s ? `?${s}` : ''}`;
}

async function sha256Hex(data: ArrayBuffer): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  // Plain http on a non-loopback host has no WebCrypto: the check is skipped there.
  if (!subtle) return null;
  const digest = new Uint8Array(await subtle.digest('SHA-256', data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function createConsoleApi(opts: ConsoleApiOptions = {}) {
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const base = opts.base ?? '';
  let csrfToken: string | null = null;

  async function send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (method === 'POST' && csrfToken) headers[CONSOLE_CSRF_HEADER] = csrfToken;
    return sendJson(doFetch, base + path, { method, headers, credentials: 'same-origin', body }, whereOf(method, path));
  }

  async function call<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown, authed = true): Promise<z.output<S>> {
    const res = await send(method, path, body);
    return checkedAnswer(res, schema, whereOf(method, path), authed ? opts.onUnauthorized : undefined);
  }

  function remember(session: ConsoleSession): ConsoleSession {
    csrfToken = session.csrfToken;
    return session;
  }

  return {
    get csrfToken(): string | null {
      return csrfToken;
    },

    /** The current session, or null when not signed in (401). */
    async session(): Promise<ConsoleSession | null> {
      try {
        return remember(await call('GET', '/v1/console/session', ConsoleSession, undefined, false));
      } catch (e) {
        if (e instanceof ApiError && e.unauthorized) {
          csrfToken = null;
          return null;
        }
        throw e;
      }
    },

    async login(body: z.input<typeof ConsoleLoginRequest>): Promise<ConsoleSession> {
      const req = checkRequest(ConsoleLoginRequest, body, 'POST /v1/console/login');
      return remember(await call('POST', '/v1/console/login', ConsoleSession, req, false));
    },

    /** Ends the session at the center; forgets the token whatever the answer. */
    async logout(): Promise<void> {
      try {
        await call('POST', '/v1/console/logout', z.unknown(), {}, false);
      } finally {
        csrfToken = null;
      }
    },

    worklist(query: z.input<typeof WorklistQuery>): Promise<WorklistResponse> {
      return call('GET', worklistUrl(query), WorklistResponse);
    },

    getCase(caseId: string): Promise<ConsoleCase> {
      return call('GET', `/v1/console/cases/${encodeURIComponent(caseId)}`, ConsoleCase);
    },

    async stepAction(action: StepAction, stepId: string, body: unknown): Promise<ConsoleCase> {
      const path = `/v1/console/steps/${encodeURIComponent(stepId)}/${action}`;
      const req = checkRequest(STEP_ACTION_SCHEMAS[action], body, `POST ${path}`);
      return call('POST', path, ConsoleActionResponse, req);
    },

    async issueResult(caseId: string, body: IssueResultBody): Promise<ConsoleCase> {
      const path = `/v1/console/cases/${encodeURIComponent(caseId)}/result`;
      const req = checkRequest(IssueResultRequest, body, `POST ${path}`);
      return call('POST', path, ConsoleActionResponse, req);
    },

    /** A scan or receipt of the case, checked against its SHA-256 when WebCrypto is there. */
    async blob(caseId: string, sha256: string, mime?: string): Promise<{ blob: Blob; verified: boolean }> {
      const path = `/v1/console/cases/${encodeURIComponent(caseId)}/blobs/${encodeURIComponent(sha256)}`;
      const where = `GET /v1/console/cases/:caseId/blobs/:sha256`;
      const res = await send('GET', path);
      if (!res.ok) {
        const err = errorFromResponse(res.status, await readBody(res), where);
        if (res.status === 401) opts.onUnauthorized?.();
        throw err;
      }
      const data = await res.arrayBuffer();
      const actual = await sha256Hex(data);
      if (actual !== null && actual !== sha256.toLowerCase())
        throw new ApiError('shape', `sha256 ${actual} ≠ ${sha256}`, res.status, 'blob_hash_mismatch', undefined, where);
      const type = mime || res.headers.get('content-type')?.split(';')[0]?.trim() || 'application/octet-stream';
      return { blob: new Blob([data], { type }), verified: actual !== null };
    },
  };
}

export type ConsoleApi = ReturnType<typeof createConsoleApi>;

/**
 * HTTP access to the provincial center from the window. Every request carries the sync
 * schema version header and a timeout; every answer is validated with the sync.ts
 * schemas before anything else sees it.
 */
import type { z } from 'zod';
import { ErrorBody, Health, SCHEMA_VERSION_HEADER, SYNC_SCHEMA_VERSION } from '../../src-shared/protocol/sync';
import { centerMessages } from './messages';

export type CenterErrorKind = 'unreachable' | 'timeout' | 'http' | 'bad_response' | 'bad_url';

export class CenterError extends Error {
  constructor(
    readonly kind: CenterErrorKind,
    message: string,
    readonly status?: number,
    readonly field?: string,
    /** The technical cause without the bilingual wording (for UIs that word it themselves). */
    readonly detail: string = message,
  ) {
    super(message);
    this.name = 'CenterError';
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface CenterOptions {
  fetch?: FetchLike;
  timeoutMs?: number;
}

/** Resolve a path against the center's base URL, keeping any base path. */
export function centerUrl(base: string, path: string, query?: Record<string, string | number | undefined>): string {
  let u: URL;
  try {
    u = new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : base + '/');
  } catch {
    throw new CenterError('bad_url', centerMessages.badUrl(base), undefined, undefined, base);
  }
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
  return u.toString();
}

async function request(url: string, opts: CenterOptions, headers: Record<string, string>): Promise<Response> {
  const f = opts.fetch ?? ((i, init) => globalThis.fetch(i, init));
  const timeoutMs = opts.timeoutMs ?? 8000;
  try {
    return await f(url, { method: 'GET', headers, signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
  } catch (e) {
    const name = (e as { name?: string } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError')
      throw new CenterError('timeout', centerMessages.timeout(timeoutMs), undefined, undefined, `${timeoutMs} ms`);
    const detail = String((e as Error)?.message ?? e);
    throw new CenterError('unreachable', centerMessages.unreachable(detail), undefined, undefined, detail);
  }
}

/** GET a JSON resource of the sync protocol and validate it with `schema`. */
export async function centerGet<S extends z.ZodType>(
  base: string,
  path: string,
  schema: S,
  query?: Record<string, string | number | undefined>,
  opts: CenterOptions = {},
): Promise<z.output<S>> {
  const url = centerUrl(base, path, query);
  const res = await request(url, opts, {
    accept: 'application/json',
    [SCHEMA_VERSION_HEADER]: String(SYNC_SCHEMA_VERSION),
  });
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new CenterError(res.ok ? 'bad_response' : 'http', centerMessages.notJson(res.status), res.status, undefined, `HTTP ${res.status}, not JSON`);
  }
  if (!res.ok) {
    const err = ErrorBody.safeParse(body);
    const msg = err.success ? err.data.message : `HTTP ${res.status}`;
    throw new CenterError('http', centerMessages.httpError(res.status, msg), res.status, err.success ? err.data.field : undefined, `HTTP ${res.status}: ${msg}`);
  }
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : undefined;
    throw new CenterError(
      'bad_response',
      centerMessages.badResponse(path, field ?? '(root)', issue?.message ?? ''),
      res.status,
      field,
      `${path}: ${field ?? '(root)'}: ${issue?.message ?? ''}`,
    );
  }
  return r.data;
}

/** Is the center answering? GET /health with a short timeout; never throws. */
export type HealthResult = { ok: true; health: Health } | { ok: false; kind: CenterErrorKind; error: string };

export async function checkCenterHealth(base: string, opts: CenterOptions = {}): Promise<HealthResult> {
  try {
    const res = await request(centerUrl(base, '/health'), { timeoutMs: 4000, ...opts }, { accept: 'application/json' });
    if (!res.ok) return { ok: false, kind: 'http', error: `HTTP ${res.status}` };
    const h = Health.safeParse(await res.json().catch(() => null));
    return h.success ? { ok: true, health: h.data } : { ok: false, kind: 'bad_response', error: 'invalid /health response' };
  } catch (e) {
    if (e instanceof CenterError) return { ok: false, kind: e.kind, error: e.detail };
    return { ok: false, kind: 'unreachable', error: String((e as Error)?.message ?? e) };
  }
}

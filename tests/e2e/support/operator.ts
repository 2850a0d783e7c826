/**
 * What the province's operator does at the center, for the end-to-end specs: one-time
 * enrollment codes for a window's PC (the admin API on the sync service, HTTPS trusting
 * only the province root), catalog maintenance in the center's own database while it is
 * stopped (the center has no catalog admin API: the province's DBA edits the catalog), and
 * department reviewers acting through the console's API.
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { openStore } from '../../../src-center/store/index';
import { CONSOLE_CSRF_HEADER, CONSOLE_SESSION_COOKIE, ConsoleCase, ConsoleSession, WorklistResponse, type IssueResultRequest } from '../../../src-shared/protocol/console';
import { EnrollmentCodeResponse, SyncEndpoint } from '../../../src-shared/protocol/sync';

/** A TCP port free right now on 127.0.0.1 (for a service that must keep its port across restarts). */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** Where the center's sync service listens, as the center tells windows. */
export async function syncEndpoint(centerUrl: string): Promise<SyncEndpoint> {
  return SyncEndpoint.parse(await (await fetch(`${centerUrl}/v1/sync-endpoint`)).json());
}

/** POST /v1/admin/enrollment-codes: a one-time code for the window, as the operator reads it out. */
export async function enrollmentCode(opts: { syncUrl: string; rootPemFile: string; token: string; windowId: string }): Promise<EnrollmentCodeResponse> {
  const url = new URL('/v1/admin/enrollment-codes', opts.syncUrl);
  const body = JSON.stringify({ windowId: opts.windowId });
  const text = await new Promise<string>((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: 'POST',
        ca: readFileSync(opts.rootPemFile),
        headers: { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let out = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (out += c));
        res.on('end', () => (res.statusCode === 200 || res.statusCode === 201 ? resolve(out) : reject(new Error(`enrollment code: HTTP ${res.statusCode}: ${out}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  return EnrollmentCodeResponse.parse(JSON.parse(text));
}

/** The center's database, opened by the operator while the center is stopped (PGlite allows one process). */
async function withCenterDb<T>(dataDir: string, fn: (db: Awaited<ReturnType<typeof openStore>>['db']) => Promise<T>): Promise<T> {
  const store = await openStore({ dataDir });
  try {
    return await fn(store.db);
  } finally {
    await store.close();
  }
}

/** Takes an implementation out of the province catalog; returns its row, to put back later. */
export async function withdrawImplementation(dataDir: string, implementationCode: string): Promise<Record<string, unknown>> {
  return withCenterDb(dataDir, async (db) => {
    const [row] = await db.query<Record<string, unknown>>('SELECT to_jsonb(i) AS row FROM implementations i WHERE implementation_code = $1', [implementationCode]);
    if (!row) throw new Error(`no implementation ${implementationCode} at the center`);
    await db.query('DELETE FROM implementations WHERE implementation_code = $1', [implementationCode]);
    return row.row as Record<string, unknown>;
  });
}

/** Puts a withdrawn implementation back, as it was. */
export async function restoreImplementation(dataDir: string, row: Record<string, unknown>): Promise<void> {
  await withCenterDb(dataDir, (db) => db.query('INSERT INTO implementations SELECT * FROM jsonb_populate_record(NULL::implementations, $1::jsonb)', [JSON.stringify(row)]));
}

/** A department reviewer at the console's API (public HTTP port): session cookie and CSRF token. */
export interface ReviewerSession {
  centerUrl: string;
  cookie: string;
  csrf: string;
}

async function jsonOrThrow(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

/** POST /v1/admin/reviewers, then POST /v1/console/login as that reviewer. */
export async function reviewerOf(opts: { centerUrl: string; token: string; departmentCode: string; username: string; name: string }): Promise<ReviewerSession> {
  const password = `pw-${opts.username}-0123456789`;
  await jsonOrThrow(
    await fetch(`${opts.centerUrl}/v1/admin/reviewers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: opts.username, name: opts.name, departmentCode: opts.departmentCode, password }),
    }),
    'create reviewer',
  );
  const res = await fetch(`${opts.centerUrl}/v1/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: opts.username, password }) });
  const session = ConsoleSession.parse(await jsonOrThrow(res, 'console login'));
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (!cookie.startsWith(`${CONSOLE_SESSION_COOKIE}=`)) throw new Error('console login: no session cookie');
  return { centerUrl: opts.centerUrl, cookie, csrf: session.csrfToken };
}

/** The reviewer's step on a case (from the worklist, by case number). */
export async function stepOf(r: ReviewerSession, caseNumber: string): Promise<string> {
  const res = await fetch(`${r.centerUrl}/v1/console/worklist?status=all&q=${encodeURIComponent(caseNumber)}`, { headers: { cookie: r.cookie } });
  const list = WorklistResponse.parse(await jsonOrThrow(res, 'worklist'));
  const entry = list.entries.find((e) => e.caseNumber === caseNumber);
  if (!entry) throw new Error(`case ${caseNumber} is not in the reviewer's worklist`);
  return entry.stepId;
}

/** POST /v1/console/steps/:stepId/<action> with the CSRF header. */
export async function actOnStep(r: ReviewerSession, stepId: string, action: 'approve' | 'refuse' | 'supplement' | 'extend' | 'pause' | 'resume', body: unknown): Promise<void> {
  await jsonOrThrow(
    await fetch(`${r.centerUrl}/v1/console/steps/${stepId}/${action}`, {
      method: 'POST',
      headers: { cookie: r.cookie, [CONSOLE_CSRF_HEADER]: r.csrf, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    `console ${action}`,
  );
}

/** POST /v1/console/cases/:caseId/result (lead department, CSRF header): issues the result; returns the case as it now is. */
export async function issueResult(r: ReviewerSession, caseId: string, body: IssueResultRequest): Promise<ConsoleCase> {
  return ConsoleCase.parse(
    await jsonOrThrow(
      await fetch(`${r.centerUrl}/v1/console/cases/${caseId}/result`, {
        method: 'POST',
        headers: { cookie: r.cookie, [CONSOLE_CSRF_HEADER]: r.csrf, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
      'console issue result',
    ),
  );
}

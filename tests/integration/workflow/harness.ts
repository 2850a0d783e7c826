/**
 * The province's workflow under test: one store (PGlite or PostgreSQL), the sync app that
 * windows push to (real signed records from simulated devices), and the public app with
 * the department console — sharing the store as the two ports of one center do. The
 * console's clock is the test's: `clock.set('2025-11-05T10:00:00+08:00')`.
 */
import crypto from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src-center/app';
import { pullChanges } from '../../../src-center/sync/changes';
import type { IssueResultFn } from '../../../src-center/workflow/results';
import { formatCaseNumber } from '../../../src-shared/domain/case-number';
import { appendEvent, type CaseEvent } from '../../../src-shared/domain/event-chain';
import { CONSOLE_CSRF_HEADER, CONSOLE_SESSION_COOKIE, ConsoleSession } from '../../../src-shared/protocol/console';
import type { Change, PushResponse } from '../../../src-shared/protocol/sync';
import type { CaseProgress } from '../../../src-shared/protocol/workflow';
import type { Place } from '../center/backends';
import { ADMIN_TOKEN, call, enroll, push, recordsFor, startSyncCenter, type SyncCenter, type TestDevice } from '../sync/harness';

export { ADMIN_TOKEN };

export interface Clock {
  now: Date;
  set(iso: string): void;
  advanceMinutes(n: number): void;
}

export interface WorkflowCenter extends SyncCenter {
  /** The public app: console and admin routes. */
  web: FastifyInstance;
  clock: Clock;
  pkiDir: string;
  /** Another process of the same center (same database): sessions are in the database. */
  secondWeb(): Promise<FastifyInstance>;
}

export async function startWorkflowCenter(place: Place, opts: { issueResult?: IssueResultFn } = {}): Promise<WorkflowCenter> {
  process.env.CENTER_ADMIN_TOKEN = ADMIN_TOKEN;
  const sync = await startSyncCenter(place);
  const clock: Clock = {
    now: new Date('2025-11-03T10:00:00+08:00'),
    set(iso) {
      this.now = new Date(iso);
    },
    advanceMinutes(n) {
      this.now = new Date(this.now.getTime() + n * 60_000);
    },
  };
  const pkiDir = await mkdtemp(join(tmpdir(), 'yc-wf-pki-'));
  const make = () =>
    buildApp(sync.store, { pkiDir, workflow: { now: () => clock.now, yellowDays: 3, consoleDir: join(pkiDir, 'no-console-build'), ...(opts.issueResult ? { issueResult: opts.issueResult } : {}) } });
  const web = await make();
  const others: FastifyInstance[] = [];
  return {
    ...sync,
    web,
    clock,
    pkiDir,
    async secondWeb() {
      const app = await make();
      others.push(app);
      return app;
    },
    async close() {
      for (const o of others) await o.close();
      await web.close();
      await sync.close();
      await rm(pkiDir, { recursive: true, force: true });
    },
  };
}

// ---- windows: cases as the clerk app records them ----

export interface Implementation {
  implementationCode: string;
  itemCode: string;
  name: string;
  regionCode: string;
  departmentCode: string;
  reviewDepartmentCodes: string[];
  promisedDays: number;
}

export async function implementation(c: SyncCenter, where: string, params: unknown[] = []): Promise<Implementation> {
  const [r] = await c.store.db.query<{
    implementation_code: string;
    item_code: string;
    name: string;
    region_code: string;
    department_code: string;
    review_department_codes: string[];
    promised_days: number;
  }>(
    `SELECT im.implementation_code, im.item_code, i.name, im.region_code, im.department_code, im.review_department_codes, im.promised_days
       FROM implementations im JOIN items i ON i.item_code = im.item_code WHERE im.status = 'active' AND ${where} ORDER BY im.implementation_code LIMIT 1`,
    params,
  );
  if (!r) throw new Error(`no implementation where ${where}`);
  return {
    implementationCode: r.implementation_code,
    itemCode: r.item_code,
    name: r.name,
    regionCode: r.region_code.trim(),
    departmentCode: r.department_code,
    reviewDepartmentCodes: r.review_department_codes,
    promisedDays: r.promised_days,
  };
}

export interface Window {
  device: TestDevice;
  deviceSeq: number;
  caseSeq: number;
}

export async function openWindow(c: SyncCenter, windowId: string): Promise<Window> {
  return { device: await enroll(c.app, windowId), deviceSeq: 0, caseSeq: 0 };
}

/** Uploads bytes as a blob through the signed chunk endpoint; returns its SHA-256. */
export async function uploadBlob(c: SyncCenter, w: Window, bytes: Buffer): Promise<string> {
  const sha = crypto.createHash('sha256').update(bytes).digest('hex');
  const res = await call(c.app, w.device, 'PUT', `/v1/sync/blobs/${sha}?offset=0&size=${bytes.length}`, new Uint8Array(bytes));
  if (res.status !== 200) throw new Error(`blob upload: ${res.status} ${JSON.stringify(res.body)}`);
  return sha;
}

export const pdfBytes = (text: string) => Buffer.from(`%PDF-1.4\n% ${text} ${crypto.randomUUID()}\n%%EOF\n`);

export interface AcceptedCase {
  caseId: string;
  caseNumber: string;
  events: CaseEvent[];
  scanSha: string;
  receiptSha: string;
  window: Window;
}

async function pushEvents(c: SyncCenter, w: Window, events: CaseEvent[], blobs: string[][]): Promise<void> {
  const records = recordsFor(w.device, events, w.deviceSeq + 1, blobs);
  w.deviceSeq += events.length;
  const res = await push(c.app, w.device, records);
  const results = (res.body as PushResponse).results;
  const bad = results.filter((r) => r.status !== 'accepted');
  if (res.status !== 200 || bad.length) throw new Error(`push: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * A case received and accepted at the window (its events pushed, scans first): the received
 * event carries the whole case as the clerk app writes it, the acceptance its receipt.
 */
export async function acceptCase(
  c: SyncCenter,
  w: Window,
  impl: Implementation,
  opts: { at?: string; applicantName?: string; form?: Record<string, unknown>; decision?: 'accepted' | 'accepted-with-gap' | 'refused' | 'supplement-notice' | 'completed' } = {},
): Promise<AcceptedCase> {
  const at = opts.at ?? '2025-11-03T09:30:00+08:00';
  const caseId = crypto.randomUUID();
  const caseNumber = formatCaseNumber({ regionCode: w.device.regionCode, date: at.slice(0, 10), deviceId: w.device.deviceId, seq: ++w.caseSeq });
  const scan = pdfBytes(`scan of ${caseNumber}`);
  const scanSha = await uploadBlob(c, w, scan);
  const receiptSha = await uploadBlob(c, w, pdfBytes(`receipt of ${caseNumber}`));
  const received = await appendEvent(null, {
    caseId,
    type: 'received',
    at,
    actor: `c-${w.device.windowId.slice(2)}-1`,
    data: {
      id: caseId,
      caseNumber,
      windowId: w.device.windowId,
      clerkId: `c-${w.device.windowId.slice(2)}-1`,
      deviceId: w.device.deviceId,
      windowRegionCode: w.device.regionCode,
      item: {
        implementationCode: impl.implementationCode,
        itemCode: impl.itemCode,
        name: impl.name,
        regionCode: impl.regionCode,
        promisedDays: impl.promisedDays,
        caseType: '2',
      },
      applicant: { kind: 'person', name: opts.applicantName ?? '李秀英', documentType: '111', documentNumber: '11010519491231002X' },
      form: opts.form ?? { projectName: '演示项目', area: 1200 },
      materials: [
        {
          materialId: 'm1',
          name: '申请书',
          required: true,
          tolerable: false,
          originalsRequired: 1,
          copiesRequired: 0,
          originalSeen: true,
          copiesReceived: 0,
          scans: [{ sha256: scanSha, name: '申请书.pdf', mediaType: 'application/pdf', size: scan.length }],
        },
        {
          materialId: 'm2',
          name: '身份证明',
          required: true,
          tolerable: true,
          originalsRequired: 1,
          copiesRequired: 1,
          originalSeen: true,
          copiesReceived: 1,
          scans: [],
        },
      ],
      status: 'received',
      receivedAt: at,
    },
  });
  const type = opts.decision ?? 'accepted';
  const decided = await appendEvent(received, {
    caseId,
    type,
    at,
    actor: `c-${w.device.windowId.slice(2)}-1`,
    data: {
      decision: { kind: type === 'accepted' ? 'accept' : type, at, clerkId: `c-${w.device.windowId.slice(2)}-1` },
      status: type === 'accepted-with-gap' ? 'accepted' : type,
      document: { type: 'acceptance', sha256: receiptSha },
    },
  });
  await pushEvents(c, w, [received, decided], [[scanSha], [receiptSha]]);
  return { caseId, caseNumber, events: [received, decided], scanSha, receiptSha, window: w };
}

/** The window records the applicant's supplement (with a new scan). */
export async function supplementReceived(c: SyncCenter, k: AcceptedCase, at: string, data: Record<string, unknown> = {}): Promise<string> {
  const sha = await uploadBlob(c, k.window, pdfBytes(`supplement of ${k.caseNumber}`));
  const ev = await appendEvent(k.events.at(-1)!, { caseId: k.caseId, type: 'supplement-received', at, actor: 'clerk', data: { status: 'accepted', ...data } });
  k.events.push(ev);
  await pushEvents(c, k.window, [ev], [[sha]]);
  return sha;
}

/**
 * Waits until every change written about the case is below the pull horizon: on PostgreSQL
 * a writing transaction anywhere on the server (another test file, say) holds later rows
 * back until it ends (sync/changes.ts) — delayed, never lost.
 */
async function pullable(c: SyncCenter, caseId: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const [r] = await c.store.db.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM sync_changes WHERE payload ->> 'caseId' = $1 AND txid >= pg_snapshot_xmin(pg_current_snapshot())`,
      [caseId],
    );
    if (!r?.waiting) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`changes of case ${caseId} still held back after 30 s`);
}

/** What the accepting window's device pulls about a case: the center's progress. */
export async function pulledProgress(c: SyncCenter, w: Window, caseId: string): Promise<Array<CaseProgress & { regionCode: string }>> {
  await pullable(c, caseId);
  const out: Change[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await pullChanges(c.store.db, w.device, cursor);
    out.push(...page.changes);
    cursor = page.cursor;
    if (!page.more) break;
  }
  return out.filter((ch): ch is Extract<Change, { kind: 'case-progress' }> => ch.kind === 'case-progress' && ch.caseId === caseId);
}

// ---- reviewers and the console ----

export interface Login {
  cookie: string;
  csrf: string;
  session: ConsoleSession;
}

let reviewerCounter = 0;
export async function newReviewer(web: FastifyInstance, departmentCode: string): Promise<{ username: string; password: string }> {
  const username = `t${++reviewerCounter}-${departmentCode}`.toLowerCase();
  const password = `pw-${crypto.randomBytes(9).toString('base64url')}`;
  const res = await web.inject({
    method: 'POST',
    url: '/v1/admin/reviewers',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    payload: { username, name: `审查员${reviewerCounter}`, departmentCode, password },
  });
  if (res.statusCode !== 201) throw new Error(`reviewer: ${res.statusCode} ${res.body}`);
  return { username, password };
}

export async function login(web: FastifyInstance, username: string, password: string): Promise<Login> {
  const res = await web.inject({ method: 'POST', url: '/v1/console/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login: ${res.statusCode} ${res.body}`);
  const setCookie = String(res.headers['set-cookie']);
  const token = new RegExp(`${CONSOLE_SESSION_COOKIE}=([^;]+)`).exec(setCookie)![1]!;
  const session = ConsoleSession.parse(res.json());
  return { cookie: `${CONSOLE_SESSION_COOKIE}=${token}`, csrf: session.csrfToken, session };
}

export async function reviewerOf(web: FastifyInstance, departmentCode: string): Promise<Login> {
  const r = await newReviewer(web, departmentCode);
  return login(web, r.username, r.password);
}

/** A console request as the browser sends it: the cookie, and the CSRF header on POSTs. */
export async function consoleCall(web: FastifyInstance, who: Login | null, method: 'GET' | 'POST', url: string, payload?: unknown, opts: { csrf?: string | null } = {}) {
  const headers: Record<string, string> = {};
  if (who) headers.cookie = who.cookie;
  const csrf = opts.csrf === undefined ? who?.csrf : opts.csrf;
  if (method === 'POST' && csrf) headers[CONSOLE_CSRF_HEADER] = csrf;
  const res = await web.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : method === 'POST' ? { payload: {} } : {}) });
  const json = res.headers['content-type']?.toString().startsWith('application/json') && res.body ? (res.json() as Record<string, unknown>) : null;
  return { status: res.statusCode, body: json as any, raw: res }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * Who may do what in the department console, on PGlite and — with DATABASE_URL —
 * PostgreSQL: demo and operator-created reviewers, login with lockout, the session cookie
 * and CSRF header, sessions shared by two center processes, and the rule that a reviewer
 * of department X can neither see nor touch department Y's cases (404, not 403).
 */
import { mkdtemp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src-center/app';
import { ensureDemoReviewers, type DemoReviewersFile } from '../../../src-center/store/seed/reviewers';
import { FormField } from '../../../src-shared/domain/catalog';
import { CONSOLE_CSRF_HEADER, ConsoleCase, ConsoleSession, ReviewerAccountList, WorklistResponse } from '../../../src-shared/protocol/console';
import { ProxyAuthorisation, ProxyAuthorisationList } from '../../../src-shared/protocol/proxy';
import { backends, type Place } from '../center/backends';
import {
  ADMIN_TOKEN,
  acceptCase,
  consoleCall,
  implementation,
  login,
  newReviewer,
  openWindow,
  pdfBytes,
  pulledProgress,
  uploadBlob,
  type AcceptedCase,
  type Implementation,
  type Login,
  type Window,
  type WorkflowCenter,
  startWorkflowCenter,
} from './harness';

describe.each(backends)('console access on $name', (backend) => {
  let place: Place;
  let c: WorkflowCenter;
  let win: Window;
  let joint: Implementation;
  let k: AcceptedCase; // reviewed by X (and others), not by Y
  let x: Login;
  let y: Login;
  let deptY: string;
  let filesDir: string;

  beforeAll(async () => {
    place = await backend.fresh();
    c = await startWorkflowCenter(place);
    filesDir = await mkdtemp(join(tmpdir(), 'yc-wf-files-'));
    win = await openWindow(c, 'w-130102-01');
    joint = await implementation(c, `im.region_code = '130102' AND jsonb_array_length(im.review_department_codes) >= 2`);
    k = await acceptCase(c, win, joint);
    const [rowY] = await c.store.db.query<{ code: string }>(
      `SELECT code FROM departments WHERE region_code = '130102' AND NOT (code = ANY($1::text[])) ORDER BY code LIMIT 1`,
      [joint.reviewDepartmentCodes],
    );
    deptY = rowY!.code;
  });
  afterAll(async () => {
    await c?.close();
    await place?.cleanup();
    if (filesDir) await rm(filesDir, { recursive: true, force: true });
  });

  it('creates demo reviewers with random passwords once, in a file only its owner can read', async () => {
    const made = await ensureDemoReviewers(c.store.db, filesDir);
    expect(made).not.toBeNull();
    const [n] = await c.store.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM departments WHERE region_code IN ('130102','130104','130123','130602','131082','130100','130000')`,
    );
    expect(made!.accounts).toHaveLength(n!.n);
    expect((await stat(made!.file)).mode & 0o777).toBe(0o600);
    const file = JSON.parse(await readFile(made!.file, 'utf8')) as DemoReviewersFile;
    const amr = file.accounts.find((a) => a.username === '130102-amr')!;
    expect(amr).toMatchObject({ departmentCode: '130102-amr', regionCode: '130102' });
    expect(new Set(file.accounts.map((a) => a.password)).size).toBe(file.accounts.length);
    expect(amr.password.length).toBeGreaterThanOrEqual(20);
    const s = await login(c.web, '130102-AMR', amr.password);
    expect(s.session.reviewer).toMatchObject({ username: '130102-amr', departmentCode: '130102-amr', regionName: '长安区' });
    // Second start: nothing new, the file is not rewritten.
    expect(await ensureDemoReviewers(c.store.db, filesDir)).toBeNull();
  });

  it('creates reviewers only for operators, with a password of at least 10 characters and a known department', async () => {
    const post = (payload: Record<string, unknown>, token: string | null = ADMIN_TOKEN) =>
      c.web.inject({ method: 'POST', url: '/v1/admin/reviewers', headers: token ? { authorization: `Bearer ${token}` } : {}, payload });
    const good = { username: 'zhang.wei', name: '张伟', departmentCode: joint.reviewDepartmentCodes[0], password: 'correct-horse-9' };
    expect((await post(good, null)).statusCode).toBe(401);
    expect((await post(good, 'wrong-token')).statusCode).toBe(401);
    let res = await post({ ...good, password: 'short' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'validation_failed', field: 'password' });
    expect(res.json().message).toMatch(/password.*10个字符/);
    res = await post({ ...good, departmentCode: '130102-nothing' });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('departmentCode');
    res = await post({ ...good, username: 'Zhang Wei' });
    expect(res.json().field).toBe('username');
    res = await post(good);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'zhang.wei', name: '张伟', departmentCode: good.departmentCode, regionCode: '130102' });
    res = await post({ ...good, username: 'ZHANG.WEI' });
    expect(res.statusCode).toBe(409);
    expect((await login(c.web, 'zhang.wei', 'correct-horse-9')).session.reviewer.name).toBe('张伟');
  });

  it('lets operators reset a reviewer’s password and deactivate a reviewer, ending their sessions at once', async () => {
    const r = await newReviewer(c.web, joint.reviewDepartmentCodes[0]!);
    const s = await login(c.web, r.username, r.password);
    const admin = (url: string, payload?: unknown, token: string | null = ADMIN_TOKEN) =>
      c.web.inject({ method: 'POST', url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload ? { payload } : {}) });
    const session = () => c.web.inject({ method: 'GET', url: '/v1/console/session', headers: { cookie: s.cookie } });
    expect((await session()).statusCode).toBe(200);

    // Operators only; a short password is named; an unknown user is 404.
    expect((await admin(`/v1/admin/reviewers/${r.username}/password`, { password: 'new-password-1' }, null)).statusCode).toBe(401);
    let res = await admin(`/v1/admin/reviewers/${r.username}/password`, { password: 'short' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'password' });
    expect((await admin('/v1/admin/reviewers/nobody-here/password', { password: 'new-password-1' })).statusCode).toBe(404);

    // Reset: the old password and the old session stop working, the new password works.
    res = await admin(`/v1/admin/reviewers/${r.username.toUpperCase()}/password`, { password: 'new-password-1' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: r.username });
    expect((await session()).statusCode).toBe(401);
    expect((await c.web.inject({ method: 'POST', url: '/v1/console/login', payload: r })).statusCode).toBe(401);
    const again = await login(c.web, r.username, 'new-password-1');

    // Deactivate: the session ends, no login, a second deactivation is 404.
    expect((await admin(`/v1/admin/reviewers/${r.username}/deactivate`, undefined, 'wrong-token')).statusCode).toBe(401);
    expect((await admin(`/v1/admin/reviewers/${r.username}/deactivate`)).statusCode).toBe(204);
    expect((await c.web.inject({ method: 'GET', url: '/v1/console/session', headers: { cookie: again.cookie } })).statusCode).toBe(401);
    expect((await c.web.inject({ method: 'POST', url: '/v1/console/login', payload: { username: r.username, password: 'new-password-1' } })).statusCode).toBe(401);
    expect((await admin(`/v1/admin/reviewers/${r.username}/deactivate`)).statusCode).toBe(404);
    expect((await admin(`/v1/admin/reviewers/${r.username}/password`, { password: 'new-password-2' })).statusCode).toBe(404);
  });

  it('lists every reviewer account for operators, deactivated ones marked so', async () => {
    const kept = await newReviewer(c.web, joint.reviewDepartmentCodes[0]!);
    const gone = await newReviewer(c.web, joint.reviewDepartmentCodes[1]!);
    expect((await c.web.inject({ method: 'POST', url: `/v1/admin/reviewers/${gone.username}/deactivate`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).statusCode).toBe(204);
    expect((await c.web.inject({ method: 'GET', url: '/v1/admin/reviewers' })).statusCode).toBe(401);
    const res = await c.web.inject({ method: 'GET', url: '/v1/admin/reviewers', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const list = ReviewerAccountList.parse(res.json()).reviewers;
    expect(list.find((r) => r.username === kept.username)).toMatchObject({ active: true, departmentCode: joint.reviewDepartmentCodes[0] });
    expect(list.find((r) => r.username === gone.username)).toMatchObject({ active: false });
    // Active accounts first; no password hash or anything like it.
    expect(list.findIndex((r) => !r.active)).toBeGreaterThan(list.findIndex((r) => r.active));
    expect(res.body).not.toContain('scrypt');
  });

  it('manages proxy authorisations on the console’s own origin too (the operator pages), with the same token and rules', async () => {
    const admin = (method: 'GET' | 'POST', url: string, payload?: object, token: string | null = ADMIN_TOKEN) =>
      c.web.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload ? { payload } : {}) });
    expect((await admin('GET', '/v1/admin/proxy-authorisations', undefined, null)).statusCode).toBe(401);
    const [item] = await c.store.db.query<{ item_code: string }>(`SELECT item_code FROM implementations WHERE region_code = '130104' AND status = 'active' ORDER BY implementation_code LIMIT 1`);
    const body = { windowId: 'w-130102-01', regionCode: '130104', itemCodes: [item!.item_code], validFrom: '2026-01-01', validTo: '2026-12-31', createdBy: '省政务服务管理办公室 李明' };
    const bad = await admin('POST', '/v1/admin/proxy-authorisations', { ...body, validTo: '2025-12-31' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'validTo' });
    const created = await admin('POST', '/v1/admin/proxy-authorisations', body);
    expect(created.statusCode, created.body).toBe(201);
    const auth = ProxyAuthorisation.parse(created.json());
    const listed = ProxyAuthorisationList.parse((await admin('GET', '/v1/admin/proxy-authorisations?windowId=w-130102-01')).json()).authorisations;
    expect(listed.map((a) => a.id)).toContain(auth.id);
    const revoked = await admin('POST', `/v1/admin/proxy-authorisations/${auth.id}/revoke`, { revokedBy: '李明', reason: '窗口人员调整' });
    expect(revoked.statusCode).toBe(200);
    expect(ProxyAuthorisation.parse(revoked.json()).revokedAt).not.toBeNull();
  });

  it('sets an HttpOnly, SameSite=Strict session cookie (Secure behind HTTPS) and answers the session with its CSRF token', async () => {
    const r = await newReviewer(c.web, joint.reviewDepartmentCodes[0]!);
    let res = await c.web.inject({ method: 'POST', url: '/v1/console/login', payload: r });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^yc_console=[A-Za-z0-9_-]{40,}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const session = ConsoleSession.parse(res.json());
    res = await c.web.inject({ method: 'POST', url: '/v1/console/login', payload: r, headers: { 'x-forwarded-proto': 'https' } });
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure$/);
    res = await c.web.inject({ method: 'GET', url: '/v1/console/session', headers: { cookie: cookie.split(';')[0]! } });
    expect(res.statusCode).toBe(200);
    expect(ConsoleSession.parse(res.json()).csrfToken).toBe(session.csrfToken);
    // The database keeps only the token's hash.
    const token = cookie.split(';')[0]!.split('=')[1]!;
    const rows = await c.store.db.query<{ token_sha256: string }>('SELECT token_sha256 FROM console_sessions');
    expect(rows.some((row) => row.token_sha256 === token)).toBe(false);
  });

  it('answers every console route 401 without a session, and refuses state changes without the CSRF header (403)', async () => {
    x = await login(c.web, ...(Object.values(await newReviewer(c.web, joint.reviewDepartmentCodes[0]!)) as [string, string]));
    const view = ConsoleCase.parse((await consoleCall(c.web, x, 'GET', `/v1/console/cases/${k.caseId}`)).body);
    const stepUrl = `/v1/console/steps/${view.myStep.stepId}/approve`;
    for (const [method, url] of [
      ['GET', '/v1/console/session'],
      ['GET', '/v1/console/worklist'],
      ['GET', `/v1/console/cases/${k.caseId}`],
      ['GET', `/v1/console/cases/${k.caseId}/blobs/${k.scanSha}`],
      ['POST', stepUrl],
      ['POST', `/v1/console/cases/${k.caseId}/result`],
      ['POST', '/v1/console/logout'],
    ] as const) {
      const res = await consoleCall(c.web, null, method, url, method === 'POST' ? {} : undefined);
      expect(res.status, `${method} ${url}`).toBe(401);
      expect(res.body.error).toBe('not_logged_in');
    }
    // A forged or expired cookie is no session either.
    expect((await consoleCall(c.web, { ...x, cookie: 'yc_console=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 'GET', '/v1/console/worklist')).status).toBe(401);

    let res = await consoleCall(c.web, x, 'POST', stepUrl, {}, { csrf: null });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'csrf_failed', field: CONSOLE_CSRF_HEADER });
    res = await consoleCall(c.web, x, 'POST', stepUrl, {}, { csrf: 'x'.repeat(x.csrf.length) });
    expect(res.status).toBe(403);
    // Nothing happened: the step is still pending.
    expect(ConsoleCase.parse((await consoleCall(c.web, x, 'GET', `/v1/console/cases/${k.caseId}`)).body).myStep.status).toBe('pending');
  });

  it("hides department X's cases from a reviewer of department Y: not listed, not found, no blobs, no actions", async () => {
    y = await login(c.web, ...(Object.values(await newReviewer(c.web, deptY)) as [string, string]));
    const viewX = ConsoleCase.parse((await consoleCall(c.web, x, 'GET', `/v1/console/cases/${k.caseId}`)).body);
    const listX = WorklistResponse.parse((await consoleCall(c.web, x, 'GET', '/v1/console/worklist?status=all')).body);
    expect(listX.entries.some((e) => e.caseId === k.caseId)).toBe(true);

    const listY = WorklistResponse.parse((await consoleCall(c.web, y, 'GET', '/v1/console/worklist?status=all')).body);
    expect(listY.entries.some((e) => e.caseId === k.caseId)).toBe(false);
    const byNumber = WorklistResponse.parse((await consoleCall(c.web, y, 'GET', `/v1/console/worklist?status=all&q=${k.caseNumber}`)).body);
    expect(byNumber.total).toBe(0);

    const missing = await consoleCall(c.web, y, 'GET', `/v1/console/cases/00000000-0000-4000-8000-000000000000`);
    const hidden = await consoleCall(c.web, y, 'GET', `/v1/console/cases/${k.caseId}`);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body.error).toBe(missing.body.error);
    expect((await consoleCall(c.web, y, 'GET', `/v1/console/cases/${k.caseId}/blobs/${k.scanSha}`)).status).toBe(404);
    expect((await consoleCall(c.web, y, 'GET', `/v1/console/cases/${k.caseId}/blobs/${k.receiptSha}`)).status).toBe(404);
    for (const [action, body] of [
      ['approve', {}],
      ['refuse', { reasons: ['不符合条件'] }],
      ['supplement', { items: [{ text: '请补充材料' }] }],
      ['extend', { days: 1, approver: '局长', reason: '需要核查' }],
      ['pause', { procedure: 'hearing', reason: '举行听证' }],
      ['resume', {}],
    ] as const) {
      const res = await consoleCall(c.web, y, 'POST', `/v1/console/steps/${viewX.myStep.stepId}/${action}`, body);
      expect(res.status, action).toBe(404);
      expect(res.body.error).toBe('step_not_found');
    }
    expect((await consoleCall(c.web, y, 'POST', `/v1/console/cases/${k.caseId}/result`, { kind: 'licence', title: '许可证', body: '准予许可' })).status).toBe(404);
    // Nothing moved, and the window heard of nothing but the routing.
    expect(ConsoleCase.parse((await consoleCall(c.web, x, 'GET', `/v1/console/cases/${k.caseId}`)).body).steps.every((s) => s.status === 'pending')).toBe(true);
    expect((await pulledProgress(c, win, k.caseId)).map((p) => p.type)).toEqual(['routed']);
  });

  it("serves the case's own blobs in order, and nothing else", async () => {
    let res = await consoleCall(c.web, x, 'GET', `/v1/console/cases/${k.caseId}/blobs/${k.scanSha}`);
    expect(res.status).toBe(200);
    expect(res.raw.headers['content-type']).toBe('application/pdf');
    expect(res.raw.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.raw.headers['content-disposition'])).toContain(encodeURIComponent('申请书.pdf'));
    expect(res.raw.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await consoleCall(c.web, x, 'GET', `/v1/console/cases/${k.caseId}/blobs/${k.receiptSha}`)).status).toBe(200);
    // A complete blob of ANOTHER case is not this case's.
    const k2 = await acceptCase(c, win, joint);
    expect((await consoleCall(c.web, x, 'GET', `/v1/console/cases/${k.caseId}/blobs/${k2.scanSha}`)).status).toBe(404);
    // A blob uploaded but referenced by no record is nobody's.
    const loose = await uploadBlob(c, win, pdfBytes('loose'));
    expect((await consoleCall(c.web, x, 'GET', `/v1/console/cases/${k.caseId}/blobs/${loose}`)).status).toBe(404);
    res = await consoleCall(c.web, x, 'GET', `/v1/console/cases/${k.caseId}/blobs/not-a-hash`);
    expect(res.status).toBe(400);
  });

  it("labels the application form by the item's form definition, in its order; a key it no longer defines still shows", async () => {
    const [item] = await c.store.db.query<{ form_fields: unknown }>(
      `SELECT i.form_fields FROM implementations im JOIN items i ON i.item_code = im.item_code WHERE im.implementation_code = $1`,
      [joint.implementationCode],
    );
    const defs = FormField.array().parse(typeof item!.form_fields === 'string' ? JSON.parse(item!.form_fields) : item!.form_fields);
    expect(defs.length).toBeGreaterThanOrEqual(2);
    const answer = (f: FormField) => (f.type === 'number' ? 3000 : f.type === 'date' ? '2025-12-01' : f.type === 'select' ? f.options![0]! : `${f.label}：内容`);
    // The window sends its answers in any order, and one under a key the item dropped since.
    const form: Record<string, unknown> = { retiredField: '旧表单项', outdoor: true };
    for (const f of [...defs].reverse()) form[f.key] = answer(f);
    const kf = await acceptCase(c, win, joint, { form });

    const view = ConsoleCase.parse((await consoleCall(c.web, x, 'GET', `/v1/console/cases/${kf.caseId}`)).body);
    expect(view.formFields).toEqual([
      ...defs.map((f) => ({ key: f.key, label: f.label, type: f.type, value: answer(f) })),
      { key: 'outdoor', label: null, type: null, value: true },
      { key: 'retiredField', label: null, type: null, value: '旧表单项' },
    ]);
    // The raw answers stay as they were for older readers (strings and numbers).
    expect(view.form).toMatchObject({ retiredField: '旧表单项', [defs[0]!.key]: answer(defs[0]!) });
    // An action answers the case with its labelled form too.
    const approved = ConsoleCase.parse((await consoleCall(c.web, x, 'POST', `/v1/console/steps/${view.myStep.stepId}/approve`, {})).body);
    expect(approved.formFields?.map((f) => f.label)).toEqual([...defs.map((f) => f.label), null, null]);
  });

  it('locks a user name for 15 minutes after 5 failed logins, known or unknown alike', async () => {
    const r = await newReviewer(c.web, deptY);
    const attempt = (username: string, password: string) => c.web.inject({ method: 'POST', url: '/v1/console/login', payload: { username, password } });
    for (let i = 1; i <= 4; i++) {
      const res = await attempt(r.username, 'wrong-password-1');
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toContain(`再错${5 - i}次`);
    }
    let res = await attempt(r.username, 'wrong-password-1');
    expect(res.statusCode).toBe(429);
    // Locked: even the right password is refused, with the time to wait.
    res = await attempt(r.username, r.password);
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ error: 'login_locked' });
    expect(res.json().message).toMatch(/15分钟/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(800);
    // A name that does not exist behaves the same, so lockouts tell nothing.
    for (let i = 0; i < 4; i++) expect((await attempt('nobody-here', 'whatever-123')).statusCode).toBe(401);
    expect((await attempt('nobody-here', 'whatever-123')).statusCode).toBe(429);
    // Other names are unaffected.
    const other = await newReviewer(c.web, deptY);
    expect((await attempt(other.username, other.password)).statusCode).toBe(200);

    c.clock.advanceMinutes(16);
    res = await attempt(r.username, r.password);
    expect(res.statusCode).toBe(200);
    // A success clears the count: four more failures do not lock.
    for (let i = 0; i < 4; i++) expect((await attempt(r.username, 'wrong-password-1')).statusCode).toBe(401);
    expect((await attempt(r.username, r.password)).statusCode).toBe(200);
  });

  it('keeps sessions in the database: a second center process answers them, and logout ends them for both', async () => {
    const r = await newReviewer(c.web, joint.reviewDepartmentCodes[0]!);
    const s = await login(c.web, r.username, r.password);
    const second = await c.secondWeb();
    expect((await consoleCall(second, s, 'GET', '/v1/console/session')).status).toBe(200);
    expect((await consoleCall(second, s, 'GET', `/v1/console/cases/${k.caseId}`)).status).toBe(200);
    const out = await consoleCall(second, s, 'POST', '/v1/console/logout', {});
    expect(out.status).toBe(204);
    expect(String(out.raw.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await consoleCall(c.web, s, 'GET', '/v1/console/session')).status).toBe(401);
  });

  it('ends a session after two idle hours', async () => {
    const r = await newReviewer(c.web, deptY);
    const s = await login(c.web, r.username, r.password);
    c.clock.advanceMinutes(110);
    expect((await consoleCall(c.web, s, 'GET', '/v1/console/session')).status).toBe(200); // moves the idle expiry on
    c.clock.advanceMinutes(110);
    expect((await consoleCall(c.web, s, 'GET', '/v1/console/session')).status).toBe(200);
    c.clock.advanceMinutes(121);
    expect((await consoleCall(c.web, s, 'GET', '/v1/console/session')).status).toBe(401);
  });

  it('approves the case exactly once when the last departments approve at the same moment', async () => {
    const kk = await acceptCase(c, win, joint);
    const logins = await Promise.all(
      joint.reviewDepartmentCodes.map(async (d) => {
        const r = await newReviewer(c.web, d);
        return login(c.web, r.username, r.password);
      }),
    );
    const steps = await Promise.all(logins.map(async (l) => ConsoleCase.parse((await consoleCall(c.web, l, 'GET', `/v1/console/cases/${kk.caseId}`)).body).myStep.stepId));
    const results = await Promise.all(logins.map((l, i) => consoleCall(c.web, l, 'POST', `/v1/console/steps/${steps[i]}/approve`, {})));
    expect(results.map((r) => r.status)).toEqual(logins.map(() => 200));
    const pulled = await pulledProgress(c, win, kk.caseId);
    expect(pulled.filter((p) => p.type === 'approved')).toHaveLength(1);
    expect(pulled.filter((p) => p.type === 'step-approved')).toHaveLength(joint.reviewDepartmentCodes.length);
    // Pull order follows transaction ids, which need not be commit order; the case's own
    // numbering does: 1, 2, 3… and in that order the case ends approved, only the last
    // department's step seeing it so.
    const bySeq = [...pulled].sort((a, b) => a.seq! - b.seq!);
    expect(bySeq.map((p) => p.seq)).toEqual(pulled.map((_, i) => i + 1));
    expect(bySeq.map((p) => p.caseStatus)).toEqual([...pulled.slice(0, -2).map(() => 'in-review'), 'approved', 'approved']);
    expect(bySeq.at(-1)!.type).toBe('approved');
    // The console shows the same order.
    const shown = ConsoleCase.parse((await consoleCall(c.web, logins[0]!, 'GET', `/v1/console/cases/${kk.caseId}`)).body).progress;
    expect(shown.map((p) => p.seq)).toEqual(bySeq.map((p) => p.seq));
  });

  it('documents the console routes in /openapi.json', async () => {
    const doc = (await c.web.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, unknown> };
    for (const p of ['/v1/console/login', '/v1/console/worklist', '/v1/console/cases/{caseId}', '/v1/console/steps/{stepId}/approve', '/v1/console/cases/{caseId}/result', '/v1/admin/reviewers'])
      expect(Object.keys(doc.paths), p).toContain(p);
  });

  it('serves the built console at /console/ when it exists, its own routes answering index.html', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yc-console-dist-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>部门审查工作台</title><script type="module" src="/console/assets/app.js"></script>');
    await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
    const app = await buildApp(c.store, { workflow: { consoleDir: dir } });
    try {
      let res = await app.inject({ method: 'GET', url: '/console' });
      expect(res.statusCode).toBe(301);
      expect(res.headers.location).toBe('/console/');
      res = await app.inject({ method: 'GET', url: '/console/' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('部门审查工作台');
      expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      res = await app.inject({ method: 'GET', url: '/console/cases/123' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('部门审查工作台');
      res = await app.inject({ method: 'GET', url: '/console/assets/app.js' });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['cache-control'])).toContain('immutable');
      expect((await app.inject({ method: 'GET', url: '/console/assets/missing.js' })).statusCode).toBe(404);
      // The API is unaffected.
      expect((await app.inject({ method: 'GET', url: '/v1/console/session' })).statusCode).toBe(401);
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
    // Without a build there is no /console/ at all.
    expect((await c.web.inject({ method: 'GET', url: '/console/' })).statusCode).toBe(404);
  });
});

// The console's HTTP client against a scripted center: what it sends (URL, cookie mode,
// CSRF header, body) and what it makes of each answer.
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, createConsoleApi, worklistUrl } from '../../../src-console/api/client';
import { CASE_ID, STEP_ID, consoleCase, entry, session } from './fixtures';
import { json, scripted } from './scripted-fetch';

describe('console client', () => {
  it('answers null for the session when the center says 401, and the session otherwise', async () => {
    const { fetch, sent } = scripted([json(401, { error: 'not_logged_in', message: '未登录' }), json(200, session)]);
    const onUnauthorized = vi.fn();
    const api = createConsoleApi({ fetch, onUnauthorized });
    expect(await api.session()).toBeNull();
    expect(await api.session()).toEqual(session);
    expect(sent.map((s) => [s.method, s.url, s.credentials])).toEqual([
      ['GET', '/v1/console/session', 'same-origin'],
      ['GET', '/v1/console/session', 'same-origin'],
    ]);
    // Not being signed in at start is not an expired session.
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('sends the CSRF token of the session on every POST after login', async () => {
    const { fetch, sent } = scripted([json(200, session), json(200, consoleCase({ caseStatus: 'approved' }))]);
    const api = createConsoleApi({ fetch });
    await api.login({ username: ' zhang.san ', password: 'secret-password' });
    await api.stepAction('approve', STEP_ID, { opinion: '符合条件' });
    expect(sent[0]).toMatchObject({ method: 'POST', url: '/v1/console/login', body: { username: 'zhang.san', password: 'secret-password' } });
    expect(sent[0]!.headers['x-yichuang-csrf']).toBeUndefined();
    expect(sent[1]).toMatchObject({ method: 'POST', url: `/v1/console/steps/${STEP_ID}/approve`, body: { opinion: '符合条件' } });
    expect(sent[1]!.headers['x-yichuang-csrf']).toBe(session.csrfToken);
  });

  it('refuses a request that breaks the contract before sending it, naming the field', async () => {
    const { fetch, sent } = scripted([]);
    const api = createConsoleApi({ fetch });
    const err = await api.stepAction('refuse', STEP_ID, { reasons: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: 'request', field: 'reasons' });
    expect((err as ApiError).message).toContain('不予许可必须写明理由');
    const ext = await api.stepAction('extend', STEP_ID, { days: 16, approver: '王五', reason: '需要现场核查' }).catch((e: unknown) => e);
    expect(ext).toMatchObject({ kind: 'request', field: 'days' });
    expect(sent).toHaveLength(0);
  });

  it('turns an ErrorBody into an ApiError with the field the center named', async () => {
    const { fetch } = scripted([json(400, { error: 'validation_failed', message: '请求体字段 reasons.0 不合法：长度不得少于2个字符', field: 'reasons.0' })]);
    const api = createConsoleApi({ fetch });
    const err = (await api.stepAction('refuse', STEP_ID, { reasons: ['材料不全'] }).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ kind: 'http', status: 400, code: 'validation_failed', field: 'reasons.0' });
    expect(err.message).toContain('reasons.0');
  });

  it('reports an answer outside the contract as a shape error with where it came from', async () => {
    const bad = { ...consoleCase(), caseStatus: 'finished' };
    const { fetch } = scripted([json(200, bad)]);
    const api = createConsoleApi({ fetch });
    const err = (await api.getCase(CASE_ID).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ kind: 'shape', where: 'GET /v1/console/cases/' + CASE_ID });
    expect(err.message).toContain('caseStatus');
  });

  it('calls onUnauthorized when a signed-in request is answered 401, but not for a wrong password', async () => {
    const { fetch } = scripted([
      json(401, { error: 'bad_credentials', message: '用户名或密码错误', field: 'password' }),
      json(401, { error: 'not_logged_in', message: '未登录或登录已过期' }),
    ]);
    const onUnauthorized = vi.fn();
    const api = createConsoleApi({ fetch, onUnauthorized });
    await expect(api.login({ username: 'zhang.san', password: 'wrong' })).rejects.toMatchObject({ status: 401, field: 'password' });
    expect(onUnauthorized).not.toHaveBeenCalled();
    await expect(api.worklist({ status: 'open' })).rejects.toMatchObject({ unauthorized: true });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('recognises a lockout', async () => {
    const { fetch } = scripted([json(429, { error: 'login_locked', message: '连续5次登录失败，账号锁定15分钟' })]);
    const api = createConsoleApi({ fetch });
    const err = (await api.login({ username: 'zhang.san', password: 'x' }).catch((e: unknown) => e)) as ApiError;
    expect(err.locked).toBe(true);
    expect(err.message).toContain('锁定');
  });

  it('names a network failure as such', async () => {
    const { fetch } = scripted([new TypeError('Failed to fetch')]);
    const api = createConsoleApi({ fetch });
    await expect(api.worklist({})).rejects.toMatchObject({ kind: 'network', message: 'Failed to fetch', where: 'GET /v1/console/worklist' });
  });

  it('builds worklist URLs with the query, leaving out what is empty', async () => {
    expect(worklistUrl({})).toBe('/v1/console/worklist');
    expect(worklistUrl({ status: 'done', q: '  李四 ', limit: 50, offset: 0 })).toBe('/v1/console/worklist?status=done&q=%E6%9D%8E%E5%9B%9B&limit=50');
    expect(worklistUrl({ status: 'all', limit: 50, offset: 100 })).toBe('/v1/console/worklist?status=all&limit=50&offset=100');
    const { fetch, sent } = scripted([json(200, { entries: [entry()], total: 1 })]);
    const list = await createConsoleApi({ fetch }).worklist({ status: 'open', q: '130102' });
    expect(sent[0]!.url).toBe('/v1/console/worklist?status=open&q=130102');
    expect(list.entries[0]!.caseNumber).toBe('130102-20250301-000001');
  });

  it('forgets the CSRF token on logout', async () => {
    const { fetch, sent } = scripted([json(200, session), new Response(null, { status: 204 })]);
    const api = createConsoleApi({ fetch });
    await api.login({ username: 'zhang.san', password: 'secret-password' });
    await api.logout();
    expect(sent[1]).toMatchObject({ method: 'POST', url: '/v1/console/logout' });
    expect(sent[1]!.headers['x-yichuang-csrf']).toBe(session.csrfToken);
    expect(api.csrfToken).toBeNull();
  });

  it('checks a blob against its SHA-256 and refuses one that does not match', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.7 scan');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const pdf = () => new Response(bytes, { status: 200, headers: { 'content-type': 'application/pdf' } });
    const { fetch, sent } = scripted([pdf(), pdf()]);
    const api = createConsoleApi({ fetch });
    const ok = await api.blob(CASE_ID, sha);
    expect(ok.verified).toBe(true);
    expect(ok.blob.type).toBe('application/pdf');
    expect(new Uint8Array(await ok.blob.arrayBuffer())).toEqual(bytes);
    expect(sent[0]!.url).toBe(`/v1/console/cases/${CASE_ID}/blobs/${sha}`);
    await expect(api.blob(CASE_ID, 'c'.repeat(64))).rejects.toMatchObject({ kind: 'shape', code: 'blob_hash_mismatch' });
  });

  it('checks the result request against the contract and posts it to the case', async () => {
    const issued = consoleCase({
      caseStatus: 'completed',
      result: {
        resultId: '8c3a4f5e-6d7c-4b8a-9998-c7d6e5f4a3b2',
        caseId: CASE_ID,
        caseNumber: '130102-20250301-000001',
        resultKind: 'licence',
        title: '食品经营许可证',
        verificationCode: 'ABCD-EFGH-JKMN-PQRS',
        sha256: 'd'.repeat(64),
        size: 10_000,
        issuedAt: '2025-03-05T10:00:00+08:00',
        status: 'valid',
        collectWindowId: 'w-130102-01',
      },
    });
    const { fetch, sent } = scripted([json(200, issued)]);
    const api = createConsoleApi({ fetch });
    await expect(api.issueResult(CASE_ID, { kind: 'licence', title: '证', body: '许可范围' })).rejects.toMatchObject({ kind: 'request', field: 'title' });
    const c = await api.issueResult(CASE_ID, { kind: 'licence', title: '食品经营许可证', body: '预包装食品销售', validUntil: '2030-03-04' });
    expect(c.result?.verificationCode).toBe('ABCD-EFGH-JKMN-PQRS');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ url: `/v1/console/cases/${CASE_ID}/result`, body: { kind: 'licence', validUntil: '2030-03-04' } });
  });
});

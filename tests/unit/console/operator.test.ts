// The operator pages: their HTTP client against a scripted center (bearer token, no cookies,
// requests checked before they leave) and the rules the pages show (where an authorisation
// stands, which regions a window may be authorised for, the form as the request).
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../src-console/api/client';
import { createOperatorApi } from '../../../src-console/api/operator';
import { authorisationState, matchesReviewer, proxyRequest, sortAuthorisations, targetRegions } from '../../../src-console/features/operator/operatorModel';
import type { Region } from '../../../src-shared/domain/catalog';
import { auth } from '../proxy/authorisations';
import { json, scripted } from './scripted-fetch';


describe('operator client', () => {
  it('sends the admin token as a bearer header and no cookies; public look-ups carry no token', async () => {
    const { fetch, sent } = scripted([json(200, { reviewers: [] }), json(200, { windows: [] })]);
    const api = createOperatorApi({ token: 'tok-123', fetch });
    expect(await api.reviewers()).toEqual([]);
    expect(await api.windows()).toEqual([]);
    expect(sent[0]).toMatchObject({ method: 'GET', url: '/v1/admin/reviewers', credentials: 'omit' });
    expect(sent[0]!.headers.authorization).toBe('Bearer tok-123');
    expect(sent[1]!.url).toBe('/v1/windows');
    expect(sent[1]!.headers.authorization).toBeUndefined();
  });

  it('refuses a request that breaks the contract before sending, naming the field', async () => {
    const { fetch, sent } = scripted([]);
    const api = createOperatorApi({ token: 't', fetch });
    const err = await api
      .createProxyAuthorisation({ windowId: 'w-130102-01', regionCode: '130104', itemCodes: [], validFrom: '2026-02-01', validTo: '2026-01-31', createdBy: '李明' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: 'request', field: 'itemCodes' });
    const short = await api.resetPassword('zhang.san', { password: 'short' }).catch((e: unknown) => e);
    expect(short).toMatchObject({ kind: 'request', field: 'password' });
    const code = await api.resultTrail('not a code').catch((e: unknown) => e);
    expect(code).toMatchObject({ kind: 'request' });
    expect(sent).toHaveLength(0);
  });

  it("a 401 means the token is wrong: the page is told, and the center's message is kept", async () => {
    const { fetch } = scripted([json(401, { error: 'unauthorized', message: '缺少或错误的管理令牌 (missing or wrong admin token)', field: 'authorization' })]);
    const onUnauthorized = vi.fn();
    const api = createOperatorApi({ token: 'wrong', fetch, onUnauthorized });
    const err = await api.proxyAuthorisations().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'http', status: 401, message: '缺少或错误的管理令牌 (missing or wrong admin token)' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('lists authorisations with only the filters given, and sends a revocation to the right one', async () => {
    const a = auth();
    const { fetch, sent } = scripted([json(200, { authorisations: [a] }), json(200, { ...a, revokedAt: '2025-10-01T00:00:00.000Z', revokedBy: '李明', revokeReason: '人员调整' })]);
    const api = createOperatorApi({ token: 't', fetch });
    expect(await api.proxyAuthorisations({ windowId: 'w-130102-01' })).toHaveLength(1);
    expect(sent[0]!.url).toBe('/v1/admin/proxy-authorisations?windowId=w-130102-01');
    const revoked = await api.revokeProxyAuthorisation(a.id, { revokedBy: '李明', reason: '人员调整' });
    expect(revoked.revokedAt).not.toBeNull();
    expect(sent[1]).toMatchObject({ method: 'POST', url: `/v1/admin/proxy-authorisations/${a.id}/revoke`, body: { revokedBy: '李明', reason: '人员调整' } });
  });
});

describe('operator pages (model)', () => {
  it('says where an authorisation stands on a date: revoked whatever the dates, else upcoming, in force or ended', () => {
    // The fixture is valid 2025-09-01 to 2025-12-31.
    expect(authorisationState(auth(), '2025-10-15')).toBe('active');
    expect(authorisationState(auth(), '2025-09-01')).toBe('active');
    expect(authorisationState(auth(), '2025-12-31')).toBe('active');
    expect(authorisationState(auth(), '2025-08-31')).toBe('upcoming');
    expect(authorisationState(auth(), '2026-01-01')).toBe('ended');
    expect(authorisationState(auth({ revokedAt: '2025-10-01T00:00:00.000Z' }), '2025-10-15')).toBe('revoked');
  });

  it('lists what an operator acts on first: in force, then upcoming, ended, revoked; newest first within each', () => {
    const older = auth({ createdAt: '2025-08-01T00:00:00.000Z' });
    const newer = auth({ createdAt: '2025-08-20T00:00:00.000Z' });
    const upcoming = auth({ validFrom: '2025-11-01' });
    const ended = auth({ validTo: '2025-09-30' });
    const revoked = auth({ revokedAt: '2025-10-01T00:00:00.000Z' });
    expect(sortAuthorisations([revoked, ended, older, upcoming, newer], '2025-10-15').map((a) => a.id)).toEqual([newer.id, older.id, upcoming.id, ended.id, revoked.id]);
  });

  it("offers a window only regions outside its own county, city and province", () => {
    const r = (code: string, level: Region['level'], parentCode: string | null): Region => ({ code, name: code, level, parentCode });
    const regions = [r('130000', 'province', null), r('130100', 'city', '130000'), r('130102', 'county', '130100'), r('130104', 'county', '130100'), r('130200', 'city', '130000'), r('130203', 'county', '130200')];
    expect(targetRegions(regions, { regionCode: '130102' }).map((x) => x.code)).toEqual(['130104', '130200', '130203']);
    expect(targetRegions(regions, undefined).map((x) => x.code)).toEqual(['130100', '130102', '130104', '130200', '130203']);
  });

  it('turns the form into the request, leaving blank text out so the contract names what is missing', () => {
    expect(proxyRequest({ windowId: ' w-130102-01 ', regionCode: '130104', itemCodes: ['X'], validFrom: '2026-01-01', validTo: '', createdBy: '  ' })).toEqual({
      windowId: 'w-130102-01',
      regionCode: '130104',
      itemCodes: ['X'],
      validFrom: '2026-01-01',
    });
    expect(proxyRequest({})).toEqual({ itemCodes: [] });
  });

  it('finds a reviewer account by user name, name, department code or name, or region', () => {
    const a = { username: 'zhang.wei', name: '张伟', departmentCode: '130102-amr', departmentName: '长安区市场监督管理局', regionName: '长安区' };
    for (const q of ['ZHANG', '张伟', '130102-AMR', '市场监督', '长安', '  ']) expect(matchesReviewer(a, q), q).toBe(true);
    expect(matchesReviewer(a, '桥西')).toBe(false);
  });
});

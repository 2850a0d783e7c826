/**
 * Proxy acceptance (帮办代办, rule 13) at the center, on PGlite and — with DATABASE_URL —
 * PostgreSQL: operators grant, list and revoke authorisations (every reference checked,
 * each error naming its field); a window's device reads only its own window's; a push of
 * a case of another region is accepted only under an authorisation covering that region,
 * item and acceptance date (Asia/Shanghai), and is refused with proxy_unauthorised
 * otherwise; an accepted proxy case stays the window's (its county) and names the
 * responsible region.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCaseNumber } from '../../../src-shared/domain/case-number';
import { appendEvent, type CaseEvent } from '../../../src-shared/domain/event-chain';
import { DeviceProxyAuthorisations, ProxyAuthorisation, ProxyAuthorisationList, shanghaiDate } from '../../../src-shared/protocol/proxy';
import { ErrorBody, PullResponse, PushResponse, type RecordResult } from '../../../src-shared/protocol/sync';
import { backends, type Place } from '../center/backends';
import { ADMIN_TOKEN, call, enroll, push, recordsFor, startSyncCenter, type SyncCenter, type TestDevice } from '../sync/harness';

interface Impl {
  implementationCode: string;
  itemCode: string;
  regionCode: string;
}

const DAY = 86_400_000;
const dateIn = (days: number) => shanghaiDate(Date.now() + days * DAY)!;

describe.each(backends)('proxy acceptance on $name', (backend) => {
  let place: Place;
  let c: SyncCenter;
  let a: TestDevice; // w-130102-01, 长安区
  let a2: TestDevice; // w-130102-02, 长安区, another window
  let item1: Impl; // 桥西区 130104, authorised for a
  let item2: Impl; // 桥西区 130104, another item
  let item3: Impl; // 新华区 130105, no authorisation
  let cityOnly: string; // an item with no implementation in 桥西区
  let auth1: ProxyAuthorisation;
  const seqs = new Map<string, number>();
  let caseSeq = 0;

  const admin = (method: 'GET' | 'POST', url: string, payload?: object, token: string | null = ADMIN_TOKEN) =>
    c.app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload ? { payload } : {}) });

  const grant = async (body: object) => {
    const res = await admin('POST', '/v1/admin/proxy-authorisations', { createdBy: '省政务服务管理办公室 李明', ...body });
    if (res.statusCode !== 201) throw new Error(`grant: ${res.statusCode} ${res.body}`);
    return ProxyAuthorisation.parse(res.json());
  };

  /** A case taken in at `at` by `dev` for `item`: received (+ accepted). */
  const kase = async (dev: TestDevice, item: Impl, at: string, withAccept = false) => {
    const caseId = crypto.randomUUID();
    const caseNumber = formatCaseNumber({ regionCode: dev.regionCode, date: shanghaiDate(at)!, deviceId: dev.deviceId, seq: ++caseSeq });
    const events: CaseEvent[] = [
      await appendEvent(null, {
        caseId,
        type: 'received',
        at,
        actor: 'c-130102-01-1',
        data: {
          id: caseId,
          caseNumber,
          windowId: dev.windowId,
          windowRegionCode: dev.regionCode,
          deviceId: dev.deviceId,
          item: { implementationCode: item.implementationCode, itemCode: item.itemCode, regionCode: item.regionCode, name: '代办测试事项' },
          applicant: { kind: 'person', name: '张三', documentType: '111', documentNumber: '110101199003077777' },
          status: 'received',
        },
      }),
    ];
    if (withAccept) events.push(await appendEvent(events[0]!, { caseId, type: 'accepted', at, actor: 'c-130102-01-1', data: { status: 'accepted' } }));
    return { caseId, events };
  };

  const pushCase = async (dev: TestDevice, events: CaseEvent[]): Promise<RecordResult[]> => {
    const from = (seqs.get(dev.deviceId) ?? 0) + 1;
    seqs.set(dev.deviceId, from + events.length - 1);
    const res = await push(c.app, dev, recordsFor(dev, events, from));
    expect(res.status).toBe(200);
    return PushResponse.parse(res.body).results;
  };

  const implIn = async (region: string, n: number): Promise<Impl[]> => {
    const rows = await c.store.db.query<{ implementation_code: string; item_code: string; region_code: string }>(
      `SELECT implementation_code, item_code, region_code FROM implementations WHERE region_code = $1 AND status = 'active' ORDER BY item_code LIMIT $2`,
      [region, n],
    );
    return rows.map((r) => ({ implementationCode: r.implementation_code, itemCode: r.item_code.trim(), regionCode: r.region_code.trim() }));
  };

  beforeAll(async () => {
    place = await backend.fresh();
    c = await startSyncCenter(place);
    a = await enroll(c.app, 'w-130102-01');
    a2 = await enroll(c.app, 'w-130102-02');
    [item1, item2] = (await implIn('130104', 2)) as [Impl, Impl];
    [item3] = (await implIn('130105', 1)) as [Impl];
    const [row] = await c.store.db.query<{ item_code: string }>(
      `SELECT item_code FROM items i WHERE NOT EXISTS (SELECT 1 FROM implementations im WHERE im.item_code = i.item_code AND im.region_code = '130104') ORDER BY item_code LIMIT 1`,
    );
    cityOnly = row!.item_code.trim();
    auth1 = await grant({ windowId: 'w-130102-01', regionCode: '130104', itemCodes: [item1.itemCode], validFrom: '2025-09-01', validTo: '2025-12-31' });
  });
  afterAll(async () => {
    await c?.close();
    await place?.cleanup();
  });

  describe('operators', () => {
    it('grant an authorisation with every reference resolved', () => {
      expect(auth1).toMatchObject({
        windowId: 'w-130102-01',
        windowName: '综合受理1号窗口',
        windowRegionCode: '130102',
        regionCode: '130104',
        regionName: '桥西区',
        itemCodes: [item1.itemCode],
        validFrom: '2025-09-01',
        validTo: '2025-12-31',
        createdBy: '省政务服务管理办公室 李明',
        revokedAt: null,
      });
    });

    it('are told which field is wrong, and why', async () => {
      const base = { windowId: 'w-130102-01', regionCode: '130104', itemCodes: [item1.itemCode], validFrom: '2025-09-01', validTo: '2025-12-31', createdBy: '李明' };
      const cases: Array<[object, string, string, RegExp]> = [
        [{ validFrom: '2025-10-01', validTo: '2025-09-30' }, 'validTo', 'validation_failed', /validTo 不得早于有效期起/],
        [{ validTo: '2025-02-30' }, 'validTo', 'validation_failed', /真实存在的日期/],
        [{ windowId: 'w-999999-99' }, 'windowId', 'window_not_found', /窗口 w-999999-99 不存在/],
        [{ regionCode: '139999' }, 'regionCode', 'region_not_found', /139999 不在本省区划中/],
        [{ regionCode: '13010' }, 'regionCode', 'validation_failed', /regionCode/],
        [{ regionCode: '130100' }, 'regionCode', 'region_in_scope', /无需授权/],
        [{ itemCodes: [item1.itemCode, 'ZZZ0000000'] }, 'itemCodes.1', 'item_not_found', /ZZZ0000000 不在省级事项目录中/],
        [{ itemCodes: [item1.itemCode, cityOnly] }, 'itemCodes.1', 'item_not_implemented', /没有实施清单/],
        [{ itemCodes: [item1.itemCode, item1.itemCode] }, 'itemCodes', 'validation_failed', /不得重复/],
        [{ itemCodes: [] }, 'itemCodes', 'validation_failed', /itemCodes/],
        [{ createdBy: '' }, 'createdBy', 'validation_failed', /createdBy/],
      ];
      for (const [patch, field, error, message] of cases) {
        const res = await admin('POST', '/v1/admin/proxy-authorisations', { ...base, ...patch });
        expect(res.statusCode, JSON.stringify(patch)).toBe(400);
        const body = ErrorBody.parse(res.json());
        expect(body, JSON.stringify(patch)).toMatchObject({ error, field });
        expect(body.message, JSON.stringify(patch)).toMatch(message);
      }
      // Nothing was stored by the refused requests.
      const list = ProxyAuthorisationList.parse((await admin('GET', '/v1/admin/proxy-authorisations?windowId=w-130102-01&regionCode=130104')).json());
      expect(list.authorisations.map((x) => x.id)).toEqual([auth1.id]);
    });

    it('need the operator token', async () => {
      expect((await admin('GET', '/v1/admin/proxy-authorisations', undefined, null)).statusCode).toBe(401);
      expect((await admin('POST', '/v1/admin/proxy-authorisations', { windowId: 'w-130102-01' }, 'wrong-token-wrong-token-000')).statusCode).toBe(401);
      // A device's signature is no operator token.
      expect((await call(c.app, a, 'GET', '/v1/admin/proxy-authorisations')).status).toBe(401);
    });
  });

  describe('pushes', () => {
    it('accept an authorised proxy case: the case stays the window’s, the responsible region is the target', async () => {
      const { caseId, events } = await kase(a, item1, '2025-09-30T09:00:00+08:00', true);
      const results = await pushCase(a, events);
      expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
      const [row] = await c.store.db.query<{ region_code: string; item_region_code: string; window_id: string; head_seq: number }>(
        'SELECT region_code, item_region_code, window_id, head_seq FROM sync_cases WHERE case_id = $1',
        [caseId],
      );
      expect({ ...row, region_code: row!.region_code.trim(), item_region_code: row!.item_region_code.trim() }).toEqual({
        region_code: '130102',
        item_region_code: '130104',
        window_id: 'w-130102-01',
        head_seq: 2,
      });
      const [link] = await c.store.db.query<{ authorisation_id: string; acceptance_date: string }>(
        'SELECT authorisation_id::text AS authorisation_id, acceptance_date::text AS acceptance_date FROM proxy_case_authorisations WHERE case_id = $1',
        [caseId],
      );
      expect(link).toEqual({ authorisation_id: auth1.id, acceptance_date: '2025-09-30' });
      // The proxy window pulls its copy's status. (On PostgreSQL a pull shows only changes older than every
      // transaction still open on the server — other test files share it — so ask until they show.)
      let mine: unknown[] = [];
      for (let i = 0; i < 40 && mine.length < 2; i++) {
        if (i) await new Promise((r) => setTimeout(r, 250));
        const pulled = PullResponse.parse((await call(c.app, a, 'GET', '/v1/sync/changes?limit=1000')).body);
        mine = pulled.changes.filter((ch) => ch.kind === 'case-event' && ch.caseId === caseId);
      }
      expect(mine.length).toBe(2);
    });

    it('refuse an item of a region the window holds no authorisation for', async () => {
      const { events } = await kase(a, item3, '2025-09-30T09:00:00+08:00');
      const [r] = await pushCase(a, events);
      expect(r).toMatchObject({ status: 'rejected', code: 'proxy_unauthorised', field: 'event.data.item.regionCode' });
      const msg = (r as { message: string }).message;
      for (const part of ['w-130102-01', item3.itemCode, '130105', '新华区', '2025-09-30']) expect(msg).toContain(part);
      expect(msg).toMatch(/没有新华区（130105）的代办授权/);
    });

    it('refuse an item of the authorised region that the authorisation does not list', async () => {
      const { events } = await kase(a, item2, '2025-09-30T09:00:00+08:00');
      const [r] = await pushCase(a, events);
      expect(r).toMatchObject({ status: 'rejected', code: 'proxy_unauthorised', field: 'event.data.item.regionCode' });
      expect((r as { message: string }).message).toContain(item2.itemCode);
      expect((r as { message: string }).message).toMatch(/不包含该事项/);
    });

    it('judge the acceptance date in China time: before, on the first and last day, after', async () => {
      const judge = async (at: string) => (await pushCase(a, (await kase(a, item1, at)).events))[0]!;
      // 2025-08-31 23:59 in Beijing is still August: not yet valid.
      const early = await judge('2025-08-31T15:59:00Z');
      expect(early).toMatchObject({ status: 'rejected', code: 'proxy_unauthorised' });
      expect((early as { message: string }).message).toMatch(/2025-08-31.*自 2025-09-01 起才生效/);
      // 00:30 on 1 September in Beijing (still 31 August in UTC): valid.
      expect((await judge('2025-08-31T16:30:00Z')).status).toBe('accepted');
      expect((await judge('2025-12-31T23:59:00+08:00')).status).toBe('accepted');
      const late = await judge('2026-01-01T00:00:01+08:00');
      expect(late).toMatchObject({ status: 'rejected', code: 'proxy_unauthorised' });
      expect((late as { message: string }).message).toMatch(/2026-01-01.*已于 2025-12-31 到期/);
    });

    it('refuse cases received after a revocation; those received before it stay covered', async () => {
      const auth = await grant({ windowId: 'w-130102-01', regionCode: '130104', itemCodes: [item2.itemCode], validFrom: '2025-01-01', validTo: dateIn(365) });
      const before = await kase(a, item2, new Date(Date.now() - 60_000).toISOString());
      const revoked = await admin('POST', `/v1/admin/proxy-authorisations/${auth.id}/revoke`, { revokedBy: '李明', reason: '窗口人员调整' });
      expect(revoked.statusCode).toBe(200);
      expect(ProxyAuthorisation.parse(revoked.json())).toMatchObject({ id: auth.id, revokedBy: '李明', revokeReason: '窗口人员调整' });
      // Taken in (offline) before the revocation, pushed after it: covered.
      expect((await pushCase(a, before.events))[0]!.status).toBe('accepted');
      // Taken in after it: refused.
      const after = await kase(a, item2, new Date(Date.now() + 1000).toISOString());
      const [r] = await pushCase(a, after.events);
      expect(r).toMatchObject({ status: 'rejected', code: 'proxy_unauthorised', field: 'event.data.item.regionCode' });
      expect((r as { message: string }).message).toMatch(/撤销/);
      // Once only; unknown ids are named.
      const again = await admin('POST', `/v1/admin/proxy-authorisations/${auth.id}/revoke`, { revokedBy: '李明', reason: '重复' });
      expect(again.statusCode).toBe(409);
      expect(ErrorBody.parse(again.json())).toMatchObject({ error: 'proxy_authorisation_revoked', field: 'id' });
      const unknown = await admin('POST', `/v1/admin/proxy-authorisations/${crypto.randomUUID()}/revoke`, { revokedBy: '李明', reason: '不存在' });
      expect(unknown.statusCode).toBe(404);
      const noReason = await admin('POST', `/v1/admin/proxy-authorisations/${auth.id}/revoke`, { revokedBy: '李明' });
      expect(ErrorBody.parse(noReason.json())).toMatchObject({ field: 'reason' });
    });

    it('refuse another window of the same county under the first window’s authorisation', async () => {
      const { events } = await kase(a2, item1, '2025-09-30T09:00:00+08:00');
      const [r] = await pushCase(a2, events);
      expect(r).toMatchObject({ status: 'rejected', code: 'proxy_unauthorised' });
      expect((r as { message: string }).message).toContain('w-130102-02');
    });
  });

  describe('devices', () => {
    it('read only their own window’s authorisations that are in force or still to come', async () => {
      const current = await grant({ windowId: 'w-130102-01', regionCode: '130105', itemCodes: [item3.itemCode], validFrom: dateIn(-10), validTo: dateIn(30) });
      const upcoming = await grant({ windowId: 'w-130102-01', regionCode: '130104', itemCodes: [item1.itemCode, item2.itemCode], validFrom: dateIn(5), validTo: dateIn(60) });
      const ended = await grant({ windowId: 'w-130102-01', regionCode: '130104', itemCodes: [item2.itemCode], validFrom: '2024-01-01', validTo: dateIn(-1) });
      const other = await grant({ windowId: 'w-130102-02', regionCode: '130105', itemCodes: [item3.itemCode], validFrom: dateIn(-1), validTo: dateIn(10) });

      const res = await call(c.app, a, 'GET', '/v1/sync/proxy-authorisations');
      expect(res.status).toBe(200);
      const mine = DeviceProxyAuthorisations.parse(res.body);
      expect(mine).toMatchObject({ windowId: 'w-130102-01', windowRegionCode: '130102', ownRegions: ['130102', '130100', '130000'], today: dateIn(0) });
      const ids = mine.authorisations.map((x) => x.id);
      expect(ids).toContain(current.id);
      expect(ids).toContain(upcoming.id);
      expect(ids).not.toContain(ended.id);
      expect(ids).not.toContain(other.id);
      expect(ids).not.toContain(auth1.id); // ended on 2025-12-31
      expect(mine.authorisations.every((x) => x.windowId === 'w-130102-01' && x.revokedAt === null)).toBe(true);

      const theirs = DeviceProxyAuthorisations.parse((await call(c.app, a2, 'GET', '/v1/sync/proxy-authorisations')).body);
      expect(theirs.authorisations.map((x) => x.id)).toEqual([other.id]);

      // Unsigned: refused.
      const anon = await c.app.inject({ method: 'GET', url: '/v1/sync/proxy-authorisations', headers: { 'x-yichuang-schema': '1' } });
      expect(anon.statusCode).toBe(401);

      // The operator's view of one date.
      const onToday = ProxyAuthorisationList.parse((await admin('GET', `/v1/admin/proxy-authorisations?windowId=w-130102-01&on=${dateIn(0)}`)).json());
      expect(onToday.authorisations.map((x) => x.id)).toEqual([current.id]);
    });

    it('documents the routes in /openapi.json', async () => {
      const doc = (await c.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
      expect(doc.paths['/v1/admin/proxy-authorisations']?.post).toBeDefined();
      expect(doc.paths['/v1/admin/proxy-authorisations']?.get).toBeDefined();
      expect(doc.paths['/v1/admin/proxy-authorisations/{id}/revoke']?.post).toBeDefined();
      expect(doc.paths['/v1/sync/proxy-authorisations']?.get).toBeDefined();
    });
  });
});

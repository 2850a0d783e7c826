/**
 * Proxy acceptance at the window: which regions and items a clerk is offered on a day,
 * what is said about an item already chosen, and how the authorisation list and the
 * target regions' catalogs are fetched and kept for offline work.
 */
import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../../src-shared/domain/catalog';
import type { SyncCallResult } from '../../../src-shared/protocol/clerk-sync';
import type { DeviceProxyAuthorisations } from '../../../src-shared/protocol/proxy';
import { memoryKeyValue, ProxyCache } from '../../../src-renderer/features/proxy/proxyCache';
import { cachedItemCodes, cachedRegions, checkItem, proxyTargets, targetCatalog } from '../../../src-renderer/features/proxy/proxyModel';
import { fetchRegionCatalog, refreshProxy, type ProxySyncDeps } from '../../../src-renderer/features/proxy/proxySync';
import { makeItem } from '../renderer/fixtures';
import { auth, list } from './authorisations';

const item = (code: string, regionCode: string, regionName: string): CatalogItem =>
  makeItem({ implementationCode: `11${regionCode}${code}001`, itemCode: code, name: `事项${code}`, regionCode, regionName });

// What GET /v1/catalog?region=130104 answers: 桥西区's own, its city's and the province's.
const QIAOXI = [item('A1', '130104', '桥西区'), item('A2', '130104', '桥西区'), item('A3', '130104', '桥西区'), item('A1', '130100', '石家庄市'), item('P1', '130000', '河北省')];
const XINHUA = [item('B1', '130105', '新华区'), item('B2', '130105', '新华区')];

describe('what the clerk is offered', () => {
  const data = list([
    auth({ itemCodes: ['A1'] }),
    auth({ itemCodes: ['A2'], validFrom: '2025-10-01' }),
    auth({ regionCode: '130105', regionName: '新华区', itemCodes: ['B1'], validTo: '2025-09-29' }),
  ]);

  it('regions in force on the day, each with its authorised items; later ones are cached ahead', () => {
    expect(proxyTargets(data, '2025-09-30')).toEqual([{ regionCode: '130104', regionName: '桥西区', itemCodes: ['A1'], validTo: '2025-12-31' }]);
    expect(proxyTargets(data, '2025-10-01')[0]!.itemCodes).toEqual(['A1', 'A2']);
    expect(proxyTargets(data, '2025-09-29').map((x) => x.regionCode)).toEqual(['130104', '130105']);
    expect([...cachedItemCodes(data, '130104')].sort()).toEqual(['A1', 'A2']);
    expect(cachedRegions(data)).toEqual(['130104', '130105']);
  });

  it('a target region’s own implementations only, limited to the authorised items', () => {
    expect(targetCatalog(QIAOXI, '130104', new Set(['A1'])).map((i) => i.implementationCode)).toEqual(['11130104A1001']);
    expect(targetCatalog(QIAOXI, '130104', null).map((i) => i.itemCode)).toEqual(['A1', 'A2', 'A3']);
  });
});

describe('checkItem', () => {
  const cache = { data: list([auth({ itemCodes: ['A1'] })]), fetchedAt: '2025-09-30T02:00:00.000Z' };
  const base = { windowId: 'w-130102-01', windowRegionCode: '130102', receivedAt: '2025-09-30T09:00:00+08:00', cache };

  it('own-region items are no proxy', () => {
    expect(checkItem({ ...base, item: { regionCode: '130100', itemCode: 'X' } })).toEqual({ proxy: false });
    expect(checkItem({ ...base, item: { regionCode: '130102', itemCode: 'X' } })).toEqual({ proxy: false });
  });

  it('another region’s item: authorised, refused with the reason, or unknown without a list', () => {
    expect(checkItem({ ...base, item: { regionCode: '130104', itemCode: 'A1' } })).toEqual({ proxy: true, status: 'authorised', date: '2025-09-30' });
    expect(checkItem({ ...base, item: { regionCode: '130104', itemCode: 'A2' } })).toMatchObject({ proxy: true, status: 'unauthorised', reason: 'no-item' });
    expect(checkItem({ ...base, receivedAt: '2026-01-01T08:00:00+08:00', item: { regionCode: '130104', itemCode: 'A1' } })).toMatchObject({ status: 'unauthorised', reason: 'expired' });
    expect(checkItem({ ...base, cache: null, item: { regionCode: '130104', itemCode: 'A1' } })).toEqual({ proxy: true, status: 'unknown', date: '2025-09-30' });
    // A list fetched for another window says nothing about this one.
    expect(checkItem({ ...base, windowId: 'w-130102-02', item: { regionCode: '130104', itemCode: 'A1' } })).toMatchObject({ status: 'unknown' });
  });
});

/** A fake center: the catalog of each region at a version, `changed: false` when asked with since=version. */
function fakeCenter(version: { v: number }, down = { on: false }) {
  const calls: URL[] = [];
  const fetch = async (input: string): Promise<Response> => {
    const url = new URL(input);
    calls.push(url);
    if (down.on) throw new TypeError('Failed to fetch');
    if (url.pathname === '/v1/catalog') {
      const region = url.searchParams.get('region');
      const since = url.searchParams.get('since');
      const changed = since === null || Number(since) !== version.v;
      const items = region === '130104' ? QIAOXI : region === '130105' ? XINHUA : [];
      return Response.json({ version: version.v, regionCode: region, generatedAt: '2025-09-30T00:00:00.000Z', changed, items: changed ? items : [] });
    }
    return new Response('{}', { status: 404 });
  };
  return { calls, fetch };
}

function deps(answer: () => SyncCallResult<DeviceProxyAuthorisations>, center: ReturnType<typeof fakeCenter>, kv = memoryKeyValue()): ProxySyncDeps & { cache: ProxyCache } {
  return {
    api: { 'sync:proxy-authorisations': async () => answer() },
    cache: new ProxyCache(kv),
    centerUrl: 'http://center.test/',
    center: { fetch: center.fetch },
    now: () => new Date('2025-09-30T02:00:00.000Z'),
  };
}

describe('refreshProxy', () => {
  it('keeps the list and, per region, only the authorised items of that region', async () => {
    const center = fakeCenter({ v: 7 });
    const data = list([auth({ itemCodes: ['A1', 'A3'] }), auth({ regionCode: '130105', regionName: '新华区', itemCodes: ['B2'], validFrom: '2025-10-01' })]);
    const d = deps(() => ({ ok: true, value: data }), center);
    const r = await refreshProxy(d, 'w-130102-01');
    expect(r).toMatchObject({ ok: true, catalogErrors: [] });
    expect((await d.cache.authorisations('w-130102-01'))?.data).toEqual(data);
    const qx = await d.cache.catalog('w-130102-01', '130104');
    expect(qx?.items.map((i) => i.implementationCode)).toEqual(['11130104A1001', '11130104A3001']);
    expect(qx).toMatchObject({ version: 7, codes: ['A1', 'A3'] });
    // A region whose authorisation starts later is cached ahead.
    expect((await d.cache.catalog('w-130102-01', '130105'))?.items.map((i) => i.itemCode)).toEqual(['B2']);
    expect(center.calls.map((u) => u.searchParams.get('region'))).toEqual(['130104', '130105']);
  });

  it('asks with since when the cached copy covers the same items, refetches in full when they changed', async () => {
    const center = fakeCenter({ v: 7 });
    const d = deps(() => ({ ok: true, value: list([]) }), center);
    await fetchRegionCatalog(d, 'w-130102-01', '130104', ['A1']);
    const again = await fetchRegionCatalog(d, 'w-130102-01', '130104', ['A1']);
    expect(center.calls.at(-1)!.searchParams.get('since')).toBe('7');
    expect(again.items.map((i) => i.itemCode)).toEqual(['A1']);
    const wider = await fetchRegionCatalog(d, 'w-130102-01', '130104', ['A1', 'A2']);
    expect(center.calls.at(-1)!.searchParams.get('since')).toBeNull();
    expect(wider.items.map((i) => i.itemCode)).toEqual(['A1', 'A2']);
  });

  it('leaves the cached list and catalogs in place when the center cannot be reached', async () => {
    const center = fakeCenter({ v: 7 });
    const kv = memoryKeyValue();
    let answer: SyncCallResult<DeviceProxyAuthorisations> = { ok: true, value: list([auth({ itemCodes: ['A1'] })]) };
    const d = deps(() => answer, center, kv);
    await refreshProxy(d, 'w-130102-01');
    answer = { ok: false, error: { kind: 'offline', message: '无法连接省级中心' } };
    const r = await refreshProxy(d, 'w-130102-01');
    expect(r).toMatchObject({ ok: false, failure: { kind: 'offline' } });
    expect(r.cached?.data.authorisations).toHaveLength(1);
    expect((await d.cache.catalog('w-130102-01', '130104'))?.items).toHaveLength(1);
  });

  it('reports no list at all when none was ever fetched and main has no sync', async () => {
    const center = fakeCenter({ v: 7 });
    const d: ProxySyncDeps = {
      ...deps(() => ({ ok: true, value: list([]) }), center),
      api: {
        'sync:proxy-authorisations': async () => {
          throw new Error('本机未启用与中心的同步');
        },
      },
    };
    const r = await refreshProxy(d, 'w-130102-01');
    expect(r).toEqual({ ok: false, failure: { kind: 'config', message: '本机未启用与中心的同步' }, cached: null });
  });

  it('a catalog that cannot be fetched is reported per region; the list is still kept', async () => {
    const down = { on: false };
    const center = fakeCenter({ v: 7 }, down);
    const d = deps(() => ({ ok: true, value: list([auth({ itemCodes: ['A1'] })]) }), center);
    down.on = true;
    const r = await refreshProxy(d, 'w-130102-01');
    expect(r.ok && r.catalogErrors.map((e) => e.regionCode)).toEqual(['130104']);
    expect(await d.cache.authorisations('w-130102-01')).not.toBeNull();
    expect(await d.cache.catalog('w-130102-01', '130104')).toBeNull();
  });

  it('ignores a cached entry that no longer matches the schema', async () => {
    const kv = memoryKeyValue();
    await kv.set('proxy:authorisations:w-130102-01', { data: { windowId: 'w-130102-01' }, fetchedAt: 'x' });
    expect(await new ProxyCache(kv).authorisations('w-130102-01')).toBeNull();
  });
});

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION_HEADER, SYNC_SCHEMA_VERSION } from '../../../src-shared/protocol/sync';
import { CatalogRepository } from '../../../src-renderer/db/catalogRepository';
import { YichuangDb } from '../../../src-renderer/db/database';
import { WindowsRepository } from '../../../src-renderer/db/windowsRepository';
import { syncCatalog } from '../../../src-renderer/features/catalog/catalogSync';
import { CenterError, centerUrl, checkCenterHealth } from '../../../src-renderer/sync/center';
import { ITEMS, WINDOWS } from './fixtures';

const dbs: YichuangDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

interface Call {
  url: URL;
  headers: Record<string, string>;
}

/** A fake center: catalog version `version`, answering `changed: false` when asked with since=version. */
function fakeCenter(state: { version: number; items: typeof ITEMS; down?: boolean; catalogBody?: unknown }) {
  const calls: Call[] = [];
  const fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input);
    calls.push({ url, headers: (init?.headers ?? {}) as Record<string, string> });
    if (state.down) throw new TypeError('Failed to fetch');
    if (url.pathname === '/v1/windows') return Response.json({ windows: WINDOWS });
    if (url.pathname === '/v1/catalog') {
      if (state.catalogBody) return Response.json(state.catalogBody);
      const since = url.searchParams.get('since');
      const changed = since === null || Number(since) !== state.version;
      return Response.json({
        version: state.version,
        regionCode: url.searchParams.get('region'),
        generatedAt: '2025-03-01T00:00:00.000Z',
        changed,
        items: changed ? state.items : [],
      });
    }
    return new Response('{}', { status: 404 });
  };
  return { calls, fetch };
}

function setup(windowId = 'W-130102-01') {
  const db = new YichuangDb(`test-sync-${dbs.length}-${Date.now()}`);
  dbs.push(db);
  const catalog = new CatalogRepository(db);
  const windows = new WindowsRepository(db);
  let clock = Date.parse('2025-03-01T08:00:00.000Z');
  const now = () => new Date((clock += 60_000));
  return { db, catalog, windows, windowId, now };
}

describe('syncCatalog', () => {
  it('caches windows, then the catalog for the window region, sending the schema header', async () => {
    const s = setup();
    const center = fakeCenter({ version: 5, items: ITEMS });
    const r = await syncCatalog({ centerUrl: 'http://center.test', windowId: s.windowId, catalog: s.catalog, windows: s.windows, now: s.now, center: { fetch: center.fetch } });
    expect(r).toMatchObject({ changed: true, version: 5, region: '130102', count: ITEMS.length });
    expect(r.window?.name).toBe('长安区政务服务中心 综合受理 1 号窗口');
    expect(await s.windows.clerkName('W-130102-01', 'C-001')).toBe('张三');
    const catalogCall = center.calls.find((c) => c.url.pathname === '/v1/catalog')!;
    expect(catalogCall.url.searchParams.get('region')).toBe('130102');
    expect(catalogCall.url.searchParams.has('since')).toBe(false);
    expect(catalogCall.headers[SCHEMA_VERSION_HEADER]).toBe(String(SYNC_SCHEMA_VERSION));
    expect(await s.catalog.state()).toMatchObject({ version: 5, region: '130102', count: ITEMS.length });
  });

  it('asks with since=<cached version> and keeps the cache when unchanged, recording the time', async () => {
    const s = setup();
    const center = fakeCenter({ version: 5, items: ITEMS });
    const deps = { centerUrl: 'http://center.test', windowId: s.windowId, catalog: s.catalog, windows: s.windows, now: s.now, center: { fetch: center.fetch } };
    const first = await syncCatalog(deps);
    const second = await syncCatalog(deps);
    expect(second.changed).toBe(false);
    const last = center.calls.filter((c) => c.url.pathname === '/v1/catalog').at(-1)!;
    expect(last.url.searchParams.get('since')).toBe('5');
    const state = await s.catalog.state();
    expect(state.count).toBe(ITEMS.length);
    expect(state.fetchedAt).toBe(second.fetchedAt);
    expect(state.fetchedAt).not.toBe(first.fetchedAt);
  });

  it('replaces the cache when the center has a new version', async () => {
    const s = setup();
    const st = { version: 5, items: ITEMS };
    const center = fakeCenter(st);
    const deps = { centerUrl: 'http://center.test', windowId: s.windowId, catalog: s.catalog, windows: s.windows, now: s.now, center: { fetch: center.fetch } };
    await syncCatalog(deps);
    st.version = 6;
    st.items = ITEMS.slice(0, 3);
    const r = await syncCatalog(deps);
    expect(r).toMatchObject({ changed: true, version: 6, count: 3 });
    expect(await s.catalog.state()).toMatchObject({ version: 6, count: 3 });
  });

  it('fetches without a region for a window the center does not know', async () => {
    const s = setup('W-UNKNOWN');
    const center = fakeCenter({ version: 1, items: ITEMS });
    const r = await syncCatalog({ centerUrl: 'http://center.test', windowId: s.windowId, catalog: s.catalog, windows: s.windows, now: s.now, center: { fetch: center.fetch } });
    expect(r.region).toBeNull();
    expect(r.window).toBeNull();
    expect(center.calls.find((c) => c.url.pathname === '/v1/catalog')!.url.searchParams.has('region')).toBe(false);
  });

  it('keeps the cached catalog when the center is down', async () => {
    const s = setup();
    const st = { version: 5, items: ITEMS, down: false };
    const center = fakeCenter(st);
    const deps = { centerUrl: 'http://center.test', windowId: s.windowId, catalog: s.catalog, windows: s.windows, now: s.now, center: { fetch: center.fetch } };
    await syncCatalog(deps);
    const before = await s.catalog.state();
    st.down = true;
    const err = await syncCatalog(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CenterError);
    expect((err as CenterError).kind).toBe('unreachable');
    expect(await s.catalog.state()).toEqual(before);
  });

  it('refuses a catalog that breaks the protocol, naming the field, and keeps the cache', async () => {
    const s = setup();
    const st: { version: number; items: typeof ITEMS; catalogBody?: unknown } = { version: 5, items: ITEMS };
    const center = fakeCenter(st);
    const deps = { centerUrl: 'http://center.test', windowId: s.windowId, catalog: s.catalog, windows: s.windows, now: s.now, center: { fetch: center.fetch } };
    await syncCatalog(deps);
    st.catalogBody = { version: 6, regionCode: '130102', generatedAt: 'x', changed: true, items: [{ ...ITEMS[0], promisedDays: 99, statutoryDays: 5 }] };
    const err = (await syncCatalog(deps).catch((e: unknown) => e)) as CenterError;
    expect(err.kind).toBe('bad_response');
    expect(err.field).toBe('items.0.promisedDays');
    expect(err.message).toContain('承诺时限不得超过法定时限');
    expect((await s.catalog.state()).version).toBe(5);
  });
});

describe('center client', () => {
  it('joins paths onto the center URL, keeping a base path', () => {
    expect(centerUrl('http://c.test:4780', '/health')).toBe('http://c.test:4780/health');
    expect(centerUrl('http://c.test/prov/', '/v1/catalog', { region: '130102', since: undefined })).toBe('http://c.test/prov/v1/catalog?region=130102');
    expect(() => centerUrl('not a url', '/health')).toThrow(CenterError);
  });

  it('reports health: ok with a valid body, a reason otherwise', async () => {
    const ok = await checkCenterHealth('http://c.test', {
      fetch: async () => Response.json({ status: 'ok', service: 'yichuang-center', version: '0.1.0', store: 'pglite', time: 'now' }),
    });
    expect(ok).toMatchObject({ ok: true, health: { version: '0.1.0' } });
    expect(await checkCenterHealth('http://c.test', { fetch: async () => new Response('x', { status: 503 }) })).toEqual({ ok: false, kind: 'http', error: 'HTTP 503' });
    expect(await checkCenterHealth('http://c.test', { fetch: async () => Response.json({ status: 'ok' }) })).toMatchObject({ ok: false, kind: 'bad_response' });
    const down = await checkCenterHealth('http://c.test', { fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    expect(down).toEqual({ ok: false, kind: 'unreachable', error: 'Failed to fetch' });
  });

  it('reports a timeout when the center does not answer in time', async () => {
    const hang = (_u: string, init?: RequestInit) =>
      new Promise<Response>((_res, rej) => init?.signal?.addEventListener('abort', () => rej(init.signal!.reason)));
    const r = await checkCenterHealth('http://c.test', { fetch: hang, timeoutMs: 20 });
    expect(r).toEqual({ ok: false, kind: 'timeout', error: '20 ms' });
  });
});

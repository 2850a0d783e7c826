/**
 * The window fetches its proxy authorisations through main: clerk-api
 * `sync:proxy-authorisations` (dispatch validates both ways) → SyncClient → signed HTTPS
 * trusting only the province root → the sync service. Before enrollment the call says so.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src-center/app';
import { buildSyncApp } from '../../../src-center/sync/app';
import { createSyncAuthority } from '../../../src-center/sync/authority';
import { rootSha256, type SyncEndpointSource } from '../../../src-center/sync/server';
import { openStore, type Store } from '../../../src-center/store/index';
import { createDispatch, createHandlers, type HostServices } from '../../../src-main/clerk-handlers';
import { scryptProtector } from '../../../src-main/services/device';
import { SyncClient } from '../../../src-main/services/sync-transport';
import type { SyncCallResult } from '../../../src-shared/protocol/clerk-sync';
import { shanghaiDate, type DeviceProxyAuthorisations } from '../../../src-shared/protocol/proxy';
import { backends, type Place } from '../center/backends';
import { makeRoot } from '../sync/harness';

const TOKEN = 'proxy-admin-token-0000';

describe.each(backends)('proxy authorisations through main on $name', (backend) => {
  let place: Place;
  let store: Store;
  let http: FastifyInstance;
  let sync: FastifyInstance;
  let dir: string;
  let client: SyncClient;
  let dispatch: (ch: unknown, args: unknown) => Promise<unknown>;
  const root = makeRoot();

  beforeAll(async () => {
    place = await backend.fresh();
    store = await openStore(place.opts);
    const authority = createSyncAuthority(root);
    const source: SyncEndpointSource = { port: null, rootSha256: null };
    http = await buildApp(store, { syncEndpoint: source });
    sync = (await buildSyncApp(store, { authority, adminToken: TOKEN })).app;
    await sync.listen({ port: 0, host: '127.0.0.1' });
    source.port = (sync.server.address() as { port: number }).port;
    source.rootSha256 = rootSha256(authority);
    await http.listen({ port: 0, host: '127.0.0.1' });
    const centerUrl = `http://127.0.0.1:${(http.server.address() as { port: number }).port}`;
    dir = mkdtempSync(path.join(os.tmpdir(), 'yc-proxy-main-'));
    writeFileSync(path.join(dir, 'root.pem'), root.pem);
    client = new SyncClient({ dataDir: dir, protector: scryptProtector(path.join(dir, 'device', 'machine-secret')), rootFile: path.join(dir, 'root.pem'), centerUrl: async () => centerUrl });
    dispatch = createDispatch(
      createHandlers({
        appInfo: () => {
          throw new Error('unused');
        },
        settings: {} as never,
        documents: {} as never,
        sync: client,
      } as HostServices),
    );
  });
  afterAll(async () => {
    client?.close();
    await sync?.close();
    await http?.close();
    await store?.close();
    await place?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is not_enrolled before enrollment, then answers the window’s authorisations', async () => {
    expect(await dispatch('sync:proxy-authorisations', {})).toMatchObject({ ok: false, error: { kind: 'not_enrolled' } });
    await expect(dispatch('sync:proxy-authorisations', { windowId: 'w-130102-02' })).rejects.toMatchObject({ code: 'bad_args' });

    const admin = { authorization: `Bearer ${TOKEN}` };
    const [impl] = await store.db.query<{ item_code: string }>(`SELECT item_code FROM implementations WHERE region_code = '130123' ORDER BY item_code LIMIT 1`);
    const today = shanghaiDate(Date.now())!;
    const granted = await sync.inject({
      method: 'POST',
      url: '/v1/admin/proxy-authorisations',
      headers: admin,
      payload: { windowId: 'w-130102-01', regionCode: '130123', itemCodes: [impl!.item_code.trim()], validFrom: today, validTo: today, createdBy: '李明' },
    });
    expect(granted.statusCode).toBe(201);
    const code = (await sync.inject({ method: 'POST', url: '/v1/admin/enrollment-codes', headers: admin, payload: { windowId: 'w-130102-01' } })).json() as { code: string };
    await dispatch('device:enroll', { code: code.code, deviceId: 'PROXY1', windowId: 'w-130102-01' });

    const r = (await dispatch('sync:proxy-authorisations', {})) as SyncCallResult<DeviceProxyAuthorisations>;
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ windowId: 'w-130102-01', windowRegionCode: '130102', today });
    expect(r.value.authorisations.map((a) => [a.regionCode, a.regionName, a.itemCodes])).toEqual([['130123', '正定县', [impl!.item_code.trim()]]]);
  });
});

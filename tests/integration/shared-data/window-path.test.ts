/**
 * The whole path a window's check takes: the renderer's verification queue (Dexie on
 * fake-indexeddb) → the clerk-api channels sync:verify-* / sync:licences (dispatch
 * validates both ways) → SyncClient signing over HTTPS that trusts only the province root →
 * the center's shared-data routes. Offline the question is queued; once the center answers
 * it is asked again and the answer lands on the case, and the center logged who asked.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src-center/app';
import { DEMO_ORG, DEMO_PERSON } from '../../../src-center/shared-data/demo-records';
import { buildSyncApp } from '../../../src-center/sync/app';
import { createSyncAuthority } from '../../../src-center/sync/authority';
import { rootSha256, type SyncEndpointSource } from '../../../src-center/sync/server';
import { openStore, type Store } from '../../../src-center/store/index';
import { createDispatch, createHandlers, type HostServices } from '../../../src-main/clerk-handlers';
import { scryptProtector } from '../../../src-main/services/device';
import { SyncClient } from '../../../src-main/services/sync-transport';
import { YichuangDb } from '../../../src-renderer/db/database';
import { VerificationsRepository } from '../../../src-renderer/db/verificationsRepository';
import { drainVerifications, verifyNow, type VerificationApi } from '../../../src-renderer/features/verification/queue';
import { ClerkApiError } from '../../../src-shared/protocol/clerk-api';
import type { SyncCallResult } from '../../../src-shared/protocol/clerk-sync';
import type { LicencesResponse, VerifyOrganisationResponse, VerifyPersonResponse } from '../../../src-shared/protocol/shared-data';
import { backends, type Place } from '../center/backends';
import { makeRoot } from '../sync/harness';

type Dispatch = (ch: unknown, args: unknown) => Promise<unknown>;
const apiOf = (dispatch: Dispatch): VerificationApi => ({
  'sync:verify-person': (a) => dispatch('sync:verify-person', a) as never,
  'sync:verify-organisation': (a) => dispatch('sync:verify-organisation', a) as never,
});

describe('shared-data checks from the window, through main, to the center (PGlite)', () => {
  let place: Place;
  let store: Store;
  let http: FastifyInstance;
  let sync: FastifyInstance;
  let dir: string;
  let client: SyncClient;
  let down: SyncClient;
  let dispatch: Dispatch;
  let dispatchDown: Dispatch;
  const root = makeRoot();
  const dbName = `test-window-path-${Date.now()}`;

  beforeAll(async () => {
    place = await backends[0]!.fresh();
    store = await openStore(place.opts);
    const authority = createSyncAuthority(root);
    const source: SyncEndpointSource = { port: null, rootSha256: null };
    http = await buildApp(store, { syncEndpoint: source });
    sync = (await buildSyncApp(store, { authority, adminToken: 'tok-tok-tok-tok' })).app;
    await sync.listen({ port: 0, host: '127.0.0.1' });
    source.port = (sync.server.address() as { port: number }).port;
    source.rootSha256 = rootSha256(authority);
    await http.listen({ port: 0, host: '127.0.0.1' });
    const centerUrl = `http://127.0.0.1:${(http.server.address() as { port: number }).port}`;
    dir = mkdtempSync(path.join(os.tmpdir(), 'yc-shared-data-'));
    writeFileSync(path.join(dir, 'root.pem'), root.pem);
    const opts = { dataDir: dir, protector: scryptProtector(path.join(dir, 'device', 'machine-secret')), rootFile: path.join(dir, 'root.pem') };
    client = new SyncClient({ ...opts, centerUrl: async () => centerUrl });
    // The same PC with the center out of reach (nothing listens on port 9).
    down = new SyncClient({ ...opts, centerUrl: async () => 'http://127.0.0.1:9' });
    const host = (c: SyncClient) => createDispatch(createHandlers({ appInfo: () => ({}) as never, settings: {} as never, documents: {} as never, sync: c } as HostServices));
    dispatch = host(client);
    dispatchDown = host(down);
    const code = (
      (await sync.inject({ method: 'POST', url: '/v1/admin/enrollment-codes', headers: { authorization: 'Bearer tok-tok-tok-tok' }, payload: { windowId: 'w-130102-01' } })).json() as { code: string }
    ).code;
    await dispatch('device:enroll', { code, deviceId: 'SHDT01', windowId: 'w-130102-01' });
  });
  afterAll(async () => {
    client?.close();
    down?.close();
    await sync?.close();
    await http?.close();
    await store?.close();
    await place?.cleanup();
    await new YichuangDb(dbName).delete();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers the three channels through main', async () => {
    const p = (await dispatch('sync:verify-person', { documentType: '111', documentNumber: DEMO_PERSON.idNumber, name: DEMO_PERSON.name })) as SyncCallResult<VerifyPersonResponse>;
    expect(p).toMatchObject({ ok: true, value: { result: 'match' } });
    const o = (await dispatch('sync:verify-organisation', { creditCode: DEMO_ORG.creditCode, name: DEMO_ORG.name, legalRepresentative: '王五' })) as SyncCallResult<VerifyOrganisationResponse>;
    expect(o).toMatchObject({ ok: true, value: { result: 'mismatch', mismatchedFields: ['legalRepresentative'] } });
    const l = (await dispatch('sync:licences', { holderId: DEMO_ORG.creditCode })) as SyncCallResult<LicencesResponse>;
    expect(l.ok && l.value.licences.map((x) => x.licenceType)).toContain('营业执照');
    // Bad arguments never leave the PC.
    const err = await dispatch('sync:verify-organisation', { creditCode: 'IOSVZ', name: 'x', legalRepresentative: 'y' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClerkApiError);
    expect(err).toMatchObject({ code: 'bad_args' });
    // Offline is an answer the queue acts on, not an exception.
    expect(await dispatchDown('sync:licences', { holderId: DEMO_ORG.creditCode })).toMatchObject({ ok: false, error: { kind: 'offline' } });
  });

  it('queues a check while the center is out of reach and completes it when it answers again', async () => {
    const db = new YichuangDb(dbName);
    const repo = new VerificationsRepository(db);
    const caseId = crypto.randomUUID();
    await db.drafts.put({ id: caseId, updatedAt: new Date().toISOString(), step: 1, data: {}, title: '测试' });
    const queued = await verifyNow(repo, apiOf(dispatchDown), caseId, { kind: 'person', request: { documentType: '111', documentNumber: DEMO_PERSON.idNumber, name: '王小二' } });
    expect(queued).toMatchObject({ kind: 'queued', failure: { kind: 'offline' } });
    expect((await repo.get(caseId))?.state).toBe('pending');

    const before = await store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM shared_data_queries WHERE device_id = 'SHDT01'`);
    expect(await drainVerifications(repo, apiOf(dispatch))).toMatchObject({ done: 1, left: 0 });
    const row = await repo.get(caseId);
    expect(row).toMatchObject({ state: 'done', result: 'name_mismatch' });
    const [audit] = await store.db.query<{ window_id: string; result: string; n: number }>(
      `SELECT window_id, result, (SELECT count(*)::int FROM shared_data_queries WHERE device_id = 'SHDT01') AS n FROM shared_data_queries WHERE id = $1`,
      [row!.queryId],
    );
    expect(audit).toMatchObject({ window_id: 'w-130102-01', result: 'name_mismatch', n: before[0]!.n + 1 });
    db.close();
  });
});

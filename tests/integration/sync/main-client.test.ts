/**
 * The main-process side against a real center: the clerk-api's device:* and sync:*
 * channels (dispatch validates both ways) → SyncClient → HTTPS trusting only the
 * province root → the sync service; the address found through the public HTTP port.
 */
import crypto from 'node:crypto';
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
import { ClerkApiError } from '../../../src-shared/protocol/clerk-api';
import type { SyncCallResult } from '../../../src-shared/protocol/clerk-sync';
import type { BlobState, PullResponse, PushResponse } from '../../../src-shared/protocol/sync';
import { backends, type Place } from '../center/backends';
import { caseEvents, implementationFor, makeRoot, recordsFor } from './harness';

describe.each(backends)('main-side sync client against the center on $name', (backend) => {
  let place: Place;
  let store: Store;
  let http: FastifyInstance;
  let sync: FastifyInstance;
  let dir: string;
  let client: SyncClient;
  let dispatch: (ch: unknown, args: unknown) => Promise<unknown>;
  let centerUrl: string;
  const root = makeRoot();

  beforeAll(async () => {
    place = await backend.fresh();
    store = await openStore(place.opts);
    const authority = createSyncAuthority(root);
    const source: SyncEndpointSource = { port: null, rootSha256: null };
    http = await buildApp(store, { syncEndpoint: source });
    sync = (await buildSyncApp(store, { authority, adminToken: 'tok-tok-tok-tok' })).app;
    await sync.listen({ port: 0, host: '127.0.0.1' });
    source.port = (sync.server.address() as { port: number }).port;
    source.rootSha256 = rootSha256(authority);
    await http.listen({ port: 0, host: '127.0.0.1' });
    centerUrl = `http://127.0.0.1:${(http.server.address() as { port: number }).port}`;
    dir = mkdtempSync(path.join(os.tmpdir(), 'yc-main-sync-'));
    writeFileSync(path.join(dir, 'root.pem'), root.pem);
    client = new SyncClient({ dataDir: dir, protector: scryptProtector(path.join(dir, 'device', 'machine-secret')), rootFile: path.join(dir, 'root.pem'), centerUrl: async () => centerUrl });
    dispatch = createDispatch(createHandlers({ appInfo: () => { throw new Error('unused'); }, settings: {} as never, documents: {} as never, sync: client } as HostServices));
  });
  afterAll(async () => {
    client?.close();
    await sync?.close();
    await http?.close();
    await store?.close();
    await place?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const deviceId = 'MAIN01';

  it('says it is not enrolled, and a signed call says so too', async () => {
    expect(await dispatch('device:status', {})).toMatchObject({ enrolled: false, deviceId: null, keyProtection: 'scrypt' });
    const ping = (await dispatch('sync:ping', {})) as SyncCallResult<unknown>;
    expect(ping).toMatchObject({ ok: false, error: { kind: 'not_enrolled' } });
  });

  it('refuses a wrong enrollment code naming the field, then enrolls with a good one', async () => {
    const err = await dispatch('device:enroll', { code: 'AAAA-BBBB-CCCC', deviceId, windowId: 'w-130102-01' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClerkApiError);
    expect(err).toMatchObject({ code: 'bad_args', field: 'code' });
    const code = await (async () => {
      const res = await sync.inject({ method: 'POST', url: '/v1/admin/enrollment-codes', headers: { authorization: 'Bearer tok-tok-tok-tok' }, payload: { windowId: 'w-130102-01' } });
      return (res.json() as { code: string }).code;
    })();
    const info = await dispatch('device:enroll', { code: code.toLowerCase(), deviceId, windowId: 'w-130102-01' });
    expect(info).toMatchObject({ enrolled: true, deviceId, windowId: 'w-130102-01', regionCode: '130102', syncUrl: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/) });
    const ping = (await dispatch('sync:ping', {})) as SyncCallResult<{ certStatus: string }>;
    expect(ping).toMatchObject({ ok: true, value: { certStatus: 'active' } });
  });

  it('pushes records (signed by main), uploads a blob in chunks and pulls the case back', async () => {
    const item = await implementationFor(store, '130102');
    const dev = { deviceId, windowId: 'w-130102-01', regionCode: '130102' };
    const bytes = crypto.randomBytes(1024 * 1024 + 100);
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    const { events, caseId } = await caseEvents({ device: dev, item, caseSeq: 1 });
    const records = recordsFor(dev, events, 1, [[sha]]);

    const first = (await dispatch('sync:push', { records })) as SyncCallResult<PushResponse>;
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.results[0]).toMatchObject({ status: 'retry-later', code: 'missing_blobs', missingBlobs: [sha] });

    const st = (await dispatch('sync:blob-status', { blobs: [{ sha256: sha, size: bytes.length }] })) as SyncCallResult<{ blobs: BlobState[] }>;
    expect(st).toMatchObject({ ok: true, value: { blobs: [{ state: 'absent' }] } });
    for (let off = 0; off < bytes.length; off += 1024 * 1024) {
      const r = (await dispatch('sync:blob-chunk', { sha256: sha, size: bytes.length, offset: off, data: new Uint8Array(bytes.subarray(off, off + 1024 * 1024)) })) as SyncCallResult<BlobState>;
      expect(r.ok).toBe(true);
    }
    const second = (await dispatch('sync:push', { records })) as SyncCallResult<PushResponse>;
    expect(second.ok && second.value.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);

    // (On a shared PostgreSQL server another database's writing transaction may hold new rows back a moment.)
    let seqs: number[] = [];
    let cursor: string | undefined;
    for (let round = 0; round < 400 && seqs.length < 2; round++) {
      const pulled = (await dispatch('sync:pull', { limit: 1000, ...(cursor ? { cursor } : {}) })) as SyncCallResult<PullResponse>;
      if (!pulled.ok) throw new Error(pulled.error.message);
      cursor = pulled.value.cursor || undefined;
      seqs = [...seqs, ...pulled.value.changes.filter((c) => c.kind === 'case-event' && c.caseId === caseId).map((c) => (c.kind === 'case-event' ? c.seq : 0))];
      if (seqs.length < 2) await new Promise((r) => setTimeout(r, 25));
    }
    expect(seqs).toEqual([1, 2]);
  });

  it('validates what crosses the clerk-api: chunk size, cursor format', async () => {
    const sha = 'a'.repeat(64);
    const tooBig = await dispatch('sync:blob-chunk', { sha256: sha, size: 5 * 1024 * 1024, offset: 0, data: new Uint8Array(4 * 1024 * 1024 + 1) }).catch((e: unknown) => e);
    expect(tooBig).toMatchObject({ code: 'bad_args', field: 'data' });
    const beyond = await dispatch('sync:blob-chunk', { sha256: sha, size: 10, offset: 5, data: new Uint8Array(6) }).catch((e: unknown) => e);
    expect(beyond).toMatchObject({ code: 'bad_args', field: 'offset' });
    expect(await dispatch('sync:pull', { cursor: 'DROP TABLE' }).catch((e: unknown) => e)).toMatchObject({ code: 'bad_args', field: 'cursor' });
  });

  it('stops with a clear message when the center is certified by another root than the one trusted here', async () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'yc-main-sync-other-'));
    try {
      writeFileSync(path.join(other, 'root.pem'), makeRoot('别的根').pem);
      const c2 = new SyncClient({ dataDir: dir, protector: scryptProtector(path.join(dir, 'device', 'machine-secret')), rootFile: path.join(other, 'root.pem'), centerUrl: async () => centerUrl });
      const r = await c2.ping();
      expect(r).toMatchObject({ ok: false, error: { kind: 'config' } });
      if (!r.ok) expect(r.error.message).toMatch(/根证书/);
      // Even told the address directly, TLS refuses the center's certificate.
      const c3 = new SyncClient({ dataDir: dir, protector: scryptProtector(path.join(dir, 'device', 'machine-secret')), rootFile: path.join(other, 'root.pem'), centerUrl: async () => centerUrl, syncUrl: (await dispatch('device:status', {}) as { syncUrl: string }).syncUrl });
      expect(await c3.ping()).toMatchObject({ ok: false, error: { kind: 'tls' } });
      c2.close();
      c3.close();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

});

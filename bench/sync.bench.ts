/**
 * Sync with the center (issue 5), each figure against a same-run baseline:
 *
 *  1. drain: 1,000 records + 500 MB of scans (the issue's figure; YICHUANG_BENCH_SCAN_MB=50
 *     for a quick run) from a window's outbox to the center over loopback —
 *     engine, browser host, SyncClient, HTTPS, the sync service and its store — against a
 *     raw HTTP upload of the same bytes to a sink on loopback;
 *  2. bytes re-sent after a cut: a 40 MB scan whose connection is cut once half way,
 *     against what a non-resumable upload would have to send again (everything before the cut);
 *  3. push throughput (records/s) of the center, against one INSERT per record, each in
 *     its own transaction, into a plain table of the same database;
 *  4. pull latency p99 with 2,000 enrolled devices, each pulling every 30 s (67 signed
 *     pulls/s, open loop) while case events keep arriving, against GET /health on the same
 *     HTTPS server at the same rate; the notes give the catch-up (saturation) rate.
 *
 * The center runs on PostgreSQL when DATABASE_URL is set (a fresh database, dropped after),
 * otherwise on PGlite in a temp directory; the figures name which.
 */
import 'fake-indexeddb/auto';
import crypto from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildSyncApp } from '../src-center/sync/app';
import { createSyncAuthority, type SyncAuthority } from '../src-center/sync/authority';
import type { DeviceRegistry } from '../src-center/sync/registry';
import { openStore, type Store } from '../src-center/store/index';
import { scryptProtector } from '../src-main/services/device';
import { SyncClient } from '../src-main/services/sync-transport';
import { YichuangDb } from '../src-renderer/db/database';
import { createCsr, signRequest } from '../src-node/sync-auth';
import type { CatalogItem } from '../src-shared/domain/catalog';
import { PushResponse, type SyncRecord } from '../src-shared/protocol/sync';
import { backends, type Place } from '../tests/integration/center/backends';
import { startCutProxy } from '../tests/integration/sync/cut-proxy';
import { ADMIN_TOKEN, caseEvents, makeRoot, recordsFor } from '../tests/integration/sync/harness';
import { startWindow } from '../tests/integration/sync/window';
import { commitCase, randomBytes } from '../tests/unit/sync/outbox-fixture';
import { percentile, type Benchmark, type Figure } from './harness';

const MB = 1e6;

interface Env {
  place: Place;
  store: Store;
  app: FastifyInstance;
  registry: DeviceRegistry;
  authority: SyncAuthority;
  port: number;
  root: ReturnType<typeof makeRoot>;
  dir: string;
  backend: 'pglite' | 'postgres';
  close(): Promise<void>;
}

async function startCenter(): Promise<Env> {
  const backend = backends[backends.length - 1]!;
  const place = await backend.fresh();
  const store = await openStore(place.opts);
  const root = makeRoot();
  const authority = createSyncAuthority(root);
  const { app, registry } = await buildSyncApp(store, { authority, adminToken: ADMIN_TOKEN });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-bench-sync-'));
  writeFileSync(path.join(dir, 'root.pem'), root.pem);
  return {
    place,
    store,
    app,
    registry,
    authority,
    port: (app.server.address() as { port: number }).port,
    root,
    dir,
    backend: backend.name,
    async close() {
      await app.close();
      await store.close();
      await place.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function countyItem(store: Store): Promise<CatalogItem> {
  const chain = (await store.regionChain('130102'))!;
  return (await store.catalog(chain)).items.find((i) => i.regionCode === '130102' && i.caseType !== '1')!;
}

async function code(app: FastifyInstance, windowId: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/v1/admin/enrollment-codes', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { windowId } });
  return (res.json() as { code: string }).code;
}

/** Uploads `bytes` in one raw HTTP PUT to a sink on loopback; ms. */
async function rawUpload(parts: Uint8Array[]): Promise<number> {
  const sink = http.createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const port = (sink.address() as { port: number }).port;
  const total = parts.reduce((n, p) => n + p.length, 0);
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'PUT', path: '/', headers: { 'content-length': String(total) } }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    void (async () => {
      for (const p of parts) if (!req.write(p)) await new Promise((r) => req.once('drain', r));
      req.end();
    })();
  });
  const ms = performance.now() - t0;
  await new Promise((r) => sink.close(r));
  return ms;
}

/** Megabytes of scans the drain carries: the issue's 500 MB, or YICHUANG_BENCH_SCAN_MB (BENCH_SYNC_SCAN_MB, its older name). */
export function scanMegabytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.YICHUANG_BENCH_SCAN_MB ?? env.BENCH_SYNC_SCAN_MB;
  if (raw === undefined || raw === '') return 500;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb <= 0 || mb > 4000) throw new Error(`YICHUANG_BENCH_SCAN_MB 不合法：应为 1–4000 的数（兆字节），收到 "${raw}" (scan megabytes)`);
  return mb;
}

async function drainFigure(env: Env): Promise<Figure[]> {
  const scanMb = scanMegabytes();
  const scanCount = 200;
  const item = await countyItem(env.store);
  const dbName = `bench-sync-${crypto.randomUUID()}`;
  const setup = new YichuangDb(dbName);
  const per = Math.floor((scanMb * MB) / scanCount);
  const scans: Uint8Array[] = [];
  for (let c = 0; c < 500; c++) {
    const s = c < scanCount ? [randomBytes(per)] : [];
    scans.push(...s);
    await commitCase(setup, { item, scans: s });
  }
  const outbox = await setup.outbox.toArray();
  const deviceId = (await setup.meta.get('deviceId'))!.value as string;
  setup.close();
  const recordBytes = outbox.map((r) => new TextEncoder().encode(JSON.stringify(r)));

  const w = await startWindow({
    dataDir: path.join(env.dir, 'drain'),
    rootFile: path.join(env.dir, 'root.pem'),
    syncUrl: `https://127.0.0.1:${env.port}`,
    dbName,
  });
  await w.api['device:enroll']({ code: await code(env.app, 'w-130102-01'), deviceId, windowId: 'w-130102-01' });
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const unsub = w.engine.subscribe((s) => {
      if (s.phase === 'idle' && s.pending === 0 && s.rejected === 0) {
        unsub();
        resolve();
      }
    });
    void w.engine.start();
  });
  const drainMs = performance.now() - t0;
  await w.kill();
  const rawMs = await rawUpload([...recordBytes, ...scans]);
  const total = scans.reduce((n, s) => n + s.length, 0);
  return [
    {
      name: `drain 1,000 records + ${(total / MB).toFixed(0)} MB of scans to the center (${env.backend})`,
      value: drainMs / 1000,
      unit: 's',
      baseline: { name: 'raw HTTP upload of the same bytes', value: rawMs / 1000, unit: 's' },
      notes: `${((total / MB) / (drainMs / 1000)).toFixed(1)} MB/s end to end; ${scanCount} scans of ${(per / MB).toFixed(2)} MB; HTTPS, signed, hash-verified, stored in the database`,
    },
  ];
}

async function resendFigure(env: Env): Promise<Figure[]> {
  const size = 40 * 1024 * 1024;
  const cutAt = Math.floor(size / 2) + 1_234_567; // inside a chunk, not on a boundary
  const proxy = await startCutProxy({ host: '127.0.0.1', port: env.port }, { meanBudget: 1 });
  proxy.cutting = false; // only the one armed cut
  const dataDir = path.join(env.dir, 'resend');
  const client = new SyncClient({
    dataDir,
    protector: scryptProtector(path.join(dataDir, 'device', 'machine-secret')),
    rootFile: path.join(env.dir, 'root.pem'),
    centerUrl: async () => 'http://127.0.0.1:1',
    syncUrl: `https://127.0.0.1:${proxy.port}`,
  });
  try {
    await client.enroll({ code: await code(env.app, 'w-130102-01'), deviceId: 'CUTCUT', windowId: 'w-130102-01' });
    const bytes = randomBytes(size);
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    // Cut the connection once, half way through the blob (inside a chunk), then resume.
    const before = proxy.upBytes;
    const chunk = 4 * 1024 * 1024;
    let armed = false;
    for (let round = 0; round < 10; round++) {
      const st = await client.blobStatus([{ sha256: sha, size }]);
      if (!st.ok) continue;
      const s = st.value.blobs[0]!;
      if (s.state === 'complete') break;
      const have = s.ranges.length && s.ranges[0]![0] === 0 ? s.ranges[0]![1] : 0;
      for (let off = have; off < size; off += chunk) {
        if (!armed && off + chunk > cutAt) {
          proxy.armCut(cutAt - off);
          armed = true;
        }
        const r = await client.blobChunk({ sha256: sha, size, offset: off, data: bytes.subarray(off, off + chunk) });
        if (!r.ok) break;
      }
    }
    const sent = proxy.upBytes - before;
    const resent = Math.max(0, sent - size);
    return [
      {
        name: 'bytes sent again after a cut half way through a 40 MB scan',
        value: resent / MB,
        unit: 'MB',
        baseline: { name: 'bytes a non-resumable upload sends again', value: cutAt / MB, unit: 'MB' },
        notes: `${proxy.cuts} cut; resumed from the ranges the center reported (chunks of 4 MiB); the overhead includes request headers and TLS`,
      },
    ];
  } finally {
    client.close();
    await proxy.close();
  }
}

async function pushFigure(env: Env): Promise<Figure[]> {
  const N = 5000;
  const item = await countyItem(env.store);
  const itemRef = { implementationCode: item.implementationCode, regionCode: item.regionCode };
  const dataDir = path.join(env.dir, 'push');
  const client = new SyncClient({
    dataDir,
    protector: scryptProtector(path.join(dataDir, 'device', 'machine-secret')),
    rootFile: path.join(env.dir, 'root.pem'),
    centerUrl: async () => 'http://127.0.0.1:1',
    syncUrl: `https://127.0.0.1:${env.port}`,
  });
  try {
    const deviceId = 'PUSH01';
    await client.enroll({ code: await code(env.app, 'w-130102-01'), deviceId, windowId: 'w-130102-01' });
    const dev = { deviceId, windowId: 'w-130102-01', regionCode: '130102' };
    const records: SyncRecord[] = [];
    for (let c = 1; c <= N / 2; c++) {
      const { events } = await caseEvents({ device: dev, item: itemRef, caseSeq: c });
      records.push(...recordsFor(dev, events, records.length + 1));
    }
    const t0 = performance.now();
    for (let i = 0; i < records.length; i += 100) {
      const r = await client.push(records.slice(i, i + 100));
      if (!r.ok) throw new Error(r.error.message);
      const bad = PushResponse.parse(r.value).results.find((x) => x.status !== 'accepted');
      if (bad) throw new Error(`push: ${JSON.stringify(bad)}`);
    }
    const pushMs = performance.now() - t0;

    await env.store.db.exec('CREATE TABLE bench_plain (id uuid PRIMARY KEY, body text NOT NULL)');
    const t1 = performance.now();
    for (const r of records) await env.store.db.transaction((tx) => tx.query('INSERT INTO bench_plain (id, body) VALUES ($1, $2)', [crypto.randomUUID(), JSON.stringify(r)]));
    const plainMs = performance.now() - t1;
    await env.store.db.exec('DROP TABLE bench_plain');
    return [
      {
        name: `center push throughput (${env.backend}, batches of 100, over HTTPS)`,
        value: N / (pushMs / 1000),
        unit: 'records/s',
        baseline: { name: 'one INSERT per record, one transaction each', value: N / (plainMs / 1000), unit: 'rows/s' },
        notes: `${N} records; each verified (request and record signatures, hash chain, scope, catalog) and applied in its own transaction`,
      },
    ];
  } finally {
    client.close();
  }
}

async function pullFigure(env: Env): Promise<Figure[]> {
  const DEVICES = 2000;
  const CONCURRENCY = 50;
  const windows = (await env.store.windows()).map((w) => w.id);
  // 2,000 devices across the demo windows (so across counties).
  const devices: { deviceId: string; certSha256: string; privateKey: crypto.KeyObject; cursor: string }[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const windowId = windows[i % windows.length]!;
    const deviceId = `P${i.toString(36).toUpperCase().padStart(5, '0')}`;
    const keys = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const st = await env.registry.enroll({ code: await env.registry.createEnrollmentCode(windowId).then((c) => c.code), deviceId, windowId, csrPem: createCsr({ subject: { CN: deviceId }, ...keys }).pem });
    devices.push({ deviceId, certSha256: st.certSha256, privateKey: keys.privateKey, cursor: '' });
  }
  // A change log of 20,000 case events spread over the counties, plus the province's changes.
  const regions = [...new Set((await env.store.windows()).map((w) => w.regionCode))];
  await env.store.db.exec(`INSERT INTO sync_changes (kind, region_code, payload)
    SELECT 'case-event', (ARRAY['${regions.join("','")}'])[1 + (g % ${regions.length})],
           jsonb_build_object('caseId', gen_random_uuid(), 'caseNumber', 'N' || g, 'windowId', 'w', 'seq', 1, 'type', 'received',
                              'status', 'received', 'eventAt', '2025-09-30T09:00:00+08:00', 'actor', 'c')
      FROM generate_series(1, 20000) g`);
  // Autovacuum would analyze a table that grew like this within a minute; do it now.
  await env.store.db.exec('ANALYZE sync_changes');

  const agent = new https.Agent({ ca: [env.root.pem], keepAlive: true, maxSockets: CONCURRENCY });
  const get = (target: string, headers: Record<string, string>) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port: env.port, path: target, method: 'GET', headers, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
  const pullOnce = async (d: (typeof devices)[number]) => {
    const target = `/v1/sync/changes?limit=200${d.cursor ? `&cursor=${d.cursor}` : ''}`;
    const t0 = performance.now();
    const r = await get(target, signRequest(d, { method: 'GET', target }));
    const ms = performance.now() - t0;
    if (r.status !== 200) throw new Error(`pull ${r.status}: ${r.body.slice(0, 200)}`);
    d.cursor = (JSON.parse(r.body) as { cursor: string }).cursor; // (the window validates; the bench measures the center)
    return ms;
  };
  const health = async () => {
    const t0 = performance.now();
    const r = await get('/health', {});
    if (r.status !== 200) throw new Error(`health ${r.status}`);
    return performance.now() - t0;
  };
  const run = async (fn: (i: number) => Promise<number>, n: number) => {
    const out: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < n) out.push(await fn(next++));
      }),
    );
    return out;
  };
  /** Open loop: n calls at `perSecond`, each started on schedule whatever the others do. */
  const paced = async (fn: (i: number) => Promise<number>, n: number, perSecond: number) => {
    const t0 = performance.now();
    const out: Promise<number>[] = [];
    for (let i = 0; i < n; i++) {
      const due = t0 + (i * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      out.push(fn(i));
    }
    return Promise.all(out);
  };
  try {
    // Catch-up: every device pulls its county's backlog (pages of 200), 50 in flight: the saturation rate.
    const c0 = performance.now();
    const catchUp = await run((i) => pullOnce(devices[i % DEVICES]!), DEVICES * 3);
    const saturation = catchUp.length / ((performance.now() - c0) / 1000);
    // Steady state: each device pulls every 30 s (2,000 devices → 67 pulls/s) while cases keep arriving.
    const RATE = DEVICES / 30;
    let writing = true;
    const writer = (async () => {
      let g = 0;
      while (writing) {
        await env.store.db.query(
          `INSERT INTO sync_changes (kind, region_code, payload) VALUES ('case-event', $1, jsonb_build_object('caseId', gen_random_uuid(), 'caseNumber', 'L' || $2::text,
             'windowId', 'w', 'seq', 1, 'type', 'received', 'status', 'received', 'eventAt', '2025-09-30T09:00:00+08:00', 'actor', 'c'))`,
          [regions[g % regions.length], String(g)],
        );
        g++;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const pulls = await paced((i) => pullOnce(devices[i % DEVICES]!), DEVICES, RATE);
    writing = false;
    await writer;
    const base = await paced(() => health(), DEVICES, RATE);
    return [
      {
        name: `pull GET /v1/sync/changes p99, ${DEVICES} devices each pulling every 30 s (${env.backend})`,
        value: percentile(pulls, 99),
        unit: 'ms',
        baseline: { name: 'GET /health p99 at the same rate', value: percentile(base, 99), unit: 'ms' },
        notes: `p50 ${percentile(pulls, 50).toFixed(1)} ms at ${RATE.toFixed(0)} signed pulls/s over HTTPS while 20 case events/s arrive; catch-up of a 20,000-event log ran at ${saturation.toFixed(0)} pulls/s with ${CONCURRENCY} in flight (p99 ${percentile(catchUp, 99).toFixed(0)} ms)`,
      },
    ];
  } finally {
    agent.destroy();
  }
}

export const syncBench: Benchmark = {
  id: 'sync',
  title: 'sync with the center: drain, resume after a cut, push throughput, pull p99 with 2,000 devices',
  async run(): Promise<Figure[]> {
    const figures: Figure[] = [];
    // BENCH_SYNC_PARTS=drain,resend,push,pull picks some.
    const all = { drain: drainFigure, resend: resendFigure, push: pushFigure, pull: pullFigure };
    const wanted = (process.env.BENCH_SYNC_PARTS ?? Object.keys(all).join(',')).split(',').map((s) => s.trim());
    for (const part of Object.entries(all).filter(([k]) => wanted.includes(k)).map(([, f]) => f)) {
      const env = await startCenter();
      try {
        figures.push(...(await part(env)));
      } finally {
        await env.close();
      }
    }
    return figures;
  },
};

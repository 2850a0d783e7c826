/**
 * The renderer's sync engine against an in-memory stand-in for main + center (the real
 * pair is exercised in tests/integration/sync/fault.test.ts).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { YichuangDb } from '../../../src-renderer/db/database';
import { backoffDelay, missingRanges, SyncEngine, type SyncApi, type SyncStatus } from '../../../src-renderer/sync/engine';
import { retryRejectedRecords } from '../../../src-renderer/sync/owner';
import { SyncStateDb } from '../../../src-renderer/sync/syncDb';
import type { SyncCallResult, SyncFailure, SyncPing } from '../../../src-shared/protocol/clerk-sync';
import type { BlobState, ByteRange, PullResponse, PushResponse, RecordResult, SyncRecord } from '../../../src-shared/protocol/sync';
import { ITEMS } from '../renderer/fixtures';
import { commitCase, randomBytes } from './outbox-fixture';

const dbs: { delete(): Promise<void> }[] = [];
/** A window database whose device id is the one FakeCenter reports enrolled (AB12CD). */
async function fresh() {
  const db = new YichuangDb(`sync-engine-${crypto.randomUUID()}`);
  const state = new SyncStateDb(`sync-state-${crypto.randomUUID()}`);
  dbs.push(db, state);
  await db.meta.put({ key: 'deviceId', value: 'AB12CD' });
  return { db, state };
}
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.delete();
});

const MiB = 1024 * 1024;
const ok = <T,>(value: T): SyncCallResult<T> => ({ ok: true, value });
const fail = (kind: SyncFailure['kind'], code?: string): SyncCallResult<never> => ({ ok: false, error: { kind, message: `${kind}!`, ...(code ? { code } : {}) } });

/** Main + center, in memory. */
class FakeCenter implements SyncApi {
  enrolled = true;
  records = new Map<string, RecordResult>();
  caseOf = new Map<string, string>();
  blobs = new Map<string, { size: number; held: ByteRange[] }>();
  rejectCases = new Set<string>();
  offlineCalls = 0;
  pushes: SyncRecord[][] = [];
  chunks: { sha: string; offset: number; len: number }[] = [];
  inflight = 0;
  maxInflight = 0;
  seq = 0;
  changes: PullResponse['changes'] = [];
  /** Called when a push arrives (to stop the engine mid-flight). */
  onPush?: () => Promise<void>;

  private down<T>(): SyncCallResult<T> | null {
    if (this.offlineCalls > 0) {
      this.offlineCalls--;
      return fail('offline');
    }
    return null;
  }
  async 'device:status'() {
    return { enrolled: this.enrolled, deviceId: this.enrolled ? 'AB12CD' : null, windowId: null, regionCode: null, certSha256: null, certNotAfter: null, keyProtection: 'scrypt' as const, syncUrl: null, rootSha256: null };
  }
  async 'sync:ping'(): Promise<SyncCallResult<SyncPing>> {
    return this.down<SyncPing>() ?? ok({ serverTime: new Date().toISOString(), clockOffsetMs: 0, latencyMs: 1, certStatus: 'active' as const });
  }
  async 'sync:push'(args: { records: SyncRecord[] }): Promise<SyncCallResult<PushResponse>> {
    const d = this.down<PushResponse>();
    if (d) return d;
    this.pushes.push(args.records);
    await this.onPush?.();
    const results: RecordResult[] = args.records.map((r) => {
      const missing = r.blobs.filter((b) => this.blobs.get(b)?.held[0]?.[1] !== this.blobs.get(b)?.size || !this.blobs.get(b));
      if (missing.length) return { id: r.id, status: 'retry-later', code: 'missing_blobs', message: 'blobs', missingBlobs: missing };
      if (this.rejectCases.has(r.caseId) && r.event.seq === 1) return { id: r.id, status: 'rejected', code: 'unknown_item', field: 'event.data.item.implementationCode', message: '事项不在目录中' };
      if (r.event.seq > 1 && ![...this.records.values()].some((x) => x.status !== 'rejected' && x.status !== 'retry-later' && this.caseOf.get(x.id) === r.caseId))
        return { id: r.id, status: 'retry-later', code: 'out_of_order', message: '前序事件未到' };
      const prev = this.records.get(r.id);
      if (prev) return { ...prev, status: 'duplicate' } as RecordResult;
      const receipt = { recordId: r.id, recordHash: 'a'.repeat(64), centerSeq: ++this.seq, receivedAt: new Date().toISOString(), hash: 'b'.repeat(64) };
      const res: RecordResult = { id: r.id, status: 'accepted', receipt };
      this.records.set(r.id, res);
      this.caseOf.set(r.id, r.caseId);
      return res;
    });
    return ok({ results, serverTime: new Date().toISOString() });
  }
  async 'sync:blob-status'(args: { blobs: { sha256: string; size: number }[] }) {
    const d = this.down<{ blobs: BlobState[] }>();
    if (d) return d;
    return ok({
      blobs: args.blobs.map((b): BlobState => {
        const h = this.blobs.get(b.sha256);
        if (!h || !h.held.length) return { sha256: b.sha256, size: b.size, state: 'absent', ranges: [] };
        const complete = h.held.length === 1 && h.held[0]![0] === 0 && h.held[0]![1] === h.size;
        return { sha256: b.sha256, size: h.size, state: complete ? 'complete' : 'partial', ranges: h.held };
      }),
    });
  }
  failChunks = 0;
  attempts: number[] = [];
  async 'sync:blob-chunk'(args: { sha256: string; size: number; offset: number; data: Uint8Array }): Promise<SyncCallResult<BlobState>> {
    const d = this.down<BlobState>();
    if (d) return d;
    this.attempts.push(args.data.length);
    if (this.failChunks > 0) {
      this.failChunks--;
      return fail('offline');
    }
    this.inflight++;
    this.maxInflight = Math.max(this.maxInflight, this.inflight);
    await new Promise((r) => setTimeout(r, 1));
    this.inflight--;
    this.chunks.push({ sha: args.sha256, offset: args.offset, len: args.data.length });
    const h = this.blobs.get(args.sha256) ?? { size: args.size, held: [] };
    const ranges = [...h.held, [args.offset, args.offset + args.data.length] as ByteRange].sort((a, b) => a[0] - b[0]);
    const merged: ByteRange[] = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    }
    h.held = merged;
    this.blobs.set(args.sha256, h);
    const complete = merged.length === 1 && merged[0]![0] === 0 && merged[0]![1] === h.size;
    return ok({ sha256: args.sha256, size: h.size, state: complete ? 'complete' : 'partial', ranges: merged });
  }
  async 'sync:pull'(args: { cursor?: string; limit?: number }): Promise<SyncCallResult<PullResponse>> {
    const d = this.down<PullResponse>();
    if (d) return d;
    const after = Number(args.cursor ?? 0);
    const page = this.changes.filter((c) => Number(c.position) > after).slice(0, args.limit ?? 500);
    return ok({ changes: page, cursor: page.length ? page[page.length - 1]!.position : (args.cursor ?? ''), more: false, serverTime: new Date().toISOString() });
  }
}

/** Runs the engine until `done(status)` or it has gone idle/failed too often. */
async function runUntil(engine: SyncEngine, done: (s: SyncStatus) => boolean): Promise<SyncStatus> {
  let resolve!: (s: SyncStatus) => void;
  const reached = new Promise<SyncStatus>((r) => (resolve = r));
  const unsub = engine.subscribe((s) => {
    if (done(s)) resolve(s);
  });
  void engine.start();
  const s = await reached;
  unsub();
  await engine.stop();
  return s;
}

const fast = { heartbeatMs: 5, pullEveryMs: 0, backoffMinMs: 1, backoffMaxMs: 4 };
const item = ITEMS[0]!;

describe('sync engine', () => {
  it('uploads the scans first, then the records; each leaves the outbox with its receipt', async () => {
    const { db, state } = await fresh();
    const a = await commitCase(db, { item, scans: [randomBytes(2 * MiB + 5), randomBytes(1000)] });
    await commitCase(db, { item });
    const center = new FakeCenter();
    const engine = new SyncEngine({ db, state, api: center, config: fast });
    const s = await runUntil(engine, (st) => st.phase === 'idle' && st.pending === 0);
    expect(await db.outbox.count()).toBe(0);
    expect(await state.receipts.count()).toBe(4);
    // Every blob the center holds is whole; the first push carried no record whose blobs were missing.
    for (const sha of a.shas) expect(center.blobs.get(sha)?.held).toEqual([[0, (await db.blobs.get(sha))!.blob.size]]);
    expect(center.pushes.length).toBeGreaterThan(0);
    expect(s.progress.recordsSent).toBe(4);
    expect(s.progress.bytesSent).toBe(2 * MiB + 5 + 1000);
    expect(s.lastSuccessAt).not.toBeNull();
  });

  it('resumes a partial upload from the bytes the center already holds', async () => {
    const { db, state } = await fresh();
    const bytes = randomBytes(3 * MiB);
    const { shas } = await commitCase(db, { item, scans: [bytes] });
    const center = new FakeCenter();
    center.blobs.set(shas[0]!, { size: bytes.length, held: [[0, MiB], [2 * MiB, 2 * MiB + 100]] });
    await runUntil(new SyncEngine({ db, state, api: center, config: fast }), (st) => st.phase === 'idle' && st.pending === 0);
    const sent = center.chunks.filter((c) => c.sha === shas[0]);
    expect(sent.reduce((n, c) => n + c.len, 0)).toBe(3 * MiB - MiB - 100);
    for (const c of sent) expect(c.offset >= MiB && c.offset + c.len <= 3 * MiB && !(c.offset < 2 * MiB + 100 && c.offset + c.len > 2 * MiB)).toBe(true);
  });

  it('halves chunks on a line that drops (down to 256 KiB) and grows them back to 4 MiB', async () => {
    const { db, state } = await fresh();
    await commitCase(db, { item, scans: [randomBytes(12 * MiB)] });
    const center = new FakeCenter();
    center.failChunks = 3;
    await runUntil(new SyncEngine({ db, state, api: center, config: fast }), (st) => st.phase === 'idle' && st.pending === 0);
    const K = 1024;
    expect(center.attempts.slice(0, 8)).toEqual([1024 * K, 512 * K, 256 * K, 256 * K, 512 * K, 1024 * K, 2048 * K, 4096 * K]);
    expect(Math.max(...center.attempts)).toBe(4 * MiB);
  });

  it('uploads at most two blobs at once', async () => {
    const { db, state } = await fresh();
    await commitCase(db, { item, scans: [randomBytes(300_000), randomBytes(300_000), randomBytes(300_000), randomBytes(300_000), randomBytes(300_000)] });
    const center = new FakeCenter();
    await runUntil(new SyncEngine({ db, state, api: center, config: fast }), (st) => st.phase === 'idle' && st.pending === 0);
    expect(center.maxInflight).toBe(2);
  });

  it('marks a rejected record for the clerk, holds back only its own case, and drops nothing', async () => {
    const { db, state } = await fresh();
    const bad = await commitCase(db, { item });
    await commitCase(db, { item });
    const center = new FakeCenter();
    center.rejectCases.add(bad.caseId);
    const s = await runUntil(new SyncEngine({ db, state, api: center, config: fast }), (st) => st.phase === 'idle' && st.pending === 1);
    const left = await db.outbox.orderBy('deviceSeq').toArray();
    expect(left.map((r) => r.caseId)).toEqual([bad.caseId, bad.caseId]);
    expect(left[0]).toMatchObject({ state: 'rejected', rejection: { code: 'unknown_item', field: 'event.data.item.implementationCode', message: '事项不在目录中' } });
    // The case's second record waits behind the rejection: not sent again once the first was rejected.
    expect(left[1]!.state).toBe('pending');
    expect(center.pushes.flat().filter((r) => r.id === left[1]!.id)).toHaveLength(1);
    expect(s).toMatchObject({ rejected: 1, blocked: 1 });

    // Fixed at the center, retried by the clerk: both go.
    center.rejectCases.clear();
    expect(await retryRejectedRecords(db, bad.caseId)).toBe(1);
    await runUntil(new SyncEngine({ db, state, api: center, config: fast }), (st) => st.phase === 'idle' && st.pending === 0 && st.rejected === 0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('backs off with growing, jittered delays while offline, and "sync now" ends the wait', async () => {
    const { db, state } = await fresh();
    await commitCase(db, { item });
    const center = new FakeCenter();
    center.offlineCalls = 1_000_000;
    const now = Date.now();
    const delays: number[] = [];
    const engine = new SyncEngine({ db, state, api: center, config: { backoffMinMs: 1000, backoffMaxMs: 300_000 }, random: () => 0.5, now: () => now });
    const s = await (async () => {
      let resolve!: (s: SyncStatus) => void;
      const p = new Promise<SyncStatus>((r) => (resolve = r));
      engine.subscribe((st) => {
        if (st.nextAttemptAt && st.consecutiveFailures > delays.length) {
          delays.push(new Date(st.nextAttemptAt).getTime() - now);
          if (delays.length === 4) resolve(st);
          else engine.syncNow(); // the clerk presses "sync now" instead of waiting
        }
      });
      void engine.start();
      return p;
    })();
    await engine.stop();
    expect(delays).toEqual([750, 1500, 3000, 6000]);
    expect(s).toMatchObject({ phase: 'offline', online: false, lastError: { kind: 'offline' } });
    expect(await db.outbox.count()).toBe(2);
  });

  it('does not apply answers that arrive after it was stopped (a restart resends: duplicates, not losses)', async () => {
    const { db, state } = await fresh();
    await commitCase(db, { item });
    const center = new FakeCenter();
    const engine = new SyncEngine({ db, state, api: center, config: fast });
    center.onPush = async () => {
      center.onPush = undefined;
      void engine.stop();
    };
    await engine.start();
    expect(center.records.size).toBe(2);
    expect(await db.outbox.count()).toBe(2);
    const again = await runUntil(new SyncEngine({ db, state, api: center, config: fast }), (st) => st.phase === 'idle' && st.pending === 0);
    expect(again.pending).toBe(0);
    expect((await state.receipts.toArray()).every((r) => r.status === 'duplicate')).toBe(true);
  });

  it('sets a damaged outbox record aside for the clerk instead of failing every batch', async () => {
    const { db, state } = await fresh();
    const bad = await commitCase(db, { item });
    await commitCase(db, { item });
    const first = (await db.outbox.where('caseId').equals(bad.caseId).sortBy('deviceSeq'))[0]!;
    await db.outbox.update(first.deviceSeq, { windowId: '' });
    const center = new FakeCenter();
    const s = await runUntil(new SyncEngine({ db, state, api: center, config: fast }), (st) => st.phase === 'idle' && st.pending === 1);
    expect(await db.outbox.get(first.deviceSeq)).toMatchObject({ state: 'rejected', rejection: { code: 'invalid_record', field: 'windowId' } });
    expect(center.records.size).toBe(2); // the other case went through
    expect(s).toMatchObject({ rejected: 1, blocked: 1 });
  });

  it('waits for enrollment without sending anything', async () => {
    const { db, state } = await fresh();
    await commitCase(db, { item });
    const center = new FakeCenter();
    center.enrolled = false;
    const s = await runUntil(new SyncEngine({ db, state, api: center, config: fast }), (st) => st.phase === 'not-enrolled');
    expect(s.enrolled).toBe(false);
    expect(center.pushes).toEqual([]);
  });

  it('sends nothing from a database of another device than the one this PC is enrolled as, and says why', async () => {
    const { db, state } = await fresh();
    await db.meta.put({ key: 'deviceId', value: 'ZZ99ZZ' });
    await commitCase(db, { item });
    const center = new FakeCenter();
    const s = await runUntil(new SyncEngine({ db, state, api: center, config: fast }), (st) => st.consecutiveFailures >= 1);
    expect(s.phase).toBe('backoff');
    expect(s.lastError).toMatchObject({ kind: 'config' });
    expect(s.lastError?.message).toContain('ZZ99ZZ');
    expect(s.lastError?.message).toContain('AB12CD');
    expect(center.pushes).toEqual([]);
    // Nothing was set aside as rejected: the records wait for the right device.
    expect((await db.outbox.toArray()).every((r) => r.state === 'pending')).toBe(true);
  });

  it('warns when unsent work is older than the threshold', async () => {
    const { db, state } = await fresh();
    await commitCase(db, { item, at: '2025-09-30T09:30:00+08:00' });
    const center = new FakeCenter();
    center.offlineCalls = 1_000_000;
    const created = new Date((await db.outbox.toArray())[0]!.createdAt).getTime();
    const later = new SyncEngine({ db, state, api: center, config: { ...fast, staleAfterMs: 3_600_000 }, now: () => created + 2 * 3_600_000 });
    expect((await runUntil(later, (st) => st.consecutiveFailures >= 1)).stale).toBe(true);
    const soon = new SyncEngine({ db, state, api: center, config: { ...fast, staleAfterMs: 3_600_000 }, now: () => created + 60_000 });
    expect((await runUntil(soon, (st) => st.consecutiveFailures >= 1)).stale).toBe(false);
  });

  it('pulls changes after its cursor and keeps them', async () => {
    const { db, state } = await fresh();
    const center = new FakeCenter();
    center.changes = [
      { position: '1', at: new Date().toISOString(), kind: 'catalog-version', version: 3 },
      { position: '2', at: new Date().toISOString(), kind: 'calendar-year', year: 2026 },
    ];
    const seen: string[] = [];
    await runUntil(new SyncEngine({ db, state, api: center, config: fast, onChange: (c) => seen.push(c.kind) }), (st) => st.lastPullAt !== null);
    expect(seen).toEqual(['catalog-version', 'calendar-year']);
    expect(await state.get('cursor')).toBe('2');
    expect(await state.changes.count()).toBe(2);
  });
});

describe('sync engine helpers', () => {
  it('backoff: from about 1 s doubling to at most 5 min, never below half the step', () => {
    const cfg = { backoffMinMs: 1000, backoffMaxMs: 300_000 };
    expect(backoffDelay(1, cfg, () => 0)).toBe(500);
    expect(backoffDelay(1, cfg, () => 1)).toBe(1000);
    expect(backoffDelay(5, cfg, () => 1)).toBe(16_000);
    expect(backoffDelay(40, cfg, () => 1)).toBe(300_000);
    expect(backoffDelay(40, cfg, () => 0)).toBe(150_000);
  });

  it('missing ranges are the gaps between held ones', () => {
    expect(missingRanges([], 10)).toEqual([[0, 10]]);
    expect(missingRanges([[0, 3], [5, 7]], 10)).toEqual([[3, 5], [7, 10]]);
    expect(missingRanges([[0, 10]], 10)).toEqual([]);
  });

  it('"sync now" pulls at once instead of waiting for the next scheduled pull', async () => {
    const { db, state } = await fresh();
    const center = new FakeCenter();
    const engine = new SyncEngine({ db, state, api: center, config: { ...fast, pullEveryMs: 3_600_000, heartbeatMs: 5 } });
    let pulls = 0;
    const pull = center['sync:pull'].bind(center);
    center['sync:pull'] = async (args) => {
      pulls++;
      return pull(args);
    };
    let resolve!: () => void;
    const got = new Promise<void>((r) => (resolve = r));
    engine.subscribe((st) => {
      if (st.lastPullAt && pulls === 1 && center.changes.length === 0) {
        // After the first pull, the center has news; the clerk presses "sync now".
        center.changes.push({ position: '1', at: new Date().toISOString(), kind: 'notice', title: '通知', text: '中心有新消息', regionCode: null });
        engine.syncNow();
      }
      if (pulls >= 2) resolve();
    });
    void engine.start();
    await got;
    await engine.stop();
    expect(await state.changes.count()).toBe(1);
  });
});

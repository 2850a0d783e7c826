/**
 * The window's sync engine: reads the outbox and the blob store, decides what to send,
 * and asks main (clerk-api device:* / sync:*) to send it; main signs and talks HTTPS.
 *
 * One cycle:
 *   1. blobs first: for the next batch of records, ask the center which bytes of their
 *      scans it holds, and upload only the missing ranges (at most two blobs at once).
 *      Chunks start at 1 MiB and double after each success up to 4 MiB; each failure halves
 *      them, down to 256 KiB on a line that keeps dropping (where a 1 MiB chunk would
 *      rarely get through between two cuts);
 *   2. push the batch (≤100 records, ≤1 MiB, in device order); each record leaves the
 *      outbox only when the center answered accepted or duplicate (its receipt is kept),
 *      a rejected record is marked and shown in 需处理 — it blocks the later records of
 *      its own case only — and retry-later leaves it pending;
 *   3. pull changes after the cursor until there are no more.
 * When idle, a heartbeat (signed ping) every 30 s and a pull every minute. On a failure,
 * exponential backoff with jitter from 1 s to 5 min ("equal jitter": half the step fixed,
 * half random), ended early by "sync now" or the browser going online.
 *
 * Nothing is dropped automatically: the engine never deletes a record the center did not
 * acknowledge, and never rewrites one (records and events are append-only and signed).
 */
import type { YichuangDb } from '../db/database';
import type { OutboxRow } from '../db/casesSchema';
import { sha256OfBlob } from '../db/hashing';
import { getMeta } from '../db/meta';
import type { ResultOf } from '../../src-shared/protocol/clerk-api';
import type { DeviceInfo, SyncCallResult, SyncFailure } from '../../src-shared/protocol/clerk-sync';
import { SyncRecord, type BlobState, type ByteRange, type Change, type RecordResult } from '../../src-shared/protocol/sync';
import { engineMessages } from './messages';
import type { SyncStateDb } from './syncDb';

/** The clerk-api calls the engine uses. */
export interface SyncApi {
  'device:status'(args: Record<string, never>): Promise<DeviceInfo>;
  'sync:ping'(args: Record<string, never>): Promise<ResultOf<'sync:ping'>>;
  'sync:push'(args: { records: SyncRecord[] }): Promise<ResultOf<'sync:push'>>;
  'sync:blob-status'(args: { blobs: { sha256: string; size: number }[] }): Promise<ResultOf<'sync:blob-status'>>;
  'sync:blob-chunk'(args: { sha256: string; size: number; offset: number; data: Uint8Array }): Promise<ResultOf<'sync:blob-chunk'>>;
  'sync:pull'(args: { cursor?: string; limit?: number }): Promise<ResultOf<'sync:pull'>>;
}

export interface EngineConfig {
  batchRecords: number;
  batchBytes: number;
  parallelUploads: number;
  /** First chunk size, and the smallest on a healthy line. */
  chunkMin: number;
  /** Smallest chunk on a line that keeps dropping (each failure halves the size down to this). */
  chunkFloor: number;
  chunkMax: number;
  heartbeatMs: number;
  pullEveryMs: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  /** Unsent work older than this raises the warning. */
  staleAfterMs: number;
  pullLimit: number;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  batchRecords: 100,
  batchBytes: 1024 * 1024,
  parallelUploads: 2,
  chunkMin: 1024 * 1024,
  chunkFloor: 256 * 1024,
  chunkMax: 4 * 1024 * 1024,
  heartbeatMs: 30_000,
  pullEveryMs: 60_000,
  backoffMinMs: 1000,
  backoffMaxMs: 5 * 60_000,
  staleAfterMs: 4 * 60 * 60_000,
  pullLimit: 500,
};

export type SyncPhase = 'starting' | 'not-enrolled' | 'idle' | 'syncing' | 'backoff' | 'offline' | 'stopped';

export interface SyncProgress {
  recordsSent: number;
  recordsTotal: number;
  bytesSent: number;
  bytesTotal: number;
  /** Bytes per second (moving average of the last uploads). */
  bytesPerSecond: number | null;
  recordsPerSecond: number | null;
  /** Seconds until the outbox is empty at the current rate, when it can be told. */
  etaSeconds: number | null;
}

export interface SyncStatus {
  phase: SyncPhase;
  /** Did the last request reach the center? null = not tried yet. */
  online: boolean | null;
  enrolled: boolean | null;
  deviceId: string | null;
  pending: number;
  rejected: number;
  /** Pending records held back behind a rejected record of the same case. */
  blocked: number;
  progress: SyncProgress;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  lastError: SyncFailure | null;
  consecutiveFailures: number;
  oldestUnsentAt: string | null;
  /** How old the oldest unsent record was when last counted (ms). */
  unsentAgeMs: number | null;
  /** Unsent work is older than the threshold. */
  stale: boolean;
  /** This PC's clock minus the center's (ms), from the last heartbeat. */
  clockOffsetMs: number | null;
  lastPullAt: string | null;
}

export interface EngineDeps {
  db: YichuangDb;
  state: SyncStateDb;
  api: SyncApi;
  config?: Partial<EngineConfig>;
  now?: () => number;
  random?: () => number;
  /** Browser connectivity hints (navigator.onLine and its events). */
  network?: { isOnline(): boolean; subscribe(onChange: () => void): () => void };
  /** Called for each change pulled (catalog versions, calendar years, CRLs, case events). */
  onChange?: (c: Change) => void;
}

class Failure extends Error {
  constructor(readonly failure: SyncFailure) {
    super(failure.message);
  }
}

const MAX_CHUNK = 4 * 1024 * 1024;

/** The parts of [0, size) not covered by sorted, merged `held`. */
export function missingRanges(held: readonly ByteRange[], size: number): ByteRange[] {
  const out: ByteRange[] = [];
  let at = 0;
  for (const [s, e] of held) {
    if (s > at) out.push([at, Math.min(s, size)]);
    at = Math.max(at, e);
  }
  if (at < size) out.push([at, size]);
  return out.filter(([s, e]) => e > s);
}

export function backoffDelay(failures: number, cfg: Pick<EngineConfig, 'backoffMinMs' | 'backoffMaxMs'>, random: () => number): number {
  if (failures <= 0) return 0;
  const step = Math.min(cfg.backoffMaxMs, cfg.backoffMinMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(step / 2 + random() * (step / 2));
}

function unwrap<T>(r: SyncCallResult<T>): T {
  if (!r.ok) throw new Failure(r.error);
  return r.value;
}

export class SyncEngine {
  private readonly cfg: EngineConfig;
  private readonly now: () => number;
  private readonly random: () => number;
  private listeners = new Set<(s: SyncStatus) => void>();
  private stopped = false;
  private running: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private chunkSize: number;
  private rate = { bytes: null as number | null, records: null as number | null };
  private lastPull = 0;
  private status: SyncStatus;
  private blobSizes = new Map<string, number>();
  /** Pushes in a row in which no record moved. */
  private stuck = 0;

  constructor(private readonly deps: EngineDeps) {
    this.cfg = { ...DEFAULT_ENGINE_CONFIG, ...deps.config };
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.chunkSize = this.cfg.chunkMin;
    this.status = {
      phase: 'starting',
      online: null,
      enrolled: null,
      deviceId: null,
      pending: 0,
      rejected: 0,
      blocked: 0,
      progress: { recordsSent: 0, recordsTotal: 0, bytesSent: 0, bytesTotal: 0, bytesPerSecond: null, recordsPerSecond: null, etaSeconds: null },
      lastSuccessAt: null,
      lastAttemptAt: null,
      nextAttemptAt: null,
      lastError: null,
      consecutiveFailures: 0,
      oldestUnsentAt: null,
      unsentAgeMs: null,
      stale: false,
      clockOffsetMs: null,
      lastPullAt: null,
    };
  }

  get snapshot(): SyncStatus {
    return this.status;
  }

  subscribe(fn: (s: SyncStatus) => void): () => void {
    this.listeners.add(fn);
    fn(this.status);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<SyncStatus>, progress?: Partial<SyncProgress>): void {
    this.status = { ...this.status, ...patch, progress: progress ? { ...this.status.progress, ...progress } : this.status.progress };
    for (const fn of this.listeners) fn(this.status);
  }

  /** Runs until stop(). Resolves when stopped. */
  start(): Promise<void> {
    if (!this.running) {
      this.stopped = false;
      this.running = this.loop().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** Stops after the request in flight; results that arrive later are not applied. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
    this.set({ phase: 'stopped', nextAttemptAt: null });
  }

  /** "Sync now": ends a wait (backoff or idle) at once, and pulls in that round (the clerk wants the center's news too). */
  syncNow(): void {
    this.lastPull = Number.NEGATIVE_INFINITY;
    this.wake();
  }

  private wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private wait(ms: number): Promise<void> {
    if (this.woken || this.stopped) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const h: { timer?: ReturnType<typeof setTimeout>; unsub?: (() => void) | undefined; finished: boolean } = { finished: false };
      const done = () => {
        if (h.finished) return;
        h.finished = true;
        if (h.timer !== undefined) clearTimeout(h.timer);
        h.unsub?.();
        this.wakeUp = null;
        resolve();
      };
      this.wakeUp = done;
      h.timer = setTimeout(done, ms);
      // Coming back online ends the wait at once.
      h.unsub = this.deps.network?.subscribe(() => {
        if (this.deps.network?.isOnline()) done();
      });
    }).then(() => {
      this.woken = false;
    });
  }

  private async loop(): Promise<void> {
    let failures = 0;
    await this.refreshCounts();
    while (!this.stopped) {
      let delay = this.cfg.heartbeatMs;
      try {
        this.set({ lastAttemptAt: new Date(this.now()).toISOString() });
        const info = await this.deps.api['device:status']({});
        this.set({ enrolled: info.enrolled, deviceId: info.deviceId });
        if (!info.enrolled) {
          this.set({ phase: 'not-enrolled', nextAttemptAt: null });
          failures = 0;
        } else {
          // Another browser profile (its own IndexedDB, its own device id) on a PC whose host is
          // enrolled as another device: every record would be refused device_mismatch, and no
          // resubmit could help. Stop here and say so.
          const local = await getMeta(this.deps.db, 'deviceId');
          if (local && info.deviceId && local !== info.deviceId) throw new Failure({ kind: 'config', message: engineMessages.otherDevice(local, info.deviceId) });
          const more = await this.cycle();
          if (this.stopped) break;
          failures = 0;
          this.set({ consecutiveFailures: 0, lastError: null, online: true, lastSuccessAt: new Date(this.now()).toISOString() });
          if (more) continue;
          this.set({ phase: 'idle' });
        }
      } catch (e) {
        if (this.stopped) break;
        const failure: SyncFailure = e instanceof Failure ? e.failure : { kind: 'config', message: e instanceof Error ? e.message : String(e) };
        if (failure.kind === 'not_enrolled') {
          this.set({ phase: 'not-enrolled', enrolled: false, lastError: null });
        } else {
          failures += 1;
          delay = backoffDelay(failures, this.cfg, this.random);
          const offline = failure.kind === 'offline' || failure.kind === 'timeout';
          this.set({ phase: offline ? 'offline' : 'backoff', online: offline ? false : this.status.online, lastError: failure, consecutiveFailures: failures });
        }
      }
      await this.refreshCounts();
      if (this.stopped) break;
      this.set({ nextAttemptAt: new Date(this.now() + delay).toISOString() });
      await this.wait(delay);
      this.set({ nextAttemptAt: null });
    }
  }

  /** One round: blobs and records for a batch, or a pull, or a heartbeat. True when more work is waiting. */
  private async cycle(): Promise<boolean> {
    const batch = await this.nextBatch();
    if (batch.length) {
      this.set({ phase: 'syncing' });
      await this.sendBatch(batch);
      return true;
    }
    if (this.now() - this.lastPull >= this.cfg.pullEveryMs) {
      await this.pullAll();
      return false;
    }
    const ping = unwrap(await this.deps.api['sync:ping']({}));
    this.set({ clockOffsetMs: ping.clockOffsetMs, online: true });
    return false;
  }

  /** Pending records in device order, skipping cases held by a rejected record. */
  private async nextBatch(): Promise<OutboxRow[]> {
    const rejected = await this.deps.db.outbox.where('state').equals('rejected').toArray();
    const blocked = new Set(rejected.map((r) => r.caseId));
    const out: OutboxRow[] = [];
    let bytes = 0;
    await this.deps.db.outbox
      .orderBy('deviceSeq')
      .until(() => out.length >= this.cfg.batchRecords || bytes >= this.cfg.batchBytes)
      .each((r) => {
        if (r.state !== 'pending' || blocked.has(r.caseId)) return;
        out.push(r);
        bytes += JSON.stringify(r.event).length + 400;
      });
    return out;
  }

  private async refreshCounts(): Promise<void> {
    const db = this.deps.db;
    const [all, first] = await Promise.all([db.outbox.toArray(), db.outbox.orderBy('deviceSeq').first()]);
    const rejectedCases = new Set(all.filter((r) => r.state === 'rejected').map((r) => r.caseId));
    const pending = all.filter((r) => r.state === 'pending');
    const blocked = pending.filter((r) => rejectedCases.has(r.caseId)).length;
    const oldest = all.reduce<string | null>((m, r) => (m === null || r.createdAt < m ? r.createdAt : m), first?.createdAt ?? null);
    const done = new Set((await this.deps.state.blobsDone.toArray()).map((b) => b.sha256));
    const shas = new Set(pending.flatMap((r) => r.blobs).filter((s) => !done.has(s)));
    let bytesLeft = 0;
    for (const s of shas) {
      let size = this.blobSizes.get(s);
      if (size === undefined) {
        const row = await db.blobs.get(s);
        size = row?.blob.size ?? row?.size ?? 0;
        this.blobSizes.set(s, size);
      }
      bytesLeft += size;
    }
    const p = this.status.progress;
    const recordsLeft = pending.length - blocked;
    let eta: number | null = 0;
    if (bytesLeft > 0) eta = p.bytesPerSecond ? eta + bytesLeft / p.bytesPerSecond : null;
    if (recordsLeft > 0 && eta !== null) eta = p.recordsPerSecond ? eta + recordsLeft / p.recordsPerSecond : null;
    this.set(
      {
        pending: pending.length,
        rejected: all.length - pending.length,
        blocked,
        oldestUnsentAt: oldest,
        unsentAgeMs: oldest === null ? null : this.now() - new Date(oldest).getTime(),
        stale: oldest !== null && this.now() - new Date(oldest).getTime() > this.cfg.staleAfterMs,
      },
      { recordsTotal: p.recordsSent + recordsLeft, bytesTotal: p.bytesSent + bytesLeft, etaSeconds: eta === null ? null : Math.round(eta) },
    );
  }

  private async sendBatch(candidates: OutboxRow[]): Promise<void> {
    await this.ensureBlobs(candidates);
    if (this.stopped) return;
    // Records whose scans could not be found or read were set aside (rejected locally).
    const rows = (await this.deps.db.outbox.bulkGet(candidates.map((r) => r.deviceSeq))).filter((r): r is OutboxRow => !!r && r.state === 'pending');
    // A record that is not a valid SyncRecord (a damaged database) would fail the whole batch
    // at the clerk-api: set it aside for the clerk, like a rejection, and send the rest.
    const batch: OutboxRow[] = [];
    const records: SyncRecord[] = [];
    for (const r of rows) {
      const parsed = SyncRecord.safeParse({
        id: r.id,
        deviceId: r.deviceId,
        deviceSeq: r.deviceSeq,
        windowId: r.windowId,
        caseId: r.caseId,
        event: r.event,
        blobs: r.blobs,
        createdAt: r.createdAt,
      });
      if (parsed.success) {
        batch.push(r);
        records.push(parsed.data);
      } else {
        const issue = parsed.error.issues[0];
        const field = issue?.path.join('.') || 'record';
        await this.deps.db.outbox.update(r.deviceSeq, { state: 'rejected', rejection: { code: 'invalid_record', field, message: engineMessages.invalidRecord(field, issue?.message ?? '') } });
      }
    }
    if (!batch.length) return;
    const t0 = this.now();
    const res = unwrap(await this.deps.api['sync:push']({ records }));
    if (this.stopped) return;
    const dt = Math.max(1, this.now() - t0) / 1000;
    await this.applyResults(batch, res.results);
    const acked = res.results.filter((r) => r.status === 'accepted' || r.status === 'duplicate').length;
    const rps = acked / dt;
    this.rate.records = this.rate.records === null ? rps : this.rate.records * 0.7 + rps * 0.3;
    this.set({}, { recordsSent: this.status.progress.recordsSent + acked, recordsPerSecond: this.rate.records });
    await this.refreshCounts();
    const progressed = res.results.some((r) => r.status !== 'retry-later');
    this.stuck = progressed ? 0 : this.stuck + 1;
    if (!progressed) {
      const first = res.results.find((r) => r.status === 'retry-later');
      // Missing blobs: the next round uploads them (unless it keeps happening).
      if (first && first.status === 'retry-later' && first.code === 'missing_blobs' && this.stuck < 3) return;
      throw new Failure({ kind: 'server', message: first && first.status === 'retry-later' ? first.message : engineMessages.noProgress, code: first?.status === 'retry-later' ? first.code : 'no_progress' });
    }
  }

  private async applyResults(batch: OutboxRow[], results: RecordResult[]): Promise<void> {
    const db = this.deps.db;
    const byId = new Map(batch.map((r) => [r.id, r]));
    const at = new Date(this.now()).toISOString();
    const receipts = [];
    for (const r of results) {
      const row = byId.get(r.id);
      if (!row) continue;
      if (r.status === 'accepted' || r.status === 'duplicate')
        receipts.push({ recordId: row.id, caseId: row.caseId, deviceSeq: row.deviceSeq, status: r.status, receipt: r.receipt, at });
      if (r.status === 'retry-later' && r.code === 'missing_blobs')
        for (const s of r.missingBlobs ?? []) await this.deps.state.blobsDone.delete(s);
    }
    // Receipts first: if the window dies in between, the record is only sent again (→ duplicate).
    if (receipts.length) await this.deps.state.receipts.bulkPut(receipts);
    await db.transaction('rw', db.outbox, async () => {
      for (const r of results) {
        const row = byId.get(r.id);
        if (!row) continue;
        const current = await db.outbox.get(row.deviceSeq);
        if (!current || current.id !== row.id) continue;
        if (r.status === 'accepted' || r.status === 'duplicate') await db.outbox.delete(row.deviceSeq);
        else if (r.status === 'rejected')
          await db.outbox.update(row.deviceSeq, {
            state: 'rejected',
            rejection: { code: r.code, ...(r.field ? { field: r.field } : {}), message: r.message },
            attempts: current.attempts + 1,
          });
        else await db.outbox.update(row.deviceSeq, { attempts: current.attempts + 1 });
      }
    });
  }

  /** Makes sure the center holds every blob the batch refers to (complete and verified). */
  private async ensureBlobs(batch: OutboxRow[]): Promise<void> {
    const done = new Set((await this.deps.state.blobsDone.bulkGet([...new Set(batch.flatMap((r) => r.blobs))])).filter((b) => !!b).map((b) => b!.sha256));
    const wanted = [...new Set(batch.flatMap((r) => r.blobs))].filter((s) => !done.has(s));
    if (!wanted.length) return;
    const descriptors: { sha256: string; size: number }[] = [];
    for (const sha of wanted) {
      const row = await this.deps.db.blobs.get(sha);
      if (!row) {
        await this.rejectLocally(batch, sha, 'local_blob_missing', engineMessages.blobMissing(sha));
        continue;
      }
      descriptors.push({ sha256: sha, size: row.blob.size });
    }
    const states: BlobState[] = [];
    for (let i = 0; i < descriptors.length; i += 200) {
      states.push(...unwrap(await this.deps.api['sync:blob-status']({ blobs: descriptors.slice(i, i + 200) })).blobs);
    }
    const todo: BlobState[] = [];
    for (const st of states) {
      if (st.state === 'complete') await this.deps.state.blobsDone.put({ sha256: st.sha256, at: new Date(this.now()).toISOString() });
      else todo.push(st);
    }
    // At most `parallelUploads` blobs at once; the first failure stops the other upload
    // after its chunk in flight (both are awaited before the failure is reported).
    let next = 0;
    let failed: { error: unknown } | null = null;
    const cancelled = () => this.stopped || failed !== null;
    const worker = async () => {
      while (next < todo.length && !cancelled()) {
        const st = todo[next++]!;
        try {
          await this.uploadBlob(st, batch, cancelled);
        } catch (error) {
          failed ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.cfg.parallelUploads, todo.length) }, worker));
    if (failed) throw (failed as { error: unknown }).error;
  }

  private async uploadBlob(st: BlobState, batch: OutboxRow[], cancelled: () => boolean): Promise<void> {
    const row = await this.deps.db.blobs.get(st.sha256);
    if (!row) return;
    const size = row.blob.size;
    for (const [start, end] of missingRanges(st.ranges, size)) {
      let off = start;
      while (off < end) {
        if (cancelled()) return;
        const len = Math.min(this.chunkSize, end - off, MAX_CHUNK);
        const data = new Uint8Array(await row.blob.slice(off, off + len).arrayBuffer());
        const t0 = this.now();
        const r = await this.deps.api['sync:blob-chunk']({ sha256: st.sha256, size, offset: off, data });
        if (!r.ok) {
          // A line that drops: halve the chunk (down to chunkFloor), so less is lost at the next
          // cut and a chunk still fits between two cuts. Healthy lines grow back to 4 MiB.
          this.chunkSize = Math.max(this.cfg.chunkFloor, Math.floor(this.chunkSize / 2));
          if (r.error.code === 'blob_hash_mismatch') {
            // The center discarded the bytes. If our copy is damaged, sending it again cannot help.
            if ((await sha256OfBlob(row.blob)) !== st.sha256) {
              await this.rejectLocally(batch, st.sha256, 'local_blob_corrupt', engineMessages.blobCorrupt(st.sha256));
              return;
            }
          }
          throw new Failure(r.error);
        }
        const dt = Math.max(1, this.now() - t0) / 1000;
        const bps = len / dt;
        this.rate.bytes = this.rate.bytes === null ? bps : this.rate.bytes * 0.7 + bps * 0.3;
        this.set({ online: true }, { bytesSent: this.status.progress.bytesSent + len, bytesPerSecond: this.rate.bytes });
        this.chunkSize = Math.min(this.cfg.chunkMax, this.chunkSize * 2);
        off += len;
        if (r.value.state === 'complete') {
          await this.deps.state.blobsDone.put({ sha256: st.sha256, at: new Date(this.now()).toISOString() });
          return;
        }
      }
    }
  }

  /** Marks the pending records that need `sha` as rejected (a local problem the clerk must see). */
  private async rejectLocally(batch: OutboxRow[], sha: string, code: string, message: string): Promise<void> {
    const db = this.deps.db;
    await db.transaction('rw', db.outbox, async () => {
      for (const r of batch)
        if (r.blobs.includes(sha)) await db.outbox.update(r.deviceSeq, { state: 'rejected', rejection: { code, field: 'blobs', message } });
    });
  }

  private async pullAll(): Promise<void> {
    let cursor = (await this.deps.state.get<string>('cursor')) ?? '';
    for (let i = 0; i < 1000 && !this.stopped; i++) {
      const page = unwrap(await this.deps.api['sync:pull']({ ...(cursor ? { cursor } : {}), limit: this.cfg.pullLimit }));
      if (this.stopped) return;
      if (page.changes.length) {
        // The page, its cursor and the center's view of the cases it touches, in one transaction.
        await this.deps.state.storePulled(page.changes, page.cursor);
        for (const c of page.changes) this.deps.onChange?.(c);
      } else if (page.cursor !== cursor) {
        await this.deps.state.set('cursor', page.cursor);
      }
      cursor = page.cursor;
      if (!page.more) break;
    }
    this.lastPull = this.now();
    this.set({ lastPullAt: new Date(this.now()).toISOString() });
  }
}

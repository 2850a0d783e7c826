/**
 * One sync engine per machine. In browser mode the app may be open in several tabs (and
 * Electron may one day open several windows): whichever page gets the Web Lock
 * `yichuang-sync-owner` runs the engine; the others show its status, relayed over a
 * BroadcastChannel, and pass "sync now" to it. When the owner closes, the lock passes to
 * a waiting page, which starts its own engine.
 *
 * (A dedicated worker would also give one owner, but the Electron preload bridge that
 * reaches main is not available inside workers; the lock gives the same guarantee.)
 */
import type { YichuangDb } from '../db/database';
import { SyncEngine, type EngineDeps, type SyncStatus } from './engine';

export const OWNER_LOCK = 'yichuang-sync-owner';
const CHANNEL = 'yichuang-sync';

type Msg = { type: 'status'; status: SyncStatus } | { type: 'sync-now' } | { type: 'hello' };

export interface SyncHandle {
  /** Is this page the one running the engine? */
  readonly owner: boolean;
  subscribe(fn: (s: SyncStatus | null) => void): () => void;
  syncNow(): void;
  /** Puts a case's rejected records back in line and syncs. */
  retryRejected(caseId: string): Promise<number>;
  stop(): Promise<void>;
}

/** Puts the rejected records of a case back to pending (any page may do it). */
export async function retryRejectedRecords(db: YichuangDb, caseId: string): Promise<number> {
  let n = 0;
  await db.transaction('rw', db.outbox, async () => {
    const rows = await db.outbox.where('caseId').equals(caseId).toArray();
    for (const r of rows)
      if (r.state === 'rejected') {
        await db.outbox.update(r.deviceSeq, { state: 'pending', rejection: undefined });
        n++;
      }
  });
  return n;
}

export function startSyncOwner(deps: EngineDeps): SyncHandle {
  const listeners = new Set<(s: SyncStatus | null) => void>();
  let last: SyncStatus | null = null;
  let engine: SyncEngine | null = null;
  let stopped = false;
  const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(CHANNEL) : null;
  const emit = (s: SyncStatus | null) => {
    last = s;
    for (const fn of listeners) fn(s);
  };

  const handle: SyncHandle = {
    get owner() {
      return engine !== null;
    },
    subscribe(fn) {
      listeners.add(fn);
      fn(last);
      return () => listeners.delete(fn);
    },
    syncNow() {
      if (engine) engine.syncNow();
      else channel?.postMessage({ type: 'sync-now' } satisfies Msg);
    },
    async retryRejected(caseId) {
      const n = await retryRejectedRecords(deps.db, caseId);
      handle.syncNow();
      return n;
    },
    async stop() {
      stopped = true;
      await engine?.stop();
      channel?.close();
    },
  };

  const run = async () => {
    if (stopped) return;
    engine = new SyncEngine(deps);
    engine.subscribe((s) => {
      emit(s);
      channel?.postMessage({ type: 'status', status: s } satisfies Msg);
    });
    await engine.start();
  };

  if (channel)
    channel.onmessage = (ev: MessageEvent<Msg>) => {
      const m = ev.data;
      if (m.type === 'status' && !engine) emit(m.status);
      else if (m.type === 'sync-now') engine?.syncNow();
      else if (m.type === 'hello' && engine) channel.postMessage({ type: 'status', status: engine.snapshot } satisfies Msg);
    };

  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  if (locks) {
    channel?.postMessage({ type: 'hello' } satisfies Msg);
    // Held for as long as the engine runs; released when the page goes away.
    void locks.request(OWNER_LOCK, () => run());
  } else {
    void run();
  }
  return handle;
}

/**
 * Work that waits for the center — queued applicant checks, result-log entries — is done
 * when the sync engine reports a new successful cycle (lastSuccessAt), in the page that
 * owns the engine only, one drain at a time (a kick during a drain runs it once more after).
 */
import type { SyncStatus } from '../../sync/engine';
import type { SyncHandle } from '../../sync/owner';

export interface AfterSyncRunner {
  /** Drains now unless a drain is running (then once more after it). */
  kick(): Promise<void>;
  stop(): void;
}

export function startAfterSyncRunner<R>(handle: Pick<SyncHandle, 'subscribe' | 'owner'>, drain: () => Promise<R>, onDrained?: (r: R) => void): AfterSyncRunner {
  let lastSuccess: string | null | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const kick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          // Not `onDrained?.(await drain())`: an absent callback would skip the drain itself.
          const r = await drain();
          onDrained?.(r);
        } catch {
          // A database hiccup or the center gone again: the work stays queued for the next successful sync.
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const unsubscribe = handle.subscribe((s: SyncStatus | null) => {
    if (!s || !s.lastSuccessAt || s.lastSuccessAt === lastSuccess) return;
    lastSuccess = s.lastSuccessAt;
    if (handle.owner) void kick();
  });

  return {
    kick,
    stop() {
      stopped = true;
      unsubscribe();
    },
  };
}

/**
 * Runs the verification queue when sync succeeds: subscribes to the sync engine's status
 * and, each time it reports a new successful cycle (lastSuccessAt), asks the pending
 * questions — in the page that owns the engine only, one drain at a time. Started once
 * per page by the first screen that needs it (useVerificationQueue), for the page's life.
 */
import { useEffect } from 'react';
import type { AppServices } from '../../app/services';
import { useServices } from '../../app/services';
import { VerificationsRepository } from '../../db/verificationsRepository';
import type { SyncStatus } from '../../sync/engine';
import type { SyncHandle } from '../../sync/owner';
import { syncHandle } from '../sync/runtime';
import { drainVerifications, type DrainResult, type VerificationApi } from './queue';

export interface QueueRunner {
  /** Drains now unless a drain is running (then once more after it). */
  kick(): Promise<void>;
  stop(): void;
}

/** Drains when `handle` reports a new successful sync, while this page owns the engine. */
export function startQueueRunner(handle: Pick<SyncHandle, 'subscribe' | 'owner'>, repo: VerificationsRepository, api: VerificationApi, onDrained?: (r: DrainResult) => void): QueueRunner {
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
          const r = await drainVerifications(repo, api);
          onDrained?.(r);
        } catch {
          // A database hiccup: the rows stay pending for the next successful sync.
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

let runner: QueueRunner | null = null;

export function verificationQueue(services: AppServices): QueueRunner {
  runner ??= startQueueRunner(syncHandle(services), new VerificationsRepository(services.db), services.clerk);
  return runner;
}

/** Makes sure the page drains the verification queue on sync (idempotent). */
export function useVerificationQueue(): void {
  const services = useServices();
  useEffect(() => {
    verificationQueue(services);
  }, [services]);
}

/**
 * Runs the verification queue when sync succeeds (features/sync/afterSync.ts): each time
 * the engine reports a new successful cycle, asks the pending questions. Started once
 * per page by the first screen that needs it (useVerificationQueue), for the page's life.
 */
import { useEffect } from 'react';
import type { AppServices } from '../../app/services';
import { useServices } from '../../app/services';
import { VerificationsRepository } from '../../db/verificationsRepository';
import type { SyncHandle } from '../../sync/owner';
import { startAfterSyncRunner, type AfterSyncRunner } from '../sync/afterSync';
import { syncHandle } from '../sync/runtime';
import { drainVerifications, type DrainResult, type VerificationApi } from './queue';

export type QueueRunner = AfterSyncRunner;

/** Drains when `handle` reports a new successful sync, while this page owns the engine. */
export function startQueueRunner(handle: Pick<SyncHandle, 'subscribe' | 'owner'>, repo: VerificationsRepository, api: VerificationApi, onDrained?: (r: DrainResult) => void): QueueRunner {
  return startAfterSyncRunner(handle, () => drainVerifications(repo, api), onDrained);
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

/**
 * Sends this window's result log (results it collects for cases accepted elsewhere) to the
 * center after each successful sync (features/sync/afterSync.ts): up to
 * RESULT_LOG_MAX_ENTRIES pending rows a round, oldest first, each stamped once with this
 * device and window (so a resend is the same entry), validated against the shared schema,
 * signed by main. Every row gets the center's answer: sent, or rejected with its reason
 * (kept and shown on the result, never dropped); retry-later and a failed call leave it
 * pending for the next round.
 */
import { useEffect } from 'react';
import type { ClerkClient } from '../../../src-shared/protocol/clerk-api';
import { RESULT_LOG_MAX_ENTRIES, ResultLogEntry } from '../../../src-shared/protocol/result-log';
import type { AppServices } from '../../app/services';
import { useServices } from '../../app/services';
import type { ResultLogRepository, ResultLogRow } from '../../db/resultLogRepository';
import { engineMessages } from '../../sync/messages';
import { startAfterSyncRunner, type AfterSyncRunner } from '../sync/afterSync';
import { syncHandle } from '../sync/runtime';

export interface ResultLogDrain {
  sent: number;
  rejected: number;
  left: number;
}

export function entryOf(r: ResultLogRow): ResultLogEntry | { error: { field: string; message: string } } {
  const parsed = ResultLogEntry.safeParse({ id: r.id, deviceId: r.deviceId, windowId: r.windowId, resultId: r.resultId, caseId: r.caseId, type: r.type, at: r.at, actor: r.actor, data: r.data });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'entry';
  return { error: { field, message: engineMessages.invalidResultLog(field, issue?.message ?? '') } };
}

export async function drainResultLog(repo: ResultLogRepository, clerk: Pick<ClerkClient, 'device:status' | 'sync:result-log'>): Promise<ResultLogDrain> {
  const out: ResultLogDrain = { sent: 0, rejected: 0, left: 0 };
  let rows = await repo.pending(RESULT_LOG_MAX_ENTRIES);
  if (!rows.length) return out;
  const device = await clerk['device:status']({});
  if (!device.enrolled || !device.deviceId || !device.windowId) return { ...out, left: rows.length };
  rows = await repo.stamp(
    rows.map((r) => r.id),
    { deviceId: device.deviceId, windowId: device.windowId },
  );
  const entries: ResultLogEntry[] = [];
  for (const r of rows) {
    const e = entryOf(r);
    if ('error' in e) {
      // A damaged row would fail the whole call: set it aside with its reason, send the rest.
      await repo.markRejected(r.id, { code: 'invalid_entry', ...e.error });
      out.rejected++;
    } else entries.push(e);
  }
  if (!entries.length) return out;
  const res = await clerk['sync:result-log']({ entries });
  if (!res.ok) {
    for (const e of entries) await repo.markAttempt(e.id);
    return { ...out, left: entries.length };
  }
  for (const a of res.value.results) {
    if (a.status === 'accepted' || a.status === 'duplicate') {
      await repo.markSent(a.id, a.receivedAt);
      out.sent++;
    } else if (a.status === 'rejected') {
      await repo.markRejected(a.id, { code: a.code, ...(a.field ? { field: a.field } : {}), message: a.message });
      out.rejected++;
    } else {
      await repo.markAttempt(a.id);
      out.left++;
    }
  }
  return out;
}

let runner: AfterSyncRunner | null = null;

export function resultLogRunner(services: AppServices): AfterSyncRunner {
  runner ??= startAfterSyncRunner(syncHandle(services), async () => {
    // Rounds until nothing is left that the center would take now.
    let total: ResultLogDrain = { sent: 0, rejected: 0, left: 0 };
    for (;;) {
      const r = await drainResultLog(services.resultLog, services.clerk);
      total = { sent: total.sent + r.sent, rejected: total.rejected + r.rejected, left: r.left };
      if (r.left > 0 || r.sent + r.rejected === 0) return total;
    }
  });
  return runner;
}

/** Makes sure the page sends the result log on sync (idempotent). */
export function useResultLogSync(): void {
  const services = useServices();
  useEffect(() => {
    resultLogRunner(services);
  }, [services]);
}

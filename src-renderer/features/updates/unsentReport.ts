/**
 * What the renderer tells main's update gate (clerk-api updates:report-unsent): the outbox
 * records still unsent — pending and rejected (a rejected record is unsent work the clerk
 * must fix) — plus result-log entries not yet sent, and the oldest one's creation time.
 * Drafts are not counted; nor are result-log entries the center refused (a result already
 * handed over elsewhere: shown on the result, nothing the clerk can resend).
 */
import type { UnsentReport } from '../../../src-shared/protocol/clerk-updates';
import type { YichuangDb } from '../../db/database';

/** A consistent report: oldestAt is set exactly when something is unsent (a bad date counts as now). */
export function unsentReport(counts: { pending: number; rejected: number }, oldestCreatedAt: string | null, now: Date = new Date()): UnsentReport {
  const total = counts.pending + counts.rejected;
  if (total === 0) return { pending: 0, rejected: 0, oldestAt: null };
  const t = oldestCreatedAt ? Date.parse(oldestCreatedAt) : NaN;
  return { pending: counts.pending, rejected: counts.rejected, oldestAt: new Date(Number.isFinite(t) ? t : now.getTime()).toISOString() };
}

/** Reads the outbox in one transaction. */
export async function readUnsent(db: YichuangDb): Promise<UnsentReport> {
  return db.transaction('r', [db.outbox, db.resultLog], async () => {
    const [pending, rejected, first, logPending] = await Promise.all([
      db.outbox.where('state').equals('pending').count(),
      db.outbox.where('state').equals('rejected').count(),
      db.outbox.orderBy('deviceSeq').first(),
      db.resultLog.where('state').equals('pending').toArray(),
    ]);
    const oldest = [first?.createdAt, ...logPending.map((r) => r.createdAt)].filter((x): x is string => !!x).sort()[0] ?? null;
    return unsentReport({ pending: pending + logPending.length, rejected }, oldest);
  });
}

/**
 * What the renderer tells main's update gate (clerk-api updates:report-unsent): the outbox
 * records still unsent — pending and rejected (a rejected record is unsent work the clerk
 * must fix) — and the oldest one's creation time. Drafts are not counted.
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
  return db.transaction('r', db.outbox, async () => {
    const [pending, rejected, first] = await Promise.all([
      db.outbox.where('state').equals('pending').count(),
      db.outbox.where('state').equals('rejected').count(),
      db.outbox.orderBy('deviceSeq').first(),
    ]);
    return unsentReport({ pending, rejected }, first?.createdAt ?? null);
  });
}

/**
 * The outbox: records waiting for the center, in device order. Records leave it only
 * when the center has answered them (accepted or duplicate); a rejected record stays,
 * marked, until the clerk fixes its case — nothing is dropped automatically.
 */
import type { YichuangDb } from './database';
import type { OutboxRow } from './casesSchema';

export class OutboxRepository {
  constructor(private readonly db: YichuangDb) {}

  /** Every record still to send or to fix, oldest first. */
  async all(): Promise<OutboxRow[]> {
    return this.db.outbox.orderBy('deviceSeq').toArray();
  }

  async pending(limit = 100): Promise<OutboxRow[]> {
    return this.db.outbox.where('state').equals('pending').limit(limit).sortBy('deviceSeq');
  }

  async count(): Promise<{ pending: number; rejected: number }> {
    const [pending, rejected] = await Promise.all([
      this.db.outbox.where('state').equals('pending').count(),
      this.db.outbox.where('state').equals('rejected').count(),
    ]);
    return { pending, rejected };
  }

  /** The oldest unsent record's creation time, for the "unsent work is old" warning. */
  async oldestCreatedAt(): Promise<string | null> {
    const first = await this.db.outbox.orderBy('deviceSeq').first();
    return first?.createdAt ?? null;
  }

  async forCase(caseId: string): Promise<OutboxRow[]> {
    return (await this.db.outbox.where('caseId').equals(caseId).toArray()).sort((a, b) => a.deviceSeq - b.deviceSeq);
  }
}

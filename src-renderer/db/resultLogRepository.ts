/**
 * The result log (schema version 4) of results this window collects for cases it did not
 * accept (rule 14, "sent to it for collection"): the case and its hash-chained log live at
 * the accepting window, so the download, every print and the hand-over are kept here, one
 * row each, and go to the center as signed result-log entries (protocol/result-log.ts,
 * features/results/resultLogSync.ts). A row is `pending` until the center answers, then
 * `sent` or `rejected` (kept with the center's reason; never dropped). The downloaded PDF is
 * kept in `blobs` like any document, referred to by no case.
 *
 * Takes a Dexie instance rather than YichuangDb so that database.ts can import the row
 * type from here without an import cycle.
 */
import type Dexie from 'dexie';
import type { Table } from 'dexie';
import type { ResultLogEntry, ResultLogType } from '../../src-shared/protocol/result-log';
import type { BlobRow } from './casesSchema';

export type ResultLogState = 'pending' | 'sent' | 'rejected';

export interface ResultLogRow {
  /** The entry id (the center's idempotency key). */
  id: string;
  resultId: string;
  caseId: string;
  type: ResultLogType;
  at: string;
  actor: string;
  data: ResultLogEntry['data'];
  state: ResultLogState;
  /** Its place in the result's log (0, 1, 2…): the order things were recorded, whatever the clocks said. */
  n: number;
  /** Stamped at the first send and kept, so a resend is the same entry. */
  deviceId?: string;
  windowId?: string;
  receivedAt?: string;
  rejection?: { code: string; field?: string; message: string };
  attempts: number;
  createdAt: string;
}

/** The downloaded file (the same shape as CasesRepository's BlobInput). */
export interface ResultLogBlob {
  sha256: string;
  blob: Blob;
  mediaType: string;
  name: string;
}

export type NewResultLogRow = Pick<ResultLogRow, 'resultId' | 'caseId' | 'type' | 'at' | 'actor' | 'data'>;

export class ResultLogRepository {
  private readonly table: Table<ResultLogRow, string>;
  private readonly blobs: Table<BlobRow, string>;

  constructor(private readonly db: Dexie) {
    this.table = db.table<ResultLogRow, string>('resultLog');
    this.blobs = db.table<BlobRow, string>('blobs');
  }

  /** The rows of one result, in the order they were recorded. */
  async of(resultId: string): Promise<ResultLogRow[]> {
    const rows = await this.table.where('resultId').equals(resultId).toArray();
    return rows.sort((a, b) => a.n - b.n);
  }

  /**
   * Records one fact; with `blob` (the downloaded PDF) the row and the bytes are written in
   * one transaction, so a row never names a file that is not here.
   */
  async add(row: NewResultLogRow, blob?: ResultLogBlob): Promise<ResultLogRow> {
    const now = new Date().toISOString();
    return this.db.transaction('rw', [this.table, this.blobs], async () => {
      const full: ResultLogRow = { ...row, id: crypto.randomUUID(), state: 'pending', n: await this.table.where('resultId').equals(row.resultId).count(), attempts: 0, createdAt: now };
      if (blob && !(await this.blobs.get(blob.sha256))) await this.blobs.add({ ...blob, size: blob.blob.size, caseIds: [], createdAt: now });
      await this.table.add(full);
      return full;
    });
  }

  /** Rows waiting for the center, oldest first. */
  async pending(limit: number): Promise<ResultLogRow[]> {
    const rows = await this.table.where('state').equals('pending').toArray();
    return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).slice(0, limit);
  }

  /** Stamps the device and window on rows sent for the first time (kept for every resend). */
  async stamp(ids: readonly string[], device: { deviceId: string; windowId: string }): Promise<ResultLogRow[]> {
    return this.db.transaction('rw', this.table, async () => {
      const rows = (await this.table.bulkGet([...ids])).filter((r): r is ResultLogRow => !!r);
      const out = rows.map((r) => (r.deviceId && r.windowId ? r : { ...r, deviceId: device.deviceId, windowId: device.windowId }));
      await this.table.bulkPut(out);
      return out;
    });
  }

  async markSent(id: string, receivedAt: string): Promise<void> {
    await this.table.update(id, { state: 'sent', receivedAt });
  }

  async markRejected(id: string, rejection: { code: string; field?: string; message: string }): Promise<void> {
    await this.table.update(id, { state: 'rejected', rejection });
  }

  async markAttempt(id: string): Promise<void> {
    await this.table
      .where('id')
      .equals(id)
      .modify((r) => {
        r.attempts += 1;
      });
  }
}

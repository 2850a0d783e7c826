/**
 * The sync engine's own small database (IndexedDB `yichuang-sync`), beside the window's
 * database: the center's receipts for records that left the outbox, the blobs the center
 * confirmed complete, the changes pulled, and the engine's state (pull cursor, last
 * success). Nothing here is needed to recover a case; losing it only costs a re-check.
 */
import Dexie, { type DexieOptions, type EntityTable } from 'dexie';
import type { Change, Receipt } from '../../src-shared/protocol/sync';

export const SYNC_DB_NAME = 'yichuang-sync';

export interface ReceiptRow {
  recordId: string;
  caseId: string;
  deviceSeq: number;
  status: 'accepted' | 'duplicate';
  receipt: Receipt;
  /** When the window learnt it (ISO). */
  at: string;
}

export interface ChangeRow {
  n?: number;
  position: string;
  kind: Change['kind'];
  caseId?: string;
  change: Change;
}

export interface BlobDoneRow {
  sha256: string;
  at: string;
}

export interface StateRow {
  key: string;
  value: unknown;
}

export class SyncStateDb extends Dexie {
  receipts!: EntityTable<ReceiptRow, 'recordId'>;
  changes!: EntityTable<ChangeRow, 'n'>;
  blobsDone!: EntityTable<BlobDoneRow, 'sha256'>;
  state!: EntityTable<StateRow, 'key'>;

  constructor(name: string = SYNC_DB_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      receipts: 'recordId, caseId, deviceSeq',
      changes: '++n, &position, kind, caseId',
      blobsDone: 'sha256',
      state: 'key',
    });
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.state.get(key))?.value as T | undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.state.put({ key, value });
  }
}

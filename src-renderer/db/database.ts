/**
 * The window's local database (IndexedDB through Dexie). One class, versioned by
 * ./versions; repositories in this folder are the only code that touches its tables.
 */
import Dexie, { type DexieOptions, type EntityTable, type Table } from 'dexie';
import type { ServiceWindow } from '../../src-shared/domain/catalog';
import type { CachedCatalogItem } from './catalogSearch';
import { SCHEMA_VERSIONS, type SchemaVersion } from './versions';
import type { ApplicantRow, BlobRow, CaseRow, DraftBlobRow, DraftRow, EventRow, OutboxRow } from './casesSchema';
import type { VerificationRow } from './verificationsRepository';
import type { ResultLogRow } from './resultLogRepository';

export const DB_NAME = 'yichuang';

export interface MetaRow {
  key: string;
  value: unknown;
}

export class YichuangDb extends Dexie {
  catalog!: EntityTable<CachedCatalogItem, 'implementationCode'>;
  meta!: EntityTable<MetaRow, 'key'>;
  windows!: EntityTable<ServiceWindow, 'id'>;
  cases!: EntityTable<CaseRow, 'id'>;
  events!: Table<EventRow, [string, number]>;
  outbox!: EntityTable<OutboxRow, 'deviceSeq'>;
  blobs!: EntityTable<BlobRow, 'sha256'>;
  drafts!: EntityTable<DraftRow, 'id'>;
  draftBlobs!: EntityTable<DraftBlobRow, 'key'>;
  applicants!: EntityTable<ApplicantRow, 'key'>;
  verifications!: EntityTable<VerificationRow, 'caseId'>;
  resultLog!: EntityTable<ResultLogRow, 'id'>;

  /**
   * @param name database name (tests use a fresh name per case)
   * @param options Dexie options, e.g. { indexedDB, IDBKeyRange } from fake-indexeddb
   * @param versions the schema history to declare; tests of migrations pass a prefix
   */
  constructor(name: string = DB_NAME, options?: DexieOptions, versions: readonly SchemaVersion[] = SCHEMA_VERSIONS) {
    super(name, options);
    for (const v of versions) {
      const dv = this.version(v.version).stores(v.stores);
      if (v.upgrade) dv.upgrade(v.upgrade);
    }
  }
}

export function openDb(name: string = DB_NAME, options?: DexieOptions): YichuangDb {
  return new YichuangDb(name, options);
}

/**
 * The window's local database (IndexedDB through Dexie). One class, versioned by
 * ./versions; repositories in this folder are the only code that touches its tables.
 */
import Dexie, { type DexieOptions, type EntityTable } from 'dexie';
import type { ServiceWindow } from '../../src-shared/domain/catalog';
import type { CachedCatalogItem } from './catalogSearch';
import { SCHEMA_VERSIONS, type SchemaVersion } from './versions';

export const DB_NAME = 'yichuang';

export interface MetaRow {
  key: string;
  value: unknown;
}

export class YichuangDb extends Dexie {
  catalog!: EntityTable<CachedCatalogItem, 'implementationCode'>;
  meta!: EntityTable<MetaRow, 'key'>;
  windows!: EntityTable<ServiceWindow, 'id'>;

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

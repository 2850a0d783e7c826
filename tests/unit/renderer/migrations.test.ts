import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogRepository } from '../../../src-renderer/db/catalogRepository';
import { YichuangDb } from '../../../src-renderer/db/database';
import { LATEST_SCHEMA_VERSION, SCHEMA_VERSIONS, type SchemaVersion } from '../../../src-renderer/db/versions';
import { ITEMS } from './fixtures';

const names: string[] = [];
afterEach(async () => {
  for (const n of names.splice(0)) await new YichuangDb(n).delete();
});

describe('schema versions', () => {
  it('declares versions in increasing order, ending at the latest', () => {
    const v = SCHEMA_VERSIONS.map((s) => s.version);
    expect(v).toEqual([...v].sort((a, b) => a - b));
    expect(new Set(v).size).toBe(v.length);
    expect(v.at(-1)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('opens at version 1 with the catalog, meta and windows stores and their indexes', async () => {
    const name = `test-mig-v1-${Date.now()}`;
    names.push(name);
    const db = new YichuangDb(name);
    await db.open();
    expect(db.verno).toBe(1);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['catalog', 'meta', 'windows']);
    expect(db.catalog.schema.primKey.keyPath).toBe('implementationCode');
    expect(db.catalog.schema.indexes.map((i) => i.name).sort()).toEqual(['department.code', 'itemCode', 'name', 'regionCode', 'searchKeys']);
    expect(db.catalog.schema.idxByName.searchKeys!.multi).toBe(true);
    db.close();
  });

  it('lets a later version add stores and migrate data, keeping version-1 data', async () => {
    const name = `test-mig-up-${Date.now()}`;
    names.push(name);
    const v1 = new YichuangDb(name);
    await new CatalogRepository(v1).replaceAll(ITEMS, { version: 4, region: '130102', fetchedAt: 'a', generatedAt: 'b' });
    v1.close();

    // What a later issue does: append a version with new stores and an upgrade.
    const v2: SchemaVersion = {
      version: 2,
      stores: { cases: 'caseNumber, createdAt', outbox: '++seq' },
      upgrade: async (tx) => {
        await tx.table('meta').put({ key: 'migratedFrom', value: 1 });
      },
    };
    const db = new YichuangDb(name, undefined, [...SCHEMA_VERSIONS, v2]);
    await db.open();
    expect(db.verno).toBe(2);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['cases', 'catalog', 'meta', 'outbox', 'windows']);
    expect((await db.meta.get('migratedFrom'))?.value).toBe(1);
    expect(await new CatalogRepository(db).state()).toMatchObject({ version: 4, count: ITEMS.length });
    db.close();
  });
});

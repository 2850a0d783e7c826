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
    const db = new YichuangDb(name, undefined, SCHEMA_VERSIONS.slice(0, 1));
    await db.open();
    expect(db.verno).toBe(1);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['catalog', 'meta', 'windows']);
    expect(db.catalog.schema.primKey.keyPath).toBe('implementationCode');
    expect(db.catalog.schema.indexes.map((i) => i.name).sort()).toEqual(['department.code', 'itemCode', 'name', 'regionCode', 'searchKeys']);
    expect(db.catalog.schema.idxByName.searchKeys!.multi).toBe(true);
    db.close();
  });

  it('upgrades a version-1 database to the latest, keeping its data and adding the intake stores', async () => {
    const name = `test-mig-up-${Date.now()}`;
    names.push(name);
    const v1 = new YichuangDb(name, undefined, SCHEMA_VERSIONS.slice(0, 1));
    await new CatalogRepository(v1).replaceAll(ITEMS, { version: 4, region: '130102', fetchedAt: 'a', generatedAt: 'b' });
    await v1.meta.put({ key: 'windowsFetchedAt', value: 'then' });
    v1.close();

    const db = new YichuangDb(name);
    await db.open();
    expect(db.verno).toBe(LATEST_SCHEMA_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual(
      ['applicants', 'blobs', 'cases', 'catalog', 'draftBlobs', 'drafts', 'events', 'meta', 'outbox', 'resultLog', 'verifications', 'windows'],
    );
    expect(await new CatalogRepository(db).state()).toMatchObject({ version: 4, count: ITEMS.length });
    expect((await db.meta.get('windowsFetchedAt'))?.value).toBe('then');
    expect(db.cases.schema.idxByName.caseNumber!.unique).toBe(true);
    expect(db.cases.schema.idxByName.searchKeys!.multi).toBe(true);
    expect(db.outbox.schema.primKey.keyPath).toBe('deviceSeq');
    expect(db.events.schema.primKey.keyPath).toEqual(['caseId', 'seq']);
    db.close();
  });

  it('lets a later version add stores and migrate data, keeping earlier data', async () => {
    const name = `test-mig-next-${Date.now()}`;
    names.push(name);
    const cur = new YichuangDb(name);
    await new CatalogRepository(cur).replaceAll(ITEMS, { version: 4, region: '130102', fetchedAt: 'a', generatedAt: 'b' });
    cur.close();
    const next: SchemaVersion = {
      version: LATEST_SCHEMA_VERSION + 1,
      stores: { printLog: '++id' },
      upgrade: async (tx) => {
        await tx.table('meta').put({ key: 'migratedFrom', value: LATEST_SCHEMA_VERSION });
      },
    };
    const db = new YichuangDb(name, undefined, [...SCHEMA_VERSIONS, next]);
    await db.open();
    expect(db.verno).toBe(LATEST_SCHEMA_VERSION + 1);
    expect((await db.meta.get('migratedFrom'))?.value).toBe(LATEST_SCHEMA_VERSION);
    expect(await new CatalogRepository(db).state()).toMatchObject({ version: 4, count: ITEMS.length });
    db.close();
  });
});

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogRepository } from '../../../src-renderer/db/catalogRepository';
import { fromCached } from '../../../src-renderer/db/catalogSearch';
import { YichuangDb } from '../../../src-renderer/db/database';
import { getMeta } from '../../../src-renderer/db/meta';
import { WindowsRepository } from '../../../src-renderer/db/windowsRepository';
import { ITEMS, WINDOWS, makeItem } from './fixtures';

let n = 0;
const opened: YichuangDb[] = [];
function freshDb(): YichuangDb {
  const db = new YichuangDb(`test-catalog-${++n}-${Date.now()}`);
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

const info = (version: number) => ({
  version,
  region: '130102',
  fetchedAt: '2025-03-01T08:00:00.000Z',
  generatedAt: '2025-03-01T07:59:00.000Z',
});

describe('CatalogRepository', () => {
  it('starts empty with no version', async () => {
    const repo = new CatalogRepository(freshDb());
    expect(await repo.state()).toEqual({ version: null, region: null, fetchedAt: null, generatedAt: null, count: 0 });
    expect(await repo.all()).toEqual([]);
  });

  it('replaces the whole cache with its version, and items come back as the center sent them', async () => {
    const db = freshDb();
    const repo = new CatalogRepository(db);
    await repo.replaceAll(ITEMS, info(3));
    expect(await repo.state()).toEqual({ ...info(3), count: ITEMS.length });
    const got = await repo.get('11130102SCJG0001');
    expect(got && fromCached(got)).toEqual(ITEMS[0]);

    const smaller = [makeItem({ implementationCode: 'NEW0001', name: '新的事项' })];
    await repo.replaceAll(smaller, info(4));
    expect((await repo.all()).map((i) => i.implementationCode)).toEqual(['NEW0001']);
    expect((await repo.state()).version).toBe(4);
  });

  it('keeps the old catalog and version when a replacement fails midway', async () => {
    const db = freshDb();
    const repo = new CatalogRepository(db);
    await repo.replaceAll(ITEMS, info(3));
    // A row IndexedDB cannot store (a function is not cloneable) fails inside the
    // transaction, after the clear(): the clear must be rolled back with it.
    const bad = [...ITEMS.slice(0, 2), { ...ITEMS[2]!, legalBasis: (() => 'x') as unknown as string }];
    await expect(repo.replaceAll(bad, info(9))).rejects.toThrow(/clone/i);
    const state = await repo.state();
    expect(state.version).toBe(3);
    expect(state.count).toBe(ITEMS.length);
  });

  it('records a confirmation time without touching the items', async () => {
    const db = freshDb();
    const repo = new CatalogRepository(db);
    await repo.replaceAll(ITEMS, info(3));
    await repo.markFetched('2025-03-02T09:00:00.000Z');
    const s = await repo.state();
    expect(s.fetchedAt).toBe('2025-03-02T09:00:00.000Z');
    expect(s.version).toBe(3);
    expect(s.count).toBe(ITEMS.length);
    expect(await getMeta(db, 'catalogGeneratedAt')).toBe(info(3).generatedAt);
  });

  it('lists items in pinyin order of the name', async () => {
    const repo = new CatalogRepository(freshDb());
    await repo.replaceAll(
      [
        makeItem({ implementationCode: 'A3', name: '中药饮片备案' }),
        makeItem({ implementationCode: 'A1', name: '安全生产许可' }),
        makeItem({ implementationCode: 'A2', name: '办学许可' }),
      ],
      info(1),
    );
    expect((await repo.all()).map((i) => i.name)).toEqual(['安全生产许可', '办学许可', '中药饮片备案']);
  });

  it('finds items through the multi-entry index by initials (any reading) and code prefix', async () => {
    const repo = new CatalogRepository(freshDb());
    await repo.replaceAll(ITEMS, info(1));
    const codes = async (p: string) => (await repo.byKeyPrefix(p)).map((i) => i.name).sort();
    expect(await codes('spjy')).toEqual(['食品经营许可']);
    expect(await codes('SPJY')).toEqual(['食品经营许可']);
    expect(await codes('cddw')).toEqual(['重大动物疫情报告']); // 重 read chóng
    expect(await codes('zddw')).toEqual(['重大动物疫情报告']);
    expect(await codes('11130102gaj')).toEqual(['居民身份证重新申领']);
    expect(await codes('rmyh')).toEqual(['银行账户开户许可']);
    expect(await codes('')).toEqual([]);
    expect(await codes('jyxk')).toEqual([]); // the index holds prefixes only; search() finds substrings
  });

  it('finds items by department code', async () => {
    const repo = new CatalogRepository(freshDb());
    await repo.replaceAll(ITEMS, info(1));
    expect((await repo.byDepartment('SFJ130102')).map((i) => i.name)).toEqual(['行政复议申请']);
  });

  it('searches the cache with ranking and a limit', async () => {
    const repo = new CatalogRepository(freshDb());
    await repo.replaceAll(ITEMS, info(1));
    expect((await repo.search('jyxk')).map((h) => h.item.name)).toEqual(['食品经营许可']);
    expect(await repo.search('许可', 2)).toHaveLength(2);
  });

  it('survives closing and reopening the database', async () => {
    const name = `test-catalog-reopen-${Date.now()}`;
    const db1 = new YichuangDb(name);
    await new CatalogRepository(db1).replaceAll(ITEMS, info(7));
    db1.close();
    const db2 = new YichuangDb(name);
    opened.push(db2);
    const s = await new CatalogRepository(db2).state();
    expect(s.version).toBe(7);
    expect(s.count).toBe(ITEMS.length);
  });
});

describe('WindowsRepository', () => {
  it('replaces the windows list and names the window and its clerk', async () => {
    const db = freshDb();
    const repo = new WindowsRepository(db);
    await repo.replaceAll(WINDOWS, '2025-03-01T08:00:00.000Z');
    expect((await repo.get('W-130102-01'))?.name).toBe('长安区政务服务中心 综合受理 1 号窗口');
    expect(await repo.clerkName('W-130102-01', 'C-002')).toBe('李四');
    expect(await repo.clerkName('W-130102-01', 'C-100')).toBeUndefined();
    await repo.replaceAll([WINDOWS[1]!], '2025-03-02T08:00:00.000Z');
    expect(await repo.get('W-130102-01')).toBeUndefined();
    expect(await getMeta(db, 'windowsFetchedAt')).toBe('2025-03-02T08:00:00.000Z');
  });
});

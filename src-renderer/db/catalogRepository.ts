/**
 * The cached catalog: replaced whole when the center has a newer version, read and
 * searched by the intake screen. Search fields are computed here, before the write
 * transaction, so the transaction holds no CPU-bound work.
 */
import type { CatalogItem } from '../../src-shared/domain/catalog';
import { searchCatalog, toCached, type CachedCatalogItem, type SearchHit } from './catalogSearch';
import type { YichuangDb } from './database';
import { getMeta, setMeta } from './meta';

export interface CatalogCacheState {
  /** Null until a catalog was ever cached. */
  version: number | null;
  region: string | null;
  fetchedAt: string | null;
  generatedAt: string | null;
  count: number;
}

export interface CatalogVersionInfo {
  version: number;
  region: string | null;
  fetchedAt: string;
  generatedAt: string;
}

const collator = new Intl.Collator('zh-CN');

/** Pinyin indexing costs ~0.3 ms an item: work in slices so the page stays responsive. */
async function toCachedInSlices(items: readonly CatalogItem[], slice = 200): Promise<CachedCatalogItem[]> {
  const out: CachedCatalogItem[] = [];
  for (let i = 0; i < items.length; i += slice) {
    if (i > 0) await new Promise<void>((r) => setTimeout(r, 0));
    for (const it of items.slice(i, i + slice)) out.push(toCached(it));
  }
  return out;
}

export class CatalogRepository {
  constructor(private readonly db: YichuangDb) {}

  /** Replace the whole cache and its version in one transaction: all or nothing. */
  async replaceAll(items: readonly CatalogItem[], info: CatalogVersionInfo): Promise<void> {
    const rows = await toCachedInSlices(items);
    const db = this.db;
    await db.transaction('rw', db.catalog, db.meta, async () => {
      await db.catalog.clear();
      await db.catalog.bulkPut(rows);
      await setMeta(db, 'catalogVersion', info.version);
      await setMeta(db, 'catalogRegion', info.region);
      await setMeta(db, 'catalogFetchedAt', info.fetchedAt);
      await setMeta(db, 'catalogGeneratedAt', info.generatedAt);
    });
  }

  /** The center said the cached version is current: record when. */
  async markFetched(fetchedAt: string): Promise<void> {
    await setMeta(this.db, 'catalogFetchedAt', fetchedAt);
  }

  async state(): Promise<CatalogCacheState> {
    const db = this.db;
    return db.transaction('r', db.catalog, db.meta, async () => ({
      version: (await getMeta(db, 'catalogVersion')) ?? null,
      region: (await getMeta(db, 'catalogRegion')) ?? null,
      fetchedAt: (await getMeta(db, 'catalogFetchedAt')) ?? null,
      generatedAt: (await getMeta(db, 'catalogGeneratedAt')) ?? null,
      count: await db.catalog.count(),
    }));
  }

  async get(implementationCode: string): Promise<CachedCatalogItem | undefined> {
    return this.db.catalog.get(implementationCode);
  }

  /** Every cached item, in Chinese (pinyin) collation order of the name. */
  async all(): Promise<CachedCatalogItem[]> {
    const rows = await this.db.catalog.toArray();
    return rows.sort((a, b) => collator.compare(a.name, b.name));
  }

  async byDepartment(departmentCode: string): Promise<CachedCatalogItem[]> {
    return this.db.catalog.where('department.code').equals(departmentCode).toArray();
  }

  /**
   * Index lookup: items whose implementation code, item code, or name initials (under
   * any reading) start with `prefix` (case-insensitive).
   */
  async byKeyPrefix(prefix: string): Promise<CachedCatalogItem[]> {
    const p = prefix.trim().toLowerCase();
    if (!p) return [];
    return this.db.catalog.where('searchKeys').startsWith(p).distinct().toArray();
  }

  /** Ranked search over the cache; see searchCatalog for what a query matches. */
  async search(query: string, limit = Infinity): Promise<SearchHit<CachedCatalogItem>[]> {
    const hits = searchCatalog(await this.all(), query);
    return Number.isFinite(limit) ? hits.slice(0, limit) : hits;
  }
}

/**
 * Where the window keeps what proxy work needs offline: the authorisation list of its
 * window and, per target region, that region's catalog entries (only the authorised
 * items, or the whole region when the list could not be had). Kept in the sync engine's
 * own key-value table (IndexedDB yichuang-sync, src-renderer/sync/syncDb.ts): losing it
 * costs a refetch, never a case. Everything read back is validated again.
 */
import { z } from 'zod';
import { CatalogItem, Region } from '../../../src-shared/domain/catalog';
import { DeviceProxyAuthorisations } from '../../../src-shared/protocol/proxy';
import type { CachedAuthorisations } from './proxyModel';

/** The small key-value store the cache lives in (SyncStateDb has this shape). */
export interface KeyValue {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

const Authorisations = z.object({ data: DeviceProxyAuthorisations, fetchedAt: z.string() });

export const CachedRegionCatalog = z.object({
  regionCode: z.string(),
  version: z.number().int(),
  fetchedAt: z.string(),
  /** The item codes the entries were limited to; null = the region's whole catalog. */
  codes: z.array(z.string()).nullable(),
  items: z.array(CatalogItem),
});
export type CachedRegionCatalog = z.infer<typeof CachedRegionCatalog>;

const Regions = z.object({ fetchedAt: z.string(), regions: z.array(Region) });
export type CachedRegions = z.infer<typeof Regions>;

const KEY = {
  auth: (windowId: string) => `proxy:authorisations:${windowId}`,
  catalog: (windowId: string, region: string) => `proxy:catalog:${windowId}:${region}`,
  regions: 'proxy:regions',
};

async function read<S extends z.ZodType>(kv: KeyValue, key: string, schema: S): Promise<z.output<S> | null> {
  const raw = await kv.get<unknown>(key);
  if (raw === undefined || raw === null) return null;
  const r = schema.safeParse(raw);
  return r.success ? r.data : null;
}

export class ProxyCache {
  constructor(private readonly kv: KeyValue) {}

  authorisations(windowId: string): Promise<CachedAuthorisations | null> {
    return read(this.kv, KEY.auth(windowId), Authorisations);
  }

  putAuthorisations(c: CachedAuthorisations): Promise<void> {
    return this.kv.set(KEY.auth(c.data.windowId), c);
  }

  catalog(windowId: string, regionCode: string): Promise<CachedRegionCatalog | null> {
    return read(this.kv, KEY.catalog(windowId, regionCode), CachedRegionCatalog);
  }

  putCatalog(windowId: string, c: CachedRegionCatalog): Promise<void> {
    return this.kv.set(KEY.catalog(windowId, c.regionCode), c);
  }

  regions(): Promise<CachedRegions | null> {
    return read(this.kv, KEY.regions, Regions);
  }

  putRegions(c: CachedRegions): Promise<void> {
    return this.kv.set(KEY.regions, c);
  }
}

/** A KeyValue in memory (tests, and a page where IndexedDB is unavailable). */
export function memoryKeyValue(): KeyValue {
  const m = new Map<string, unknown>();
  return {
    get: async <T>(k: string) => structuredClone(m.get(k)) as T | undefined,
    set: async (k, v) => {
      m.set(k, structuredClone(v));
    },
  };
}

/**
 * Fetching what proxy work needs: the window's authorisations (through main: a signed
 * request to the sync service, clerk-api `sync:proxy-authorisations`) and each target
 * region's catalog (GET /v1/catalog?region=<target> on the center's public port, limited
 * to the region's own implementations of the authorised items), into the ProxyCache.
 * A failure leaves the cache as it was: the window keeps working on what it has.
 */
import type { CatalogItem } from '../../../src-shared/domain/catalog';
import type { SyncCallResult, SyncFailure } from '../../../src-shared/protocol/clerk-sync';
import type { DeviceProxyAuthorisations } from '../../../src-shared/protocol/proxy';
import { CatalogResponse, RegionsResponse } from '../../../src-shared/protocol/sync';
import { CenterError, centerGet, type CenterOptions } from '../../sync/center';
import type { CachedRegionCatalog, CachedRegions, ProxyCache } from './proxyCache';
import { cachedItemCodes, cachedRegions, targetCatalog, type CachedAuthorisations } from './proxyModel';

export interface ProxyApi {
  'sync:proxy-authorisations'(args: Record<string, never>): Promise<SyncCallResult<DeviceProxyAuthorisations>>;
}

export interface ProxySyncDeps {
  api: ProxyApi;
  cache: ProxyCache;
  centerUrl: string;
  center?: CenterOptions;
  now?: () => Date;
}

export type ProxyRefresh =
  | { ok: true; cached: CachedAuthorisations; catalogErrors: { regionCode: string; message: string }[] }
  | { ok: false; failure: Pick<SyncFailure, 'kind' | 'message'>; cached: CachedAuthorisations | null };

const sameCodes = (a: readonly string[] | null, b: readonly string[] | null) => (a === null || b === null ? a === b : a.length === b.length && a.every((x, i) => x === b[i]));

/**
 * One region's catalog into the cache: only `regionCode`'s own implementations, limited
 * to `codes` (sorted) unless null. Asks with `since` when the cached copy covers the same
 * codes, so an unchanged catalog costs one small answer.
 */
export async function fetchRegionCatalog(deps: ProxySyncDeps, windowId: string, regionCode: string, codes: string[] | null): Promise<CachedRegionCatalog> {
  const now = deps.now ?? (() => new Date());
  const cached = await deps.cache.catalog(windowId, regionCode);
  const since = cached && sameCodes(cached.codes, codes) ? cached.version : undefined;
  const res = await centerGet(deps.centerUrl, '/v1/catalog', CatalogResponse, { region: regionCode, since }, { timeoutMs: 30_000, ...deps.center });
  const fetchedAt = now().toISOString();
  const items: CatalogItem[] = res.changed || !cached ? targetCatalog(res.items, regionCode, codes ? new Set(codes) : null) : cached.items;
  const entry: CachedRegionCatalog = { regionCode, version: res.version, fetchedAt, codes, items };
  await deps.cache.putCatalog(windowId, entry);
  return entry;
}

/** The authorisations, then the catalog of every region they name. */
export async function refreshProxy(deps: ProxySyncDeps, windowId: string): Promise<ProxyRefresh> {
  const now = deps.now ?? (() => new Date());
  let answer: SyncCallResult<DeviceProxyAuthorisations>;
  try {
    answer = await deps.api['sync:proxy-authorisations']({});
  } catch (e) {
    // No sync on this host, or main refused: as good as offline for this purpose.
    answer = { ok: false, error: { kind: 'config', message: String((e as Error)?.message ?? e) } };
  }
  if (!answer.ok) return { ok: false, failure: { kind: answer.error.kind, message: answer.error.message }, cached: await deps.cache.authorisations(windowId) };
  const cached: CachedAuthorisations = { data: answer.value, fetchedAt: now().toISOString() };
  await deps.cache.putAuthorisations(cached);
  const catalogErrors: { regionCode: string; message: string }[] = [];
  for (const regionCode of cachedRegions(answer.value)) {
    try {
      await fetchRegionCatalog(deps, answer.value.windowId, regionCode, [...cachedItemCodes(answer.value, regionCode)].sort());
    } catch (e) {
      catalogErrors.push({ regionCode, message: e instanceof CenterError ? e.message : String((e as Error)?.message ?? e) });
    }
  }
  return { ok: true, cached, catalogErrors };
}

/** The province's regions (for picking a region when no authorisation list could be had). */
export async function fetchRegions(deps: ProxySyncDeps): Promise<CachedRegions> {
  const now = deps.now ?? (() => new Date());
  const res = await centerGet(deps.centerUrl, '/v1/regions', RegionsResponse, undefined, deps.center);
  const entry = { fetchedAt: now().toISOString(), regions: res.regions };
  await deps.cache.putRegions(entry);
  return entry;
}

/**
 * Pull the catalog (and the windows list) from the center into the Dexie cache.
 * The window's region comes from the cached window record; before the first windows
 * fetch there is none and the catalog is fetched without a region filter.
 */
import type { ServiceWindow } from '../../../src-shared/domain/catalog';
import { CalendarResponse, CatalogResponse, WindowsResponse } from '../../../src-shared/protocol/sync';
import type { CalendarRepository } from '../../db/calendarRepository';
import type { CatalogRepository } from '../../db/catalogRepository';
import type { WindowsRepository } from '../../db/windowsRepository';
import { centerGet, type CenterOptions } from '../../sync/center';

export interface CatalogSyncDeps {
  centerUrl: string;
  windowId: string;
  catalog: CatalogRepository;
  windows: WindowsRepository;
  /** Where the center's published calendar years go (deadlines need next year's holidays). */
  calendar?: CalendarRepository;
  center?: CenterOptions;
  now?: () => Date;
}

export interface CatalogSyncOutcome {
  /** True when the cache was replaced with a new version. */
  changed: boolean;
  version: number;
  region: string | null;
  count: number;
  fetchedAt: string;
  /** The window record for windowId, if the center knows it. */
  window: ServiceWindow | null;
}

export async function syncCatalog(deps: CatalogSyncDeps): Promise<CatalogSyncOutcome> {
  const now = deps.now ?? (() => new Date());

  const { windows } = await centerGet(deps.centerUrl, '/v1/windows', WindowsResponse, undefined, deps.center);
  await deps.windows.replaceAll(windows, now().toISOString());
  const window = windows.find((w) => w.id === deps.windowId) ?? null;
  const region = window?.regionCode ?? null;

  if (deps.calendar) {
    const { years } = await centerGet(deps.centerUrl, '/v1/calendar', CalendarResponse, undefined, deps.center);
    await deps.calendar.replacePublished(years);
  }

  const cached = await deps.catalog.state();
  // Only a catalog cached for the same region (and not empty) can be confirmed by version.
  const since = cached.version !== null && cached.region === region && cached.count > 0 ? cached.version : undefined;

  const res = await centerGet(
    deps.centerUrl,
    '/v1/catalog',
    CatalogResponse,
    { region: region ?? undefined, since },
    { timeoutMs: 30_000, ...deps.center },
  );
  const fetchedAt = now().toISOString();
  if (res.changed) {
    await deps.catalog.replaceAll(res.items, { version: res.version, region, fetchedAt, generatedAt: res.generatedAt });
    return { changed: true, version: res.version, region, count: res.items.length, fetchedAt, window };
  }
  // Unchanged: the cache is current as of now.
  await deps.catalog.markFetched(fetchedAt);
  return { changed: false, version: res.version, region, count: cached.count, fetchedAt, window };
}

/**
 * Proxy acceptance at the window (帮办代办, rule 13), pure: which target regions and items
 * the clerk may pick on a date, which catalog entries to show for a target region, and
 * what to tell the clerk about an item already chosen. The center decides at push time
 * (src-center/sync/proxy-route.ts) with the same rules (src-shared/protocol/proxy.ts).
 */
import type { CatalogItem } from '../../../src-shared/domain/catalog';
import {
  authorisedOn,
  isProxyRegion,
  judgeProxy,
  shanghaiDate,
  type DeviceProxyAuthorisations,
  type ProxyVerdict,
} from '../../../src-shared/protocol/proxy';

/** The authorisation list as last fetched from the center. */
export interface CachedAuthorisations {
  data: DeviceProxyAuthorisations;
  /** When the window received it (ISO). */
  fetchedAt: string;
}

/** A target region the clerk may pick, with the items authorised there on the day. */
export interface ProxyTarget {
  regionCode: string;
  regionName: string;
  itemCodes: string[];
  /** The last day any of them is valid. */
  validTo: string;
}

/** Target regions in force on `date` (Asia/Shanghai), by region code. */
export function proxyTargets(data: DeviceProxyAuthorisations, date: string): ProxyTarget[] {
  const byRegion = authorisedOn(data.authorisations, date);
  return [...byRegion].map(([regionCode, codes]) => {
    const mine = data.authorisations.filter((a) => a.regionCode === regionCode && !a.revokedAt && a.validFrom <= date && date <= a.validTo);
    return {
      regionCode,
      regionName: mine[0]?.regionName ?? regionCode,
      itemCodes: [...codes].sort(),
      validTo: mine.map((a) => a.validTo).sort().at(-1) ?? date,
    };
  }).sort((a, b) => a.regionCode.localeCompare(b.regionCode));
}

/**
 * Item codes worth caching for a region: those of every authorisation listed (in force
 * or starting later), so a window offline on the first day of a new authorisation has
 * the catalog entries already.
 */
export function cachedItemCodes(data: DeviceProxyAuthorisations, regionCode: string): Set<string> {
  const out = new Set<string>();
  for (const a of data.authorisations) if (a.regionCode === regionCode && !a.revokedAt) for (const c of a.itemCodes) out.add(c);
  return out;
}

/** Regions whose catalog the window should hold for proxy work. */
export function cachedRegions(data: DeviceProxyAuthorisations): string[] {
  return [...new Set(data.authorisations.filter((a) => !a.revokedAt).map((a) => a.regionCode))].sort();
}

/**
 * A target region's catalog as the clerk sees it: only that region's own implementations
 * (the center's catalog for a region also carries its city's and the province's), and,
 * when `codes` is given, only the authorised items.
 */
export function targetCatalog<T extends CatalogItem>(items: readonly T[], regionCode: string, codes: ReadonlySet<string> | null): T[] {
  return items.filter((it) => it.regionCode === regionCode && (!codes || codes.has(it.itemCode)));
}

export type ItemProxyCheck =
  | { proxy: false }
  | {
      proxy: true;
      /** authorised: a cached authorisation covers it; unauthorised: the cached list says no; unknown: no list to check against. */
      status: 'authorised' | 'unauthorised' | 'unknown';
      reason?: Extract<ProxyVerdict, { ok: false }>['reason'];
      date: string;
    };

/**
 * What the window can say about an item taken in on `receivedAt` (ISO): own region (no
 * proxy), or proxy and whether the cached authorisations cover it. A list fetched for
 * another window does not count.
 */
export function checkItem(args: {
  windowId: string;
  windowRegionCode: string;
  item: Pick<CatalogItem, 'regionCode' | 'itemCode'>;
  receivedAt: string;
  cache: CachedAuthorisations | null;
}): ItemProxyCheck {
  const cache = args.cache && args.cache.data.windowId === args.windowId ? args.cache : null;
  if (!isProxyRegion(args.windowRegionCode, args.item.regionCode, cache?.data.ownRegions)) return { proxy: false };
  const date = shanghaiDate(args.receivedAt) ?? args.receivedAt.slice(0, 10);
  if (!cache) return { proxy: true, status: 'unknown', date };
  const v = judgeProxy(cache.data.authorisations, { regionCode: args.item.regionCode, itemCode: args.item.itemCode, date, at: args.receivedAt });
  return v.ok ? { proxy: true, status: 'authorised', date } : { proxy: true, status: 'unauthorised', reason: v.reason, date };
}

/** The region the clerk chose above the catalog; null: the window's own region. */
export type PickedRegion = { code: string; name: string } | null;

export interface PickerInput {
  picked: PickedRegion;
  /** Target regions in force today (proxyTargets of the cached list; empty without one). */
  targets: readonly ProxyTarget[];
  /** There is a list to go by — cached, or fetched and found empty — not one still to come. */
  listKnown: boolean;
  /** No list could be had: any other region may be picked, unverified. */
  unverified: boolean;
  /** The province's regions, for the unverified choice; null while not read yet. */
  regions: readonly { code: string; name: string; level: string }[] | null;
  /** The window's own regions (never a proxy target). */
  own: readonly string[];
}

export interface PickerView {
  /** The region whose catalog is shown; null: the window's own catalog. */
  target: { code: string; name: string } | null;
  /** The authorisation behind the target (null for an unverified pick). */
  authorised: ProxyTarget | null;
  /** The clerk's pick, no longer offered now that the list says otherwise (revoked, ended, changed). */
  lost: { code: string; name: string } | null;
  /** Show the region choice; a window with nothing to choose sees the plain catalog. */
  showRegions: boolean;
  /**
   * Identity of the catalog list on screen: the same as long as the target region stays, so
   * a refreshed authorisation list keeps what the clerk typed into the search.
   */
  catalogKey: string;
}

export const OWN_REGION = 'own';

/**
 * What the picker shows for the clerk's pick and the list as it is now. The pick is the
 * clerk's and is kept across refreshes of the list: it shows while the list offers it, and
 * when it no longer does, the own catalog shows with `lost` saying why — never silently.
 */
export function pickerView(i: PickerInput): PickerView {
  const code = i.picked?.code ?? null;
  const authorised = code ? (i.targets.find((x) => x.regionCode === code) ?? null) : null;
  const open = code && !authorised && i.unverified ? (i.regions?.find((r) => r.code === code && !i.own.includes(r.code)) ?? null) : null;
  const target = authorised ? { code: authorised.regionCode, name: authorised.regionName } : open ? { code: open.code, name: open.name } : null;
  // Only a list that has been read can take a pick away; one still loading leaves it pending.
  const settled = i.unverified ? i.regions !== null : i.listKnown;
  const lost = i.picked && !target && settled ? i.picked : null;
  return { target, authorised, lost, showRegions: i.targets.length > 0 || i.unverified || lost !== null, catalogKey: target?.code ?? OWN_REGION };
}

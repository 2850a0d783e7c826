/**
 * Proxy acceptance (帮办代办 / 跨地域, shared/DOMAIN.md rule 13): a window accepts items of
 * ANOTHER region's authority when the center holds a valid proxy authorisation for it.
 *
 * An authorisation names one window, one target region and a list of national item
 * codes (no wildcard: an operator authorises exactly the items the window's staff are
 * trained for), valid from one calendar date to another, inclusive, in China time
 * (Asia/Shanghai, UTC+8 all year). The target region is the EXACT region of the
 * implementation (实施清单) accepted: an authorisation for 桥西区 covers 桥西区's own
 * implementations, not its city's or the province's.
 *
 * The case keeps the accepting window's county as its region (the proxy window keeps its
 * copy and pulls its status) and the implementation's region as its responsible region
 * (routing goes there). The center decides at push time (SyncRecord of the case's
 * "received" event): the acceptance date is the received event's `at`, as a date in
 * Asia/Shanghai; a revoked authorisation stops covering acceptances received after its
 * revocation instant (an acceptance taken offline while it was valid stays covered).
 *
 * Routes (sync service, src-center/http/routes/proxy.ts):
 *   POST /v1/admin/proxy-authorisations             operator: create (201 ProxyAuthorisation)
 *   GET  /v1/admin/proxy-authorisations             operator: list (ProxyAuthorisationList)
 *   POST /v1/admin/proxy-authorisations/:id/revoke  operator: revoke (ProxyAuthorisation)
 *   GET  /v1/sync/proxy-authorisations              signed device: its window's (DeviceProxyAuthorisations)
 *
 * Pure: the helpers below are used alike by the center (push check) and the window
 * (which items to offer, what to warn about).
 */
import { z } from 'zod';
import { ItemCode } from '../domain/catalog';
import { RegionCode } from '../domain/codes';
import { IsoDate } from '../domain/dates';

/** Most item codes in one authorisation. */
export const PROXY_MAX_ITEMS = 200;

const IsoDateTime = z.iso.datetime({ offset: true, message: '时间必须是带时区的 ISO 8601 时间' });
const WindowId = z.string().min(1).max(64);
const Person = z.string().trim().min(1).max(64);

export const ProxyAuthorisation = z.object({
  id: z.uuid(),
  windowId: WindowId,
  windowName: z.string(),
  /** The window's own county. */
  windowRegionCode: RegionCode,
  /** The target region: the responsible authority whose implementations the window may accept. */
  regionCode: RegionCode,
  regionName: z.string(),
  /** National item codes (事项编码), each implemented in the target region. */
  itemCodes: z.array(ItemCode).min(1).max(PROXY_MAX_ITEMS),
  /** First and last day of validity, inclusive (Asia/Shanghai). */
  validFrom: IsoDate,
  validTo: IsoDate,
  createdBy: z.string(),
  createdAt: IsoDateTime,
  revokedAt: IsoDateTime.nullable(),
  revokedBy: z.string().nullable(),
  revokeReason: z.string().nullable(),
});
export type ProxyAuthorisation = z.infer<typeof ProxyAuthorisation>;

export const CreateProxyAuthorisationRequest = z
  .object({
    windowId: WindowId,
    regionCode: RegionCode,
    itemCodes: z
      .array(ItemCode)
      .min(1)
      .max(PROXY_MAX_ITEMS)
      .refine((codes) => new Set(codes).size === codes.length, { message: '事项编码不得重复 (itemCodes: duplicate item code)' }),
    validFrom: IsoDate,
    validTo: IsoDate,
    /** The operator who grants it (kept with the authorisation). */
    createdBy: Person,
  })
  .strict()
  .refine((r) => r.validTo >= r.validFrom, {
    path: ['validTo'],
    message: '有效期止 validTo 不得早于有效期起 validFrom (validTo must not be before validFrom)',
  });
export type CreateProxyAuthorisationRequest = z.infer<typeof CreateProxyAuthorisationRequest>;

export const ProxyAuthorisationQuery = z
  .object({
    windowId: WindowId.optional(),
    regionCode: RegionCode.optional(),
    /** Only those in force on this date (not revoked, validFrom ≤ on ≤ validTo). */
    on: IsoDate.optional(),
  })
  .strict();
export type ProxyAuthorisationQuery = z.infer<typeof ProxyAuthorisationQuery>;

export const ProxyAuthorisationList = z.object({ authorisations: z.array(ProxyAuthorisation) });
export type ProxyAuthorisationList = z.infer<typeof ProxyAuthorisationList>;

export const RevokeProxyAuthorisationRequest = z
  .object({
    revokedBy: Person,
    reason: z.string().trim().min(2).max(500),
  })
  .strict();
export type RevokeProxyAuthorisationRequest = z.infer<typeof RevokeProxyAuthorisationRequest>;

/**
 * What a window's device receives: its window's authorisations that are not revoked and
 * not yet ended (validTo ≥ today), including those that start later — so a window that
 * is offline on the first day already knows. The window filters by date itself.
 */
export const DeviceProxyAuthorisations = z.object({
  windowId: WindowId,
  windowRegionCode: RegionCode,
  /** The window's county and its ancestors: items of these regions need no authorisation. */
  ownRegions: z.array(RegionCode).min(1),
  /** The center's date (Asia/Shanghai) when it answered. */
  today: IsoDate,
  serverTime: IsoDateTime,
  authorisations: z.array(ProxyAuthorisation),
});
export type DeviceProxyAuthorisations = z.infer<typeof DeviceProxyAuthorisations>;

// ───────────────────────────── pure helpers ─────────────────────────────

/** China time is UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Shanghai; null for an unreadable time. */
export function shanghaiDate(instant: string | number | Date): string | null {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * A region and its ancestors by the structure of GB/T 2260 codes (county XXYYZZ → city
 * XXYY00 → province XX0000): what a window of `regionCode` accepts without authorisation.
 * The center decides from its region tree (the same for this province); the window uses
 * this only to show which of its cases are proxy cases.
 */
export function ownRegionsByCode(regionCode: string): string[] {
  const out = [regionCode];
  const city = `${regionCode.slice(0, 4)}00`;
  const province = `${regionCode.slice(0, 2)}0000`;
  if (!out.includes(city)) out.push(city);
  if (!out.includes(province)) out.push(province);
  return out;
}

/** Is an item of `itemRegionCode` accepted by a window of `windowRegionCode` as proxy (代办)? */
export function isProxyRegion(windowRegionCode: string, itemRegionCode: string, ownRegions?: readonly string[]): boolean {
  return !(ownRegions ?? ownRegionsByCode(windowRegionCode)).includes(itemRegionCode);
}

export interface ProxyQuestion {
  /** The implementation's region (the target). */
  regionCode: string;
  itemCode: string;
  /** Acceptance date, Asia/Shanghai. */
  date: string;
  /** The acceptance instant (ISO); a revocation before it stops the authorisation covering it. Default: any revocation counts. */
  at?: string;
}

export type ProxyVerdict =
  | { ok: true; authorisation: Pick<ProxyAuthorisation, 'id' | 'validFrom' | 'validTo'> }
  | {
      ok: false;
      /** Why, the nearest miss first: no authorisation for the region, not for the item, not yet valid, ended, revoked. */
      reason: 'no-region' | 'no-item' | 'not-yet-valid' | 'expired' | 'revoked';
      /** The authorisation that came closest (for the message), if any. */
      nearest?: Pick<ProxyAuthorisation, 'id' | 'validFrom' | 'validTo' | 'revokedAt'>;
    };

type Checkable = Pick<ProxyAuthorisation, 'id' | 'regionCode' | 'itemCodes' | 'validFrom' | 'validTo' | 'revokedAt'>;

function revokedFor(a: Checkable, at: string | undefined): boolean {
  if (!a.revokedAt) return false;
  if (!at) return true;
  const r = Date.parse(a.revokedAt);
  const t = Date.parse(at);
  return !(Number.isFinite(r) && Number.isFinite(t) && t < r);
}

/** Does any of `list` authorise accepting `q`? If not, the nearest reason why not. */
export function judgeProxy(list: readonly Checkable[], q: ProxyQuestion): ProxyVerdict {
  const forRegion = list.filter((a) => a.regionCode === q.regionCode);
  if (!forRegion.length) return { ok: false, reason: 'no-region' };
  const forItem = forRegion.filter((a) => a.itemCodes.includes(q.itemCode));
  if (!forItem.length) return { ok: false, reason: 'no-item' };
  const hit = forItem.find((a) => a.validFrom <= q.date && q.date <= a.validTo && !revokedFor(a, q.at));
  if (hit) return { ok: true, authorisation: { id: hit.id, validFrom: hit.validFrom, validTo: hit.validTo } };
  const pick = (a: Checkable) => ({ id: a.id, validFrom: a.validFrom, validTo: a.validTo, revokedAt: a.revokedAt });
  const inDates = forItem.filter((a) => a.validFrom <= q.date && q.date <= a.validTo);
  if (inDates.length) return { ok: false, reason: 'revoked', nearest: pick(inDates[0]!) };
  const later = forItem.filter((a) => a.validFrom > q.date).sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  if (later.length) return { ok: false, reason: 'not-yet-valid', nearest: pick(later[0]!) };
  const ended = [...forItem].sort((a, b) => b.validTo.localeCompare(a.validTo));
  return { ok: false, reason: 'expired', nearest: pick(ended[0]!) };
}

/** Authorisations in force on `date` (not revoked, within their dates). */
export function inForce<T extends Checkable>(list: readonly T[], date: string): T[] {
  return list.filter((a) => !a.revokedAt && a.validFrom <= date && date <= a.validTo);
}

/** The target regions and, per region, the item codes authorised on `date`. */
export function authorisedOn(list: readonly Checkable[], date: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const a of inForce(list, date)) {
    const s = out.get(a.regionCode) ?? new Set<string>();
    for (const c of a.itemCodes) s.add(c);
    out.set(a.regionCode, s);
  }
  return out;
}

/**
 * Pure helpers of the operator pages: where an authorisation stands on a date, the proxy
 * form's values as the request the center takes, which regions a window may be authorised
 * for, and a result trail's figures. No DOM, so the rules are unit-tested.
 */
import type { CreateProxyAuthorisationRequest, ProxyAuthorisation } from '../../../src-shared/protocol/proxy';
import { ownRegionsByCode } from '../../../src-shared/protocol/proxy';
import type { Region, ServiceWindow } from '../../../src-shared/domain/catalog';
import type { ReviewerAccount } from '../../../src-shared/protocol/console';

export type AuthorisationState = 'revoked' | 'upcoming' | 'active' | 'ended';

/** Revoked whatever the dates; else before, within or after its validity on `today` (Asia/Shanghai date). */
export function authorisationState(a: Pick<ProxyAuthorisation, 'validFrom' | 'validTo' | 'revokedAt'>, today: string): AuthorisationState {
  if (a.revokedAt) return 'revoked';
  if (today < a.validFrom) return 'upcoming';
  if (today > a.validTo) return 'ended';
  return 'active';
}

/** Active and upcoming first (what an operator acts on), then ended and revoked; newest first within each. */
export function sortAuthorisations(list: readonly ProxyAuthorisation[], today: string): ProxyAuthorisation[] {
  const rank: Record<AuthorisationState, number> = { active: 0, upcoming: 1, ended: 2, revoked: 3 };
  return [...list].sort((a, b) => rank[authorisationState(a, today)] - rank[authorisationState(b, today)] || b.createdAt.localeCompare(a.createdAt));
}

export interface ProxyFormValues {
  windowId?: string;
  regionCode?: string;
  itemCodes?: string[];
  validFrom?: string;
  validTo?: string;
  createdBy?: string;
}

/** The form as the request (blank text left out, so the contract names the missing field). */
export function proxyRequest(v: ProxyFormValues): Partial<CreateProxyAuthorisationRequest> {
  const text = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);
  const out: Partial<CreateProxyAuthorisationRequest> = { itemCodes: v.itemCodes ?? [] };
  for (const k of ['windowId', 'regionCode', 'validFrom', 'validTo', 'createdBy'] as const) {
    const s = text(v[k]);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/**
 * The regions a window may be authorised for: every county or city outside its own
 * county, city and province (those it accepts without an authorisation).
 */
export function targetRegions(regions: readonly Region[], window: Pick<ServiceWindow, 'regionCode'> | undefined): Region[] {
  const own = window ? ownRegionsByCode(window.regionCode) : [];
  return regions.filter((r) => r.level !== 'province' && !own.includes(r.code));
}

/** A reviewer account matching the operator's search: user name, name, department (code or name) or region, case-insensitive. */
export function matchesReviewer(a: Pick<ReviewerAccount, 'username' | 'name' | 'departmentCode' | 'departmentName' | 'regionName'>, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [a.username, a.name, a.departmentCode, a.departmentName, a.regionName].some((s) => s.toLowerCase().includes(q));
}

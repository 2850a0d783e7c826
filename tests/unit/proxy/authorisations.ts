/** Proxy authorisations as the center lists them for window w-130102-01 (长安区), for the proxy tests (rules, renderer, operator pages). */
import type { DeviceProxyAuthorisations, ProxyAuthorisation } from '../../../src-shared/protocol/proxy';

let n = 0;
/** An authorisation for 桥西区 (130104), item A1, September to December 2025; a fresh id each call. */
export const auth = (over: Partial<ProxyAuthorisation> = {}): ProxyAuthorisation => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  windowId: 'w-130102-01',
  windowName: '综合受理1号窗口',
  windowRegionCode: '130102',
  regionCode: '130104',
  regionName: '桥西区',
  itemCodes: ['A1'],
  validFrom: '2025-09-01',
  validTo: '2025-12-31',
  createdBy: '李明',
  createdAt: '2025-08-20T01:00:00.000Z',
  revokedAt: null,
  revokedBy: null,
  revokeReason: null,
  ...over,
});

/** The device's list as of 2025-09-30. */
export const list = (authorisations: ProxyAuthorisation[]): DeviceProxyAuthorisations => ({
  windowId: 'w-130102-01',
  windowRegionCode: '130102',
  ownRegions: ['130102', '130100', '130000'],
  today: '2025-09-30',
  serverTime: '2025-09-30T02:00:00.000Z',
  authorisations,
});

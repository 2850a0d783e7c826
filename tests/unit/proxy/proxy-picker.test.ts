/**
 * The proxy region picker above the catalog while the authorisation list arrives and is
 * refreshed: the catalog list keeps its identity (what the clerk typed stays) as long as
 * the region shown stays, the region picked stays picked, and a pick the list no longer
 * offers is reported instead of silently dropped. ProxyCatalogPicker renders one tree,
 * the CatalogBrowser keyed by `catalogKey`, from exactly this view.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceProxyAuthorisations } from '../../../src-shared/protocol/proxy';
import { OWN_REGION, pickerView, proxyTargets, type PickerInput, type PickedRegion } from '../../../src-renderer/features/proxy/proxyModel';
import { auth, list } from './authorisations';

const TODAY = '2025-09-30';
const OWN = ['130102', '130100', '130000'];
const QIAOXI: PickedRegion = { code: '130104', name: '桥西区' };
const REGIONS = [
  { code: '130000', name: '河北省', level: 'province' },
  { code: '130104', name: '桥西区', level: 'county' },
  { code: '130105', name: '新华区', level: 'county' },
];

/** The view with the list as fetched (`null`: none cached). */
const withList = (picked: PickedRegion, data: DeviceProxyAuthorisations | null, over: Partial<PickerInput> = {}) =>
  pickerView({ picked, targets: data ? proxyTargets(data, TODAY) : [], listKnown: data !== null, unverified: false, regions: null, own: OWN, ...over });

describe('the authorisation list arrives or is refreshed while the clerk works', () => {
  it('the own catalog keeps its identity when the first list arrives and the region choice appears', () => {
    const before = withList(null, null, { listKnown: false });
    const after = withList(null, list([auth({})]));
    expect(before).toMatchObject({ showRegions: false, target: null, lost: null });
    expect(after).toMatchObject({ showRegions: true, target: null, lost: null });
    expect(after.catalogKey).toBe(before.catalogKey);
    expect(after.catalogKey).toBe(OWN_REGION);
  });

  it('a picked region stays picked, and its catalog keeps its identity, across a refresh that changes its items', () => {
    const before = withList(QIAOXI, list([auth({ itemCodes: ['A1'] })]));
    const after = withList(QIAOXI, list([auth({ itemCodes: ['A1', 'A2'] }), auth({ regionCode: '130105', regionName: '新华区', itemCodes: ['B1'] })]));
    expect(before.target).toEqual({ code: '130104', name: '桥西区' });
    expect(after.target).toEqual({ code: '130104', name: '桥西区' });
    expect(after.authorised?.itemCodes).toEqual(['A1', 'A2']);
    expect(after.catalogKey).toBe(before.catalogKey);
    expect(after.lost).toBeNull();
  });

  it('a region whose authorisation was revoked or ended is reported as no longer authorised, the own catalog shown', () => {
    const revoked = withList(QIAOXI, list([auth({ revokedAt: '2025-09-30T01:00:00.000Z', revokedBy: '李明', revokeReason: '调整' })]));
    expect(revoked).toMatchObject({ target: null, lost: QIAOXI, catalogKey: OWN_REGION });
    // With no other region left the choice would vanish; it stays, with the notice, so the clerk sees why.
    expect(revoked.showRegions).toBe(true);
    const ended = withList(QIAOXI, list([auth({ validTo: '2025-09-29' }), auth({ regionCode: '130105', regionName: '新华区' })]));
    expect(ended.lost).toEqual(QIAOXI);
    // A list fetched for another window counts as none for this one.
    expect(withList(QIAOXI, null, { listKnown: true }).lost).toEqual(QIAOXI);
  });

  it('while the list is still being read, a pick is neither shown nor reported lost', () => {
    expect(withList(QIAOXI, null, { listKnown: false })).toMatchObject({ target: null, lost: null });
  });

  it('the clerk choosing the own region again clears the notice', () => {
    expect(withList(null, list([]))).toMatchObject({ lost: null, showRegions: false });
  });
});

describe('picking without a list (center out of reach), then the list comes', () => {
  const unverified = (picked: PickedRegion, regions: PickerInput['regions']) =>
    pickerView({ picked, targets: [], listKnown: false, unverified: true, regions, own: OWN });

  it('an unverified pick becomes an authorised one without a new catalog list', () => {
    const before = unverified(QIAOXI, REGIONS);
    expect(before).toMatchObject({ target: QIAOXI, authorised: null, lost: null, showRegions: true });
    const after = withList(QIAOXI, list([auth({})]));
    expect(after.authorised?.regionCode).toBe('130104');
    expect(after.catalogKey).toBe(before.catalogKey);
  });

  it('an unverified pick the list does not authorise is reported', () => {
    expect(withList({ code: '130105', name: '新华区' }, list([auth({})])).lost).toEqual({ code: '130105', name: '新华区' });
  });

  it('the regions still loading: nothing reported yet; a window region is never a target', () => {
    expect(unverified(QIAOXI, null)).toMatchObject({ target: null, lost: null });
    expect(unverified({ code: '130100', name: '石家庄市' }, [...REGIONS, { code: '130100', name: '石家庄市', level: 'city' }]).target).toBeNull();
  });
});

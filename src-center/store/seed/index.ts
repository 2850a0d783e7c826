/**
 * Turns the readable seed (regions, item definitions, windows) into table rows:
 * one implementation (实施清单) of each item in every region of the level(s) that
 * implement it, with departments resolved per region. Codes are derived, so they are
 * stable across runs and machines:
 *   item code           = item type (2) + department kind no. (3) + sequence (3) + "00"   (an..10)
 *   implementation code = "11" + region code (6) + item code (10) + "001"               (an..24)
 */
import type { Department, Region } from '../../../src-shared/domain/catalog';
import { DEPARTMENT_KINDS, departmentFor, type DepartmentKind, type RegionNames } from './departments';
import type { ItemSeed } from './helpers';
import { ITEMS } from './items';
import { hebeiRegions } from './regions';
import { WINDOWS } from './windows';

export { DEFAULT_CLERK_ID, DEFAULT_WINDOW_ID, WINDOWS } from './windows';
export { ITEMS } from './items';
export { hebeiRegions } from './regions';

export function itemCodeOf(it: ItemSeed): string {
  return `${it.type}${DEPARTMENT_KINDS[it.dept].no}${String(it.seq).padStart(3, '0')}00`;
}

export function implementationCodeOf(itemCode: string, regionCode: string): string {
  return `11${regionCode}${itemCode}001`;
}

export interface DepartmentRow extends Department {
  kind: DepartmentKind;
}

export interface ImplementationRow {
  implementationCode: string;
  itemCode: string;
  regionCode: string;
  departmentCode: string;
  reviewDepartmentCodes: string[];
  promisedDays: number;
  crossRegion: boolean;
}

export interface SeedData {
  regions: Region[];
  departments: DepartmentRow[];
  items: Array<ItemSeed & { itemCode: string }>;
  implementations: ImplementationRow[];
}

function regionNames(regions: Region[]): Map<string, RegionNames> {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const out = new Map<string, RegionNames>();
  for (const r of regions) {
    const city = r.level === 'county' && r.parentCode ? byCode.get(r.parentCode)?.name : undefined;
    const names: RegionNames = { level: r.level, own: r.name, district: r.level === 'county' && r.name.endsWith('区') };
    if (city) names.city = city;
    out.set(r.code, names);
  }
  return out;
}

/** Builds every row of the demo data; throws if the definitions contradict themselves. */
export function buildSeed(): SeedData {
  const regions = hebeiRegions();
  const names = regionNames(regions);
  const departments = new Map<string, DepartmentRow>();
  const dept = (regionCode: string, kind: DepartmentKind): string => {
    const d = departmentFor(regionCode, names.get(regionCode)!, kind);
    if (!departments.has(d.code)) departments.set(d.code, { ...d, kind });
    return d.code;
  };

  const items: SeedData['items'] = [];
  const seenCodes = new Map<string, string>();
  for (const it of ITEMS) {
    const itemCode = itemCodeOf(it);
    const clash = seenCodes.get(itemCode);
    if (clash) throw new Error(`seed: item code ${itemCode} of ${it.name} clashes with ${clash}`);
    seenCodes.set(itemCode, it.name);
    if (it.promised > it.statutory) throw new Error(`seed: ${it.name}: promised ${it.promised} > statutory ${it.statutory}`);
    if (it.caseType === '1' && it.promised !== 0) throw new Error(`seed: ${it.name}: immediate item must promise 0 days`);
    const ids = new Set(it.materials.map((m) => m.id));
    if (ids.size !== it.materials.length) throw new Error(`seed: ${it.name}: duplicate material id`);
    items.push({ ...it, itemCode });
  }

  const implementations: ImplementationRow[] = [];
  for (const it of items) {
    const reviewers = it.reviewers ?? [it.dept];
    for (const region of regions) {
      if (!it.levels.includes(region.level)) continue;
      implementations.push({
        implementationCode: implementationCodeOf(it.itemCode, region.code),
        itemCode: it.itemCode,
        regionCode: region.code,
        departmentCode: dept(region.code, it.dept),
        reviewDepartmentCodes: reviewers.map((k) => dept(region.code, k)),
        promisedDays: it.promised,
        crossRegion: it.crossRegion ?? false,
      });
    }
  }

  for (const w of WINDOWS) {
    if (!names.has(w.regionCode)) throw new Error(`seed: window ${w.id} in unknown region ${w.regionCode}`);
  }

  return { regions, departments: [...departments.values()], items, implementations };
}

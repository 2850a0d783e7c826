/**
 * Intake at the window (issue 3), in real Chromium: saving a case with 10 MB of scans
 * against a raw IndexedDB put of the same bytes; saving without scans (p50/p95); and
 * search p95 over 3,000 catalog items and 100,000 cases by name, ID and pinyin initials
 * against a primary-key lookup.
 */
import path from 'node:path';
import { createCenter } from '../src-center/app';
import { CatalogResponse, RegionsResponse } from '../src-shared/protocol/sync';
import type { CatalogItem } from '../src-shared/domain/catalog';
import { median, percentile, type Benchmark, type Figure } from './harness';
import { runInChromium } from './browser';

const entry = path.join(import.meta.dirname, 'browser/intake-entry.ts');

/** 3,000 real catalog entries: the demo catalog of as many counties as it takes. */
async function catalogItems(n: number): Promise<CatalogItem[]> {
  const center = await createCenter({ logger: false });
  try {
    const regions = RegionsResponse.parse((await center.app.inject({ url: '/v1/regions' })).json()).regions.filter((r) => r.level === 'county');
    const byCode = new Map<string, CatalogItem>();
    for (const r of regions) {
      if (byCode.size >= n) break;
      const res = CatalogResponse.parse((await center.app.inject({ url: `/v1/catalog?region=${r.code}` })).json());
      for (const it of res.items) byCode.set(it.implementationCode, it);
    }
    return [...byCode.values()].slice(0, n);
  } finally {
    await center.close();
  }
}

export const intakeBench: Benchmark = {
  id: 'intake',
  title: 'intake at the window: durable save and search (Chromium, IndexedDB)',
  async run(): Promise<Figure[]> {
    const items = await catalogItems(3000);
    const arg = { items, caseCount: 100_000 };
    const scans = await runInChromium<{ save: number[]; raw: number[]; hash: number[] }>(entry, 'save-scans', arg);
    const plain = await runInChromium<{ save: number[]; raw: number[] }>(entry, 'save-plain', arg);
    const s = await runInChromium<{
      catalogSearch: number[];
      caseSearch: Record<'name' | 'id' | 'initials', number[]>;
      baseline: number[];
      fillMs: number;
      catalogCount: number;
      caseCount: number;
    }>(entry, 'search', arg);
    const raw = { name: 'raw IndexedDB put', unit: 'ms' };
    const pk = { name: 'IndexedDB get by primary key p95', value: percentile(s.baseline, 95), unit: 'ms' };
    return [
      {
        name: 'save case + outbox + 10 MB scans (median of 5)',
        value: median(scans.save),
        unit: 'ms',
        baseline: { ...raw, name: 'raw IndexedDB put of the same 10 MB (median)', value: median(scans.raw) },
        notes: `SHA-256 of the scans at attach time, median ${median(scans.hash).toFixed(0)} ms`,
      },
      { name: 'save case without scans p50', value: median(plain.save), unit: 'ms', baseline: { ...raw, name: 'raw put of the case row p50', value: median(plain.raw) } },
      { name: 'save case without scans p95', value: percentile(plain.save, 95), unit: 'ms', baseline: { ...raw, name: 'raw put of the case row p95', value: percentile(plain.raw, 95) } },
      { name: `catalog search p95 (${s.catalogCount} items; name, code, pinyin initials)`, value: percentile(s.catalogSearch, 95), unit: 'ms', baseline: pk, notes: 'one frame = 16.7 ms' },
      { name: `case search p95 by name prefix (${s.caseCount} cases)`, value: percentile(s.caseSearch.name, 95), unit: 'ms', baseline: pk },
      { name: `case search p95 by ID-number prefix (${s.caseCount} cases)`, value: percentile(s.caseSearch.id, 95), unit: 'ms', baseline: pk },
      { name: `case search p95 by pinyin initials (${s.caseCount} cases)`, value: percentile(s.caseSearch.initials, 95), unit: 'ms', baseline: pk, notes: `filling ${s.caseCount} cases took ${(s.fillMs / 1000).toFixed(1)} s` },
    ];
  },
};

/**
 * Center catalog latency: GET /v1/catalog?region=130102 (a county's full catalog,
 * ~100 implementations, ~160 kB of JSON) against GET /health on the same center, over
 * real HTTP (fetch) to a center on in-memory PGlite listening on 127.0.0.1:0.
 * Requests alternate between the two so both see the same machine conditions.
 */
import { createCenter } from '../src-center/app';
import { percentile, sample, type Benchmark, type Figure } from './harness';

const N = 300;

async function timeGet(url: string): Promise<number> {
  const res = await fetch(url);
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${text.slice(0, 200)}`);
  return text.length;
}

export const catalogBench: Benchmark = {
  id: 'catalog',
  title: 'center GET /v1/catalog latency vs GET /health (PGlite, real HTTP)',
  async run(): Promise<Figure[]> {
    const t0 = performance.now();
    const center = await createCenter({ dataDir: 'memory://' });
    const startupMs = performance.now() - t0;
    try {
      const base = await center.app.listen({ port: 0, host: '127.0.0.1' });
      const catalogUrl = `${base}/v1/catalog?region=130102`;
      const healthUrl = `${base}/health`;

      const c0 = performance.now();
      const bytes = await timeGet(catalogUrl);
      const coldMs = performance.now() - c0;

      const catalog: number[] = [];
      const health: number[] = [];
      // Warm both paths, then interleave: one catalog request, one health request.
      for (let i = 0; i < 20; i++) {
        await timeGet(catalogUrl);
        await timeGet(healthUrl);
      }
      for (let i = 0; i < N; i++) {
        catalog.push(...(await sample(1, () => timeGet(catalogUrl), 0)));
        health.push(...(await sample(1, () => timeGet(healthUrl), 0)));
      }
      const notes = `${N} requests each, ${(bytes / 1024).toFixed(0)} kB body, first (uncached) catalog ${coldMs.toFixed(1)} ms, center startup ${(startupMs / 1000).toFixed(1)} s`;
      const fig = (p: number): Figure => ({
        name: `GET /v1/catalog?region=130102 p${p}`,
        value: percentile(catalog, p),
        unit: 'ms',
        baseline: { name: `GET /health p${p}`, value: percentile(health, p), unit: 'ms' },
        notes,
      });
      return [fig(50), fig(95)];
    } finally {
      await center.close();
    }
  },
};

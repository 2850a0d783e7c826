/**
 * The center's result-issuance throughput (issue 6), against same-run baselines:
 *
 *  1. issueResult one after another — render the PDF, seal it with the province seal
 *     (RSA-2048, the demo PKI's default), stamp it with the province TSA in process, and
 *     store blob + row + change in one transaction — in results/s, against rendering the
 *     same document unsigned (results/s): the ratio is what sealing, stamping and storing cost;
 *  2. the same with 4 callers at once (reviewers issuing together), against (1): how far
 *     overlapping the database with the CPU-bound rendering helps on this machine.
 *
 * The store is PostgreSQL when DATABASE_URL is set (a fresh database, dropped after),
 * otherwise PGlite in a temp directory; the figures name which.
 */
import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CenterPki } from '../src-center/pki/index';
import { issueResult } from '../src-center/results/index';
import { openStore } from '../src-center/store/index';
import { renderResultDocument } from '../src-node/documents/result-template';
import { createDemoPki } from '../src-node/pki';
import { backends } from '../tests/integration/center/backends';
import type { Benchmark, Figure } from './harness';

const RUNS = Number(process.env.BENCH_RESULTS_RUNS ?? 60);
const PARALLEL = 4;

const input = (caseId: string) => ({
  caseId,
  caseNumber: '130102202509300A0001000042X',
  kind: 'licence' as const,
  title: '食品经营许可证',
  body: '经营项目：预包装食品销售（含冷藏冷冻食品）、散装食品销售。\n经营场所：石家庄市长安区中山东路1号。',
  validUntil: '2031-11-25',
  collectWindowId: 'w-130102-01',
  applicantName: '石家庄市𠈌记食品有限公司',
  itemName: '食品经营许可（新办）',
  issuedBy: { reviewerId: 'r-130102-scjg-1', departmentName: '石家庄市长安区市场监督管理局' },
});

async function rate(n: number, parallel: number, fn: () => Promise<unknown>): Promise<number> {
  let left = n;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (left-- > 0) await fn();
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

export const resultsBench: Benchmark = {
  id: 'results',
  title: 'Result issuance at the center: render + province seal + timestamp + store, results/s',
  async run(): Promise<Figure[]> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-bench-results-'));
    const backend = backends[backends.length - 1]!;
    const place = await backend.fresh();
    const store = await openStore(place.opts);
    try {
      await createDemoPki(path.join(dir, 'pki'), { pin: '246802' });
      const pki = await CenterPki.open(path.join(dir, 'pki'));
      const issue = () => issueResult(store.db, pki, input(crypto.randomUUID()));
      const code = '7K3M-9QXR-2HTB-5WZD';
      const render = () =>
        renderResultDocument({
          kind: 'licence',
          title: '食品经营许可证',
          issuer: '石家庄市长安区市场监督管理局',
          caseNumber: '130102202509300A0001000042X',
          applicantName: '石家庄市𠈌记食品有限公司',
          itemName: '食品经营许可（新办）',
          body: input('').body,
          validUntil: '2031-11-25',
          issuedOn: '2026-11-26',
          verification: { code, url: `http://127.0.0.1:4780/verify/${code}` },
        });
      // Warm up fonts, keys, statements.
      for (let i = 0; i < 5; i++) await issue();
      for (let i = 0; i < 5; i++) await render();

      const renderRate = await rate(RUNS, 1, render);
      const seqRate = await rate(RUNS, 1, issue);
      const parRate = await rate(RUNS, PARALLEL, issue);
      const [size] = await store.db.query<{ avg: string }>('SELECT avg(size)::int::text AS avg FROM results');
      return [
        {
          name: `issueResult, one at a time (${backend.name})`,
          value: seqRate,
          unit: 'results/s',
          baseline: { name: 'render the same licence, unsigned', value: renderRate, unit: 'results/s' },
          notes: `${RUNS} results, RSA-2048 province seal + in-process TSA (B-T), ~${Math.round(Number(size?.avg ?? 0) / 1024)} kB each`,
        },
        {
          name: `issueResult, ${PARALLEL} callers at once (${backend.name})`,
          value: parRate,
          unit: 'results/s',
          baseline: { name: 'one at a time', value: seqRate, unit: 'results/s' },
          notes: `${os.cpus().length} cores`,
        },
      ];
    } finally {
      await store.close();
      await place.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

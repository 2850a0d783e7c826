/**
 * From the last department's approval to the result verified at the window (issue 6), over
 * loopback, against a same-run baseline.
 *
 * The center runs as in production: the public HTTP app (department console, PKI, sync
 * endpoint) and the HTTPS sync service (TLS certificate and device certificates from the
 * province root of the PKI directory) on one store. The window is main's SyncClient (device
 * key on disk, signed requests, HTTPS trusting the province root only; the sync address
 * found through GET /v1/sync-endpoint) and main's print service (result-verifier, trust
 * root and CRL cached from the center by PkiCache).
 *
 * N joint-approval cases (建筑工程施工许可, lead 130102-approval with 130102-housing) are
 * accepted at window w-130102-01 and approved by the lead department first. Then, for each
 * case, the clock runs from the housing reviewer's approval (POST /v1/console/steps/:id/approve
 * with the session cookie and CSRF header) through the lead's result issuance (POST
 * /v1/console/cases/:id/result: render, province seal, timestamp, store), the window's
 * signed pulls until the case's `result` change arrives, the PDF download (SHA-256 checked)
 * and the verification before printing (signatures, chain to the province root, CRL,
 * province seal) — until it says OK.
 *
 * Baseline: the window's idle pull (one signed pull round trip, nothing new), median.
 *
 * The store is PostgreSQL when DATABASE_URL is set (a fresh database, dropped after),
 * otherwise PGlite in a temp directory; the figure names which.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src-center/app';
import { buildSyncApp } from '../src-center/sync/app';
import { loadSyncAuthority } from '../src-center/sync/authority';
import { rootSha256, type SyncEndpointSource } from '../src-center/sync/server';
import { openStore } from '../src-center/store/index';
import { scryptProtector } from '../src-main/services/device';
import { PkiCache } from '../src-main/services/keystore';
import { setupPrinting } from '../src-main/services/printer/setup';
import { SyncClient } from '../src-main/services/sync-transport';
import { CONSOLE_CSRF_HEADER, ConsoleCase } from '../src-shared/protocol/console';
import type { Change, PullResponse } from '../src-shared/protocol/sync';
import { backends } from '../tests/integration/center/backends';
import type { SyncCenter } from '../tests/integration/sync/harness';
import { acceptCase, ADMIN_TOKEN, consoleCall, implementation, openWindow, reviewerOf, type AcceptedCase, type Login } from '../tests/integration/workflow/harness';
import { median, percentile, type Benchmark, type Figure } from './harness';

const CASES = Number(process.env.BENCH_APPROVAL_CASES ?? 15);
const WARMUP = 2;
const IDLE_PULLS = 60;
const WINDOW_ID = 'w-130102-01';
const IMPLEMENTATION = '111301020101600100001';
const LEAD = '130102-approval';
const OTHER = '130102-housing';
const PULL_LIMIT = 500; // the renderer engine's pullLimit

type ResultChange = Extract<Change, { kind: 'result' }>;

/** Now, as the window writes times (+08:00). */
const nowAt = () => new Date(Date.now() + 8 * 3_600_000).toISOString().replace(/\.\d+Z$/, '+08:00');

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: { kind: string; message: string } }, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${r.error.kind} ${r.error.message}`);
  return r.value;
}

export const approvalBench: Benchmark = {
  id: 'approval',
  title: 'last department approval → result verified at the window, over loopback (HTTP console, HTTPS sync)',
  async run(): Promise<Figure[]> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-bench-approval-'));
    const backend = backends[backends.length - 1]!;
    const place = await backend.fresh();
    const store = await openStore(place.opts);
    const adminBefore = process.env.CENTER_ADMIN_TOKEN;
    process.env.CENTER_ADMIN_TOKEN = ADMIN_TOKEN; // reviewer accounts (set-up only)
    const closers: Array<() => Promise<void> | void> = [];
    try {
      // ---- the center: sync service (HTTPS) and public app (HTTP) on one store ----
      const pkiDir = path.join(dir, 'pki');
      const authority = await loadSyncAuthority(pkiDir); // creates the demo PKI (RSA root, province seal, TSA)
      const { app: syncApp, registry } = await buildSyncApp(store, { authority, adminToken: ADMIN_TOKEN });
      closers.push(() => syncApp.close());
      await syncApp.listen({ port: 0, host: '127.0.0.1' });
      const source: SyncEndpointSource = { port: (syncApp.server.address() as { port: number }).port, rootSha256: rootSha256(authority) };
      const web: FastifyInstance = await buildApp(store, { pkiDir, syncEndpoint: source, workflow: { consoleDir: path.join(dir, 'no-console-build') } });
      closers.push(() => web.close());
      await web.listen({ port: 0, host: '127.0.0.1' });
      const webUrl = `http://127.0.0.1:${(web.server.address() as { port: number }).port}`;

      // ---- the window: main's sync client and print service ----
      const winDir = path.join(dir, 'window');
      const rootFile = path.join(dir, 'province-root.pem');
      writeFileSync(rootFile, authority.rootPem);
      const client = new SyncClient({ dataDir: winDir, protector: scryptProtector(path.join(winDir, 'device', 'machine-secret')), rootFile, centerUrl: async () => webUrl });
      closers.push(() => client.close());
      await client.enroll({ code: (await registry.createEnrollmentCode(WINDOW_ID)).code, deviceId: 'BNCH01', windowId: WINDOW_ID });
      const pki = new PkiCache({ dir: path.join(winDir, 'pki-cache'), centerUrl: async () => webUrl });
      const printing = setupPrinting({ dataDir: winDir, trust: pki, env: { YICHUANG_CUPS: '0' } });

      // ---- set-up (untimed): cases accepted at the window, approved by the lead department ----
      const center: SyncCenter = { store, app: syncApp, registry, authority, close: async () => undefined };
      const win = await openWindow(center, WINDOW_ID); // a counter PC of the same window pushes the cases
      const impl = await implementation(center, 'im.implementation_code = $1', [IMPLEMENTATION]);
      if (impl.departmentCode !== LEAD || impl.reviewDepartmentCodes.join() !== [LEAD, OTHER].join())
        throw new Error(`${IMPLEMENTATION}: departments ${impl.reviewDepartmentCodes.join(', ')} (lead ${impl.departmentCode}), expected ${LEAD}, ${OTHER}`);
      const lead = await reviewerOf(web, LEAD);
      const other = await reviewerOf(web, OTHER);
      const stepOf = async (who: Login, caseId: string) => {
        const res = await consoleCall(web, who, 'GET', `/v1/console/cases/${caseId}`);
        if (res.status !== 200) throw new Error(`open ${caseId}: ${res.status} ${JSON.stringify(res.body)}`);
        return ConsoleCase.parse(res.body).myStep.stepId;
      };
      const prepared: Array<{ k: AcceptedCase; otherStep: string }> = [];
      for (let i = 0; i < CASES + WARMUP; i++) {
        const k = await acceptCase(center, win, impl, { at: nowAt(), applicantName: `石家庄市𠈌记建设有限公司${i + 1}` });
        const approved = await consoleCall(web, lead, 'POST', `/v1/console/steps/${await stepOf(lead, k.caseId)}/approve`, { opinion: '符合条件' });
        if (approved.status !== 200) throw new Error(`lead approval: ${approved.status} ${JSON.stringify(approved.body)}`);
        prepared.push({ k, otherStep: await stepOf(other, k.caseId) });
      }

      // The window catches up with everything so far; from here on a pull brings only news.
      let cursor: string | undefined;
      const pullPage = async (): Promise<PullResponse> => {
        const page = unwrap(await client.pull({ cursor, limit: PULL_LIMIT }), 'pull');
        cursor = page.cursor || cursor;
        return page;
      };
      for (let i = 0; i < 1000 && (await pullPage()).more; i++);
      await pki.trustRoots(); // the window has the root and a current CRL cached, as after any sync
      await pki.crls();

      // ---- the measured path, over real sockets ----
      const consolePost = async (who: Login, url: string, body: unknown): Promise<{ caseStatus: string }> => {
        const res = await fetch(webUrl + url, {
          method: 'POST',
          headers: { cookie: who.cookie, [CONSOLE_CSRF_HEADER]: who.csrf, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const json = (await res.json()) as { caseStatus: string };
        if (res.status !== 200) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(json)}`);
        return json;
      };
      const issueBody = { kind: 'licence', title: '建筑工程施工许可证', body: '经联合审查，该工程符合施工许可条件，准予施工。\n建设地点：石家庄市长安区中山东路1号。', validUntil: '2027-11-26' };
      const split = { approve: [] as number[], issue: [] as number[], pull: [] as number[], download: [] as number[], verify: [] as number[] };
      const total: number[] = [];
      let pulls = 0;
      let held = 0;
      let pdfBytes = 0;
      for (const [i, { k, otherStep }] of prepared.entries()) {
        const t0 = performance.now();
        const approved = await consolePost(other, `/v1/console/steps/${otherStep}/approve`, { opinion: '同意' });
        if (approved.caseStatus !== 'approved') throw new Error(`after the last approval the case is ${approved.caseStatus}`);
        const t1 = performance.now();
        // A reviewer's click in reality; timed here right after the approval.
        const issued = await consolePost(lead, `/v1/console/cases/${k.caseId}/result`, issueBody);
        if (issued.caseStatus !== 'completed') throw new Error(`after issuing the case is ${issued.caseStatus}`);
        const t2 = performance.now();
        let result: ResultChange | undefined;
        let rounds = 0;
        while (!result) {
          if (rounds++ > 2000) throw new Error(`the result of ${k.caseNumber} did not arrive in 2,000 pulls`);
          const page = await pullPage();
          result = page.changes.find((c): c is ResultChange => c.kind === 'result' && c.caseId === k.caseId);
          // PostgreSQL: a writing transaction elsewhere on the server holds new rows back a moment (sync/changes.ts).
          if (!result && !page.more) {
            held++;
            await new Promise((r) => setTimeout(r, 2));
          }
        }
        const t3 = performance.now();
        const pdf = unwrap(await client.resultPdf({ resultId: result.resultId, sha256: result.sha256 }), 'result PDF');
        const t4 = performance.now();
        const check = await printing.check(pdf.pdf, result.sha256);
        if (!check.ok) throw new Error(`the window refused the result: ${check.code} ${check.reason} ${check.problems.join('; ')}`);
        const t5 = performance.now();
        if (i < WARMUP) continue; // fonts, keys, TLS sessions, statement plans
        pulls += rounds;
        pdfBytes = pdf.pdf.length;
        total.push(t5 - t0);
        split.approve.push(t1 - t0);
        split.issue.push(t2 - t1);
        split.pull.push(t3 - t2);
        split.download.push(t4 - t3);
        split.verify.push(t5 - t4);
      }

      // ---- baseline: the window's idle pull ----
      const idle: number[] = [];
      for (let i = 0; i < IDLE_PULLS + 5; i++) {
        const t0 = performance.now();
        const page = await pullPage();
        const ms = performance.now() - t0;
        if (page.changes.length) throw new Error(`idle pull brought ${page.changes.length} changes`);
        if (i >= 5) idle.push(ms);
      }

      const ms = (xs: number[]) => `${median(xs).toFixed(1)}`;
      return [
        {
          name: `last approval → result verified at the window, median of ${CASES} cases (${backend.name})`,
          value: median(total),
          unit: 'ms',
          baseline: { name: "the window's idle pull (signed, HTTPS, nothing new), median", value: median(idle), unit: 'ms' },
          notes:
            `p95 ${percentile(total, 95).toFixed(0)} ms${CASES < 20 ? ` (of ${CASES}: the slowest)` : ''}; medians: approve ${ms(split.approve)} + issue ${ms(split.issue)} (render, RSA-2048 province seal, TSA, store) + pull ${ms(split.pull)} ` +
            `+ download ${ms(split.download)} (${Math.round(pdfBytes / 1024)} kB, SHA-256) + verify ${ms(split.verify)} ms (signatures, chain, CRL, province seal); ` +
            `the issuance is a reviewer's click in reality, timed here right after the approval; the window pulls at once (its idle pull interval, up to 60 s, is not counted); ` +
            `${(pulls / CASES).toFixed(1)} pulls per case${held ? `, ${held} empty (rows held back by the pull horizon)` : ''}; console over HTTP, sync over HTTPS, all on 127.0.0.1`,
        },
      ];
    } finally {
      for (const close of closers.reverse()) await close();
      await store.close();
      await place.cleanup();
      if (adminBefore === undefined) delete process.env.CENTER_ADMIN_TOKEN;
      else process.env.CENTER_ADMIN_TOKEN = adminBefore;
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

// Issue 3 acceptance: killing the app during a save, 20 times, never leaves a half-
// written case. The page's renderer process is crashed (CDP Page.crash: no unload, no
// goodbye) at a random moment after the clerk presses save; a new page on the same
// profile then finds every case either fully present — with its events, its outbox
// records and its scans — or absent (its draft still there to finish). Every fifth
// round the whole browser is closed and started again on the profile as well.
import { expect, test, chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CatalogItem } from '../../src-shared/domain/catalog';
import { makeResidentId } from '../../src-shared/domain/identifiers';
import { CatalogResponse } from '../../src-shared/protocol/sync';
import { CHROMIUM_ARGS, findChromium } from './support/chromium';
import { attach, decide, fillPerson, fillRequiredForm, next, pdfFile, readStores, startIntake } from './support/intake';
import { startStack, type Stack } from './support/stack';

let stack: Stack;
let item: CatalogItem;
let profile: string;

test.beforeAll(async () => {
  stack = await startStack();
  const items = CatalogResponse.parse(await (await fetch(`${stack.centerUrl}/v1/catalog?region=130102`)).json()).items;
  item = items.find(
    (i) => i.caseType === '2' && i.promisedDays <= 10 && i.applicantKinds.includes('person') && i.formFields.every((f) => !f.required || f.type === 'text' || f.type === 'textarea' || f.type === 'number') && i.materials.some((m) => m.required),
  )!;
  expect(item, 'a simple promised item for persons').toBeTruthy();
  profile = mkdtempSync(path.join(os.tmpdir(), 'yc-e2e-profile-'));
});
test.afterAll(async () => {
  await stack?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function open(): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: findChromium(), args: CHROMIUM_ARGS, locale: 'zh-CN', viewport: { width: 1366, height: 860 } });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(stack.appUrl);
  await expect(page.getByTestId('app-shell')).toBeVisible();
  return { ctx, page };
}

/** Every case whole, nothing belonging to no case. */
function checkWhole(s: Awaited<ReturnType<typeof readStores>>): void {
  const ids = new Set(s.cases.map((c) => c.id));
  for (const c of s.cases) {
    expect(s.events.filter((e) => e.caseId === c.id).map((e) => e.seq).sort(), `events of ${c.caseNumber}`).toEqual([1, 2]);
    expect(s.outbox.filter((o) => o.caseId === c.id), `outbox of ${c.caseNumber}`).toHaveLength(2);
    for (const m of c.materials) for (const sc of m.scans) expect(s.blobs, `scan of ${c.caseNumber}`).toContain(sc.sha256);
  }
  for (const e of s.events) expect(ids.has(e.caseId), 'an event without its case').toBe(true);
  for (const o of s.outbox) expect(ids.has(o.caseId), 'an outbox record without its case').toBe(true);
  const seqs = s.outbox.map((o) => o.deviceSeq).sort((a, b) => a - b);
  expect(seqs, 'device sequence without gaps').toEqual(seqs.map((_, i) => i + 1));
}

test('killing the app mid-save never leaves a half-written case (20 times)', async () => {
  test.setTimeout(600_000);
  const scan = await pdfFile('big-scan.pdf', 'x'.repeat(2000));
  let saved = 0;
  let interrupted = 0;
  let { ctx, page } = await open();
  await expect(page.getByTestId('catalog-item').first()).toBeVisible();
  for (let round = 0; round < 20; round++) {
    const before = (await readStores(page)).cases.length;
    await page.getByTestId('nav-intake').click();
    const resume = page.getByTestId('draft-resume');
    if (await resume.count()) {
      await resume.first().click();
      await page.getByTestId('intake-steps-decision').click();
    } else {
      await startIntake(page, item.implementationCode, item.implementationCode);
      await next(page);
      await fillPerson(page, { name: `王${'一二三四五六七八九十'[round % 10]}`, id: makeResidentId('130102', '1980-01-15', 100 + round) });
      await next(page);
      await fillRequiredForm(page, item);
      await page.getByTestId('materials-all-received').click();
      await attach(page, item.materials[0]!.id, scan);
      await next(page);
    }
    await decide(page, 'accept');
    await expect(page.getByTestId('intake-save')).toBeEnabled();
    // Save, and kill the page somewhere during the save (number, render, transaction).
    const cdp = await ctx.newCDPSession(page);
    await page.getByTestId('intake-save').click();
    await page.waitForTimeout(Math.floor(Math.random() * 1200));
    // Page.crash never answers (the renderer is gone): wait for the crash itself.
    const crashed = page.waitForEvent('crash', { timeout: 10_000 });
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;
    await page.close().catch(() => undefined);

    if (round % 5 === 4) {
      await ctx.close();
      ({ ctx, page } = await open());
    } else {
      page = await ctx.newPage();
      await page.goto(stack.appUrl);
      await expect(page.getByTestId('app-shell')).toBeVisible();
    }
    const s = await readStores(page);
    checkWhole(s);
    if (s.cases.length > before) saved++;
    else interrupted++;
    test.info().annotations.push({ type: 'round', description: `${round}: ${s.cases.length > before ? 'saved' : 'cut short'}` });
    process.stderr.write(`round ${round}: ${s.cases.length > before ? 'saved' : 'cut short'} (${s.cases.length} cases)\n`);
  }
  await ctx.close();
  console.log(`20 kills: ${saved} saves had completed, ${interrupted} were cut short`);
  expect(saved + interrupted).toBe(20);
});

// Issue 6, a result sent for collection to a window that did not accept the case (rule 14),
// across processes: another county's window (w-130104-01, the clerk app's own sync client)
// accepts a joint-approval case; both departments approve and the lead one issues the
// result with this window (w-130102-01, the browser) as the collect window. The browser
// window pulls it, downloads and verifies it, prints two copies to 另存为PDF (the exact
// published bytes, read back with pdftotext), is refused a reprint without a reason and
// registers the hand-over — all kept in its result log, not in a case chain it never had.
// The log rows wait as 待上传 while the center cannot be told, and are 已上传 after 立即同步;
// the center then refuses a second hand-over, even from the accepting window.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CatalogItem } from '../../src-shared/domain/catalog';
import { makeResidentId } from '../../src-shared/domain/identifiers';
import { CatalogResponse } from '../../src-shared/protocol/sync';
import { windowAcceptsJointCase, type AcceptedCase } from './support/accepting-window';
import { readStores } from './support/intake';
import { actOnStep, freePort, issueResult, reviewerOf, stepOf } from './support/operator';
import { closeDrawers, enrollInPanel, openSyncPanel } from './support/province';
import { printTwoThenReprint } from './support/result-printing';
import { startStack, type Stack } from './support/stack';

/** The browser: the collect window. */
const WINDOW_ID = 'w-130102-01';
/** The accepting window, in another county. */
const ACCEPTING = { windowId: 'w-130104-01', regionCode: '130104', clerkId: 'c-130104-01-1' };
const TOKEN = `e2e-elsewhere-${process.pid}-${Date.now()}`;

let stack: Stack;
let tmp: string;
let rootPem: string;
let printDir: string;
let item: CatalogItem;
let accepted: AcceptedCase | undefined;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'yc-e2e-elsewhere-'));
  const pkiDir = path.join(tmp, 'pki');
  rootPem = path.join(pkiDir, 'root.pem');
  printDir = path.join(tmp, 'prints');
  stack = await startStack({
    centerEnv: { CENTER_ADMIN_TOKEN: TOKEN, CENTER_PKI_DIR: pkiDir, CENTER_SYNC_PORT: String(await freePort()) },
    hostEnv: { YICHUANG_PROVINCE_ROOT: rootPem, YICHUANG_PRINT_DIR: printDir, YICHUANG_CUPS: '0' },
  });
  const items = CatalogResponse.parse(await (await fetch(`${stack.centerUrl}/v1/catalog?region=${ACCEPTING.regionCode}`)).json()).items;
  const found = items.find((i) => i.regionCode === ACCEPTING.regionCode && i.reviewDepartments.length === 2 && i.caseType === '2');
  if (!found) throw new Error(`the demo catalog has no two-department item in ${ACCEPTING.regionCode}`);
  item = found;
});
test.afterAll(async () => {
  accepted?.client.close();
  await stack?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The result log rows the drawer shows: type and state, in order. */
async function logRows(page: Page): Promise<string[]> {
  return page
    .getByTestId('result-detail')
    .getByTestId('result-log-row')
    .evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-type')}:${r.getAttribute('data-state')}`));
}

/** The window's result log for one result, in order, read from its database. */
async function storedLog(page: Page, resultId: string): Promise<{ state: string; attempts: number }[]> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('yichuang');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    type Row = { resultId: string; n: number; state: string; attempts: number };
    const rows = await new Promise<Row[]>((resolve, reject) => {
      const req = db.transaction('resultLog').objectStore('resultLog').getAll();
      req.onsuccess = () => resolve(req.result as Row[]);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return rows
      .filter((r) => r.resultId === id)
      .sort((a, b) => a.n - b.n)
      .map((r) => ({ state: r.state, attempts: r.attempts }));
  }, resultId);
}

test('a result sent here for collection from another county: downloaded, verified, printed, handed over, its log reaches the center once', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto(stack.appUrl);
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'online', { timeout: 60_000 });
  // Until this is lifted, main answers the page that the center cannot be reached when the
  // result log is sent (as when the sync port is down), so its entries wait as 待上传.
  const RESULT_LOG_CALL = '**/api/sync:result-log';
  await page.route(RESULT_LOG_CALL, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { kind: 'offline', message: '无法连接省级中心 (test: center unreachable)' } }) }),
  );
  const panel = await enrollInPanel(page, { centerUrl: stack.centerUrl, rootPemFile: rootPem, token: TOKEN, windowId: WINDOW_ID });

  // Another county's window accepts the case and sends it up.
  accepted = await windowAcceptsJointCase(
    { centerUrl: stack.centerUrl, rootFile: rootPem, adminToken: TOKEN, dataDir: path.join(tmp, 'accepting-window'), ...ACCEPTING },
    item,
    '周异地',
  );
  const { caseId, caseNumber } = accepted;

  // Every department approves; the lead issues the result, to be collected at the browser's window.
  for (const d of item.reviewDepartments.filter((x) => x.code !== item.department.code)) {
    const r = await reviewerOf({ centerUrl: stack.centerUrl, token: TOKEN, departmentCode: d.code, username: `e2e-${d.code}-${randomUUID().slice(0, 6)}`, name: '审查员' });
    await actOnStep(r, await stepOf(r, caseNumber), 'approve', { opinion: '同意' });
  }
  const lead = await reviewerOf({ centerUrl: stack.centerUrl, token: TOKEN, departmentCode: item.department.code, username: `e2e-lead-${randomUUID().slice(0, 6)}`, name: '牵头审查员' });
  await actOnStep(lead, await stepOf(lead, caseNumber), 'approve', { opinion: '同意' });
  const issued = await issueResult(lead, caseId, { kind: 'licence', title: '准予行政许可决定书', body: '经审查，申请材料齐全、符合法定形式，准予行政许可。', collectWindowId: WINDOW_ID });
  const result = issued.result!;
  expect(result.status).toBe('valid');
  expect(result.collectWindowId).toBe(WINDOW_ID);

  // The browser window pulls it and downloads the PDF by itself; it is marked 异地受理.
  await panel.getByTestId('sync-now').click();
  await closeDrawers(page);
  await page.getByTestId('nav-results').click();
  const row = page.locator(`[data-testid="result-row"][data-result-id="${result.resultId}"]`);
  await expect(row).toHaveAttribute('data-stage', 'awaiting-print', { timeout: 90_000 });
  await expect(row).toContainText(caseNumber);
  await expect(row.getByTestId('result-row-elsewhere')).toHaveText('异地受理');
  await page.locator('body').press('/');
  await expect(page.getByTestId('results-search')).toBeFocused();
  await page.keyboard.type(caseNumber);
  await expect(page.getByTestId('result-row')).toHaveCount(1);
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('result-detail');
  await expect(detail).toHaveAttribute('data-result-id', result.resultId);
  await expect(detail.getByTestId('result-elsewhere')).toHaveText('异地受理');
  await expect(detail.getByTestId('result-elsewhere-info')).toContainText('其他窗口受理');
  await expect(detail.getByTestId('result-open-case')).toHaveCount(0);
  await expect(detail.getByTestId('result-verification-code')).toHaveText(result.verificationCode);
  await expect(detail.getByTestId('result-verify')).toHaveAttribute('data-ok', 'true', { timeout: 30_000 });
  await expect(detail.getByTestId('result-verify')).toContainText('河北省政务服务电子印章');
  await expect.poll(() => logRows(page), { timeout: 30_000 }).toEqual(['result-received:pending']);

  // Two copies to 另存为PDF (the published bytes, title and code read back), a reprint only with a reason.
  await printTwoThenReprint(page, detail, printDir, result);

  // The hand-over: this window has no case, so the clerk types the collector's name; ID checked in person.
  const collector = { name: '周异地', id: makeResidentId('130104', '1986-03-12', 27) };
  await detail.getByTestId('result-handover-name').fill(collector.name);
  await detail.getByTestId('result-handover-doc-number').fill(collector.id);
  await detail.getByTestId('result-handover-submit').click();
  await expect(detail.getByTestId('result-handover').locator('.ant-form-item-explain-error', { hasText: '核验' })).toBeVisible();
  await detail.getByTestId('result-handover-id-checked').check();
  await detail.getByTestId('result-handover-submit').click();
  await expect(detail.getByTestId('result-collected')).toContainText(collector.name);
  await expect(detail).toHaveAttribute('data-stage', 'collected');
  await expect
    .poll(() => logRows(page), { timeout: 30_000 })
    .toEqual(['result-received:pending', 'result-printed:pending', 'result-printed:pending', 'result-collected:pending']);

  // The window never touched the case's chain: no record of it in the outbox, no case.
  const stores = await readStores(page);
  expect(stores.outbox.filter((r) => r.caseId === caseId)).toEqual([]);
  expect(stores.cases.filter((c) => c.id === caseId)).toEqual([]);

  // A sync while the log cannot get through leaves every row waiting (tried, not lost, not refused).
  const syncPanel = await openSyncPanel(page);
  await syncPanel.getByTestId('sync-now').click();
  await expect.poll(async () => (await storedLog(page, result.resultId)).map((r) => `${r.state}:${r.attempts > 0}`), { timeout: 60_000 }).toEqual(Array(4).fill('pending:true'));

  // The center can be told again: 立即同步 sends the log, every row is 已上传.
  await page.unroute(RESULT_LOG_CALL);
  await expect
    .poll(
      async () => {
        const states = (await storedLog(page, result.resultId)).map((r) => r.state);
        if (states.some((s) => s !== 'sent') && (await syncPanel.getByTestId('sync-now').isEnabled())) await syncPanel.getByTestId('sync-now').click();
        return states;
      },
      { timeout: 90_000, intervals: [1000, 2000, 3000] },
    )
    .toEqual(['sent', 'sent', 'sent', 'sent']);
  await closeDrawers(page);
  await page.getByTestId('results-tab-collected').click();
  await page.locator(`[data-testid="result-row"][data-result-id="${result.resultId}"]`).click();
  await expect(detail.getByTestId('result-log-row')).toHaveCount(4);
  for (const r of await detail.getByTestId('result-log-row').all()) await expect(r).toHaveAttribute('data-state', 'sent');
  await expect(detail.getByTestId('result-collected')).toContainText(collector.name);

  // A second hand-over is refused by the center, even from the window that accepted the case.
  const again = await accepted.client.resultLog([
    {
      id: randomUUID(),
      deviceId: accepted.deviceId,
      windowId: ACCEPTING.windowId,
      resultId: result.resultId,
      caseId,
      type: 'result-collected',
      at: new Date().toISOString(),
      actor: ACCEPTING.clerkId,
      data: {
        resultId: result.resultId,
        collectorName: '另一人',
        documentType: '111',
        documentNumber: makeResidentId('130104', '1990-01-01', 15),
        idChecked: true,
        collectorRole: 'applicant',
        at: new Date().toISOString(),
        clerkId: ACCEPTING.clerkId,
      },
    },
  ]);
  expect(again.ok, JSON.stringify(again)).toBe(true);
  const [answer] = again.ok ? again.value.results : [];
  expect(answer).toMatchObject({ status: 'rejected', code: 'already_collected', field: 'resultId' });
  expect(answer && 'message' in answer ? answer.message : '').toContain(WINDOW_ID);
});

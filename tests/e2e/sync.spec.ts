// Issue 5 acceptance: the window takes cases in while the center is down; the center comes
// back; the operator gives the PC a one-time enrollment code and the clerk enrolls it in the
// sync panel; the panel shows the records and bytes going up until nothing but the refused
// case is left; the center refused a case whose item the province had withdrawn from its
// catalog while the window was offline, and that rejection waits in 需处理 with its reason
// and field; the operator puts the item back, the clerk resubmits from 需处理, the center
// accepts it and the list empties. The center's routing of an accepted case comes back by
// pull and shows in the case's detail, beside the window's own events; then one department
// asks for a supplement on one case and another refuses the other: the window shows each
// outcome as the center's (待补正（中心）, 不予许可（中心）), the notice with every item, the
// refusal with every reason, and the center-status filter finds them.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CatalogItem } from '../../src-shared/domain/catalog';
import { makeResidentId } from '../../src-shared/domain/identifiers';
import { CatalogResponse, WindowsResponse } from '../../src-shared/protocol/sync';
import { attach, decide, fillPerson, fillRequiredForm, next, pdfFile, receive, save, startIntake } from './support/intake';
import { actOnStep, enrollmentCode, freePort, restoreImplementation, reviewerOf, stepOf, syncEndpoint, withdrawImplementation, type ReviewerSession } from './support/operator';
import { startStack, type Stack } from './support/stack';

const WINDOW_ID = 'w-130102-01';
const TOKEN = `e2e-operator-${process.pid}-${Date.now()}`;

let stack: Stack;
let items: CatalogItem[];
let tmp: string;
let rootPem: string;

test.beforeAll(async () => {
  // The province PKI of this run (made by the center on first use) and a sync port that stays the same across restarts.
  tmp = mkdtempSync(path.join(os.tmpdir(), 'yc-e2e-sync-'));
  const pkiDir = path.join(tmp, 'pki');
  rootPem = path.join(pkiDir, 'root.pem');
  stack = await startStack({
    centerEnv: { CENTER_ADMIN_TOKEN: TOKEN, CENTER_PKI_DIR: pkiDir, CENTER_SYNC_PORT: String(await freePort()) },
    hostEnv: { YICHUANG_PROVINCE_ROOT: rootPem },
  });
  const windows = WindowsResponse.parse(await (await fetch(`${stack.centerUrl}/v1/windows`)).json()).windows;
  const region = windows.find((w) => w.id === WINDOW_ID)!.regionCode;
  items = CatalogResponse.parse(await (await fetch(`${stack.centerUrl}/v1/catalog?region=${region}`)).json()).items;
});
test.afterAll(async () => {
  await stack?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const simpleForm = (i: CatalogItem) => i.formFields.every((f) => !f.required || f.type === 'text' || f.type === 'textarea' || f.type === 'number');
const forPersons = (i: CatalogItem) => i.caseType === '2' && i.promisedDays <= 20 && i.applicantKinds.includes('person') && simpleForm(i);

async function accept(page: Page, item: CatalogItem, who: { name: string; id: string }, scan: string): Promise<string> {
  await startIntake(page, item.implementationCode, item.implementationCode);
  await next(page);
  await fillPerson(page, who);
  await next(page);
  await fillRequiredForm(page, item);
  await receive(page, item);
  await attach(page, item.materials[0]!.id, scan);
  await next(page);
  await decide(page, 'accept');
  return save(page);
}

const row = (page: Page, caseNumber: string) => page.locator(`[data-testid="case-row"][data-case-number="${caseNumber}"]`);

test('accept offline, enroll, watch the sync, fix a center-side rejection from 需处理', async ({ page }) => {
  test.setTimeout(600_000);
  // The window caches the catalog while the center is up.
  await page.goto(stack.appUrl);
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'online');
  await expect(page.getByTestId('catalog-item').first()).toBeVisible();

  // The center goes down. Meanwhile the province withdraws one implementation from its
  // catalog; the window, offline, still has it in its cached catalog.
  await stack.stopCenter();
  await page.reload();
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'offline');
  const [kept, withdrawn] = items.filter(forPersons);
  if (!kept || !withdrawn) throw new Error('the demo catalog needs two promised items for persons');
  const withdrawnRow = await withdrawImplementation(stack.centerDataDir, withdrawn.implementationCode);

  // Two cases accepted offline: one with a scan, one for the withdrawn item.
  const scan = await pdfFile('sync-scan.pdf', 'business licence copy '.repeat(400));
  const scanBytes = statSync(scan).size;
  const good = await accept(page, kept, { name: '周同步', id: makeResidentId('130102', '1986-02-03', 51) }, scan);
  const refused = await accept(page, withdrawn, { name: '吴拒收', id: makeResidentId('130102', '1979-12-24', 62) }, await pdfFile('sync-scan-2.pdf', 'identity card copy'));
  await page.getByTestId('nav-cases').click();
  await page.getByTestId('cases-tab-all').click();
  await expect(row(page, good)).toHaveAttribute('data-sync', 'pending');
  await expect(row(page, refused)).toHaveAttribute('data-sync', 'pending');
  const goodId = (await row(page, good).getAttribute('data-case-id'))!;
  const refusedId = (await row(page, refused).getAttribute('data-case-id'))!;

  // The center is back. The operator creates a one-time code; the clerk enrolls this PC.
  await stack.startCenter();
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'online', { timeout: 60_000 });
  const endpoint = await syncEndpoint(stack.centerUrl);
  const { code } = await enrollmentCode({ syncUrl: endpoint.url, rootPemFile: rootPem, token: TOKEN, windowId: WINDOW_ID });
  await page.getByTestId('sync-entry').click();
  const panel = page.locator('.ant-drawer').filter({ has: page.getByTestId('sync-phase') });
  await expect(panel.getByTestId('sync-enroll')).toBeVisible({ timeout: 30_000 });
  await panel.getByTestId('sync-enroll-code').fill(code.toLowerCase());
  await panel.getByTestId('sync-enroll-submit').click();
  await expect(panel.getByTestId('sync-device')).toBeVisible({ timeout: 30_000 });

  // Progress: the good case's two records and its scan go up; the withdrawn item's case is
  // refused and waits in 需处理, holding back its own later record only.
  const records = panel.getByTestId('sync-records');
  const bytes = panel.getByTestId('sync-bytes');
  await expect(records).toHaveAttribute('data-sent', '2', { timeout: 60_000 });
  await expect(records).toHaveAttribute('data-total', '2');
  await expect(records).toHaveText(/2 \/ 2/);
  expect(Number(await bytes.getAttribute('data-sent'))).toBeGreaterThanOrEqual(scanBytes);
  await expect.poll(async () => Number(await bytes.getAttribute('data-total')) - Number(await bytes.getAttribute('data-sent'))).toBe(0);
  const pending = panel.getByTestId('sync-pending');
  await expect(pending).toHaveAttribute('data-pending', '1');
  await expect(pending).toHaveAttribute('data-blocked', '1');
  await expect(panel.getByTestId('sync-phase')).toHaveText('已同步', { timeout: 30_000 });

  const attention = panel.getByTestId('sync-attention-item');
  await expect(attention).toHaveCount(1);
  await expect(attention).toHaveAttribute('data-case-id', refusedId);
  await expect(attention.getByTestId('sync-attention-message')).toContainText(withdrawn.implementationCode);
  await expect(attention.getByTestId('sync-attention-message')).toContainText('不在省级事项目录中');
  await expect(attention).toContainText('event.data.item.implementationCode');
  await expect(attention).toContainText('unknown_item');
  await expect(page.getByTestId('sync-attention-count')).toBeVisible();

  // The operator puts the implementation back (the center restarts for the catalog change).
  await stack.stopCenter();
  await restoreImplementation(stack.centerDataDir, withdrawnRow);
  await stack.startCenter();
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'online', { timeout: 60_000 });

  // The clerk resubmits from 需处理: judged afresh, accepted; nothing is left to send.
  await attention.getByTestId('sync-attention-retry').click();
  await expect(panel.getByTestId('sync-attention-item')).toHaveCount(0, { timeout: 60_000 });
  await expect(panel.getByTestId('sync-attention')).toContainText('没有需要处理的记录');
  await expect(pending).toHaveAttribute('data-pending', '0', { timeout: 60_000 });
  await expect(records).toHaveAttribute('data-sent', '4');
  await expect(page.getByTestId('sync-attention-count')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(row(page, refused)).toHaveAttribute('data-sync', 'synced');
  await expect(row(page, good)).toHaveAttribute('data-sync', 'synced');

  // The center routed the accepted case to its departments; the window pulled that back.
  await expect(row(page, good)).toHaveAttribute('data-center-status', 'in-review', { timeout: 30_000 });
  await expect(row(page, good).getByTestId('case-center-status')).toHaveText('审查中');
  await row(page, good).click();
  const detail = page.getByTestId('case-detail');
  await expect(detail).toHaveAttribute('data-case-id', goodId);
  await expect(detail).toHaveAttribute('data-center-status', 'in-review');
  const progress = detail.getByTestId('case-progress');
  const routed = progress.locator('[data-testid="case-progress-entry"][data-source="center"][data-type="routed"]');
  await expect(routed).toHaveCount(1);
  await expect(routed).toContainText('分送审查部门');
  // The window's own events are on the same time line, before the routing.
  const sources = await progress.getByTestId('case-progress-entry').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-source')}:${e.getAttribute('data-type')}`));
  expect(sources.indexOf('window:received')).toBeGreaterThanOrEqual(0);
  expect(sources.indexOf('window:received')).toBeLessThan(sources.indexOf('center:routed'));
  // The center's progress never enters the window's own hash chain.
  await expect(detail.getByTestId('chain-status').first()).toHaveAttribute('data-ok', 'true');
  await expect(detail.getByTestId('case-event')).toHaveCount(sources.filter((s) => s.startsWith('window:')).length);
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);

  // Departments at work (the console's API): a supplement request on the first case, a refusal of the second.
  const reviewers = new Map<string, ReviewerSession>();
  const reviewerFor = async (code: string) => {
    let r = reviewers.get(code);
    if (!r) {
      r = await reviewerOf({ centerUrl: stack.centerUrl, token: TOKEN, departmentCode: code, username: `e2e-${reviewers.size + 1}-${code.toLowerCase().replace(/[^a-z0-9]/g, '')}`.slice(0, 60), name: `审查员${reviewers.size + 1}` });
      reviewers.set(code, r);
    }
    return r;
  };
  const askFor = ['请补交近期一寸免冠照片两张', '请补交由单位出具的收入证明原件'];
  const ra = await reviewerFor(kept.reviewDepartments[0]!.code);
  await actOnStep(ra, await stepOf(ra, good), 'supplement', { items: askFor.map((text) => ({ text })) });
  const because = ['经营场所与生活区未有效隔离', '从业人员未取得健康证明'];
  const rb = await reviewerFor(withdrawn.reviewDepartments[0]!.code);
  await actOnStep(rb, await stepOf(rb, refused), 'refuse', { reasons: because });

  // The window learns both at its next pull (at most a minute and a heartbeat later).
  await expect(row(page, refused)).toHaveAttribute('data-center-status', 'refused', { timeout: 150_000 });
  await expect(row(page, good)).toHaveAttribute('data-center-status', 'awaiting-supplement', { timeout: 30_000 });
  await expect(row(page, refused).getByTestId('case-status')).toHaveText('不予许可（中心）');
  await expect(row(page, refused).getByTestId('case-countdown')).toHaveText('中心不予许可');
  await expect(row(page, good).getByTestId('case-status')).toHaveText('待补正（中心）');
  await expect(row(page, good).getByTestId('case-countdown')).toHaveText('计时暂停');
  // A case the center refused is no longer open at the window; the one awaiting a supplement is.
  await expect(page.getByTestId('cases-tab-open')).toHaveAttribute('data-count', '1');

  // The supplement request: a notice listing every item, and on the time line.
  await row(page, good).click();
  await expect(detail.getByTestId('case-center-supplement')).toBeVisible();
  for (const item of askFor) await expect(detail.getByTestId('case-center-supplement-items')).toContainText(item);
  await expect(detail.getByTestId('case-center-supplement-items').locator('li')).toHaveCount(askFor.length);
  const asked = progress.locator('[data-testid="case-progress-entry"][data-source="center"][data-type="supplement-requested"]');
  await expect(asked).toContainText(kept.reviewDepartments[0]!.name);
  for (const item of askFor) await expect(asked.getByTestId('case-progress-supplement')).toContainText(item);
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);

  // The refusal: every reason, in the notice and on the time line; the window's chain untouched.
  await row(page, refused).click();
  await expect(detail.getByTestId('case-center-refusal')).toContainText(withdrawn.reviewDepartments[0]!.name);
  await expect(detail.getByTestId('case-center-refusal-reasons').locator('li')).toHaveCount(because.length);
  for (const r of because) await expect(detail.getByTestId('case-center-refusal-reasons')).toContainText(r);
  const refusal = progress.locator('[data-testid="case-progress-entry"][data-source="center"]').filter({ has: page.getByTestId('case-progress-reasons') }).last();
  for (const r of because) await expect(refusal).toContainText(r);
  await expect(detail.getByTestId('chain-status').first()).toHaveAttribute('data-ok', 'true');
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);

  // The center-status filter (once the closed detail has handed the focus back to the search).
  await expect(page.getByTestId('cases-search')).toBeFocused();
  await page.getByTestId('cases-center-filter').click();
  await page.locator('.ant-select-item-option-content', { hasText: /^不予许可$/ }).click();
  await expect(page.getByTestId('cases-total')).toHaveAttribute('data-count', '1');
  await expect(row(page, refused)).toBeVisible();
  await expect(row(page, good)).toHaveCount(0);
});

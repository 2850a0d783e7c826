// Issue 6, cross-region proxy acceptance (帮办代办, DOMAIN.md rule 13), across processes: the
// operator authorises window w-130102-01 (长安区) to accept one item of 桥西区 (130104).
// Before the PC is enrolled the window has no authorisation list: the clerk, warned, takes
// in a 新华区 (130105) case; once enrolled, the center refuses it (proxy_unauthorised: no
// authorisation for that region) and it waits in 需处理 with the reason. The window then
// has its list: 代办地区 offers 桥西区 with only the authorised item; that case is accepted,
// routed to 桥西区's department — whose reviewer sees it in the console, while the same
// department of 长安区 does not — and the proxy window keeps its copy and sees its status.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CatalogItem } from '../../src-shared/domain/catalog';
import { makeResidentId } from '../../src-shared/domain/identifiers';
import { ProxyAuthorisation, shanghaiDate } from '../../src-shared/protocol/proxy';
import { CatalogResponse } from '../../src-shared/protocol/sync';
import { attach, decide, fillPerson, fillRequiredForm, next, pdfFile, receive, save } from './support/intake';
import { freePort } from './support/operator';
import { adminHttps, consoleOpen, consoleSignIn, createReviewer, enrollInPanel, openSyncPanel, worklistRow } from './support/province';
import { startStack, type Stack } from './support/stack';

const WINDOW_ID = 'w-130102-01';
const AUTHORISED = { code: '130104', name: '桥西区' };
const UNAUTHORISED = { code: '130105', name: '新华区' };
const TOKEN = `e2e-proxy-${process.pid}-${Date.now()}`;

let stack: Stack;
let tmp: string;
let rootPem: string;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'yc-e2e-proxy-'));
  const pkiDir = path.join(tmp, 'pki');
  rootPem = path.join(pkiDir, 'root.pem');
  stack = await startStack({
    centerEnv: { CENTER_ADMIN_TOKEN: TOKEN, CENTER_PKI_DIR: pkiDir, CENTER_SYNC_PORT: String(await freePort()), LOG_LEVEL: 'warn' },
    hostEnv: { YICHUANG_PROVINCE_ROOT: rootPem },
  });
});
test.afterAll(async () => {
  await stack?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const simple = (i: CatalogItem) =>
  i.caseType === '2' && i.applicantKinds.includes('person') && i.formFields.every((f) => !f.required || f.type === 'text' || f.type === 'textarea' || f.type === 'number');

/** A region's own implementations that a person can apply for with a plain form. */
async function regionItems(regionCode: string): Promise<CatalogItem[]> {
  const items = CatalogResponse.parse(await (await fetch(`${stack.centerUrl}/v1/catalog?region=${regionCode}`)).json()).items;
  return items.filter((i) => i.regionCode === regionCode && simple(i)).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

/** 代办地区: pick a region in the picker above the catalog. */
async function pickRegion(page: Page, region: { code: string; name: string }): Promise<void> {
  await page.getByTestId('proxy-region').click();
  // The list of the province's regions is long (and virtual): type to find, as a clerk does.
  await page.keyboard.type(region.name);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: `${region.name}（${region.code}）` }).click({ timeout: 30_000 });
  await expect(page.getByTestId('proxy-picker')).toHaveAttribute('data-target', region.code);
}

/** From the chosen target region's catalog: the item, then the wizard to the saved acceptance. */
async function acceptFor(page: Page, item: CatalogItem, region: { code: string; name: string }, who: { name: string; id: string }, scan: string): Promise<string> {
  await page.getByTestId('catalog-search').fill(item.implementationCode);
  const row = page.locator(`[data-testid="catalog-item"][data-code="${item.implementationCode}"]`);
  await expect(row).toBeVisible({ timeout: 30_000 });
  await row.getByTestId('catalog-pick').click();
  await expect(page.getByTestId('intake-wizard')).toBeVisible();
  await expect(page.getByTestId('proxy-tag').first()).toContainText(region.name);
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

const caseRow = (page: Page, caseNumber: string) => page.locator(`[data-testid="case-row"][data-case-number="${caseNumber}"]`);

test('a proxy window accepts for an authorised region (routed to that region) and is refused for a region it holds no authorisation for', async ({ page, browser }) => {
  test.setTimeout(600_000);
  const [authorisedItem] = await regionItems(AUTHORISED.code);
  const [strayItem] = await regionItems(UNAUTHORISED.code);
  if (!authorisedItem || !strayItem) throw new Error('the demo catalog needs plain person items in 130104 and 130105');

  // The operator's authorisation: this window, 桥西区, one item, from today for a month.
  const today = shanghaiDate(Date.now())!;
  const until = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  const admin = { centerUrl: stack.centerUrl, rootPemFile: rootPem, token: TOKEN };
  const granted = await adminHttps(admin, 'POST', '/v1/admin/proxy-authorisations', {
    windowId: WINDOW_ID,
    regionCode: AUTHORISED.code,
    itemCodes: [authorisedItem.itemCode],
    validFrom: today,
    validTo: until,
    createdBy: '省政务服务办 李明',
  });
  expect(granted.status, JSON.stringify(granted.json)).toBe(201);
  ProxyAuthorisation.parse(granted.json);

  // Not enrolled yet: no authorisation list. The clerk is warned and may still take in another region's case.
  await page.goto(stack.appUrl);
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'online', { timeout: 60_000 });
  await page.getByTestId('nav-intake').click();
  await expect(page.getByTestId('proxy-unverified')).toBeVisible({ timeout: 30_000 });
  await pickRegion(page, UNAUTHORISED);
  await expect(page.getByTestId('proxy-target-info')).toContainText('未核对授权');
  const stray = await acceptFor(page, strayItem, UNAUTHORISED, { name: '钱代办', id: makeResidentId(UNAUTHORISED.code, '1984-04-04', 21) }, await pdfFile('proxy-stray.pdf', 'proxy stray scan'));

  // Enrolled and synced: the center refuses it, and it waits in 需处理 with the reason.
  const panel = await enrollInPanel(page, { ...admin, windowId: WINDOW_ID });
  const attention = panel.getByTestId('sync-attention-item');
  await expect(attention).toHaveCount(1, { timeout: 90_000 });
  await expect(attention).toContainText(stray);
  await expect(attention).toContainText('proxy_unauthorised');
  await expect(attention.getByTestId('sync-attention-message')).toContainText(`没有${UNAUTHORISED.name}（${UNAUTHORISED.code}）的代办授权`);
  await expect(page.getByTestId('sync-attention-count')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel.getByTestId('sync-phase')).toBeHidden();

  // Now the window holds its list: 桥西区 is offered, with only the authorised item.
  await page.getByTestId('nav-intake').click();
  await expect(page.getByTestId('proxy-unverified')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('proxy-list-state')).toContainText('代办授权更新于');
  await pickRegion(page, AUTHORISED);
  await expect(page.getByTestId('proxy-target-info')).toContainText(`已授权的 1 个事项（授权至 ${until}）`);
  await expect(page.getByTestId('catalog-item')).toHaveCount(1);
  const good = await acceptFor(page, authorisedItem, AUTHORISED, { name: '王代办', id: makeResidentId(AUTHORISED.code, '1985-05-05', 11) }, await pdfFile('proxy-good.pdf', 'proxy scan'));

  // It goes up and is accepted; the refused one still waits, alone, in 需处理.
  await page.getByTestId('nav-cases').click();
  await page.getByTestId('cases-tab-all').click();
  const goodRow = caseRow(page, good);
  await expect(goodRow).toHaveAttribute('data-sync', 'synced', { timeout: 120_000 });
  await expect(goodRow.getByTestId('proxy-tag')).toHaveAttribute('data-region', AUTHORISED.code);
  await expect(caseRow(page, stray).getByTestId('proxy-tag')).toHaveAttribute('data-region', UNAUTHORISED.code);
  await expect(caseRow(page, stray)).not.toHaveAttribute('data-sync', 'synced');
  await openSyncPanel(page);
  await expect(panel.getByTestId('sync-attention-item')).toHaveCount(1);
  await expect(panel.getByTestId('sync-attention-item')).toContainText(stray);
  await page.keyboard.press('Escape');
  await expect(panel.getByTestId('sync-phase')).toBeHidden();

  // Routed to 桥西区: its department's reviewer has it in the console; 长安区's same department does not.
  const dept = authorisedItem.reviewDepartments[0]!.code;
  expect(dept.startsWith(AUTHORISED.code)).toBe(true);
  const target = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const tp = await target.newPage();
  await consoleSignIn(tp, stack.centerUrl, await createReviewer(stack.centerUrl, TOKEN, dept, '桥西审查员'));
  await expect(worklistRow(tp, good)).toBeVisible({ timeout: 30_000 });
  await consoleOpen(tp, good);
  await expect(tp.getByTestId('case-page')).toContainText(WINDOW_ID);
  await expect(tp.getByTestId('case-page')).toContainText(authorisedItem.implementationCode);
  await target.close();
  const ownDept = `${'130102'}${dept.slice(AUTHORISED.code.length)}`;
  const home = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const hp = await home.newPage();
  await consoleSignIn(hp, stack.centerUrl, await createReviewer(stack.centerUrl, TOKEN, ownDept, '长安审查员'));
  await hp.getByTestId('worklist-filter').getByText('全部').click();
  await expect(hp.getByTestId('worklist-table')).toBeVisible();
  await hp.getByTestId('worklist-search').fill(good);
  await expect(worklistRow(hp, good)).toHaveCount(0);
  await home.close();

  // The proxy window keeps its copy and sees the responsible region's progress, by pull.
  await expect(goodRow).toHaveAttribute('data-center-status', 'in-review', { timeout: 150_000 });
});

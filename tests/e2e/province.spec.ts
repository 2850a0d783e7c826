// Issue 6 acceptance, across real processes (the center, the window's browser-mode host,
// Chromium for the clerk app and Chromium for the department console):
//  1. joint approval: with the center down, the clerk accepts a 建筑工程施工许可证核发 case
//     (行政审批局 leads, 住房和城乡建设局 reviews too) with a scan; the center comes back, the
//     clerk enrolls the PC and syncs; two reviewers approve in the console, the lead one
//     issues the licence; the province-sealed result reaches the window by pull, main
//     verifies it (signature, chain, revocation), the clerk prints it to 另存为PDF (text
//     checked with pdftotext), and the print log is in the center's own database;
//  2. one joint department refuses: the case is refused with that department's reasons,
//     shown in the window's case detail;
//  3. the held result with one byte changed, or checked against a root that is not the one
//     that signed it, is refused for printing with the reason;
//  4. the public verification endpoint (JSON and page) answers genuine, unknown, and revoked
//     after the operator revokes the result — and the revocation reaches the window.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { CatalogItem } from '../../src-shared/domain/catalog';
import { makeCreditCode } from '../../src-shared/domain/identifiers';
import { CatalogResponse } from '../../src-shared/protocol/sync';
import { VerificationAnswer } from '../../src-shared/protocol/workflow';
import { attach, decide, fillOrganisation, fillRequiredForm, next, pdfFile, receive, save } from './support/intake';
import { freePort } from './support/operator';
import {
  centerCaseEvents,
  consoleApprove,
  consoleIssue,
  consoleOpen,
  consoleRefuse,
  consoleSignIn,
  createReviewer,
  enrollInPanel,
  flipBlobByte,
  foreignRootPem,
  openSyncPanel,
  pdfText,
  startIntakeByCode,
  syncUntilEmpty,
  worklistRow,
  type Login,
} from './support/province';
import { startStack, type Stack } from './support/stack';

const WINDOW_ID = 'w-130102-01';
const REGION = '130102';
const IMPLEMENTATION = '111301020101600100001';
const LEAD = '130102-approval';
const OTHER = '130102-housing';
const TOKEN = `e2e-province-${process.pid}-${Date.now()}`;
const TITLE = '建筑工程施工许可证';

let stack: Stack;
let tmp: string;
let rootPem: string;
let printDir: string;
let item: CatalogItem;
let lead: Login;
let other: Login;
/** The result of step 1, for steps 3 and 4. */
let issued: { caseId: string; caseNumber: string; resultId: string; code: string; sha256: string } | null = null;
/** The clerk's tab, kept across the tests: the window's IndexedDB (cases, results, device) lives in its browser profile. */
let clerk: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'yc-e2e-province-'));
  const pkiDir = path.join(tmp, 'pki');
  rootPem = path.join(pkiDir, 'root.pem');
  printDir = path.join(tmp, 'prints');
  stack = await startStack({
    centerEnv: { CENTER_ADMIN_TOKEN: TOKEN, CENTER_PKI_DIR: pkiDir, CENTER_SYNC_PORT: String(await freePort()), LOG_LEVEL: 'warn' },
    hostEnv: { YICHUANG_PROVINCE_ROOT: rootPem, YICHUANG_PRINT_DIR: printDir, YICHUANG_CUPS: '0' },
  });
  const items = CatalogResponse.parse(await (await fetch(`${stack.centerUrl}/v1/catalog?region=${REGION}`)).json()).items;
  const found = items.find((i) => i.implementationCode === IMPLEMENTATION);
  if (!found) throw new Error(`the demo catalog has no implementation ${IMPLEMENTATION}`);
  // The premise of the whole spec: a joint-approval item, 行政审批局 leading.
  expect(found.department.code).toBe(LEAD);
  expect(found.reviewDepartments.map((d) => d.code)).toEqual([LEAD, OTHER]);
  item = found;
  lead = await createReviewer(stack.centerUrl, TOKEN, LEAD, '李审批');
  other = await createReviewer(stack.centerUrl, TOKEN, OTHER, '孙住建');
  clerk = await (await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 860 } })).newPage();
});

// The clerk's tab is not the test's own page: keep its picture when a test fails.
// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures from a destructuring pattern
test.afterEach(async ({}, testInfo) => {
  if (clerk && testInfo.status !== testInfo.expectedStatus) await clerk.screenshot({ path: testInfo.outputPath('clerk.png') }).catch(() => undefined);
});

test.afterAll(async () => {
  await clerk?.context().close();
  await stack?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const deptName = (code: string) => item.reviewDepartments.find((d) => d.code === code)!.name;

/** The clerk accepts a case of the joint item for an organisation (legal representative 李四 of the shared data). */
async function acceptJointCase(page: Page, n: number): Promise<{ caseId: string; caseNumber: string }> {
  await startIntakeByCode(page, item.implementationCode);
  await next(page);
  await fillOrganisation(page, {
    name: `石家庄市测试${n}有限公司`,
    code: makeCreditCode({ authority: '9', category: '1', regionCode: REGION, orgBody: `MA0CX00${n}` }),
    legal: '李四',
    legalId: '130104197506010313',
  });
  await next(page);
  await fillRequiredForm(page, item);
  await receive(page, item);
  await attach(page, item.materials[0]!.id, await pdfFile(`province-scan-${n}.pdf`, `construction permit application ${n}`));
  await next(page);
  await decide(page, 'accept');
  const caseNumber = await save(page);
  const caseId = (await page.getByTestId('intake-saved').getAttribute('data-case-id'))!;
  return { caseId, caseNumber };
}

/** A reviewer's own browser (its own cookies), signed in at /console/. */
async function consoleOf(browser: Browser, who: Login): Promise<Page> {
  const ctx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 860 } });
  const page = await ctx.newPage();
  await consoleSignIn(page, stack.centerUrl, who);
  return page;
}

/** Pull now (sync panel), then close the panel. */
async function pullNow(page: Page): Promise<void> {
  const panel = await openSyncPanel(page);
  if (await panel.getByTestId('sync-now').isEnabled()) await panel.getByTestId('sync-now').click();
  await page.keyboard.press('Escape');
  await expect(panel.getByTestId('sync-phase')).toBeHidden();
}

const resultRow = (page: Page, caseId: string) => page.locator(`[data-testid="result-row"][data-case-id="${caseId}"]`);
const caseRow = (page: Page, caseNumber: string) => page.locator(`[data-testid="case-row"][data-case-number="${caseNumber}"]`);

/** 出件 → one result in its drawer, by its address (the drawer is the page's state: a reload reopens it, and main checks the bytes afresh). */
async function openResult(page: Page, resultId: string) {
  await page.evaluate((id) => {
    location.hash = `#/results?tab=all&result=${encodeURIComponent(id)}`;
  }, resultId);
  const detail = page.getByTestId('result-detail');
  await expect(detail).toHaveAttribute('data-result-id', resultId, { timeout: 30_000 });
  return detail;
}

test('joint approval: accepted offline, approved by both departments in the console, the sealed licence verified and printed at the window, the print log at the center', async ({ browser }) => {
  test.setTimeout(720_000);
  const page = clerk;

  // The window caches the catalog while the center is up; then the center goes down.
  await page.goto(stack.appUrl);
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'online', { timeout: 60_000 });
  await expect(page.getByTestId('catalog-item').first()).toBeVisible();
  await stack.stopCenter();
  await page.reload();
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'offline', { timeout: 60_000 });

  // Accepted offline, with a scan.
  const kase = await acceptJointCase(page, 2);
  await page.getByTestId('nav-cases').click();
  await page.getByTestId('cases-tab-all').click();
  await expect(caseRow(page, kase.caseNumber)).toHaveAttribute('data-sync', 'pending');

  // The center is back; the operator reads out a one-time code, the clerk enrolls the PC; everything goes up.
  await stack.startCenter();
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'online', { timeout: 90_000 });
  const panel = await enrollInPanel(page, { centerUrl: stack.centerUrl, rootPemFile: rootPem, token: TOKEN, windowId: WINDOW_ID });
  await syncUntilEmpty(page);
  await expect(panel.getByTestId('sync-attention-item')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(caseRow(page, kase.caseNumber)).toHaveAttribute('data-sync', 'synced', { timeout: 30_000 });

  // Both departments see it at once in their consoles, marked joint (2 departments).
  const housing = await consoleOf(browser, other);
  const approval = await consoleOf(browser, lead);
  for (const p of [housing, approval]) {
    await expect(worklistRow(p, kase.caseNumber)).toBeVisible({ timeout: 30_000 });
    await expect(worklistRow(p, kase.caseNumber).getByTestId('worklist-joint')).toContainText('2');
  }

  // 住房和城乡建设局 approves first: the case waits for the lead department; nothing to issue yet.
  await consoleOpen(housing, kase.caseNumber);
  await expect(housing.getByTestId('case-step')).toHaveCount(2);
  await consoleApprove(housing, kase.caseNumber, '施工图审查合格，同意');
  await expect(housing.locator(`[data-testid="case-step"][data-department="${OTHER}"]`)).toHaveAttribute('data-status', 'approved');
  await expect(housing.locator(`[data-testid="case-step"][data-department="${LEAD}"]`)).toHaveAttribute('data-status', 'pending');
  await expect(housing.getByTestId('action-issue')).toHaveCount(0);

  // 行政审批局 (lead) approves, then issues the licence.
  await consoleOpen(approval, kase.caseNumber);
  await consoleApprove(approval, kase.caseNumber, '符合施工许可条件，同意');
  await expect(approval.getByTestId('case-status').first()).toHaveAttribute('data-status', 'approved');
  const code = await consoleIssue(approval, { title: TITLE, body: '经审查，该建设工程符合施工条件，准予施工许可。' });
  await expect(approval.getByTestId('result-status')).toHaveText('有效');
  await expect(approval.getByTestId('case-status').first()).toHaveAttribute('data-status', 'completed');
  await housing.context().close();
  await approval.context().close();

  // The published hash of the document (public verification).
  const published = VerificationAnswer.parse(await (await fetch(`${stack.centerUrl}/v1/verify/${code}`)).json());
  if (published.status !== 'genuine') throw new Error(`the result just issued is ${published.status}`);

  // The result reaches the window by pull; the window downloads its PDF by itself.
  await pullNow(page);
  await page.getByTestId('nav-results').click();
  await page.getByTestId('results-tab-all').click();
  await expect(resultRow(page, kase.caseId)).toHaveAttribute('data-stage', 'awaiting-print', { timeout: 150_000 });
  await expect(resultRow(page, kase.caseId)).toContainText(kase.caseNumber);
  await expect(resultRow(page, kase.caseId)).toContainText(code);
  issued = { ...kase, resultId: (await resultRow(page, kase.caseId).getAttribute('data-result-id'))!, code, sha256: published.documentSha256 };
  const detail = await openResult(page, issued.resultId);
  await expect(detail.getByTestId('result-verification-code')).toHaveText(code);

  // Main verified the bytes held: the province seal's signature, its chain to the root, the CRL.
  const verify = detail.getByTestId('result-verify');
  await expect(verify).toHaveAttribute('data-ok', 'true', { timeout: 60_000 });
  await expect(verify).toContainText('证书链至省级根证书，未被吊销');
  await expect(verify).toContainText('有可信时间戳');
  await expect(detail.getByTestId('result-preview')).toBeVisible();

  // Printed to 另存为PDF: the exact published bytes; title, case number and code read back with pdftotext.
  await detail.getByTestId('result-printer').click();
  await page.locator('.ant-select-dropdown:visible [data-printer-id="dir:save-as-pdf"]').click();
  await detail.getByTestId('result-print').click();
  await expect(detail.getByTestId('result-print-done')).toBeVisible({ timeout: 90_000 });
  const files = readdirSync(printDir).filter((f) => f.endsWith('.pdf'));
  expect(files).toHaveLength(1);
  const printed = path.join(printDir, files[0]!);
  expect(createHash('sha256').update(readFileSync(printed)).digest('hex')).toBe(issued.sha256);
  const text = pdfText(printed);
  expect(text).toContain(TITLE);
  expect(text).toContain(kase.caseNumber);
  expect(text).toContain(code);
  await expect(detail.getByTestId('result-print-entry')).toHaveCount(1);
  await expect(detail).toHaveAttribute('data-stage', 'printed');
  await page.keyboard.press('Escape');

  // The print log goes up; the operator finds it in the center's own database.
  await syncUntilEmpty(page);
  await page.keyboard.press('Escape');
  await stack.stopCenter();
  const events = await centerCaseEvents(stack.centerDataDir, kase.caseId);
  await stack.startCenter();
  const prints = events.filter((e) => e.type === 'result-printed');
  expect(prints, events.map((e) => e.type).join(', ')).toHaveLength(1);
  expect(prints[0]!.data).toMatchObject({ copies: 1, reprint: false, clerkId: 'c-130102-01-1' });
  expect(String(prints[0]!.data.printer)).toContain('PDF');
  expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['received', 'accepted', 'result-received', 'result-printed']));
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'online', { timeout: 90_000 });
});

test('one joint department refuses: the case is refused with its reasons, shown at the window', async ({ browser }) => {
  test.setTimeout(420_000);
  const page = clerk;
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'online', { timeout: 90_000 });
  const kase = await acceptJointCase(page, 3);
  await syncUntilEmpty(page);
  await page.keyboard.press('Escape');

  // 住房和城乡建设局 refuses with two reasons; the lead department's open step is closed with it.
  const reasons = ['施工图设计文件审查合格书已过有效期', '施工企业安全生产许可证与施工合同主体不一致'];
  const housing = await consoleOf(browser, other);
  await consoleOpen(housing, kase.caseNumber);
  await consoleRefuse(housing, reasons);
  await expect(housing.locator(`[data-testid="case-step"][data-department="${OTHER}"]`)).toHaveAttribute('data-status', 'refused');
  await expect(housing.getByTestId('case-status').first()).toHaveAttribute('data-status', 'refused');
  await expect(housing.locator(`[data-testid="case-step"][data-department="${LEAD}"]`)).not.toHaveAttribute('data-status', 'pending');
  await housing.context().close();

  // The window learns it by pull: refused by the center, the department and every reason in the case detail.
  await pullNow(page);
  await page.getByTestId('nav-cases').click();
  await page.getByTestId('cases-tab-all').click();
  const row = caseRow(page, kase.caseNumber);
  await expect(row).toHaveAttribute('data-center-status', 'refused', { timeout: 150_000 });
  await expect(row.getByTestId('case-status')).toHaveText('不予许可（中心）');
  await row.click();
  const detail = page.getByTestId('case-detail');
  await expect(detail).toHaveAttribute('data-case-id', kase.caseId);
  const refusal = detail.getByTestId('case-center-refusal');
  await expect(refusal).toContainText(deptName(OTHER));
  await expect(refusal).not.toContainText(deptName(LEAD));
  await expect(detail.getByTestId('case-center-refusal-reasons').locator('li')).toHaveText(reasons);
  // The window's own chain is untouched by the center's progress.
  await expect(detail.getByTestId('chain-status').first()).toHaveAttribute('data-ok', 'true');
});

test('a result with one byte changed, or under a root other than the province root it trusts, is refused for printing with the reason', async () => {
  test.setTimeout(300_000);
  const page = clerk;
  // Serial: runs only after the joint-approval test passed.
  const r = issued!;
  let detail = await openResult(page, r.resultId);
  await expect(detail.getByTestId('result-verify')).toHaveAttribute('data-ok', 'true', { timeout: 60_000 });

  // One byte of the held PDF changed (in the middle of the document).
  const size = await flipBlobByte(page, r.sha256, 4096);
  expect(size).toBeGreaterThan(4096);
  await page.reload();
  detail = await openResult(page, r.resultId);
  const verify = detail.getByTestId('result-verify');
  await expect(verify).toHaveAttribute('data-ok', 'false', { timeout: 60_000 });
  await expect(verify).toHaveAttribute('data-code', 'tampered');
  await expect(verify).toContainText('文件已被改动，不能打印');
  await expect(detail.getByTestId('result-print')).toBeDisabled();
  const before = readdirSync(printDir).length;

  // Put the byte back: the bytes verify again.
  await flipBlobByte(page, r.sha256, 4096);
  await page.reload();
  detail = await openResult(page, r.resultId);
  await expect(detail.getByTestId('result-verify')).toHaveAttribute('data-ok', 'true', { timeout: 60_000 });

  // The window's province root replaced by another authority's: the seal does not chain to it.
  const cached = path.join(stack.dataDir, 'window', 'pki-cache', 'root.pem');
  expect(existsSync(cached), 'the window keeps the province root it trusts').toBe(true);
  const genuine = readFileSync(cached, 'utf8');
  writeFileSync(cached, foreignRootPem(tmp));
  try {
    await page.reload();
    detail = await openResult(page, r.resultId);
    const v = detail.getByTestId('result-verify');
    await expect(v).toHaveAttribute('data-ok', 'false', { timeout: 60_000 });
    await expect(v).toHaveAttribute('data-code', 'untrusted-root');
    await expect(v).toContainText('证书不是省级根证书签发，不能打印');
    await expect(detail.getByTestId('result-print')).toBeDisabled();
  } finally {
    writeFileSync(cached, genuine);
  }
  expect(readdirSync(printDir)).toHaveLength(before);
});

test('the public verification endpoint answers genuine, unknown, and revoked once the operator revokes the result in the console', async ({ page: citizen, browser }) => {
  test.setTimeout(300_000);
  // Serial: runs only after the joint-approval test passed.
  const r = issued!;

  // Genuine: JSON and the page the QR code opens. No personal data; the case number masked.
  const genuine = VerificationAnswer.parse(await (await fetch(`${stack.centerUrl}/v1/verify/${r.code}`)).json());
  expect(genuine).toMatchObject({ status: 'genuine', code: r.code, title: TITLE, kind: 'licence', documentSha256: r.sha256 });
  expect(genuine.status === 'genuine' && genuine.caseNumber).not.toBe(r.caseNumber);
  expect(genuine.status === 'genuine' && genuine.caseNumber).toContain(r.caseNumber.slice(-4));
  expect(genuine.status === 'genuine' && genuine.issuer).toContain(deptName(LEAD).slice(0, 4));
  // Codes are read as typed: lower case, without dashes.
  const typed = VerificationAnswer.parse(await (await fetch(`${stack.centerUrl}/v1/verify/${r.code.replace(/-/g, '').toLowerCase()}`)).json());
  expect(typed.status).toBe('genuine');
  await citizen.goto(`${stack.centerUrl}/verify/${r.code}`);
  await expect(citizen.locator('.status')).toHaveText('真实有效');
  await expect(citizen.locator('body')).toContainText(TITLE);
  await expect(citizen.locator('body')).toContainText(r.sha256);

  // Unknown: a well-formed code nobody issued (one character changed); malformed codes are a 400 naming the field.
  const last = r.code.at(-1)!;
  const unknownCode = `${r.code.slice(0, -1)}${last === '0' ? '1' : '0'}`;
  const unknown = VerificationAnswer.parse(await (await fetch(`${stack.centerUrl}/v1/verify/${unknownCode}`)).json());
  expect(unknown.status).toBe('unknown');
  await citizen.goto(`${stack.centerUrl}/verify/${unknownCode}`);
  await expect(citizen.locator('.status')).toHaveText('未找到');
  const bad = await fetch(`${stack.centerUrl}/v1/verify/not-a-code`);
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ field: 'code' });

  // Revocation is the operator's: without the token, refused; with it, the result is revoked.
  const reason = '施工单位资质证书被依法撤销，许可证一并撤销';
  const anonymous = await fetch(`${stack.centerUrl}/v1/admin/results/${r.code}/revoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason }) });
  expect(anonymous.status).toBe(401);
  // The operator's page (运营管理 in the console): the result's trail holds the window's
  // download and print (synced earlier), then the revocation with its reason.
  const operator = await browser.newPage();
  await operator.goto(`${stack.centerUrl}/console/#/operator/results`);
  await operator.getByTestId('operator-token').fill(TOKEN);
  await operator.getByTestId('operator-token').press('Enter');
  await operator.getByTestId('operator-tab-results').click();
  await operator.getByTestId('result-code').fill(r.code);
  await operator.getByTestId('result-code').press('Enter');
  await expect(operator.getByTestId('result-status')).toHaveAttribute('data-status', 'valid');
  await expect(operator.locator('[data-testid="result-entry"][data-type="result-received"]').first()).toBeVisible();
  await expect(operator.locator('[data-testid="result-entry"][data-type="result-printed"]').first()).toBeVisible();
  expect(Number(await operator.getByTestId('result-copies').textContent())).toBeGreaterThan(0);
  await operator.getByTestId('result-revoke').click();
  // A reason is required (named under its field), then the revocation goes through.
  await operator.getByTestId('result-revoke-submit').click();
  await expect(operator.locator('.ant-form-item-explain-error')).toBeVisible();
  await operator.getByTestId('result-revoke-reason').fill(reason);
  await operator.getByTestId('result-revoke-submit').click();
  await expect(operator.getByTestId('result-status')).toHaveAttribute('data-status', 'revoked');
  await expect(operator.getByTestId('result-revocation')).toContainText(reason);
  await operator.close();

  const revoked = VerificationAnswer.parse(await (await fetch(`${stack.centerUrl}/v1/verify/${r.code}`)).json());
  expect(revoked).toMatchObject({ status: 'revoked', code: r.code, title: TITLE, documentSha256: r.sha256, revocationReason: reason });
  // The page, in a browser that has not cached the genuine answer.
  const fresh = await browser.newContext({ locale: 'zh-CN' });
  const p = await fresh.newPage();
  await p.goto(`${stack.centerUrl}/verify/${r.code}`);
  await expect(p.locator('.status')).toHaveText('已撤销');
  await expect(p.locator('body')).toContainText(reason);
  await fresh.close();

  // The revocation reaches the window by pull: printing is blocked there too.
  const page = clerk;
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'online', { timeout: 90_000 });
  await pullNow(page);
  await page.getByTestId('nav-results').click();
  await page.getByTestId('results-tab-all').click();
  await expect(resultRow(page, r.caseId)).toHaveAttribute('data-stage', 'revoked', { timeout: 150_000 });
  const detail = await openResult(page, r.resultId);
  await expect(detail.getByTestId('result-print-blocked')).toBeVisible();
  await expect(detail.getByTestId('result-print')).toHaveCount(0);
});

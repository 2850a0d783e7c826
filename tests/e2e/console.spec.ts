// Issue 6, the department console in Chromium against the center as a process: a window
// (the clerk app's own sync client, enrolled with a one-time code) pushes a joint-approval
// case; reviewers created by the operator (POST /v1/admin/reviewers) sign in at /console/,
// find it in their worklist, open its scan and the window's receipt, and approve it; the
// lead department then issues the result and sees its verification code. Also: wrong
// passwords are answered under the field, and another department does not see the case.
import { test, expect, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Reviewer } from '../../src-shared/protocol/console';
import { CatalogResponse } from '../../src-shared/protocol/sync';
import { windowAcceptsJointCase as acceptJointCase } from './support/accepting-window';
import { startCenterProcess, stopCenterProcess, type CenterProcess } from './support/center';
import { confirmAction } from './support/confirm';

const ADMIN_TOKEN = `admin-${randomBytes(12).toString('hex')}`;
const WINDOW_ID = 'w-130102-01';
const REGION = '130102';

let center: CenterProcess;
let joint: { implementationCode: string; itemCode: string; name: string; lead: string; other: string; promisedDays: number };
let routed: { caseId: string; caseNumber: string; applicant: string };

async function createReviewer(departmentCode: string, name: string): Promise<{ username: string; password: string }> {
  const username = `e2e-${departmentCode}-${randomBytes(3).toString('hex')}`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  const res = await fetch(`${center.url}/v1/admin/reviewers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ username, name, departmentCode, password }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  Reviewer.parse(await res.json());
  return { username, password };
}

/** The window (w-130102-01) accepts a joint-approval case with the clerk app's own sync client (support/accepting-window.ts). */
async function windowAcceptsJointCase(applicant: string): Promise<{ caseId: string; caseNumber: string }> {
  const w = {
    centerUrl: center.url,
    rootFile: path.join(center.dir, 'pki', 'root.pem'),
    adminToken: ADMIN_TOKEN,
    dataDir: path.join(center.dir, 'window'),
    windowId: WINDOW_ID,
    regionCode: REGION,
    clerkId: 'c-130102-01-1',
  };
  const { caseId, caseNumber, client } = await acceptJointCase(w, { ...joint, regionCode: REGION }, applicant);
  client.close();
  return { caseId, caseNumber };
}

async function signIn(page: Page, who: { username: string; password: string }) {
  await page.goto(`${center.url}/console/`);
  await expect(page.getByTestId('login-page')).toBeVisible();
  await page.getByTestId('login-username').fill(who.username);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-password').press('Enter');
  await expect(page.getByTestId('worklist-page')).toBeVisible();
}

/** Opens the case from the worklist with the keyboard: "/" search, ↓, Enter. */
async function openFromWorklist(page: Page, caseNumber: string) {
  await page.locator('body').press('/');
  await expect(page.getByTestId('worklist-search')).toBeFocused();
  await page.keyboard.type(caseNumber);
  const row = page.locator(`[data-testid="worklist-row"][data-case-number="${caseNumber}"]`);
  await expect(row).toHaveCount(1);
  await expect(page.getByTestId('worklist-row')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('case-number')).toHaveText(caseNumber);
}

async function approve(page: Page, opinion: string) {
  await page.getByTestId('action-approve').click();
  await page.getByTestId('form-opinion').fill(opinion);
  await page.getByTestId('action-submit').click();
  await expect(page.getByTestId('action-confirm')).toContainText(routed.caseNumber);
  await confirmAction(page);
  await expect(page.getByTestId('step-done')).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  center = await startCenterProcess('yc-e2e-console-', ADMIN_TOKEN);
  const items = CatalogResponse.parse(await (await fetch(`${center.url}/v1/catalog?region=${REGION}`)).json()).items;
  const item = items.find((i) => i.regionCode === REGION && i.reviewDepartments.length === 2);
  if (!item) throw new Error('the demo catalog has no two-department item in 130102');
  const other = item.reviewDepartments.find((d) => d.code !== item.department.code);
  joint = {
    implementationCode: item.implementationCode,
    itemCode: item.itemCode,
    name: item.name,
    lead: item.department.code,
    other: other!.code,
    promisedDays: item.promisedDays,
  };
  const applicant = '赵晓岚';
  routed = { ...(await windowAcceptsJointCase(applicant)), applicant };
});

test.afterAll(async () => {
  await stopCenterProcess(center);
});

test('a wrong password is answered under the password field; the reviewer stays signed out', async ({ page }) => {
  const who = await createReviewer(joint.other, '钱审查');
  await page.goto(`${center.url}/console/`);
  await page.getByTestId('login-username').fill(who.username);
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  await expect(page.locator('.ant-form-item-explain-error')).toContainText('用户名或密码错误');
  await expect(page.getByTestId('worklist-page')).toHaveCount(0);
  // Empty fields are named before anything is sent.
  await page.getByTestId('login-username').fill('');
  await page.getByTestId('login-submit').click();
  await expect(page.locator('.ant-form-item-explain-error').first()).toContainText('请输入用户名');
});

test('joint approval in the console: both departments approve, the lead department issues the result', async ({ page }) => {
  // Result issuance signs and timestamps a PDF: slow on a loaded two-core machine.
  test.setTimeout(180_000);
  const other = await createReviewer(joint.other, '孙审查');
  const lead = await createReviewer(joint.lead, '李审查');

  // The other department: worklist with the joint marker and the deadline, the case, its scan.
  await signIn(page, other);
  const row = page.locator(`[data-testid="worklist-row"][data-case-number="${routed.caseNumber}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('worklist-joint')).toContainText('2');
  await expect(row.getByTestId('step-status')).toHaveAttribute('data-status', 'pending');
  await expect(row).toContainText(routed.applicant);
  await openFromWorklist(page, routed.caseNumber);
  await expect(page.getByTestId('case-applicant')).toHaveText(routed.applicant);
  await expect(page.getByTestId('case-joint')).toContainText('2');
  await expect(page.getByTestId('case-step')).toHaveCount(2);
  await page.getByTestId('case-scan').first().click();
  await expect(page.getByTestId('scan-pdf')).toBeVisible();
  await expect(page.getByTestId('scan-view')).toHaveAttribute('data-type', 'application/pdf');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('scan-view')).toHaveCount(0);
  await page.getByTestId('case-receipt').click();
  await expect(page.getByTestId('scan-pdf')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('scan-view')).toHaveCount(0);

  await approve(page, '符合安全条件');
  await expect(page.locator(`[data-testid="case-step"][data-department="${joint.other}"]`)).toHaveAttribute('data-status', 'approved');
  await expect(page.locator(`[data-testid="case-step"][data-department="${joint.lead}"]`)).toHaveAttribute('data-status', 'pending');
  // Nothing to issue before every department has approved.
  await expect(page.getByTestId('action-issue')).toHaveCount(0);
  // Esc goes back to the worklist; the approved step has left the open list.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('worklist-page')).toBeVisible();
  await expect(row).toHaveCount(0);
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('login-page')).toBeVisible();

  // The lead department approves; the case is approved and it issues the result.
  await signIn(page, lead);
  await openFromWorklist(page, routed.caseNumber);
  await approve(page, '同意举办');
  await expect(page.getByTestId('case-status').first()).toHaveAttribute('data-status', 'approved');
  await page.getByTestId('action-issue').click();
  await page.getByTestId('form-body').fill('准予举办长安区迎新春文艺演出，观众不超过3000人。');
  await page.getByTestId('action-submit').click();
  await confirmAction(page);
  await expect(page.getByTestId('result-code')).toHaveText(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/, { timeout: 60_000 });
  await expect(page.getByTestId('result-status')).toHaveText('有效');
  const code = (await page.getByTestId('result-code').textContent())!.trim();
  await expect(page.getByTestId('result-verify-link')).toHaveAttribute('href', `/verify/${code}`);
  await expect(page.getByTestId('case-status').first()).toHaveAttribute('data-status', 'completed');
});

test('extend, pause and resume, refuse with reasons (field errors first); the lead issues the refusal decision; a supplement request waits for the window', async ({ page }) => {
  // Result issuance signs and timestamps a PDF: slow on a loaded two-core machine.
  test.setTimeout(180_000);
  const kase = await windowAcceptsJointCase('钱多多');
  const other = await createReviewer(joint.other, '吴审查');
  const lead = await createReviewer(joint.lead, '郑审查');
  await signIn(page, other);
  await openFromWorklist(page, kase.caseNumber);
  const myStep = page.locator(`[data-testid="case-step"][data-department="${joint.other}"]`);

  // 延期 (rule 6): the joint cap is shown; empty fields are named before anything is sent.
  await page.getByTestId('action-extend').click();
  await expect(page.getByTestId('extend-rule')).toContainText('15');
  await page.getByTestId('action-submit').click();
  const modal = page.getByTestId('action-modal-extend');
  await expect(modal.locator('.ant-form-item-explain-error')).toHaveText(['此项为必填项', '须写明批准人', '理由至少2个字']);
  await page.getByTestId('form-days').fill('3');
  await page.getByTestId('form-approver').fill('王副局长');
  await page.getByTestId('form-reason').fill('需要现场踏勘活动场地');
  await page.getByTestId('action-submit').click();
  await expect(page.getByTestId('action-confirm')).toContainText('3');
  await confirmAction(page);
  await expect(myStep).toContainText('已延长 3 个工作日');
  await expect(page.locator('[data-testid="case-progress-item"][data-type="extended"]')).toContainText('延长 3 个工作日');

  // 暂停 / 恢复 (rule 7).
  await page.getByTestId('action-pause').click();
  await page.getByTestId('form-reason').fill('组织专家论证安保方案');
  await page.getByTestId('action-submit').click();
  await confirmAction(page);
  await expect(myStep).toHaveAttribute('data-status', 'paused');
  await expect(page.getByTestId('action-approve')).toHaveCount(0);
  await page.getByTestId('action-resume').click();
  await page.getByTestId('action-submit').click();
  await confirmAction(page);
  await expect(myStep).toHaveAttribute('data-status', 'pending');

  // 不予许可: an empty reason is caught under its field; two reasons go through.
  await page.getByTestId('action-refuse').click();
  await page.getByTestId('action-submit').click();
  await expect(page.getByTestId('action-modal-refuse').locator('.ant-form-item-explain-error')).toHaveText('理由至少2个字');
  await page.getByTestId('form-reason-0').fill('活动场地消防通道不符合要求');
  await page.getByTestId('form-add').click();
  await page.getByTestId('form-reason-1').fill('应急疏散预案缺失');
  await page.getByTestId('action-submit').click();
  await expect(page.getByTestId('action-confirm').locator('li')).toHaveText(['活动场地消防通道不符合要求', '应急疏散预案缺失']);
  await confirmAction(page);
  await expect(myStep).toHaveAttribute('data-status', 'refused');
  await expect(page.getByTestId('case-status').first()).toHaveAttribute('data-status', 'refused');
  await expect(page.getByTestId('case-actions').getByRole('button')).toHaveCount(0);

  // The lead department issues the refusal decision, its body prefilled with the reasons.
  await page.getByTestId('logout').click();
  await signIn(page, lead);
  await page.getByTestId('worklist-filter').getByText('全部').click();
  await openFromWorklist(page, kase.caseNumber);
  await page.getByTestId('action-issue').click();
  await expect(page.getByTestId('form-kind')).toContainText('不予许可决定');
  await expect(page.getByTestId('form-body')).toHaveValue('活动场地消防通道不符合要求\n应急疏散预案缺失');
  await page.getByTestId('form-title').fill('不予许可决定书');
  await page.getByTestId('action-submit').click();
  await confirmAction(page);
  await expect(page.getByTestId('result-code')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('case-result')).toContainText('不予许可决定');

  // 补正 on a third case: every item at once, one tied to a material; then the step waits.
  const third = await windowAcceptsJointCase('孙小美');
  await page.goto(`${center.url}/console/#/cases/${third.caseId}`);
  await expect(page.getByTestId('case-number')).toHaveText(third.caseNumber);
  await page.getByTestId('action-supplement').click();
  // The first item's text takes the focus once the dialog has opened; pick the material after
  // that, by typing its name as a clerk would (a focus move closes an open dropdown).
  await expect(page.getByTestId('form-item-text-0')).toBeFocused();
  await page.getByTestId('form-item-material-0').click();
  await page.keyboard.type('活动方案');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('form-item-material-0')).toContainText('活动方案');
  await page.getByTestId('form-item-text-0').fill('活动方案须加盖主办单位公章');
  await page.getByTestId('form-add').click();
  await page.getByTestId('form-item-text-1').fill('补充场地租赁合同');
  await page.getByTestId('action-submit').click();
  await expect(page.getByTestId('action-confirm').locator('li')).toHaveText(['活动方案 — 活动方案须加盖主办单位公章', '补充场地租赁合同']);
  await confirmAction(page);
  await expect(page.locator(`[data-testid="case-step"][data-department="${joint.lead}"]`)).toHaveAttribute('data-status', 'awaiting-supplement');
  await expect(page.getByTestId('case-actions')).toContainText('等待窗口登记补正材料');
});

test('a reviewer of another department does not see the case, even by its address', async ({ page }) => {
  const stranger = await createReviewer('130102-tax', '周审查');
  await signIn(page, stranger);
  await page.getByTestId('worklist-filter').getByText('全部').click();
  await expect(page.getByTestId('worklist-table')).toBeVisible();
  await expect(page.locator(`[data-testid="worklist-row"][data-case-number="${routed.caseNumber}"]`)).toHaveCount(0);
  await page.goto(`${center.url}/console/#/cases/${routed.caseId}`);
  await expect(page.getByTestId('case-error')).toBeVisible();
  await expect(page.getByTestId('case-page')).toHaveCount(0);
});

// Issue 6, the provincial operator's pages in the console (#/operator) in Chromium against
// the center as a process: sign in with the admin token (a wrong one is refused); grant a
// window a proxy authorisation for another county's item (a missing field is named first)
// and revoke it; create a reviewer who then signs in to the console, and deactivate them;
// look up a result code (malformed and unknown codes answered).
import { test, expect, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { ProxyAuthorisationList } from '../../src-shared/protocol/proxy';
import { CatalogResponse } from '../../src-shared/protocol/sync';
import { startCenterProcess, stopCenterProcess, type CenterProcess } from './support/center';

const ADMIN_TOKEN = `admin-${randomBytes(12).toString('hex')}`;
const WINDOW_ID = 'w-130102-01';
const TARGET = '130104'; // 桥西区: outside 长安区's county

let center: CenterProcess;
let targetItem: { itemCode: string; name: string };
let department: string;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  center = await startCenterProcess('yc-e2e-operator-', ADMIN_TOKEN);
  const items = CatalogResponse.parse(await (await fetch(`${center.url}/v1/catalog?region=${TARGET}`)).json()).items;
  const item = items.find((i) => i.regionCode === TARGET && i.crossRegion) ?? items.find((i) => i.regionCode === TARGET);
  if (!item) throw new Error(`the demo catalog has no implementation in ${TARGET}`);
  targetItem = { itemCode: item.itemCode, name: item.name };
  department = item.department.code;
});

test.afterAll(async () => {
  await stopCenterProcess(center);
});

async function enterOperator(page: Page) {
  await page.goto(`${center.url}/console/#/operator`);
  await page.getByTestId('operator-token').fill(ADMIN_TOKEN);
  await page.getByTestId('operator-token').press('Enter');
  await expect(page.getByTestId('operator-proxy')).toBeVisible();
}

/** Types into an antd Select (searchable) and takes the first matching option with Enter. */
async function pick(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
  await expect(option).toBeVisible();
  await page.keyboard.press('Enter');
}

test('the operator signs in with the admin token, grants a proxy authorisation and revokes it', async ({ page }) => {
  // The reviewers' sign-in page leads there; a wrong token is refused, nothing of the operator pages shows.
  await page.goto(`${center.url}/console/`);
  await page.getByTestId('to-operator').click();
  await expect(page.getByTestId('operator-token-page')).toBeVisible();
  await page.getByTestId('operator-token').fill('not-the-token');
  await page.getByTestId('operator-token-submit').click();
  await expect(page.getByTestId('operator-token-error')).toContainText('管理令牌不正确');
  await expect(page.getByTestId('operator-proxy')).toHaveCount(0);

  await enterOperator(page);
  await page.getByTestId('proxy-create').click();
  await pick(page, 'proxy-window', WINDOW_ID);
  await pick(page, 'proxy-region', '桥西区');
  await pick(page, 'proxy-items', targetItem.itemCode);
  await page.getByTestId('proxy-valid-to').fill('2099-12-31');
  // Who grants it is required: named under its field, nothing sent.
  await page.getByTestId('proxy-create-submit').click();
  const createdBy = page.locator('.ant-form-item').filter({ has: page.getByTestId('proxy-created-by') });
  await expect(createdBy.locator('.ant-form-item-explain-error')).toBeVisible();
  expect(ProxyAuthorisationList.parse(await admin('/v1/admin/proxy-authorisations')).authorisations).toHaveLength(0);

  await page.getByTestId('proxy-created-by').fill('省政务服务管理办公室 李明');
  await page.getByTestId('proxy-create-submit').click();
  const state = page.getByTestId('proxy-state');
  await expect(state).toHaveAttribute('data-state', 'active');
  const [granted] = ProxyAuthorisationList.parse(await admin('/v1/admin/proxy-authorisations')).authorisations;
  expect(granted).toMatchObject({ windowId: WINDOW_ID, regionCode: TARGET, itemCodes: [targetItem.itemCode], validTo: '2099-12-31', revokedAt: null });

  await page.getByTestId('proxy-revoke').click();
  await page.getByTestId('proxy-revoked-by').fill('李明');
  await page.getByTestId('proxy-revoke-reason').fill('窗口人员调整');
  await page.getByTestId('proxy-revoke-submit').click();
  await expect(state).toHaveAttribute('data-state', 'revoked');
  await expect(page.getByTestId('proxy-revoke')).toHaveCount(0);
  const [revoked] = ProxyAuthorisationList.parse(await admin('/v1/admin/proxy-authorisations')).authorisations;
  expect(revoked).toMatchObject({ id: granted!.id, revokedBy: '李明', revokeReason: '窗口人员调整' });
});

test('the operator creates a reviewer who signs in to the console, then deactivates them; result codes are looked up', async ({ page }) => {
  const username = `op-${randomBytes(3).toString('hex')}`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  await enterOperator(page);
  await page.getByTestId('operator-tab-reviewers').click();
  await page.getByTestId('reviewer-create').click();
  await page.getByTestId('reviewer-username').fill(username);
  await page.getByTestId('reviewer-name-input').fill('周审查');
  await page.getByTestId('reviewer-department-code').fill(department);
  // Too short a password is named under its field before anything is sent.
  await page.getByTestId('reviewer-password').fill('short');
  await page.getByTestId('reviewer-create-submit').click();
  const pw = page.locator('.ant-form-item').filter({ has: page.getByTestId('reviewer-password') });
  await expect(pw.locator('.ant-form-item-explain-error')).toContainText('10');
  await page.getByTestId('reviewer-password').fill(password);
  await page.getByTestId('reviewer-create-submit').click();
  // The list shows the new account (searched for by its user name).
  await expect(page.getByTestId('reviewer-search')).toHaveValue(username);
  await expect(page.getByTestId(`reviewer-row-${username}`).getByTestId('reviewer-state')).toHaveAttribute('data-active', 'true');

  // Result look-ups: a malformed code is named, an unknown one is the center's answer.
  await page.getByTestId('operator-tab-results').click();
  await page.getByTestId('result-code').fill('1234');
  await page.getByTestId('result-code').press('Enter');
  await expect(page.getByTestId('result-error')).toContainText('XXXX-XXXX-XXXX-XXXX');
  await page.getByTestId('result-code').fill('ABCD-EFGH-JKMN-PQRS');
  await page.getByTestId('result-code').press('Enter');
  await expect(page.getByTestId('result-error')).toContainText('ABCD-EFGH-JKMN-PQRS');

  // The new reviewer signs in (the token is forgotten on leaving).
  await page.getByTestId('operator-sign-out').click();
  await page.goto(`${center.url}/console/#/`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-password').press('Enter');
  await expect(page.getByTestId('worklist-page')).toBeVisible();
  await expect(page.getByTestId('reviewer-name')).toHaveText('周审查');

  // Deactivated by the operator (another tab): the reviewer's session ends.
  const other = await page.context().newPage();
  await enterOperator(other);
  await other.getByTestId('operator-tab-reviewers').click();
  // The demo center has over a hundred reviewers: find this one.
  await other.getByTestId('reviewer-search').fill('周审查');
  await expect(other.locator('[data-testid^="reviewer-row-"]')).toHaveCount(1);
  await other.getByTestId(`reviewer-row-${username}`).getByTestId('reviewer-deactivate').click();
  await other.getByTestId('reviewer-deactivate-confirm').click();
  await expect(other.getByTestId(`reviewer-row-${username}`).getByTestId('reviewer-state')).toHaveAttribute('data-active', 'false');
  await page.reload();
  await expect(page.getByTestId('login-page')).toBeVisible();
});

async function admin(p: string): Promise<unknown> {
  const res = await fetch(`${center.url}${p}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(res.status).toBe(200);
  return res.json();
}

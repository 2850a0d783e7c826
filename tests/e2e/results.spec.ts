// Issue 6, remote result printing at the window (rule 14), across processes: the window
// accepts a joint-approval case and syncs it; both departments approve and the lead one
// issues the result at the center (console API); the window pulls the result, downloads
// its PDF, main verifies the province seal, the clerk prints two copies to 另存为PDF (the
// directory printer: the files are the exact published bytes, their text read back with
// pdftotext), a reprint is refused without a reason and logged with one, the hand-over is
// registered, and the print log comes back from the center by pull.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CatalogItem } from '../../src-shared/domain/catalog';
import { makeCreditCode, makeResidentId } from '../../src-shared/domain/identifiers';
import { CONSOLE_CSRF_HEADER, ConsoleCase, ConsoleSession, Reviewer, WorklistResponse } from '../../src-shared/protocol/console';
import { CatalogResponse } from '../../src-shared/protocol/sync';
import { attach, decide, fillOrganisation, fillPerson, fillRequiredForm, next, pdfFile, receive, save, startIntake } from './support/intake';
import { enrollmentCode, freePort, syncEndpoint } from './support/operator';
import { printTwoThenReprint } from './support/result-printing';
import { startStack, type Stack } from './support/stack';

const WINDOW_ID = 'w-130102-01';
const REGION = '130102';
const TOKEN = `e2e-results-${process.pid}-${Date.now()}`;

let stack: Stack;
let tmp: string;
let rootPem: string;
let printDir: string;
let item: CatalogItem;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'yc-e2e-results-'));
  const pkiDir = path.join(tmp, 'pki');
  rootPem = path.join(pkiDir, 'root.pem');
  printDir = path.join(tmp, 'prints');
  stack = await startStack({
    centerEnv: { CENTER_ADMIN_TOKEN: TOKEN, CENTER_PKI_DIR: pkiDir, CENTER_SYNC_PORT: String(await freePort()) },
    hostEnv: { YICHUANG_PROVINCE_ROOT: rootPem, YICHUANG_PRINT_DIR: printDir, YICHUANG_CUPS: '0' },
  });
  const items = CatalogResponse.parse(await (await fetch(`${stack.centerUrl}/v1/catalog?region=${REGION}`)).json()).items;
  const simpleForm = (i: CatalogItem) => i.formFields.every((f) => !f.required || f.type === 'text' || f.type === 'textarea' || f.type === 'number');
  const joint = items.filter((i) => i.regionCode === REGION && i.reviewDepartments.length >= 2 && i.caseType === '2' && simpleForm(i));
  const found = joint.find((i) => i.applicantKinds.includes('person')) ?? joint[0];
  if (!found) throw new Error('the demo catalog has no joint-approval item with a plain form in 130102');
  item = found;
});
test.afterAll(async () => {
  await stack?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A department reviewer at the center's console API (cookie session + CSRF header). */
async function reviewer(departmentCode: string) {
  const username = `e2e-${departmentCode}-${Math.random().toString(36).slice(2, 8)}`;
  const password = `pw-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const created = await fetch(`${stack.centerUrl}/v1/admin/reviewers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ username, name: `审查员${departmentCode}`, departmentCode, password }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  Reviewer.parse(await created.json());
  const login = await fetch(`${stack.centerUrl}/v1/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(login.status, await login.clone().text()).toBe(200);
  const session = ConsoleSession.parse(await login.json());
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const call = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const res = await fetch(`${stack.centerUrl}${url}`, {
      method,
      headers: { cookie, [CONSOLE_CSRF_HEADER]: session.csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    expect(res.ok, `${method} ${url}: ${res.status} ${text}`).toBe(true);
    return JSON.parse(text) as unknown;
  };
  return {
    async approve(caseNumber: string) {
      const list = WorklistResponse.parse(await call('GET', `/v1/console/worklist?q=${encodeURIComponent(caseNumber)}`));
      const entry = list.entries.find((e) => e.caseNumber === caseNumber);
      expect(entry, `worklist of ${departmentCode}`).toBeTruthy();
      return ConsoleCase.parse(await call('POST', `/v1/console/steps/${entry!.stepId}/approve`, { opinion: '同意' }));
    },
    async issue(caseId: string) {
      return ConsoleCase.parse(await call('POST', `/v1/console/cases/${caseId}/result`, { kind: 'licence', title: '准予行政许可决定书', body: '经审查，申请材料齐全、符合法定形式，准予行政许可。' }));
    },
  };
}

/** Changes the window pulled, by kind and type (read from its own sync database). */
async function pulledEvents(page: Page, caseId: string): Promise<string[]> {
  return page.evaluate(
    (id) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('yichuang-sync');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('changes', 'readonly');
          const all = tx.objectStore('changes').getAll();
          all.onsuccess = () => {
            const rows = all.result as { kind: string; change: { kind: string; caseId?: string; type?: string } }[];
            resolve(rows.filter((r) => r.change.kind === 'case-event' && r.change.caseId === id).map((r) => r.change.type ?? ''));
            open.result.close();
          };
          all.onerror = () => reject(all.error);
        };
      }),
    caseId,
  );
}

test('a province-sealed result reaches the window, verifies, prints to PDF, and the print log reaches the center', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto(stack.appUrl);
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'online', { timeout: 60_000 });

  // The window accepts a joint-approval case (the collector later is the applicant, or the organisation's legal representative).
  const person = item.applicantKinds.includes('person');
  const applicant = { name: '周出件', id: makeResidentId('130102', '1985-06-15', 31) };
  const org = { name: '石家庄出件建设有限公司', code: makeCreditCode({ authority: '9', category: '1', regionCode: REGION, orgBody: 'MA0CXR01' }) };
  await startIntake(page, item.implementationCode, item.implementationCode);
  await next(page);
  if (person) await fillPerson(page, applicant);
  else await fillOrganisation(page, { name: org.name, code: org.code, legal: applicant.name, legalId: applicant.id });
  await next(page);
  await fillRequiredForm(page, item);
  await receive(page, item);
  await attach(page, item.materials[0]!.id, await pdfFile('results-scan.pdf', 'activity plan'));
  await next(page);
  await decide(page, 'accept');
  const caseNumber = await save(page);
  const caseId = (await page.getByTestId('intake-saved').getAttribute('data-case-id'))!;

  // The PC is enrolled and the case goes up.
  const endpoint = await syncEndpoint(stack.centerUrl);
  const { code } = await enrollmentCode({ syncUrl: endpoint.url, rootPemFile: rootPem, token: TOKEN, windowId: WINDOW_ID });
  await page.getByTestId('sync-entry').click();
  const panel = page.locator('.ant-drawer').filter({ has: page.getByTestId('sync-phase') });
  await panel.getByTestId('sync-enroll-code').fill(code);
  await panel.getByTestId('sync-enroll-submit').click();
  await expect(panel.getByTestId('sync-records')).toHaveAttribute('data-sent', '2', { timeout: 90_000 });

  // Every department approves; the lead department issues the result.
  for (const d of item.reviewDepartments.filter((x) => x.code !== item.department.code)) await (await reviewer(d.code)).approve(caseNumber);
  const lead = await reviewer(item.department.code);
  await lead.approve(caseNumber);
  const issued = await lead.issue(caseId);
  const result = issued.result!;
  expect(result.status).toBe('valid');

  // The window pulls it and downloads the PDF by itself.
  await panel.getByTestId('sync-now').click();
  await page.keyboard.press('Escape');
  await page.getByTestId('nav-results').click();
  const row = page.locator(`[data-testid="result-row"][data-result-id="${result.resultId}"]`);
  await expect(row).toHaveAttribute('data-stage', 'awaiting-print', { timeout: 90_000 });
  await expect(row).toContainText(caseNumber);

  // Keyboard: "/" searches, Enter opens the only match.
  await page.locator('body').press('/');
  await expect(page.getByTestId('results-search')).toBeFocused();
  await page.keyboard.type(person ? applicant.name : org.name);
  await expect(page.getByTestId('result-row')).toHaveCount(1);
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('result-detail');
  await expect(detail).toHaveAttribute('data-result-id', result.resultId);
  await expect(detail.getByTestId('result-verification-code')).toHaveText(result.verificationCode);

  // Main verified the bytes held: province seal, root, CRL.
  await expect(detail.getByTestId('result-verify')).toHaveAttribute('data-ok', 'true', { timeout: 30_000 });
  await expect(detail.getByTestId('result-verify')).toContainText('河北省政务服务电子印章');
  await expect(detail.getByTestId('result-preview')).toBeVisible();

  // Two copies to 另存为PDF (the published bytes, title and code read back), a reprint only with a reason.
  await printTwoThenReprint(page, detail, printDir, result);

  // The hand-over: the applicant, ID checked in person.
  await detail.getByTestId('result-handover-doc-number').fill(applicant.id);
  await detail.getByTestId('result-handover-submit').click();
  // The error stands under the check box (an earlier field's error may still be fading out).
  await expect(detail.getByTestId('result-handover').locator('.ant-form-item-explain-error', { hasText: '核验' })).toBeVisible();
  await detail.getByTestId('result-handover-id-checked').check();
  await detail.getByTestId('result-handover-submit').click();
  await expect(detail.getByTestId('result-collected')).toContainText('周出件');
  await expect(detail).toHaveAttribute('data-stage', 'collected');

  // The prints and the hand-over go up, and the center has them (they come back by pull).
  await page.keyboard.press('Escape');
  await page.getByTestId('sync-entry').click();
  await expect(panel.getByTestId('sync-pending')).toHaveAttribute('data-pending', '0', { timeout: 90_000 });
  await expect
    .poll(
      async () => {
        await panel.getByTestId('sync-now').click();
        return (await pulledEvents(page, caseId)).filter((t) => t.startsWith('result-'));
      },
      { timeout: 90_000, intervals: [2000] },
    )
    .toEqual(['result-received', 'result-printed', 'result-printed', 'result-collected']);
});

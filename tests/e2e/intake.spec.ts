// Issue 3 acceptance: with the center stopped, the window takes in a person's and an
// organisation's application with attachments, refuses one, issues a notice to
// supplement and accepts one with a tolerated gap; after a reload everything is there
// and the outbox holds the records in order.
import { expect, test } from '@playwright/test';
import type { CatalogItem } from '../../src-shared/domain/catalog';
import { makeCreditCode, makeResidentId } from '../../src-shared/domain/identifiers';
import { CatalogResponse, WindowsResponse } from '../../src-shared/protocol/sync';
import { startStack, type Stack } from './support/stack';
import { attach, decide, fillOrganisation, fillPerson, fillRequiredForm, next, pdfFile, readStores, receive, save, startIntake } from './support/intake';

let stack: Stack;
let items: CatalogItem[];
test.beforeAll(async () => {
  stack = await startStack();
  const windows = WindowsResponse.parse(await (await fetch(`${stack.centerUrl}/v1/windows`)).json()).windows;
  const region = windows.find((w) => w.id === 'w-130102-01')!.regionCode;
  items = CatalogResponse.parse(await (await fetch(`${stack.centerUrl}/v1/catalog?region=${region}`)).json()).items;
});
test.afterAll(async () => {
  await stack?.close();
});

const simpleForm = (i: CatalogItem) => i.formFields.every((f) => !f.required || f.type === 'text' || f.type === 'textarea' || f.type === 'number');
const promised = (i: CatalogItem) => i.caseType === '2' && i.promisedDays <= 10 && i.materials.some((m) => m.required);

function pick(pred: (i: CatalogItem) => boolean, what: string): CatalogItem {
  const found = items.find((i) => pred(i) && simpleForm(i));
  if (!found) throw new Error(`the demo catalog has no ${what}`);
  return found;
}

const searchText = (i: CatalogItem) => i.implementationCode;

test('offline intake: accept, accept an organisation, refuse, notice to supplement, tolerated gap; all survive a reload', async ({ page }) => {
  test.setTimeout(240_000);
  // Cache the catalog while the center is up, then go offline.
  await page.goto(stack.appUrl);
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'online');
  await expect(page.getByTestId('catalog-item').first()).toBeVisible();
  await stack.stopCenter();
  await page.reload();
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'offline');

  const personItem = pick((i) => promised(i) && i.applicantKinds.includes('person'), 'promised item for persons');
  const orgItem = pick((i) => promised(i) && i.applicantKinds.includes('organisation'), 'promised item for organisations');
  const gapItem = pick(
    (i) => promised(i) && i.materials.some((m) => m.required && m.tolerable) && i.materials.some((m) => m.required && !m.tolerable),
    'item with a tolerable material',
  );
  const scan = await pdfFile('scan.pdf', 'identity card copy');
  const numbers: string[] = [];
  const person = (n: number) => ({ name: n === 1 ? '王𠈌' : `张${'伟芳敏静'[n % 4]}`, id: makeResidentId('130102', '1988-04-1' + n, 10 + n) });

  const applicantFor = async (item: CatalogItem, n: number) => {
    if (item.applicantKinds.includes('person')) await fillPerson(page, person(n));
    else
      await fillOrganisation(page, {
        name: `石家庄市测试${n}有限公司`,
        code: makeCreditCode({ authority: '9', category: '1', regionCode: '130102', orgBody: `MA0CX${String(n).padStart(3, '0')}` }),
        legal: '李四',
        legalId: makeResidentId('130104', '1975-06-01', 31),
      });
  };

  // 1. A person's application with a scan, accepted.
  await startIntake(page, searchText(personItem), personItem.implementationCode);
  await next(page);
  await fillPerson(page, person(1));
  await next(page);
  await fillRequiredForm(page, personItem);
  await receive(page, personItem);
  await attach(page, personItem.materials[0]!.id, scan);
  await next(page);
  await decide(page, 'accept');
  await expect(page.getByTestId('due-date')).toBeVisible();
  numbers.push(await save(page));
  await expect(page.getByTestId('receipt-frame')).toBeVisible();

  // 2. An organisation's application with a scan, accepted.
  await startIntake(page, searchText(orgItem), orgItem.implementationCode);
  await next(page);
  await fillOrganisation(page, {
    name: '石家庄市𠈌记餐饮管理有限公司',
    code: makeCreditCode({ authority: '9', category: '1', regionCode: '130102', orgBody: 'MA0CXK7Q' }),
    legal: '李四',
    legalId: makeResidentId('130104', '1975-06-01', 31),
  });
  await next(page);
  await fillRequiredForm(page, orgItem);
  await receive(page, orgItem);
  await attach(page, orgItem.materials[0]!.id, scan);
  await next(page);
  await decide(page, 'accept');
  numbers.push(await save(page));

  // 3. Refused, with a reason.
  await startIntake(page, searchText(personItem), personItem.implementationCode);
  await next(page);
  await applicantFor(personItem, 3);
  await next(page);
  await next(page);
  await decide(page, 'refuse');
  await page.getByTestId('decision-reason').fill('申请事项依法不需要取得行政许可');
  numbers.push(await save(page));

  // 4. A notice to supplement listing every missing material at once.
  await startIntake(page, searchText(personItem), personItem.implementationCode);
  await next(page);
  await applicantFor(personItem, 4);
  await next(page);
  await fillRequiredForm(page, personItem);
  await next(page);
  await decide(page, 'supplement');
  const required = personItem.materials.filter((m) => m.required);
  await expect(page.getByTestId('deficiency-row')).toHaveCount(required.length);
  numbers.push(await save(page));

  // 5. Accepted with a tolerated gap, against a signed commitment.
  const gap = gapItem.materials.find((m) => m.required && m.tolerable)!;
  await startIntake(page, searchText(gapItem), gapItem.implementationCode);
  await next(page);
  await applicantFor(gapItem, 5);
  await next(page);
  await fillRequiredForm(page, gapItem);
  await receive(page, gapItem, [gap.id]);
  await attach(page, gapItem.materials.find((m) => m.id !== gap.id)!.id, scan);
  await next(page);
  await decide(page, 'accept');
  await expect(page.getByTestId('decision-problems')).toContainText(gap.name);
  await expect(page.getByTestId('intake-save')).toBeDisabled();
  await decide(page, 'accept-with-gap');
  await page.locator(`[data-testid="gap-material"][value="${gap.id}"], [data-testid="gap-material"]`).first().check();
  await page.getByTestId('commitment-deadline').fill('2026-12-20');
  await page.getByTestId('commitment-deadline').press('Enter');
  await page.getByTestId('commitment-signed').check();
  numbers.push(await save(page));

  // Reload: every case is there, each with its events and blobs, and the outbox
  // holds their records in the order they were taken in.
  await page.reload();
  await page.getByTestId('nav-cases').click();
  await expect(page.getByTestId('cases-page')).toBeVisible();
  for (const n of numbers) await expect(page.locator(`[data-testid="case-row"][data-case-number="${n}"]`)).toBeVisible();

  const s = await readStores(page);
  expect(s.cases.map((c) => c.caseNumber).sort()).toEqual([...numbers].sort());
  expect(Object.fromEntries(s.cases.map((c) => [c.caseNumber, c.decision?.kind]))).toEqual({
    [numbers[0]!]: 'accept',
    [numbers[1]!]: 'accept',
    [numbers[2]!]: 'refuse',
    [numbers[3]!]: 'supplement',
    [numbers[4]!]: 'accept-with-gap',
  });
  const byId = new Map(s.cases.map((c) => [c.id, c.caseNumber]));
  const order = s.outbox.sort((a, b) => a.deviceSeq - b.deviceSeq);
  expect(order.map((o) => o.deviceSeq)).toEqual(order.map((_, i) => i + 1));
  // Two records a case (received, decided), in intake order.
  expect(order.map((o) => byId.get(o.caseId))).toEqual(numbers.flatMap((n) => [n, n]));
  expect(order.map((o) => o.event.type).filter((_, i) => i % 2 === 0)).toEqual(numbers.map(() => 'received'));
  for (const c of s.cases) for (const m of c.materials) for (const sc of m.scans) expect(s.blobs).toContain(sc.sha256);
  for (const o of order) for (const b of o.blobs) expect(s.blobs).toContain(b);
});

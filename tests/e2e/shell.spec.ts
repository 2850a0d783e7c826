// Issue 2 acceptance: the real built renderer in browser mode shows the Chinese shell
// and the catalog from the center, searches it, and after a reload with the center
// stopped still shows the cached catalog.
import { expect, test } from '@playwright/test';
import { CatalogResponse, WindowsResponse } from '../../src-shared/protocol/sync';
import { startStack, type Stack } from './support/stack';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

test('shell, catalog from the center, search, and the cache survives the center going away', async ({ page }) => {
  const windows = WindowsResponse.parse(await (await fetch(`${stack.centerUrl}/v1/windows`)).json()).windows;
  const myWindow = windows.find((w) => w.id === 'w-130102-01');
  expect(myWindow, 'the demo window exists at the center').toBeTruthy();
  const catalog = CatalogResponse.parse(await (await fetch(`${stack.centerUrl}/v1/catalog?region=${myWindow!.regionCode}`)).json());

  await page.goto(stack.appUrl);
  await expect(page.getByTestId('app-shell')).toBeVisible();
  // Chinese first: the navigation speaks Chinese.
  await expect(page.getByTestId('nav-intake')).toContainText('受理');
  await expect(page.getByTestId('nav-cases')).toContainText('办件');
  await expect(page.getByTestId('nav-results')).toContainText('出件');
  await expect(page.getByTestId('nav-stats')).toContainText('统计');
  // The token left the address bar.
  expect(page.url()).not.toContain('token=');

  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'online');
  await expect(page.getByTestId('window-name')).toContainText(myWindow!.name);
  await expect(page.getByTestId('clerk-name')).toContainText(myWindow!.clerks.find((c) => c.id === 'c-130102-01-1')!.name);
  await expect(page.getByTestId('catalog-version')).toContainText(String(catalog.version));
  await expect(page.getByTestId('catalog-item').first()).toBeVisible();

  // Search by name: every row shown matches, and a known item is among them.
  const food = catalog.items.find((i) => i.name.includes('食品经营许可'));
  expect(food, 'the demo catalog has 食品经营许可').toBeTruthy();
  const search = page.getByTestId('catalog-search');
  await search.fill('食品经营');
  await expect(page.locator(`[data-testid="catalog-item"][data-code="${food!.implementationCode}"]`)).toBeVisible();
  for (const row of await page.getByTestId('catalog-item').all()) await expect(row).toContainText('食品经营');

  // Search by pinyin initials.
  await search.fill('spjyxk');
  await expect(page.locator(`[data-testid="catalog-item"][data-code="${food!.implementationCode}"]`)).toBeVisible();

  // Search by implementation code.
  await search.fill(food!.implementationCode);
  await expect(page.getByTestId('catalog-item')).toHaveCount(1);

  // The service guide opens with the item's materials.
  await page.locator(`[data-testid="catalog-item"][data-code="${food!.implementationCode}"]`).click();
  await expect(page.getByTestId('service-guide')).toBeVisible();
  await expect(page.getByTestId('service-guide')).toContainText(food!.materials[0]!.name);

  // The center goes away; the app reloads and works from its cache.
  await stack.stopCenter();
  await page.reload();
  await expect(page.getByTestId('app-shell')).toBeVisible();
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'offline');
  await expect(page.getByTestId('catalog-version')).toContainText(String(catalog.version));
  await page.getByTestId('catalog-search').fill('食品经营');
  await expect(page.locator(`[data-testid="catalog-item"][data-code="${food!.implementationCode}"]`)).toBeVisible();

  // And it notices when the center is back.
  await stack.startCenter();
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-state', 'online', { timeout: 30_000 });
});

test('English is one switch away', async ({ page }) => {
  await page.goto(stack.appUrl);
  await expect(page.getByTestId('nav-intake')).toContainText('受理');
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('nav-intake')).toContainText(/Intake/i);
  await page.reload();
  await expect(page.getByTestId('nav-intake')).toContainText(/Intake/i);
});

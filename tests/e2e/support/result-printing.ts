// The print steps both result specs go through at the window's result drawer: two copies to
// 另存为PDF (the directory printer — the files are the exact published bytes, their text read
// back with pdftotext), then a reprint refused without a reason and logged with one.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

const pdfsIn = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.pdf'));

export async function printTwoThenReprint(page: Page, detail: Locator, printDir: string, result: { sha256: string; verificationCode: string; title: string }): Promise<void> {
  await detail.getByTestId('result-printer').click();
  await page.locator('.ant-select-dropdown:visible [data-printer-id="dir:save-as-pdf"]').click();
  await detail.getByTestId('result-copies').fill('2');
  await detail.getByTestId('result-print').click();
  await expect(detail.getByTestId('result-print-done')).toBeVisible({ timeout: 60_000 });
  const files = pdfsIn(printDir);
  expect(files).toHaveLength(2);
  for (const f of files) expect(createHash('sha256').update(readFileSync(path.join(printDir, f))).digest('hex')).toBe(result.sha256);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(printDir, files[0]!), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  expect(text).toContain(result.title);
  expect(text).toContain(result.verificationCode);
  await expect(detail.getByTestId('result-print-entry')).toHaveCount(1);
  await expect(detail.getByTestId('result-print-entry').first()).toHaveAttribute('data-copies', '2');

  // A reprint needs a reason.
  await detail.getByTestId('result-copies').fill('1');
  await detail.getByTestId('result-print').click();
  await expect(detail).toContainText('补打须填写原因');
  expect(pdfsIn(printDir)).toHaveLength(2);
  await detail.getByTestId('result-reason').fill('原件污损');
  await detail.getByTestId('result-print').click();
  await expect(detail.getByTestId('result-print-entry')).toHaveCount(2, { timeout: 60_000 });
  await expect(detail.getByTestId('result-print-entry').nth(1)).toHaveAttribute('data-reprint', 'true');
  await expect(detail.getByTestId('result-print-log')).toContainText('原件污损');
  expect(pdfsIn(printDir)).toHaveLength(3);
}

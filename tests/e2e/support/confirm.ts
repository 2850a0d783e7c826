/**
 * Confirms a console action (antd's confirm dialog). A click that lands while the dialog is
 * still opening can be lost on a loaded machine (seen in CI: the dialog stayed open); click
 * until the dialog is gone. The console sends an action once however often OK is clicked.
 */
import { expect, type Page } from '@playwright/test';

export async function confirmAction(page: Page): Promise<void> {
  const ok = page.getByTestId('action-confirm-ok');
  await expect(async () => {
    if (await ok.isVisible()) await ok.click({ timeout: 2_000 });
    await expect(page.getByTestId('action-confirm')).toHaveCount(0, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

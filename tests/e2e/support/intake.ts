/** Driving the intake wizard the way a clerk does, for the end-to-end specs. */
import { expect, type Page } from '@playwright/test';
import type { CatalogItem } from '../../../src-shared/domain/catalog';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-e2e-files-'));

/** A small real PDF (one page with some text), written to disk for the file chooser. */
export async function pdfFile(name: string, text = 'scan'): Promise<string> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText(text, { x: 50, y: 780, size: 18, font: await doc.embedFont(StandardFonts.Helvetica) });
  const file = path.join(dir, name);
  writeFileSync(file, await doc.save());
  return file;
}

/**
 * Start a new intake the way a clerk at the keyboard does: type into the catalog search
 * (`query`, e.g. the item's name or its code) and pick with Enter when the item is first.
 */
export async function startIntake(page: Page, query: string, implementationCode: string): Promise<void> {
  await page.getByTestId('nav-intake').click();
  await expect(page.getByTestId('intake-start')).toBeVisible();
  const search = page.getByTestId('catalog-search');
  await search.fill(query);
  await expect(page.getByTestId('catalog-item').first()).toHaveAttribute('data-code', implementationCode);
  await search.press('Enter');
  await expect(page.getByTestId('intake-wizard')).toBeVisible();
}

export async function next(page: Page): Promise<void> {
  await page.getByTestId('intake-next').click();
}

export async function fillPerson(page: Page, p: { name: string; id: string; phone?: string }): Promise<void> {
  await expect(page.getByTestId('intake-step-applicant')).toBeVisible();
  const kind = page.getByTestId('applicant-kind').locator('input[value="person"]');
  if (await kind.count()) await kind.check();
  await page.getByTestId('applicant-doc-number').fill(p.id);
  await page.getByTestId('applicant-name').fill(p.name);
  await page.getByTestId('applicant-phone').fill(p.phone ?? '13812345678');
}

export async function fillOrganisation(page: Page, o: { name: string; code: string; legal: string; legalId: string }): Promise<void> {
  await expect(page.getByTestId('intake-step-applicant')).toBeVisible();
  await page.getByTestId('applicant-kind').locator('input[value="organisation"]').check();
  await page.getByTestId('org-credit-code').fill(o.code);
  await page.getByTestId('org-name').fill(o.name);
  await page.getByTestId('org-legal-name').fill(o.legal);
  await page.getByTestId('org-legal-doc-number').fill(o.legalId);
  await page.getByTestId('org-phone').fill('13912345678');
}

export async function fillRequiredForm(page: Page, item: CatalogItem): Promise<void> {
  for (const f of item.formFields.filter((f) => f.required)) {
    const el = page.locator(`[data-testid="form-field"][data-key="${f.key}"]`);
    const field = (await el.evaluate((n) => n.tagName === 'INPUT' || n.tagName === 'TEXTAREA')) ? el : el.locator('input, textarea').first();
    await field.fill(f.type === 'number' ? '12' : `测试${f.label}`.slice(0, f.maxLength ?? 50));
  }
}

/** Mark originals seen and copies received for the materials, except those in `skip`. */
export async function receive(page: Page, item: CatalogItem, skip: string[] = []): Promise<void> {
  for (const m of item.materials) {
    if (skip.includes(m.id)) continue;
    const row = page.locator(`[data-testid="material-row"][data-material-id="${m.id}"]`);
    if (m.originals > 0) await row.getByTestId('material-original').check();
    if (m.copies > 0) await row.getByTestId('material-copies').fill(String(m.copies));
  }
}

/** Attach a file to a material and wait until it shows as a scan. */
export async function attach(page: Page, materialId: string, file: string): Promise<void> {
  const row = page.locator(`[data-testid="material-row"][data-material-id="${materialId}"]`);
  await row.locator('input[type="file"]').setInputFiles(file);
  await expect(row.locator('[data-testid$="-scan"]').first()).toBeVisible();
}

export async function decide(page: Page, kind: 'accept' | 'accept-with-gap' | 'refuse' | 'supplement' | 'complete'): Promise<void> {
  await expect(page.getByTestId('intake-step-decision')).toBeVisible();
  await page.getByTestId('decision-kind').locator(`input[value="${kind}"]`).check();
}

/** Save and return the case number the app shows. */
export async function save(page: Page): Promise<string> {
  await expect(page.getByTestId('intake-save')).toBeEnabled();
  await page.getByTestId('intake-save').click();
  const saved = page.getByTestId('intake-saved');
  await expect(saved).toBeVisible({ timeout: 30_000 });
  const n = await page.getByTestId('intake-case-number').first().innerText();
  return n.trim();
}

/** Everything the window's IndexedDB holds for the intake, read straight from the stores. */
export async function readStores(page: Page): Promise<{
  cases: { id: string; caseNumber: string; status: string; materials: { scans: { sha256: string }[] }[]; decision?: { kind: string } }[];
  outbox: { deviceSeq: number; caseId: string; blobs: string[]; event: { type: string } }[];
  blobs: string[];
  events: { caseId: string; seq: number }[];
}> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('yichuang');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = (store: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const keys = (store: string) =>
      new Promise<string[]>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).getAllKeys();
        req.onsuccess = () => resolve(req.result as string[]);
        req.onerror = () => reject(req.error);
      });
    const out = {
      cases: (await all('cases')) as never,
      outbox: (await all('outbox')) as never,
      blobs: await keys('blobs'),
      events: (await all('events')) as never,
    };
    db.close();
    return out;
  });
}

/**
 * The province at work, for the issue 6 end-to-end specs (province.spec.ts, proxy.spec.ts):
 * the operator's admin calls (reviewers on the public port, proxy authorisations on the
 * HTTPS sync port), department reviewers working in the console in Chromium, the clerk's
 * sync panel, the center's database read by the operator while the center is stopped, and
 * what a test needs to damage a result held at the window (a flipped byte, a foreign root).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { openStore } from '../../../src-center/store/index';
import { Reviewer } from '../../../src-shared/protocol/console';
import { enrollmentCode, syncEndpoint } from './operator';
import { confirmAction } from './confirm';

export interface Login {
  username: string;
  password: string;
}

/** POST /v1/admin/reviewers (bearer CENTER_ADMIN_TOKEN): a reviewer of one department, with a fresh password. */
export async function createReviewer(centerUrl: string, token: string, departmentCode: string, name: string): Promise<Login> {
  const username = `e2e-${departmentCode}-${randomBytes(3).toString('hex')}`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  const res = await fetch(`${centerUrl}/v1/admin/reviewers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ username, name, departmentCode, password }),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`create reviewer ${departmentCode}: HTTP ${res.status}: ${text}`);
  Reviewer.parse(JSON.parse(text));
  return { username, password };
}

/** An operator call on the center's HTTPS sync port (trusting only the province root). */
export async function adminHttps(opts: { centerUrl: string; rootPemFile: string; token: string }, method: 'GET' | 'POST', p: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const { url } = await syncEndpoint(opts.centerUrl);
  const data = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(p, url),
      {
        method,
        ca: readFileSync(opts.rootPemFile),
        headers: { authorization: `Bearer ${opts.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(data)) }) },
      },
      (res) => {
        let out = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (out += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: out ? (JSON.parse(out) as unknown) : null }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

// ───────────────────────────── the console, in Chromium ─────────────────────────────

export async function consoleSignIn(page: Page, centerUrl: string, who: Login): Promise<void> {
  await page.goto(`${centerUrl}/console/`);
  await expect(page.getByTestId('login-page')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('login-username').fill(who.username);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-password').press('Enter');
  await expect(page.getByTestId('worklist-page')).toBeVisible({ timeout: 30_000 });
}

export const worklistRow = (page: Page, caseNumber: string): Locator => page.locator(`[data-testid="worklist-row"][data-case-number="${caseNumber}"]`);

/**
 * Opens a case from the worklist with the keyboard: "/" to the search, the case number,
 * ↓ (searches now and selects the first row), Enter. (A row clicked within the
 * search's 300 ms pause after typing can be undone when that search lands.)
 */
export async function consoleOpen(page: Page, caseNumber: string): Promise<void> {
  await page.locator('body').press('/');
  const search = page.getByTestId('worklist-search');
  await expect(search).toBeFocused();
  await search.fill(caseNumber);
  await page.keyboard.press('ArrowDown');
  const row = worklistRow(page, caseNumber);
  await expect(page.getByTestId('worklist-row')).toHaveCount(1, { timeout: 30_000 });
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('case-number')).toHaveText(caseNumber, { timeout: 30_000 });
}

/** 同意 on my step (opinion, confirmation naming the case). */
export async function consoleApprove(page: Page, caseNumber: string, opinion: string): Promise<void> {
  await page.getByTestId('action-approve').click();
  await page.getByTestId('form-opinion').fill(opinion);
  await page.getByTestId('action-submit').click();
  await expect(page.getByTestId('action-confirm')).toContainText(caseNumber);
  await confirmAction(page);
  await expect(page.getByTestId('step-done')).toBeVisible({ timeout: 30_000 });
}

/** 不予许可 on my step, with every reason. */
export async function consoleRefuse(page: Page, reasons: string[]): Promise<void> {
  await page.getByTestId('action-refuse').click();
  for (const [i, r] of reasons.entries()) {
    if (i > 0) await page.getByTestId('form-add').click();
    await page.getByTestId(`form-reason-${i}`).fill(r);
  }
  await page.getByTestId('action-submit').click();
  await expect(page.getByTestId('action-confirm').locator('li')).toHaveText(reasons);
  await confirmAction(page);
}

/** The lead department issues the result; returns the verification code the console shows. */
export async function consoleIssue(page: Page, r: { title: string; body: string }): Promise<string> {
  await page.getByTestId('action-issue').click();
  await page.getByTestId('form-title').fill(r.title);
  await page.getByTestId('form-body').fill(r.body);
  await page.getByTestId('action-submit').click();
  await confirmAction(page);
  // Rendering, sealing and timestamping a PDF: slow on a loaded two-core machine.
  const code = page.getByTestId('result-code');
  await expect(code).toHaveText(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/, { timeout: 90_000 });
  return (await code.textContent())!.trim();
}

// ───────────────────────────── the clerk's sync panel ─────────────────────────────

export const syncPanel = (page: Page): Locator => page.locator('.ant-drawer').filter({ has: page.getByTestId('sync-phase') });

/** Closes whatever drawer is open (a case, a result), with Esc as the clerk does. */
export async function closeDrawers(page: Page): Promise<void> {
  const open = page.locator('.ant-drawer-content-wrapper:visible');
  await expect(async () => {
    if (await open.count()) await page.keyboard.press('Escape');
    await expect(open).toHaveCount(0, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/** Opens the sync panel (if closed; any other drawer is closed first) and returns it. */
export async function openSyncPanel(page: Page): Promise<Locator> {
  const panel = syncPanel(page);
  // A closed drawer stays in the page, hidden: go by what it shows.
  if (!(await panel.getByTestId('sync-phase').isVisible())) {
    await closeDrawers(page);
    await page.getByTestId('sync-entry').click();
  }
  await expect(panel.getByTestId('sync-phase')).toBeVisible();
  return panel;
}

/** The operator reads out a one-time code; the clerk enrolls this PC in the sync panel (left open). */
export async function enrollInPanel(page: Page, o: { centerUrl: string; rootPemFile: string; token: string; windowId: string }): Promise<Locator> {
  const endpoint = await syncEndpoint(o.centerUrl);
  const { code } = await enrollmentCode({ syncUrl: endpoint.url, rootPemFile: o.rootPemFile, token: o.token, windowId: o.windowId });
  const panel = await openSyncPanel(page);
  await expect(panel.getByTestId('sync-enroll')).toBeVisible({ timeout: 30_000 });
  await panel.getByTestId('sync-enroll-code').fill(code);
  await panel.getByTestId('sync-enroll-submit').click();
  await expect(panel.getByTestId('sync-device')).toBeVisible({ timeout: 30_000 });
  return panel;
}

/** Records in the window's outbox (IndexedDB): waiting to go up, or refused by the center and waiting in 需处理. */
export async function outboxCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('yichuang');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const n = await new Promise<number>((resolve, reject) => {
      const req = db.transaction('outbox').objectStore('outbox').count();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return n;
  });
}

/** Sync now (sync panel, left open) until the outbox is empty and the panel says so. */
export async function syncUntilEmpty(page: Page, timeout = 120_000): Promise<void> {
  const panel = await openSyncPanel(page);
  await expect
    .poll(
      async () => {
        const n = await outboxCount(page);
        if (n > 0 && (await panel.getByTestId('sync-now').isEnabled())) await panel.getByTestId('sync-now').click();
        return n;
      },
      { timeout, intervals: [1000, 2000, 3000] },
    )
    .toBe(0);
  await expect(panel.getByTestId('sync-pending')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
}

// ───────────────────────────── the clerk's intake ─────────────────────────────

/**
 * Starts an intake by typing the implementation code into the catalog search and pressing
 * Enter, again if the box was emptied meanwhile: the intake page swaps its catalog between
 * the plain one and the proxy picker when the window's proxy list arrives (e.g. just after
 * enrollment), which empties the search box.
 */
export async function startIntakeByCode(page: Page, implementationCode: string): Promise<void> {
  await page.getByTestId('nav-intake').click();
  await expect(page.getByTestId('intake-start')).toBeVisible();
  const wizard = page.getByTestId('intake-wizard');
  await expect(async () => {
    if (await wizard.isVisible()) return;
    const search = page.getByTestId('catalog-search');
    await search.fill(implementationCode);
    await expect(page.getByTestId('catalog-item').first()).toHaveAttribute('data-code', implementationCode, { timeout: 3_000 });
    await search.press('Enter');
    await expect(wizard).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
}

// ───────────────────────────── the center's database ─────────────────────────────

export type CenterEvent = {
  seq: number;
  type: string;
  actor: string;
  data: Record<string, unknown>;
};

/** A case's events as the center holds them (sync_events), read while the center is stopped (PGlite: one process). */
export async function centerCaseEvents(centerDataDir: string, caseId: string): Promise<CenterEvent[]> {
  const store = await openStore({ dataDir: centerDataDir });
  try {
    return await store.db.query<CenterEvent>('SELECT seq, type, actor, data FROM sync_events WHERE case_id = $1 ORDER BY seq', [caseId]);
  } finally {
    await store.close();
  }
}

// ───────────────────────────── damaging what the window holds ─────────────────────────────

/**
 * Flips one byte (XOR 0x01) of a blob in the window's IndexedDB, in place: a second call
 * with the same offset puts it back. Returns the blob's size.
 */
export async function flipBlobByte(page: Page, sha256: string, offset: number): Promise<number> {
  return page.evaluate(
    async ({ sha, at }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('yichuang');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const row = await new Promise<{ blob: Blob } & Record<string, unknown>>((resolve, reject) => {
        const req = db.transaction('blobs').objectStore('blobs').get(sha);
        req.onsuccess = () => (req.result ? resolve(req.result as { blob: Blob }) : reject(new Error(`no blob ${sha} at the window`)));
        req.onerror = () => reject(req.error);
      });
      const bytes = new Uint8Array(await row.blob.arrayBuffer());
      const i = at < 0 ? bytes.length + at : at;
      bytes[i] = bytes[i]! ^ 0x01;
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('blobs', 'readwrite');
        tx.objectStore('blobs').put({ ...row, blob: new Blob([bytes], { type: row.blob.type }) });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
      return bytes.length;
    },
    { sha: sha256, at: offset },
  );
}

/** A self-signed root certificate (PEM) of another authority, same look as the province's (openssl). */
export function foreignRootPem(dir: string): string {
  const key = path.join(dir, 'foreign-root.key');
  const cert = path.join(dir, 'foreign-root.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', '/C=CN/ST=河北省/O=河北省政务服务管理办公室/CN=河北省政务服务根证书（仿冒）', '-utf8', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    { stdio: 'pipe' },
  );
  return readFileSync(cert, 'utf8');
}

/** The text of a PDF (pdftotext, UTF-8), whitespace removed: table cells may wrap anywhere. */
export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

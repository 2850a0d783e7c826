/**
 * Verify before printing (rule 14), in main, through the clerk-api exactly as the page
 * calls it: a province-sealed result prints its exact bytes; a flipped byte, a certificate
 * outside the province root, a window's or a revoked certificate, or a missing CRL are
 * refused with the reason the clerk reads, and nothing reaches the printer. A reprint needs
 * a reason even when the page claims there was no earlier print (main's journal knows).
 */
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, createHandlers } from '../../../src-main/clerk-handlers';
import { DocumentService } from '../../../src-main/services/documents';
import { SettingsStore, defaultSettings } from '../../../src-main/services/settings-store';
import { makeAppInfo } from '../../../src-main/services/app-info';
import { BROWSER_PRINTER_ID, DIRECTORY_PRINTER_ID, DirectoryPrinter, PrintJournal, ResultPrintService, sha256Hex, type TrustSource } from '../../../src-main/services/printer';
import { renderDocumentWithLayout } from '../../../src-node/documents';
import { sampleDocumentInput } from '../../../src-node/documents/sample';
import { signPdf, type Signer } from '../../../src-node/pades';
import { DomainRuleError } from '../../../src-shared/domain/errors';
import type { ResultCheck, ResultPrintArgs, ResultPrintOutcome } from '../../../src-shared/protocol/clerk-results';
import { demoPki, pdftotext, type DemoPki } from '../pades/helpers';

let pki: DemoPki;
let foreign: DemoPki;
let unsigned: Uint8Array;
let sealed: Buffer;
let foreignSealed: Buffer;
let windowSealed: Buffer;
let revokedSigned: Buffer;
const dirs: string[] = [];

const sign = async (signer: Signer, field = 'province-seal') => (await signPdf(unsigned, { signer, fieldName: field, signerName: 'seal' })).pdf;

beforeAll(async () => {
  [pki, foreign] = await Promise.all([demoPki(), demoPki()]);
  unsigned = (await renderDocumentWithLayout(sampleDocumentInput('completion'))).bytes;
  sealed = await sign(pki.signer('province-seal'));
  foreignSealed = await sign(foreign.signer('province-seal'));
  windowSealed = await sign(pki.signer('window-seal:w-130102-01'), 'window-seal');
  revokedSigned = await sign(pki.signer('clerk:c-130102-01-9'), 'clerk-signature');
}, 180_000);
afterAll(() => {
  pki?.cleanup();
  foreign?.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function setup(trust?: TrustSource, opts: { pagePrint?: boolean } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-result-print-'));
  dirs.push(dir);
  const printDir = path.join(dir, 'prints');
  const printing = new ResultPrintService({
    backends: [new DirectoryPrinter(printDir)],
    trust: trust ?? { trustRoots: async () => [pki.rootDer], crls: async () => [pki.crlDer] },
    journalFile: path.join(dir, 'print-journal.jsonl'),
    ...(opts.pagePrint ? { pagePrint: true } : {}),
  });
  const dispatch = createDispatch(
    createHandlers({
      appInfo: () => makeAppInfo('browser', '0', dir),
      settings: new SettingsStore(dir, defaultSettings({})),
      documents: new DocumentService({ dataDir: dir, centerUrl: async () => 'http://127.0.0.1:4780' }),
      printing,
    }),
  );
  const printed = () => {
    try {
      return readdirSync(printDir);
    } catch {
      return [];
    }
  };
  return { dir, printDir, printing, dispatch, printed, journal: new PrintJournal(path.join(dir, 'print-journal.jsonl')) };
}

const resultId = '7b0f6a5e-1c1d-4f5e-9a40-2b1e0c9d8f70';
const args = (pdf: Uint8Array, over: Partial<ResultPrintArgs> = {}): ResultPrintArgs => ({
  pdf: new Uint8Array(pdf),
  sha256: sha256Hex(pdf),
  resultId,
  caseNumber: '130102-20261201-AB12CD-0001',
  title: '准予行政许可决定书',
  printerId: DIRECTORY_PRINTER_ID,
  copies: 1,
  previousPrints: 0,
  ...over,
});

function flip(pdf: Buffer, at: number): Buffer {
  const copy = Buffer.from(pdf);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

describe('results:print verifies in main before printing', () => {
  it('prints the exact bytes of a province-sealed result and journals it', async () => {
    const s = setup();
    const out = (await s.dispatch('results:print', args(sealed, { copies: 2 }))) as ResultPrintOutcome;
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out).toMatchObject({ printerName: '另存为PDF', kind: 'directory', copies: 2, reprint: false, pagePrints: false });
    expect(out.verified.signer).toBe('河北省政务服务电子印章');
    expect(out.files).toHaveLength(2);
    for (const f of out.files!) expect(Buffer.compare(readFileSync(f), sealed)).toBe(0);
    // What "printed" reads as the document's text.
    expect(pdftotext(out.files![0]!).replace(/\s+/g, '')).toContain('办结');
    expect(await s.journal.entries()).toMatchObject([{ resultId, outcome: 'printed', copies: 2, printerId: DIRECTORY_PRINTER_ID, sha256: sha256Hex(sealed) }]);
  });

  it('refuses a result with one flipped byte: 文件已被改动, nothing printed', async () => {
    const s = setup();
    const tampered = flip(sealed, Math.floor(sealed.length / 3));
    // The published hash is the original's: the bytes are not the ones the province issued.
    const out = (await s.dispatch('results:print', args(tampered, { sha256: sha256Hex(sealed) }))) as ResultPrintOutcome;
    expect(out).toMatchObject({ ok: false, stage: 'verify', code: 'tampered' });
    expect(!out.ok && out.reason).toMatch(/文件已被改动/);
    expect(s.printed()).toEqual([]);
    expect(await s.journal.entries()).toMatchObject([{ outcome: 'refused', code: 'tampered' }]);
  });

  it('refuses a flipped byte even when the hash given matches the changed bytes (the signature does not)', async () => {
    const s = setup();
    for (const at of [200, Math.floor(sealed.length / 2), sealed.length - 40]) {
      const out = (await s.dispatch('results:print', args(flip(sealed, at)))) as ResultPrintOutcome;
      expect(out).toMatchObject({ ok: false, stage: 'verify', code: 'tampered' });
    }
    expect(s.printed()).toEqual([]);
  });

  it('refuses a result sealed under another root: 证书不是省级根证书签发', async () => {
    const s = setup();
    const out = (await s.dispatch('results:print', args(foreignSealed))) as ResultPrintOutcome;
    expect(out).toMatchObject({ ok: false, stage: 'verify', code: 'untrusted-root' });
    expect(!out.ok && out.reason).toMatch(/证书不是省级根证书签发/);
    expect(!out.ok && out.problems.join()).toMatch(/不是由受信任的根证书签发/);
    expect(s.printed()).toEqual([]);
  });

  it('refuses a result signed by a window seal (the province root issued it, but it is not the province seal)', async () => {
    const s = setup();
    const out = (await s.dispatch('results:print', args(windowSealed))) as ResultPrintOutcome;
    expect(out).toMatchObject({ ok: false, code: 'not-province-seal' });
    expect(!out.ok && out.reason).toMatch(/不是由省级电子印章签发/);
    expect(s.printed()).toEqual([]);
  });

  it('refuses a revoked certificate, and fails closed without a CRL', async () => {
    const revoked = (await setup().dispatch('results:print', args(revokedSigned))) as ResultPrintOutcome;
    expect(revoked).toMatchObject({ ok: false, code: 'revoked' });
    expect(!revoked.ok && revoked.reason).toMatch(/已被吊销/);
    const noCrl = setup({ trustRoots: async () => [pki.rootDer], crls: async () => [] });
    const out = (await noCrl.dispatch('results:print', args(sealed))) as ResultPrintOutcome;
    expect(out).toMatchObject({ ok: false, code: 'revocation-unknown' });
    expect(noCrl.printed()).toEqual([]);
    const noRoot = setup({ trustRoots: async () => [], crls: async () => [] });
    expect(await noRoot.dispatch('results:print', args(sealed))).toMatchObject({ ok: false, code: 'trust-unavailable' });
  });

  it('refuses an unsigned PDF', async () => {
    const out = (await setup().dispatch('results:print', args(unsigned))) as ResultPrintOutcome;
    expect(out).toMatchObject({ ok: false, code: 'unsigned' });
  });

  it('asks for a reason on every reprint, even when the page claims there was no print before', async () => {
    const s = setup();
    expect(await s.dispatch('results:print', args(sealed))).toMatchObject({ ok: true, reprint: false });
    const e = await s.dispatch('results:print', args(sealed, { previousPrints: 0 })).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DomainRuleError);
    expect((e as DomainRuleError).field).toBe('reason');
    expect(s.printed()).toHaveLength(1);
    const again = (await s.dispatch('results:print', args(sealed, { previousPrints: 1, reason: '原件污损' }))) as ResultPrintOutcome;
    expect(again).toMatchObject({ ok: true, reprint: true, reason: '原件污损' });
    expect(s.printed()).toHaveLength(2);
    // Two clicks at once: one first print and one refused reprint, never two first prints.
    const other = '0d9a2c4e-5b6f-4a7b-8c9d-0e1f2a3b4c5d';
    const both = await Promise.allSettled([s.dispatch('results:print', args(sealed, { resultId: other })), s.dispatch('results:print', args(sealed, { resultId: other }))]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('lets the page print in browser mode only after main verified and journalled it', async () => {
    const s = setup(undefined, { pagePrint: true });
    const list = (await s.dispatch('printers:list', {})) as { printers: { id: string }[] };
    expect(list.printers.map((p) => p.id)).toContain(BROWSER_PRINTER_ID);
    expect(await s.dispatch('results:print', args(sealed, { printerId: BROWSER_PRINTER_ID }))).toMatchObject({ ok: true, pagePrints: true, printerName: '浏览器打印' });
    expect(await s.dispatch('results:print', args(foreignSealed, { printerId: BROWSER_PRINTER_ID, resultId: '0d9a2c4e-5b6f-4a7b-8c9d-0e1f2a3b4c5d' }))).toMatchObject({ ok: false, code: 'untrusted-root' });
    expect(s.printed()).toEqual([]);
    expect(await setup().dispatch('results:print', args(sealed, { printerId: BROWSER_PRINTER_ID }))).toMatchObject({ ok: false, stage: 'printer', code: 'unknown_printer' });
  });

  it('results:check answers as the print path judges', async () => {
    const s = setup();
    const ok = (await s.dispatch('results:check', { pdf: new Uint8Array(sealed), sha256: sha256Hex(sealed) })) as ResultCheck;
    expect(ok).toMatchObject({ ok: true, signer: '河北省政务服务电子印章', organisation: '河北省人民政府政务服务管理办公室', timestamped: false, signatures: 1 });
    expect(await s.dispatch('results:check', { pdf: new Uint8Array(foreignSealed), sha256: sha256Hex(foreignSealed) })).toMatchObject({ ok: false, code: 'untrusted-root' });
  });

  it('accepts only a pinned province seal when one is configured', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-result-pin-'));
    dirs.push(dir);
    const trust = { trustRoots: async () => [pki.rootDer], crls: async () => [pki.crlDer] };
    const pinned = (sha: string) => new ResultPrintService({ backends: [], trust, journalFile: path.join(dir, 'j'), verify: { provinceSealSha256: [sha] } });
    const seal = pki.manifest.entries.find((e) => e.id === 'province-seal')!;
    expect((await pinned(seal.sha256).check(sealed, sha256Hex(sealed))).ok).toBe(true);
    expect(await pinned('00'.repeat(32)).check(sealed, sha256Hex(sealed))).toMatchObject({ ok: false, code: 'not-province-seal' });
  });
});

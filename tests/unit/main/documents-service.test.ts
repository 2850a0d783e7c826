// documents:render through the clerk-api: main numbers the document, gives it a
// verification code and renders it from the case's own decision.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDispatch, createHandlers } from '../../../src-main/clerk-handlers';
import { DocumentService, documentNumberPrefix, shortRegionName } from '../../../src-main/services/documents';
import { SettingsStore, defaultSettings } from '../../../src-main/services/settings-store';
import { makeAppInfo } from '../../../src-main/services/app-info';
import { sampleCase } from '../../../src-node/documents/sample';
import type { RenderedDocument } from '../../../src-shared/protocol/clerk-api';

function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-docs-'));
  const documents = new DocumentService({ dataDir: dir, centerUrl: async () => 'http://127.0.0.1:4780' });
  const dispatch = createDispatch(
    createHandlers({ appInfo: () => makeAppInfo('browser', '0', dir), settings: new SettingsStore(dir, defaultSettings({})), documents }),
  );
  return { dir, dispatch, documents };
}

const window = { id: 'w-130102-01', name: '综合受理1号窗口', regionCode: '130102', centerName: '石家庄市长安区政务服务中心' };
const at = '2026-11-26T09:40:00+08:00';

function text(pdf: Uint8Array): string {
  const f = path.join(mkdtempSync(path.join(os.tmpdir(), 'yc-docs-pdf-')), 'd.pdf');
  writeFileSync(f, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' });
}

describe('documents:render', () => {
  it('names documents after the window region and kind', () => {
    expect(shortRegionName('石家庄市长安区政务服务中心')).toBe('长安');
    expect(shortRegionName('三河市政务服务中心')).toBe('三河');
    expect(documentNumberPrefix('石家庄市长安区政务服务中心', 'refusal')).toBe('长安政服不受字');
  });

  it('renders an acceptance notice with a fresh number and verification code each time', async () => {
    const { dispatch } = setup();
    const c = sampleCase({ decision: { kind: 'accept', at, clerkId: 'c-130102-01-1' } });
    const args = { type: 'acceptance', case: { ...c, status: 'accepted' }, window, clerkName: '张丽华' };
    const a = (await dispatch('documents:render', args)) as RenderedDocument;
    const b = (await dispatch('documents:render', args)) as RenderedDocument;
    expect(Buffer.from(a.pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(a.documentNumber).toMatch(/^长安政服受字〔\d{4}〕第000001号$/);
    expect(b.documentNumber).toMatch(/第000002号$/);
    expect(a.verificationCode).not.toBe(b.verificationCode);
    expect(a.signed).toBe(false);
    const t = text(a.pdf);
    expect(t).toContain('受理通知书');
    expect(t).toContain('王𠈌');
    expect(t).toContain(a.documentNumber);
  });

  it('keeps counting after a restart', async () => {
    const { dir } = setup();
    const c = sampleCase({ decision: { kind: 'refuse', at, clerkId: 'c', reason: '申请事项不属于本机关职权范围' } });
    const args = { type: 'refusal' as const, case: { ...c, status: 'refused' as const }, window, clerkName: '张丽华' };
    await new DocumentService({ dataDir: dir, centerUrl: async () => 'http://x' }).render(args);
    const second = await new DocumentService({ dataDir: dir, centerUrl: async () => 'http://x' }).render(args);
    expect(second.documentNumber).toMatch(/第000002号$/);
    expect(text(second.pdf)).toContain('申请事项不属于本机关职权范围');
  });

  it('refuses a document that does not match the decision, naming the field', async () => {
    const { dispatch } = setup();
    const c = sampleCase({ decision: { kind: 'accept', at, clerkId: 'c' } });
    await expect(dispatch('documents:render', { type: 'refusal', case: c, window, clerkName: '张丽华' })).rejects.toMatchObject({
      field: 'case.decision',
    });
    await expect(dispatch('documents:render', { type: 'acceptance', case: c, window, clerkName: '' })).rejects.toMatchObject({
      code: 'bad_args',
      field: 'clerkName',
    });
  });
});

describe('documents:render with the keystore unlocked (signed)', () => {
  it('signs as the clerk, seals as the window and timestamps with the center; locked, it stays unsigned and says why', async () => {
    const { demoPki, nssDb, pdfsig } = await import('../pades/helpers');
    const { Keystore } = await import('../../../src-main/services/keystore');
    const { CenterPki } = await import('../../../src-center/pki/index');
    const { verifyPdf } = await import('../../../src-node/pades');
    const http = await import('node:http');
    const pki = await demoPki();
    const centerPki = await CenterPki.open(pki.dir);
    const tsa = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void centerPki.timestamp(Buffer.concat(chunks)).then((a) => res.writeHead(a.status, { 'content-type': 'application/timestamp-reply' }).end(a.body));
      });
    });
    await new Promise<void>((r) => tsa.listen(0, '127.0.0.1', r));
    try {
      const port = (tsa.address() as { port: number }).port;
      const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-docs-signed-'));
      const keystore = new Keystore({
        dir: path.join(dir, 'keystore'),
        trust: { trustRoots: async () => [pki.rootDer], crls: async () => [pki.crlDer] },
        autoLockMinutes: async () => 15,
        scrypt: { N: 1 << 10, r: 8, p: 1 },
      });
      await keystore.import('clerk', pki.p12('clerk:c-130102-01-1'), pki.pin);
      await keystore.import('window-seal', pki.p12('window-seal:w-130102-01'), pki.pin);
      const trust = { trustRoots: async () => [pki.rootDer], crls: async () => [pki.crlDer] };
      const documents = new DocumentService({ dataDir: dir, centerUrl: async () => `http://127.0.0.1:${port}`, signing: keystore, trust });
      const c = sampleCase({ decision: { kind: 'accept', at, clerkId: 'c-130102-01-1' } });
      const args = { type: 'acceptance' as const, case: { ...c, status: 'accepted' as const }, window, clerkName: '张丽华' };

      const doc = await documents.render(args);
      expect(doc).toMatchObject({ signed: true, timestamped: true });
      expect(await documents.pendingTimestamps()).toEqual([]);
      const v = await verifyPdf(doc.pdf, { trustRoots: [pki.rootDer], crls: [pki.crlDer] });
      expect(v.signatures.map((s) => [s.fieldName, s.ok, s.timeSource])).toEqual([
        ['clerk-signature', true, 'timestamp'],
        ['window-seal', true, 'timestamp'],
      ]);
      const file = path.join(dir, 'signed.pdf');
      writeFileSync(file, doc.pdf);
      const ps = pdfsig(file, nssDb(pki.rootPem));
      expect(ps.signatures.map((s) => [s.validation, s.certificate]), ps.output).toEqual([
        ['Signature is Valid.', 'Certificate is Trusted.'],
        ['Signature is Valid.', 'Certificate is Trusted.'],
      ]);
      expect(ps.signatures[1]!.totalDocument).toBe(true);
      expect(text(doc.pdf)).toContain(doc.documentNumber);

      // The app's own check (documents:verify): both signatures, signer names, the seal over everything.
      const checked = await documents.verify(doc.pdf);
      expect(checked.ok).toBe(true);
      expect(checked.signatures.map((s) => [s.fieldName, s.ok, s.timestamped])).toEqual([
        ['clerk-signature', true, true],
        ['window-seal', true, true],
      ]);
      expect(checked.signatures[0]!.signer).toContain('张丽华');
      expect(checked.signatures[1]!.coversWholeDocument).toBe(true);
      const tampered = new Uint8Array(doc.pdf);
      tampered[Math.floor(tampered.length / 3)]! ^= 0x01;
      const bad = await documents.verify(tampered);
      expect(bad.ok).toBe(false);
      // Without a trust root nothing verifies (fails closed).
      const blind = await new DocumentService({ dataDir: dir, centerUrl: async () => 'http://127.0.0.1:1' }).verify(doc.pdf);
      expect(blind.ok).toBe(false);

      await keystore.lock('clerk');
      const locked = await documents.render(args);
      expect(locked.signed).toBe(false);
      expect(locked.unsignedReason).toMatch(/受理人证书未解锁/);
      expect(text(locked.pdf)).toContain('受理通知书');
      pki.cleanup();
    } finally {
      tsa.close();
    }
  }, 60_000);
});

/**
 * The keystore as a clerk meets it: import a PKCS#12 with its PIN, unlock per session,
 * wrong PINs counted (and remembered across restarts), idle auto-lock, certificates that
 * may not sign refused with the rule named, and nothing but certificate details for the
 * renderer.
 */
import { readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keystore, type SafeStorageLike } from '../../../src-main/services/keystore';
import { createDispatch, createHandlers } from '../../../src-main/clerk-handlers';
import { DocumentService } from '../../../src-main/services/documents';
import { SettingsStore, defaultSettings } from '../../../src-main/services/settings-store';
import { makeAppInfo } from '../../../src-main/services/app-info';
import { verifyPdf } from '../../../src-node/pades';
import { sampleCase } from '../../../src-node/documents/sample';
import type { RenderedDocument } from '../../../src-shared/protocol/clerk-api';
import { demoPki, tempDir, type DemoPki } from '../pades/helpers';

let pki: DemoPki;
let other: DemoPki;

beforeAll(async () => {
  [pki, other] = await Promise.all([demoPki(), demoPki({ keyAlgorithm: 'ecdsa-p256' })]);
}, 120_000);
afterAll(() => {
  pki?.cleanup();
  other?.cleanup();
});

function clock(start = Date.now()) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

function makeKeystore(o: { dir?: string; clk?: ReturnType<typeof clock>; safeStorage?: SafeStorageLike; crls?: Buffer[]; minutes?: number } = {}) {
  const dir = o.dir ?? tempDir('yc-keystore-');
  const clk = o.clk ?? clock();
  const ks = new Keystore({
    dir,
    trust: { trustRoots: async () => [pki.rootDer], crls: async () => o.crls ?? [pki.crlDer] },
    autoLockMinutes: async () => o.minutes ?? 15,
    now: clk.now,
    scrypt: { N: 1 << 10, r: 8, p: 1 },
    ...(o.safeStorage ? { safeStorage: o.safeStorage } : {}),
  });
  return { ks, dir, clk };
}

const slot = (s: Awaited<ReturnType<Keystore['status']>>, role: 'clerk' | 'window-seal') => s.slots.find((x) => x.role === role)!;

describe('import', () => {
  it('keeps the PKCS#12 encrypted at rest (0600), unlocks it for the session and shows only certificate details', async () => {
    const { ks, dir } = makeKeystore();
    const p12 = pki.p12('clerk:c-130102-01-2');
    const st = await ks.import('clerk', p12, pki.pin);
    const c = slot(st, 'clerk');
    expect(c).toMatchObject({ imported: true, unlocked: true, protection: 'pin-scrypt', attemptsLeft: 5 });
    expect(c.certificate?.commonName).toBe('窗口受理员 王𠈌');
    expect(c.certificate?.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(c.certificate?.extendedKeyUsage).toEqual(['emailProtection', 'documentSigning']);
    expect(st.canSign).toBe(false); // the seal is still missing
    // Nothing key-like in what the renderer gets.
    const json = JSON.stringify(st);
    expect(json).not.toMatch(/PRIVATE KEY|privateKey|"d":|pkcs8/i);
    expect(json).not.toContain(p12.toString('base64').slice(0, 40));
    // On disk: 0600, and neither the PKCS#12 nor a PEM key in clear.
    const file = path.join(dir, 'clerk.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(p12.toString('base64').slice(0, 40));
    expect(text).not.toMatch(/PRIVATE KEY/);
  });

  it('refuses a wrong PIN, a seal imported as the clerk, and certificates that may not sign — naming the rule', async () => {
    const { ks } = makeKeystore();
    await expect(ks.import('clerk', pki.p12('clerk:c-130102-01-1'), '000000')).rejects.toMatchObject({ field: 'pin', code: 'bad_args' });
    await expect(ks.import('clerk', pki.p12('window-seal:w-130102-01'), pki.pin)).rejects.toMatchObject({ field: 'role', message: expect.stringMatching(/不能导入为受理人证书/) });
    await expect(ks.import('clerk', pki.p12('clerk:c-130102-01-8'), pki.pin)).rejects.toThrow(/受理人证书不能用于签名：.*已于 .* 过期（规则：证书有效期）/);
    await expect(ks.import('clerk', pki.p12('clerk:c-130102-01-9'), pki.pin)).rejects.toThrow(/被吊销.*（规则：吊销状态）/);
    await expect(ks.import('clerk', other.p12('clerk:c-130102-01-1'), other.pin)).rejects.toThrow(/不是由受信任的根证书签发的（规则：证书链）/);
    await expect(ks.import('clerk', Buffer.from('not a p12'), pki.pin)).rejects.toMatchObject({ field: 'p12' });
    expect(slot(await ks.status(), 'clerk').imported).toBe(false);
  });

  it('uses the OS keychain (safeStorage) when the host offers it', async () => {
    const calls: string[] = [];
    const fake: SafeStorageLike = {
      isEncryptionAvailable: () => true,
      encryptString: (s) => (calls.push('enc'), Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a))),
      decryptString: (b) => (calls.push('dec'), Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8')),
    };
    const { ks, dir, clk } = makeKeystore({ safeStorage: fake });
    await ks.import('window-seal', pki.p12('window-seal:w-130102-01'), pki.pin);
    expect(slot(await ks.status(), 'window-seal').protection).toBe('safe-storage');
    const again = makeKeystore({ dir, clk, safeStorage: fake }).ks;
    await expect(again.unlock('window-seal', '999999')).rejects.toMatchObject({ field: 'pin' });
    expect(slot(await again.status(), 'window-seal').unlocked).toBe(false);
    await again.unlock('window-seal', pki.pin);
    expect(slot(await again.status(), 'window-seal').unlocked).toBe(true);
    expect(calls).toEqual(['enc', 'dec', 'dec']);
  });
});

describe('unlock, wrong PINs and auto-lock', () => {
  it('counts wrong PINs across restarts, locks the slot for a while after five, then accepts the right PIN', async () => {
    const clk = clock();
    const { ks, dir } = makeKeystore({ clk });
    await ks.import('clerk', pki.p12('clerk:c-130102-01-1'), pki.pin);
    const restarted = makeKeystore({ dir, clk }).ks; // a new session: locked
    expect(slot(await restarted.status(), 'clerk').unlocked).toBe(false);
    for (const left of [4, 3, 2, 1]) {
      await expect(restarted.unlock('clerk', '111111')).rejects.toThrow(new RegExp(`还可尝试 ${left} 次`));
    }
    await expect(restarted.unlock('clerk', '111111')).rejects.toMatchObject({ message: expect.stringMatching(/已连续错误 5 次.*锁定至/) });
    // Another restart does not reset the count; even the right PIN waits.
    const third = makeKeystore({ dir, clk }).ks;
    const s = slot(await third.status(), 'clerk');
    expect(s.attemptsLeft).toBe(0);
    expect(s.lockedUntil).toBeDefined();
    await expect(third.unlock('clerk', pki.pin)).rejects.toThrow(/PIN 错误次数过多/);
    clk.advance(16 * 60_000);
    await third.unlock('clerk', pki.pin);
    expect(slot(await third.status(), 'clerk')).toMatchObject({ unlocked: true, attemptsLeft: 5 });
  });

  it('locks itself after autoLockMinutes without use', async () => {
    const clk = clock();
    const { ks } = makeKeystore({ clk, minutes: 10 });
    await ks.import('clerk', pki.p12('clerk:c-130102-01-1'), pki.pin);
    await ks.import('window-seal', pki.p12('window-seal:w-130102-01'), pki.pin);
    clk.advance(9 * 60_000);
    expect((await ks.signers()).ok).toBe(true); // use resets the idle clock
    clk.advance(9 * 60_000);
    expect((await ks.status()).canSign).toBe(true);
    clk.advance(2 * 60_000);
    const st = await ks.status();
    expect(st.slots.map((x) => x.unlocked)).toEqual([false, false]);
    const who = await ks.signers();
    expect(who.ok).toBe(false);
    expect(!who.ok && who.reason).toMatch(/受理人证书和窗口电子印章未解锁/);
  });
});

describe('signing checks (signers)', () => {
  it('refuses a clerk certificate of someone else, and a stale CRL', async () => {
    const clk = clock();
    const { ks } = makeKeystore({ clk, minutes: 30 * 24 * 60 });
    await ks.import('clerk', pki.p12('clerk:c-130102-01-1'), pki.pin);
    await ks.import('window-seal', pki.p12('window-seal:w-130102-01'), pki.pin);
    expect((await ks.signers({ clerkId: 'c-130102-01-1', windowId: 'w-130102-01' })).ok).toBe(true);
    const wrongClerk = await ks.signers({ clerkId: 'c-130104-01-1' });
    expect(!wrongClerk.ok && wrongClerk.reason).toMatch(/（规则：证书持有人）/);
    const wrongWindow = await ks.signers({ windowId: 'w-130104-01' });
    expect(!wrongWindow.ok && wrongWindow.reason).toMatch(/电子印章属于 w-130102-01/);
    clk.advance(8 * 86_400_000); // the demo CRL is good for 7 days
    const stale = await ks.signers();
    expect(!stale.ok && stale.reason).toMatch(/受理人证书不能用于签名：CRL 已过期.*（规则：CRL 时效）/);
  });
});

describe('through the clerk-api', () => {
  it('keystore:* channels validate arguments and return details only; documents:render signs once both are unlocked', async () => {
    const dataDir = tempDir('yc-ks-api-');
    const { ks } = makeKeystore();
    const documents = new DocumentService({ dataDir, centerUrl: async () => 'http://127.0.0.1:9', signing: ks, tsaUrl: async () => 'http://127.0.0.1:9/v1/tsa', timestampTimeoutMs: 1000 });
    const dispatch = createDispatch(createHandlers({ appInfo: () => makeAppInfo('browser', '0', dataDir), settings: new SettingsStore(dataDir, defaultSettings({})), documents, keystore: ks }));
    await expect(dispatch('keystore:import', { role: 'boss', p12: new Uint8Array([1]), pin: '1' })).rejects.toMatchObject({ code: 'bad_args', field: 'role' });
    await expect(dispatch('keystore:unlock', { role: 'clerk', pin: '123456' })).rejects.toMatchObject({ message: expect.stringMatching(/尚未导入受理人证书/) });
    await dispatch('keystore:import', { role: 'clerk', p12: new Uint8Array(pki.p12('clerk:c-130102-01-1')), pin: pki.pin });
    const st = (await dispatch('keystore:import', { role: 'window-seal', p12: new Uint8Array(pki.p12('window-seal:w-130102-01')), pin: pki.pin })) as Awaited<ReturnType<Keystore['status']>>;
    expect(st.canSign).toBe(true);
    const window = { id: 'w-130102-01', name: '综合受理1号窗口', regionCode: '130102', centerName: '石家庄市长安区政务服务中心' };
    const c = sampleCase({ decision: { kind: 'accept', at: '2026-11-26T09:40:00+08:00', clerkId: 'c-130102-01-1' } });
    const args = { type: 'acceptance', case: { ...c, status: 'accepted' }, window, clerkName: '张三' };
    const doc = (await dispatch('documents:render', args)) as RenderedDocument;
    expect(doc).toMatchObject({ signed: true, timestamped: false });
    expect(doc.unsignedReason).toBeUndefined();
    expect((await verifyPdf(doc.pdf, { trustRoots: [pki.rootDer], crls: [pki.crlDer] })).ok).toBe(true);
    expect(await documents.pendingTimestamps()).toEqual([expect.objectContaining({ documentNumber: doc.documentNumber, sha256: doc.sha256, reason: expect.stringMatching(/无法连接时间戳服务/) })]);
    const file = path.join(dataDir, 'doc.pdf');
    writeFileSync(file, doc.pdf);
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })).toContain('王𠈌');

    const locked = (await dispatch('keystore:lock', { role: 'window-seal' })) as Awaited<ReturnType<Keystore['status']>>;
    expect(locked.canSign).toBe(false);
    const unsigned = (await dispatch('documents:render', args)) as RenderedDocument;
    expect(unsigned.signed).toBe(false);
    expect(unsigned.unsignedReason).toMatch(/窗口电子印章未解锁，文书未签名/);
  });
});

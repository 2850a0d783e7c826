/**
 * Issuing later from the root's PKCS#12 (what the center will do), name rules, force and
 * ensure semantics, CRL refresh, and ECDSA keys.
 */
import crypto from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import forge from 'node-forge';
import {
  asn1ToDer,
  certificateFields,
  createDemoPki,
  ensureDemoPki,
  findClerk,
  issueCertificate,
  issuerAndSerialNumber,
  loadPkiManifest,
  nameToDer,
  readP12,
  writeP12,
  type PkiManifest,
} from '../../../src-node/pki';
import { openssl, tempDir } from './helpers';

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

function temp(prefix: string): string {
  const t = tempDir(prefix);
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('issuing from root.p12 (the forge #847 situation)', () => {
  let dir: string;
  let manifest: PkiManifest;
  beforeAll(async () => {
    dir = temp('yc-issue-');
    manifest = await createDemoPki(dir, { pin: '246810' });
  }, 60_000);

  it('a clerk certificate issued with the re-loaded root chains and carries the root subject bytes unchanged', async () => {
    const rootEntry = manifest.entries.find((e) => e.role === 'root')!;
    const root = readP12(readFileSync(path.join(dir, rootEntry.p12)), rootEntry.pin);
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const now = Date.now();
    const cert = issueCertificate({
      subject: { C: 'CN', ST: '河北省', L: '130102', O: '石家庄市长安区政务服务中心', OU: '综合受理2号窗口', CN: '窗口受理员 𠀀𪚥', serialNumber: 'c-130102-02-1' },
      publicKey,
      issuer: { certDer: root.certificate, privateKey: root.privateKey },
      profile: 'signing',
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 365 * 86_400_000),
      crlUrl: 'https://center.example.gov.cn/v1/pki/crl',
    });
    const file = path.join(dir, 'new-clerk.pem');
    writeFileSync(file, cert.pem);
    const v = openssl(['verify', '-CAfile', path.join(dir, 'root.pem'), file]);
    expect(v.status, v.stderr).toBe(0);
    expect(certificateFields(cert.der).issuerDer.equals(certificateFields(root.certificate).subjectDer)).toBe(true);
    const subj = openssl(['x509', '-in', file, '-noout', '-subject', '-ext', 'crlDistributionPoints', '-nameopt', 'utf8']).stdout;
    expect(subj).toContain('CN=窗口受理员 𠀀𪚥');
    expect(subj).toContain('URI:https://center.example.gov.cn/v1/pki/crl');

    // And the new certificate goes into a PKCS#12 that OpenSSL opens without -legacy.
    const p12 = writeP12({ privateKey, certificates: [cert.der, root.certificate], pin: 'Pin-2468' });
    const p12File = path.join(dir, 'new-clerk.p12');
    writeFileSync(p12File, p12);
    const o = openssl(['pkcs12', '-in', p12File, '-passin', 'pass:Pin-2468', '-nokeys']);
    expect(o.status, o.stderr).toBe(0);
  });

  it('refuses a key that does not belong to the issuer certificate', () => {
    const rootEntry = manifest.entries.find((e) => e.role === 'root')!;
    const root = readP12(readFileSync(path.join(dir, rootEntry.p12)), rootEntry.pin);
    const stranger = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    expect(() =>
      issueCertificate({
        subject: { CN: '窗口受理员 张三' },
        publicKey: stranger.publicKey,
        issuer: { certDer: root.certificate, privateKey: stranger.privateKey },
        profile: 'signing',
        notBefore: new Date(),
        notAfter: new Date(Date.now() + 86_400_000),
      }),
    ).toThrow(/issuer\.privateKey/);
  });

  it('refuses a certificate that would outlive its issuer', () => {
    const rootEntry = manifest.entries.find((e) => e.role === 'root')!;
    const root = readP12(readFileSync(path.join(dir, rootEntry.p12)), rootEntry.pin);
    const k = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    expect(() =>
      issueCertificate({
        subject: { CN: '窗口受理员 张三' },
        publicKey: k.publicKey,
        issuer: { certDer: root.certificate, privateKey: root.privateKey },
        profile: 'signing',
        notBefore: new Date(),
        notAfter: new Date(Date.now() + 50 * 365 * 86_400_000),
      }),
    ).toThrow(/notAfter/);
  });
});

describe('name rules', () => {
  it('names the field and the rule, Chinese first', () => {
    expect(() => nameToDer({ CN: '窗'.repeat(65) })).toThrow(/^subject\.CN 最多 64 个字符/);
    expect(() => nameToDer({ CN: 'x', L: '石家庄' })).toThrow(/^subject\.L 必须是6位行政区划代码/);
    expect(() => nameToDer({ CN: 'x', serialNumber: 'c_1' })).toThrow(/^subject\.serialNumber 只能使用 PrintableString/);
    expect(() => nameToDer({ CN: '王\uD840' })).toThrow(/^subject\.CN 含有不成对的代理字符/);
    expect(() => nameToDer({ CN: 'e\u0301' })).toThrow(/^subject\.CN 必须是 NFC/);
    expect(() => nameToDer({ CN: ' 张三' })).toThrow(/^subject\.CN 不能以空格开头或结尾/);
    expect(() => nameToDer({ C: 'cn', CN: 'x' })).toThrow(/^subject\.C /);
  });

  it('counts an Extension B character as one character, not two', () => {
    expect(() => nameToDer({ CN: '\u{2020C}'.repeat(64) })).not.toThrow();
    expect(() => nameToDer({ CN: '\u{2020C}'.repeat(65) })).toThrow(/subject\.CN/);
  });
});

describe('createDemoPki / ensureDemoPki', () => {
  it('refuses to replace pki.json without force, replaces it with force', async () => {
    const dir = temp('yc-force-');
    const first = await createDemoPki(dir, { keyAlgorithm: 'ecdsa-p256', pin: '123456' });
    await expect(createDemoPki(dir, { keyAlgorithm: 'ecdsa-p256' })).rejects.toThrow(/已存在.*--force/);
    expect((await loadPkiManifest(dir)).entries[0]!.serial).toBe(first.entries[0]!.serial);
    const second = await createDemoPki(dir, { keyAlgorithm: 'ecdsa-p256', force: true });
    expect(second.entries[0]!.serial).not.toBe(first.entries[0]!.serial);
    const v = openssl(['verify', '-CAfile', 'root.pem', findClerk(second, 'c-130102-01-1')!.cert], dir);
    expect(v.status, v.stderr).toBe(0);
  });

  it('--pin sets every PIN; without it each PKCS#12 gets its own random 6-digit PIN', async () => {
    const fixed = await createDemoPki(temp('yc-pin-'), { keyAlgorithm: 'ecdsa-p256', pin: 'demo-1234' });
    expect(new Set(fixed.entries.map((e) => e.pin))).toEqual(new Set(['demo-1234']));
    const random = await createDemoPki(temp('yc-pin-'), { keyAlgorithm: 'ecdsa-p256' });
    expect(random.entries.every((e) => /^\d{6}$/.test(e.pin))).toBe(true);
    expect(new Set(random.entries.map((e) => e.pin)).size).toBeGreaterThan(1);
    await expect(createDemoPki(temp('yc-pin-'), { pin: '12 34 56' })).rejects.toThrow(/--pin/);
  });

  it('creates on first use, then loads the same PKI', async () => {
    const dir = path.join(temp('yc-ensure-'), 'nested', 'pki');
    const a = await ensureDemoPki(dir, { keyAlgorithm: 'ecdsa-p256' });
    const b = await ensureDemoPki(dir);
    expect(b).toEqual(a);
  });

  it('re-issues a CRL close to nextUpdate, keeping the revoked serials', async () => {
    const dir = temp('yc-crl-');
    const a = await ensureDemoPki(dir, { keyAlgorithm: 'ecdsa-p256' });
    const later = new Date(new Date(a.crl.nextUpdate).getTime() - 3_600_000);
    const b = await ensureDemoPki(dir, { now: later });
    expect(b.crl.crlNumber).toBe(2);
    expect(new Date(b.crl.nextUpdate).getTime()).toBeGreaterThan(new Date(a.crl.nextUpdate).getTime());
    expect(await loadPkiManifest(dir)).toEqual(b);
    const text = openssl(['crl', '-in', 'crl.pem', '-CAfile', 'root.pem', '-noout', '-text'], dir);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/CRL Number:\s+2/);
    expect(text.stdout).toContain(`Serial Number: ${a.crl.revokedSerials[0]}`);
  });
});

describe('ECDSA P-256 (the KeyAlgorithm switch)', () => {
  it('produces a PKI openssl accepts end to end', async () => {
    const dir = temp('yc-ec-');
    const m = await createDemoPki(dir, { keyAlgorithm: 'ecdsa-p256', pin: '135790' });
    const clerk = findClerk(m, 'c-130102-01-2')!;
    expect(openssl(['verify', '-CAfile', 'root.pem', clerk.cert], dir).status).toBe(0);
    expect(openssl(['crl', '-in', 'crl.pem', '-CAfile', 'root.pem', '-noout'], dir).status).toBe(0);
    expect(openssl(['pkcs12', '-in', clerk.p12, '-passin', 'pass:135790', '-nokeys'], dir).status).toBe(0);
    const text = openssl(['x509', '-in', clerk.cert, '-noout', '-text'], dir).stdout;
    expect(text).toContain('Signature Algorithm: ecdsa-with-SHA256');
    expect(text).toContain('ASN1 OID: prime256v1');
  });
});

describe('CMS signer identification with exact issuer bytes (forge #847 workaround)', () => {
  it('a forge pkcs7 signature whose issuerAndSerialNumber is replaced verifies with openssl cms', async () => {
    const dir = temp('yc-cms-');
    const m = await createDemoPki(dir, { pin: '112233' });
    const clerk = findClerk(m, 'c-130102-01-2')!;
    const p12 = readP12(readFileSync(path.join(dir, clerk.p12)), clerk.pin);
    const content = Buffer.from('受理通知书 王𠈌', 'utf8');
    const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(p12.certificate.toString('binary')));
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(content.toString('binary'));
    p7.addCertificate(cert);
    p7.addSigner({
      key: forge.pki.privateKeyFromPem(p12.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
      certificate: cert,
      digestAlgorithm: forge.pki.oids.sha256!,
      authenticatedAttributes: [{ type: forge.pki.oids.contentType!, value: forge.pki.oids.data }, { type: forge.pki.oids.messageDigest! }],
    });
    p7.sign({ detached: true });
    const top = p7.toAsn1();
    // ContentInfo → [0] → SignedData; SignerInfos is its last element.
    const signedData = ((top.value as forge.asn1.Asn1[])[1]!.value as forge.asn1.Asn1[])[0]!;
    const signerInfos = (signedData.value as forge.asn1.Asn1[]).at(-1)!;
    const signerInfo = (signerInfos.value as forge.asn1.Asn1[])[0]!;
    (signerInfo.value as forge.asn1.Asn1[])[1] = issuerAndSerialNumber(p12.certificate);
    writeFileSync(path.join(dir, 'sig.p7s'), asn1ToDer(top));
    writeFileSync(path.join(dir, 'content.txt'), content);
    const r = openssl(['cms', '-verify', '-inform', 'DER', '-in', 'sig.p7s', '-content', 'content.txt', '-binary', '-CAfile', 'root.pem', '-out', '/dev/null'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('Verification successful');
  }, 60_000);
});

describe('sync profiles from the one issuer', () => {
  it('a tls-server certificate carries its host names and addresses; none is refused', async () => {
    const crypto = await import('node:crypto');
    const rootKeys = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { issueCertificate } = await import('../../../src-node/pki');
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const later = new Date(now.getTime() + 86_400_000);
    const root = issueCertificate({ subject: { C: 'CN', O: '河北省', CN: '测试根' }, publicKey: rootKeys.publicKey, privateKey: rootKeys.privateKey, profile: 'root-ca', notBefore: now, notAfter: later });
    const srv = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const issuer = { certDer: root.der, privateKey: rootKeys.privateKey };
    const cert = issueCertificate({ subject: { C: 'CN', O: '河北省', CN: '同步服务' }, publicKey: srv.publicKey, issuer, profile: 'tls-server', notBefore: now, notAfter: later, dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'] });
    const x = new crypto.X509Certificate(cert.der);
    expect(x.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(x.checkHost('localhost')).toBe('localhost');
    expect(x.verify(rootKeys.publicKey)).toBe(true);
    expect(() => issueCertificate({ subject: { C: 'CN', O: '河北省', CN: '同步服务' }, publicKey: srv.publicKey, issuer, profile: 'tls-server', notBefore: now, notAfter: later })).toThrow(/subjectAltName/);
  });
});

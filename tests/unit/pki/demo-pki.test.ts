/**
 * The demo PKI checked from the outside: the system openssl (and NSS certutil/pk12util when
 * installed) must accept what we generate, and the Chinese names must survive byte for byte.
 */
import crypto from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoPki, loadPkiManifest, readP12, WrongPinError, type PkiManifest } from '../../../src-node/pki';
import { hasCommand, openssl, run, tempDir } from './helpers';

// Expected values are written out here, independently of the code under test.
const ROOT_CN = '河北省政务服务演示根CA';
const PROVINCE_ORG = '河北省人民政府政务服务管理办公室';
const CHANGAN_CENTER = '石家庄市长安区政务服务中心';
const QIAOXI_CENTER = '石家庄市桥西区政务服务中心';
const WINDOW_1 = '综合受理1号窗口';
const EXT_B_NAME = '王\u{2020C}'; // 王𠈌, U+2020C is CJK Extension B
const EXT_B_UTF8 = Buffer.from([0xf0, 0xa0, 0x88, 0x8c]);

let dir: string;
let otherDir: string;
let manifest: PkiManifest;
const cleanups: (() => void)[] = [];

function entry(id: string) {
  const e = manifest.entries.find((x) => x.id === id);
  if (!e) throw new Error(`no entry ${id}`);
  return e;
}

function certDer(file: string, base = dir): Buffer {
  return Buffer.from(new crypto.X509Certificate(readFileSync(path.join(base, file))).raw);
}

/** Name DER and attribute values straight from the certificate, parsed with forge's generic ASN.1 reader. */
function tbsNames(der: Buffer): { issuer: Buffer; subject: Buffer; subjectValues: { oid: string; tag: number; bytes: Buffer }[] } {
  const cert = forge.asn1.fromDer(der.toString('binary'));
  const tbs = (cert.value as forge.asn1.Asn1[])[0] as forge.asn1.Asn1;
  const f = tbs.value as forge.asn1.Asn1[];
  const issuer = f[3] as forge.asn1.Asn1;
  const subject = f[5] as forge.asn1.Asn1;
  const subjectValues = (subject.value as forge.asn1.Asn1[]).map((rdn) => {
    const atv = (rdn.value as forge.asn1.Asn1[])[0] as forge.asn1.Asn1;
    const [t, v] = atv.value as forge.asn1.Asn1[];
    return { oid: forge.asn1.derToOid(t?.value as string), tag: v?.type as number, bytes: Buffer.from(v?.value as string, 'binary') };
  });
  const toBuf = (n: forge.asn1.Asn1) => Buffer.from(forge.asn1.toDer(n).getBytes(), 'binary');
  return { issuer: toBuf(issuer), subject: toBuf(subject), subjectValues };
}

beforeAll(async () => {
  const a = tempDir('yc-pki-');
  const b = tempDir('yc-pki-other-');
  cleanups.push(a.cleanup, b.cleanup);
  dir = a.dir;
  otherDir = b.dir;
  manifest = await createDemoPki(dir); // random PINs
  // A second, unrelated PKI with the same names but other keys.
  await createDemoPki(otherDir, { keyAlgorithm: 'ecdsa-p256' });
}, 120_000);

afterAll(() => cleanups.forEach((c) => c()));

describe('pki.json', () => {
  it('lists every role, the demo windows and clerks, and files that exist', () => {
    const roles = new Set(manifest.entries.map((e) => e.role));
    expect(roles).toEqual(new Set(['root', 'tsa', 'province-seal', 'window-seal', 'clerk']));
    expect(manifest.entries.filter((e) => e.role === 'window-seal').map((e) => e.windowId).sort()).toEqual(['w-130102-01', 'w-130104-01']);
    const clerks = manifest.entries.filter((e) => e.role === 'clerk');
    expect(clerks.map((e) => e.clerkId)).toEqual(expect.arrayContaining(['c-130102-01-1', 'c-130102-01-2', 'c-130104-01-1']));
    expect(clerks.filter((e) => e.status === 'expired')).toHaveLength(1);
    expect(clerks.filter((e) => e.status === 'revoked')).toHaveLength(1);
    expect(entry('clerk:c-130102-01-2').name).toBe(EXT_B_NAME);
    expect(entry('window-seal:w-130104-01').regionCode).toBe('130104');
    for (const e of manifest.entries) {
      expect(existsSync(path.join(dir, e.p12)), e.p12).toBe(true);
      expect(existsSync(path.join(dir, e.cert)), e.cert).toBe(true);
      expect(e.pin).toMatch(/^\d{6}$/);
    }
    for (const f of ['root.pem', 'crl.pem', 'crl.der', 'pki.json']) expect(existsSync(path.join(dir, f)), f).toBe(true);
  });

  it('records the serial, validity and fingerprint the certificate really has', () => {
    for (const e of manifest.entries) {
      const x = new crypto.X509Certificate(readFileSync(path.join(dir, e.cert)));
      const serial = openssl(['x509', '-in', e.cert, '-noout', '-serial'], dir).stdout.trim();
      expect(serial).toBe(`serial=${e.serial}`);
      expect(new Date(x.validFrom).toISOString()).toBe(e.notBefore);
      expect(new Date(x.validTo).toISOString()).toBe(e.notAfter);
      expect(x.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(e.sha256);
    }
  });

  it('loads back with loadPkiManifest, and names a missing file', async () => {
    expect(await loadPkiManifest(dir)).toEqual(manifest);
    const t = tempDir('yc-pki-missing-');
    try {
      const m = await createDemoPki(t.dir, { keyAlgorithm: 'ecdsa-p256', pin: '123456' });
      rmSync(path.join(t.dir, m.entries[3]!.p12));
      await expect(loadPkiManifest(t.dir)).rejects.toThrow(m.entries[3]!.p12);
    } finally {
      t.cleanup();
    }
  });
});

describe('certificates (openssl)', () => {
  it('every valid end-entity chains to root.pem', () => {
    for (const e of manifest.entries.filter((x) => x.role !== 'root' && x.status !== 'expired')) {
      const r = openssl(['verify', '-CAfile', 'root.pem', e.cert], dir);
      expect(r.status, `${e.cert}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(`${e.cert}: OK`);
    }
  });

  it('no certificate verifies against a different root with the same name', () => {
    const otherRoot = path.join(otherDir, 'root.pem');
    expect(readFileSync(otherRoot, 'utf8')).not.toBe(readFileSync(path.join(dir, 'root.pem'), 'utf8'));
    for (const e of manifest.entries.filter((x) => x.role !== 'root')) {
      const r = openssl(['verify', '-CAfile', otherRoot, e.cert], dir);
      expect(r.status, e.cert).not.toBe(0);
    }
  });

  it('the expired clerk is expired and openssl says so', () => {
    const e = manifest.entries.find((x) => x.status === 'expired')!;
    const x = new crypto.X509Certificate(readFileSync(path.join(dir, e.cert)));
    expect(new Date(x.validTo).getTime()).toBeLessThan(Date.now());
    const r = openssl(['verify', '-CAfile', 'root.pem', e.cert], dir);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('certificate has expired');
  });

  it('subjects print with the exact Chinese names, Extension B included', () => {
    const subject = (file: string) => openssl(['x509', '-in', file, '-noout', '-subject', '-issuer', '-nameopt', 'utf8'], dir).stdout;
    const clerk = subject(entry('clerk:c-130102-01-2').cert);
    expect(clerk).toContain(`CN=窗口受理员 ${EXT_B_NAME}`);
    expect(clerk).toContain(`O=${CHANGAN_CENTER}`);
    expect(clerk).toContain(`OU=${WINDOW_1}`);
    expect(clerk).toContain('L=130102');
    expect(clerk).toContain('ST=河北省');
    expect(clerk).toContain('serialNumber=c-130102-01-2');
    expect(clerk).toContain(`issuer=C=CN, ST=河北省, L=130000, O=${PROVINCE_ORG}, OU=河北省政务服务电子认证中心, CN=${ROOT_CN}`);
    expect(subject(entry('clerk:c-130102-01-1').cert)).toContain('CN=窗口受理员 张丽华');
    const q = subject(entry('clerk:c-130104-01-1').cert);
    expect(q).toContain('CN=窗口受理员 刘晓燕');
    expect(q).toContain(`O=${QIAOXI_CENTER}`);
    expect(q).toContain('L=130104');
    expect(subject(entry('province-seal').cert)).toContain(`O=${PROVINCE_ORG}, CN=河北省政务服务电子印章`);
    expect(subject(entry('window-seal:w-130102-01').cert)).toContain(`CN=${CHANGAN_CENTER}${WINDOW_1}电子印章`);
  });

  it('names are UTF8String with the exact UTF-8 bytes, and every issuer is byte-identical to the root subject', () => {
    const rootDer = certDer('root.pem');
    const root = tbsNames(rootDer);
    const clerkDer = certDer(entry('clerk:c-130102-01-2').cert);
    const clerk = tbsNames(clerkDer);
    const cn = clerk.subjectValues.find((v) => v.oid === '2.5.4.3')!;
    expect(cn.tag).toBe(forge.asn1.Type.UTF8);
    expect(cn.bytes.equals(Buffer.from(`窗口受理员 ${EXT_B_NAME}`, 'utf8'))).toBe(true);
    expect(cn.bytes.subarray(-4).equals(EXT_B_UTF8)).toBe(true);
    const o = clerk.subjectValues.find((v) => v.oid === '2.5.4.10')!;
    expect(o.tag).toBe(forge.asn1.Type.UTF8);
    expect(o.bytes.equals(Buffer.from(CHANGAN_CENTER, 'utf8'))).toBe(true);

    const rootX = new crypto.X509Certificate(rootDer);
    for (const e of manifest.entries.filter((x) => x.role !== 'root')) {
      const der = certDer(e.cert);
      expect(tbsNames(der).issuer.equals(root.subject), e.cert).toBe(true);
      const x = new crypto.X509Certificate(der);
      expect(x.issuer).toBe(rootX.subject);
      expect(x.checkIssued(rootX)).toBe(true);
      expect(x.verify(rootX.publicKey)).toBe(true);
    }
    // Node (OpenSSL) reads the same text back from the DER.
    expect(new crypto.X509Certificate(clerkDer).subject.split('\n')).toContain(`CN=窗口受理员 ${EXT_B_NAME}`);
  });

  it('root is a CA; TSA has only timeStamping as a critical EKU; signers have signing key usage', () => {
    const ext = (file: string, names: string) => openssl(['x509', '-in', file, '-noout', '-ext', names], dir).stdout;
    const root = ext('root.pem', 'basicConstraints,keyUsage');
    expect(root).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    expect(root).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign\s*$/);
    const tsa = ext(entry('tsa').cert, 'extendedKeyUsage');
    expect(tsa).toMatch(/Extended Key Usage: critical\s+Time Stamping\s*$/);
    for (const id of ['clerk:c-130102-01-1', 'window-seal:w-130102-01', 'province-seal']) {
      const e = ext(entry(id).cert, 'keyUsage,extendedKeyUsage,basicConstraints,crlDistributionPoints');
      expect(e).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
      expect(e).toContain('E-mail Protection');
      expect(e).toMatch(/CA:FALSE/);
      expect(e).toContain('URI:http://127.0.0.1:4780/v1/pki/crl');
    }
    // openssl's own purpose checks (what `openssl cms -verify` applies) accept the signers.
    const purpose = openssl(['x509', '-in', entry('clerk:c-130102-01-1').cert, '-noout', '-purpose'], dir).stdout;
    expect(purpose).toContain('S/MIME signing : Yes');
    const tsaPurpose = openssl(['x509', '-in', entry('tsa').cert, '-noout', '-purpose'], dir).stdout;
    expect(tsaPurpose).toContain('Time Stamp signing : Yes');
  });

  it('serial numbers are positive 16-byte integers, all different', () => {
    const serials = manifest.entries.map((e) => e.serial);
    expect(new Set(serials).size).toBe(serials.length);
    for (const s of serials) {
      expect(s).toMatch(/^[0-9A-F]{32}$/);
      expect(parseInt(s.slice(0, 2), 16)).toBeLessThan(0x80);
    }
  });
});

describe('PKCS#12', () => {
  it('opens with its PIN on OpenSSL 3 without -legacy, and not with a wrong PIN', () => {
    for (const e of manifest.entries) {
      const ok = openssl(['pkcs12', '-in', e.p12, '-passin', `pass:${e.pin}`, '-nokeys'], dir);
      expect(ok.status, `${e.p12}: ${ok.stderr}`).toBe(0);
      expect(ok.stdout).toContain('-----BEGIN CERTIFICATE-----');
      const wrongPin = e.pin === '000000' ? '111111' : '000000';
      const bad = openssl(['pkcs12', '-in', e.p12, '-passin', `pass:${wrongPin}`, '-nokeys'], dir);
      expect(bad.status, e.p12).not.toBe(0);
      expect(bad.stdout).not.toContain('BEGIN CERTIFICATE');
    }
  });

  it('holds the key of its certificate and the chain up to the root', () => {
    const e = entry('clerk:c-130102-01-2');
    const info = openssl(['pkcs12', '-in', e.p12, '-passin', `pass:${e.pin}`, '-info', '-nodes'], dir);
    expect(info.status, info.stderr).toBe(0);
    expect(info.stderr).toContain('MAC: sha256');
    expect(info.stderr).toMatch(/PBES2, PBKDF2, AES-256-CBC/);
    const key = crypto.createPrivateKey(info.stdout.slice(info.stdout.indexOf('-----BEGIN PRIVATE KEY-----')));
    const certs = info.stdout.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    expect(certs).toHaveLength(2);
    const [holder, root] = certs.map((p) => new crypto.X509Certificate(p));
    expect(holder!.checkPrivateKey(key)).toBe(true);
    expect(holder!.raw.equals(certDer(e.cert))).toBe(true);
    expect(root!.raw.equals(certDer('root.pem'))).toBe(true);
  });

  it('readP12 returns the exact certificate bytes and a working key; a wrong PIN is refused', () => {
    const e = entry('clerk:c-130102-01-2');
    const p12 = readFileSync(path.join(dir, e.p12));
    const got = readP12(p12, e.pin);
    expect(got.certificate.equals(certDer(e.cert))).toBe(true);
    expect(got.certificates[1]?.equals(certDer('root.pem'))).toBe(true);
    const sig = crypto.sign('sha256', Buffer.from('受理通知书'), got.privateKey);
    expect(crypto.verify('sha256', Buffer.from('受理通知书'), new crypto.X509Certificate(got.certificate).publicKey, sig)).toBe(true);
    expect(() => readP12(p12, e.pin === '000000' ? '111111' : '000000')).toThrow(WrongPinError);
  });

  it('reads a PKCS#12 made by openssl itself', () => {
    const t = tempDir('yc-p12-');
    try {
      const e = entry('clerk:c-130104-01-1');
      const keyPem = openssl(['pkcs12', '-in', path.join(dir, e.p12), '-passin', `pass:${e.pin}`, '-nocerts', '-nodes']).stdout;
      const keyFile = path.join(t.dir, 'key.pem');
      writeFileSync(keyFile, keyPem);
      const out = path.join(t.dir, 'openssl.p12');
      const r = openssl(['pkcs12', '-export', '-inkey', keyFile, '-in', path.join(dir, e.cert), '-certfile', path.join(dir, 'root.pem'), '-passout', 'pass:abcdef12', '-out', out]);
      expect(r.status, r.stderr).toBe(0);
      const got = readP12(readFileSync(out), 'abcdef12');
      expect(got.certificate.equals(certDer(e.cert))).toBe(true);
    } finally {
      t.cleanup();
    }
  });
});

describe('CRL', () => {
  it('verifies against the root and lists the revoked clerk, keyCompromise', () => {
    const r = openssl(['crl', '-in', 'crl.pem', '-CAfile', 'root.pem', '-noout'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain('verify OK');
    const revoked = manifest.entries.find((x) => x.status === 'revoked')!;
    const serial = openssl(['x509', '-in', revoked.cert, '-noout', '-serial'], dir).stdout.trim().replace('serial=', '');
    const text = openssl(['crl', '-in', 'crl.der', '-inform', 'DER', '-noout', '-text'], dir).stdout;
    expect(text).toContain(`Serial Number: ${serial}`);
    expect(text).toContain('Key Compromise');
    // Nothing else is revoked.
    expect(text.match(/Serial Number:/g)).toHaveLength(1);
  });

  it('does not verify against another root', () => {
    const r = openssl(['crl', '-in', 'crl.pem', '-CAfile', path.join(otherDir, 'root.pem'), '-noout'], dir);
    expect(r.status).not.toBe(0);
  });

  it('makes openssl -crl_check reject the revoked clerk and accept the others', () => {
    const bundle = path.join(dir, 'root.pem');
    const revoked = manifest.entries.find((x) => x.status === 'revoked')!;
    const bad = openssl(['verify', '-crl_check', '-CAfile', bundle, '-CRLfile', 'crl.pem', revoked.cert], dir);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain('certificate revoked');
    const good = openssl(['verify', '-crl_check', '-CAfile', bundle, '-CRLfile', 'crl.pem', entry('clerk:c-130102-01-1').cert], dir);
    expect(good.status, good.stderr).toBe(0);
  });
});

describe.skipIf(!hasCommand('certutil') || !hasCommand('pk12util'))('NSS (what pdfsig uses)', () => {
  it('trusts clerk and seal certificates for signing under the demo root, and imports the PKCS#12', () => {
    const t = tempDir('yc-nss-');
    try {
      const db = `sql:${t.dir}`;
      expect(run('certutil', ['-N', '-d', db, '--empty-password']).status).toBe(0);
      expect(run('certutil', ['-A', '-d', db, '-n', 'root', '-t', 'CT,C,C', '-i', path.join(dir, 'root.pem')]).status).toBe(0);
      const check = (id: string) => {
        const e = entry(id);
        const nick = id.replace(':', '-'); // "a:b" would mean token a, nickname b
        run('certutil', ['-A', '-d', db, '-n', nick, '-t', ',,', '-i', path.join(dir, e.cert)]);
        const r = run('certutil', ['-V', '-d', db, '-n', nick, '-u', 'S']);
        return r.stdout + r.stderr;
      };
      for (const id of ['clerk:c-130102-01-2', 'window-seal:w-130102-01', 'province-seal']) {
        expect(check(id), id).toContain('certificate is valid');
      }
      const expired = manifest.entries.find((x) => x.status === 'expired')!;
      const expiredResult = check(expired.id);
      expect(expiredResult).toContain('certificate is invalid');
      expect(expiredResult).toContain('expired');
      const e = entry('clerk:c-130102-01-2');
      const imp = run('pk12util', ['-i', path.join(dir, e.p12), '-d', db, '-W', e.pin, '-K', '']);
      expect(imp.status, imp.stderr + imp.stdout).toBe(0);
      const wrong = run('pk12util', ['-i', path.join(dir, e.p12), '-d', db, '-W', e.pin === '000000' ? '111111' : '000000', '-K', '']);
      expect(wrong.status).not.toBe(0);
    } finally {
      t.cleanup();
    }
  });
});

import crypto from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceService, safeStorageProtector, scryptProtector } from '../../../src-main/services/device';
import { issueSyncCertificate, signRequest, verifySignedRequest, verifyCsr } from '../../../src-node/sync-auth';
import type { DeviceStatus, EnrollRequest } from '../../../src-shared/protocol/sync';
import { makeRoot, type TestRoot } from './pki-fixture';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'yc-device-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('scrypt key protector', () => {
  it('seals so that only the same machine secret opens, and detects tampering', async () => {
    const dir = tmp();
    const p = scryptProtector(path.join(dir, 'machine-secret'));
    const secret = Buffer.from('private key bytes 私钥');
    const sealed = await p.seal(secret);
    expect(sealed.includes(secret)).toBe(false);
    expect((await p.open(sealed)).equals(secret)).toBe(true);
    expect(statSync(path.join(dir, 'machine-secret')).mode & 0o777).toBe(0o600);

    const other = scryptProtector(path.join(tmp(), 'machine-secret'));
    await expect(other.open(sealed)).rejects.toThrow(/无法解密/);
    const f = JSON.parse(sealed.toString()) as { data: string };
    const d = Buffer.from(f.data, 'base64');
    d[0] = (d[0] ?? 0) ^ 1;
    await expect(p.open(Buffer.from(JSON.stringify({ ...f, data: d.toString('base64') })))).rejects.toThrow(/无法解密/);
  });

  it('safeStorage protector round-trips through the OS keystore', async () => {
    const fake = {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(s.split('').reverse().join('')),
      decryptString: (b: Buffer) => b.toString().split('').reverse().join(''),
    };
    const p = safeStorageProtector(fake);
    expect((await p.open(await p.seal(Buffer.from([1, 2, 3])))).equals(Buffer.from([1, 2, 3]))).toBe(true);
  });
});

/** A stand-in for the center's enrollment: certifies the CSR's key with `root`. */
function centerOf(root: TestRoot, over: Partial<{ swapKey: boolean; deviceId: string }> = {}) {
  const seen: EnrollRequest[] = [];
  const send = async (req: EnrollRequest): Promise<DeviceStatus> => {
    seen.push(req);
    const csr = verifyCsr(req.csrPem);
    const key = over.swapKey ? crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey : csr.publicKey;
    const cert = issueSyncCertificate({
      profile: 'device', subject: { CN: `一窗受理设备 ${req.deviceId}`, serialNumber: req.deviceId }, publicKey: key, issuer: root,
      notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000),
    });
    return {
      deviceId: over.deviceId ?? req.deviceId, windowId: req.windowId, regionCode: '130102', itemRegions: ['130102', '130100', '130000'], role: 'window',
      certificatePem: cert.pem, certSha256: cert.sha256, serial: cert.serialHex, notBefore: new Date().toISOString(),
      notAfter: new Date(Date.now() + 86_400_000).toISOString(), status: 'active', serverTime: new Date().toISOString(),
    };
  };
  return { send, seen };
}

describe('device service', () => {
  const root = makeRoot();
  const input = { code: 'ABCD-EFGH-JKMN', deviceId: 'AB12CD', windowId: 'w-130102-01' };

  it('enrolls with a fresh key whose certificate signs requests the center can verify', async () => {
    const dir = tmp();
    const svc = new DeviceService(dir, scryptProtector(path.join(dir, 'device', 'machine-secret')));
    expect(await svc.identity()).toBeNull();
    expect(await svc.credentials()).toBeNull();
    const center = centerOf(root);
    const file = await svc.enroll(input, center.send, root.pem);
    expect(file).toMatchObject({ deviceId: 'AB12CD', windowId: 'w-130102-01', regionCode: '130102', protector: 'scrypt' });
    expect(center.seen[0]).toMatchObject({ code: input.code, deviceId: 'AB12CD' });

    // A new instance (restart) reads the sealed key back.
    const again = new DeviceService(dir, scryptProtector(path.join(dir, 'device', 'machine-secret')));
    const creds = (await again.credentials())!;
    const pem = (await again.certificatePem())!;
    const x = new crypto.X509Certificate(pem);
    const headers = signRequest(creds, { method: 'GET', target: '/v1/sync/device' });
    const ok = await verifySignedRequest(
      { method: 'GET', target: '/v1/sync/device', headers, body: new Uint8Array() },
      {
        now: Date.now,
        rememberNonce: async () => true,
        findCertificate: async (sha) =>
          sha === file.certSha256 ? { deviceId: 'AB12CD', certSha256: sha, publicKey: x.publicKey, status: 'active', notBefore: new Date(0), notAfter: new Date(Date.now() + 1e9) } : null,
      },
    );
    expect(ok.ok).toBe(true);

    // On disk: no private key in the clear, the key file is 0600.
    const devDir = path.join(dir, 'device');
    for (const f of readdirSync(devDir)) expect(readFileSync(path.join(devDir, f), 'utf8')).not.toMatch(/PRIVATE KEY/);
    const keyFile = readdirSync(devDir).find((f) => f.endsWith('.sealed'))!;
    expect(statSync(path.join(devDir, keyFile)).mode & 0o777).toBe(0o600);
  });

  it('refuses a certificate for another key or from another root, keeping the previous identity', async () => {
    const dir = tmp();
    const svc = new DeviceService(dir, scryptProtector(path.join(dir, 'device', 'machine-secret')));
    const first = await svc.enroll(input, centerOf(root).send, root.pem);
    await expect(svc.enroll(input, centerOf(root, { swapKey: true }).send, root.pem)).rejects.toThrow(/不含本机公钥/);
    await expect(svc.enroll(input, centerOf(makeRoot('别的根')).send, root.pem)).rejects.toThrow(/不是由省级根证书签发/);
    expect((await svc.identity())!.certSha256).toBe(first.certSha256);
    expect((await svc.credentials())!.certSha256).toBe(first.certSha256);
  });

  it('re-enrollment replaces the identity and removes the old key', async () => {
    const dir = tmp();
    const svc = new DeviceService(dir, scryptProtector(path.join(dir, 'device', 'machine-secret')));
    const a = await svc.enroll(input, centerOf(root).send, root.pem);
    const b = await svc.enroll(input, centerOf(root).send, root.pem);
    expect(b.certSha256).not.toBe(a.certSha256);
    expect((await svc.credentials())!.certSha256).toBe(b.certSha256);
    expect(readdirSync(path.join(dir, 'device')).filter((f) => f.endsWith('.sealed'))).toEqual([b.keyFile]);
  });

  it('names the problem when the key was sealed by another protector or device.json is damaged', async () => {
    const dir = tmp();
    await new DeviceService(dir, scryptProtector(path.join(dir, 'device', 'machine-secret'))).enroll(input, centerOf(root).send, root.pem);
    const viaOs = new DeviceService(dir, safeStorageProtector({ isEncryptionAvailable: () => true, encryptString: (s) => Buffer.from(s), decryptString: (b) => b.toString() }));
    await expect(viaOs.credentials()).rejects.toThrow(/重新登记/);
    writeFileSync(path.join(dir, 'device', 'device.json'), '{');
    await expect(new DeviceService(dir, scryptProtector(path.join(dir, 'device', 'machine-secret'))).identity()).rejects.toThrow(/已损坏/);
  });
});

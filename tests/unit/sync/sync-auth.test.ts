import crypto from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  canonicalString,
  issueSyncCertificate,
  createCsr,
  CsrError,
  recordHash,
  signRecord,
  signRequest,
  verifyCsr,
  verifyRecord,
  verifySignedRequest,
  type KnownCertificate,
  type VerifyDeps,
} from '../../../src-node/sync-auth';
import { SCHEMA_VERSION_HEADER, SYNC_AUTH_HEADERS, type SyncRecord } from '../../../src-shared/protocol/sync';
import { hasCommand, openssl } from '../pki/helpers';
import { makeDevice, makeRoot } from './pki-fixture';

const root = makeRoot();
const device = makeDevice(root, 'AB12CD');
const other = makeDevice(root, 'ZZ99ZZ');

function known(d: ReturnType<typeof makeDevice>, status: KnownCertificate['status'] = 'active'): KnownCertificate {
  const x = new crypto.X509Certificate(d.cert.der);
  return { deviceId: d.deviceId, certSha256: d.cert.sha256, publicKey: x.publicKey, status, notBefore: new Date(x.validFrom), notAfter: new Date(x.validTo) };
}

function deps(certs: KnownCertificate[], now = () => Date.now()): VerifyDeps & { nonces: Set<string> } {
  const nonces = new Set<string>();
  return {
    nonces,
    now,
    findCertificate: async (sha) => certs.find((c) => c.certSha256 === sha) ?? null,
    rememberNonce: async (dev, nonce) => {
      const k = `${dev}:${nonce}`;
      if (nonces.has(k)) return false;
      nonces.add(k);
      return true;
    },
  };
}

const creds = { deviceId: device.deviceId, certSha256: device.cert.sha256, privateKey: device.privateKey };
const body = Buffer.from(JSON.stringify({ records: [1, 2, 3] }));

function signed(over: Partial<{ method: string; target: string; body: Buffer; now: number }> = {}) {
  const method = over.method ?? 'POST';
  const target = over.target ?? '/v1/sync/push';
  const b = over.body ?? body;
  return { method, target, body: b, headers: signRequest(creds, { method, target, body: b, ...(over.now !== undefined ? { now: over.now } : {}) }) as Record<string, string> };
}

describe('signed sync requests', () => {
  it('verify for the device whose certificate signed them, once', async () => {
    const d = deps([known(device), known(other)]);
    const req = signed();
    const first = await verifySignedRequest(req, d);
    expect(first.ok && first.deviceId).toBe('AB12CD');
    const again = await verifySignedRequest(req, d);
    expect(again).toMatchObject({ ok: false, status: 401, code: 'replayed', field: SYNC_AUTH_HEADERS.nonce });
  });

  it('works with an RSA device key too', async () => {
    const keys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaDev = makeDevice(root, 'RSA001');
    const x = new crypto.X509Certificate(rsaDev.cert.der);
    // Replace the key pair: sign with a fresh RSA key, certificate must carry that key.
    const { issueSyncCertificate } = await import('../../../src-node/sync-auth');
    const cert = issueSyncCertificate({
      profile: 'device', subject: { CN: 'rsa', serialNumber: 'RSA001' }, publicKey: keys.publicKey, issuer: root,
      notBefore: new Date(x.validFrom), notAfter: new Date(x.validTo),
    });
    const kc: KnownCertificate = { deviceId: 'RSA001', certSha256: cert.sha256, publicKey: keys.publicKey, status: 'active', notBefore: new Date(Date.now() - 1000), notAfter: new Date(Date.now() + 1e9) };
    const headers = signRequest({ deviceId: 'RSA001', certSha256: cert.sha256, privateKey: keys.privateKey }, { method: 'GET', target: '/v1/sync/device' });
    expect((await verifySignedRequest({ method: 'GET', target: '/v1/sync/device', headers, body: new Uint8Array() }, deps([kc]))).ok).toBe(true);
  });

  it('refuse a changed body, path, method or header, naming what is wrong', async () => {
    const d = deps([known(device)]);
    const req = signed();
    expect(await verifySignedRequest({ ...req, body: Buffer.from(body.toString().replace('3', '4')) }, d)).toMatchObject({
      ok: false,
      status: 400,
      code: 'body_hash_mismatch',
    });
    expect(await verifySignedRequest({ ...req, target: '/v1/sync/pull' }, d)).toMatchObject({ ok: false, code: 'bad_signature' });
    expect(await verifySignedRequest({ ...req, method: 'PUT' }, d)).toMatchObject({ ok: false, code: 'bad_signature' });
    const ts = String(Number(req.headers[SYNC_AUTH_HEADERS.timestamp]) + 1000);
    expect(await verifySignedRequest({ ...req, headers: { ...req.headers, [SYNC_AUTH_HEADERS.timestamp]: ts } }, d)).toMatchObject({ ok: false, code: 'bad_signature' });
    expect(await verifySignedRequest({ ...req, headers: { ...req.headers, [SCHEMA_VERSION_HEADER]: '2' } }, d)).toMatchObject({ ok: false, code: 'bad_signature' });
    // None of the refused requests used up the nonce: the genuine one still goes through.
    expect((await verifySignedRequest(req, d)).ok).toBe(true);
  });

  it('refuse a timestamp more than 5 minutes off the center clock, either way', async () => {
    const now = Date.now();
    const d = deps([known(device)], () => now);
    for (const off of [-5 * 60_000 - 1000, 5 * 60_000 + 1000]) {
      const r = await verifySignedRequest(signed({ now: now + off }), d);
      expect(r).toMatchObject({ ok: false, status: 401, code: 'clock_skew' });
      if (!r.ok) expect(r.message).toMatch(/时钟/);
    }
    for (const off of [-4 * 60_000, 4 * 60_000]) expect((await verifySignedRequest(signed({ now: now + off }), d)).ok).toBe(true);
  });

  it('refuse unknown, foreign, revoked and expired certificates', async () => {
    const stranger = makeDevice(makeRoot('别的根'), 'AB12CD');
    const sCreds = { deviceId: 'AB12CD', certSha256: stranger.cert.sha256, privateKey: stranger.privateKey };
    const r1 = await verifySignedRequest({ method: 'GET', target: '/x', body: new Uint8Array(), headers: signRequest(sCreds, { method: 'GET', target: '/x' }) }, deps([known(device)]));
    expect(r1).toMatchObject({ ok: false, status: 401, code: 'unknown_certificate' });
    // A real certificate presented under another device id.
    const h = signRequest({ ...creds, deviceId: 'ZZ99ZZ' }, { method: 'GET', target: '/x' });
    expect(await verifySignedRequest({ method: 'GET', target: '/x', body: new Uint8Array(), headers: h }, deps([known(device), known(other)]))).toMatchObject({
      code: 'unknown_certificate',
    });
    expect(await verifySignedRequest(signed(), deps([known(device, 'revoked')]))).toMatchObject({ ok: false, status: 403, code: 'certificate_revoked' });
    const expired = { ...known(device), notAfter: new Date(Date.now() - 1000) };
    expect(await verifySignedRequest(signed(), deps([expired]))).toMatchObject({ ok: false, status: 401, code: 'certificate_expired' });
  });

  it('name the missing or malformed header', async () => {
    const req = signed();
    const { [SYNC_AUTH_HEADERS.nonce]: _n, ...noNonce } = req.headers;
    expect(await verifySignedRequest({ ...req, headers: noNonce }, deps([known(device)]))).toMatchObject({
      ok: false,
      code: 'auth_missing',
      field: SYNC_AUTH_HEADERS.nonce,
    });
    expect(await verifySignedRequest({ ...req, headers: { ...req.headers, [SYNC_AUTH_HEADERS.device]: 'abc' } }, deps([known(device)]))).toMatchObject({
      code: 'auth_malformed',
      field: SYNC_AUTH_HEADERS.device,
    });
  });

  it('canonical string refuses line breaks (no header can smuggle another line)', () => {
    const base = { method: 'GET', target: '/a', schemaVersion: '1', deviceId: 'AB12CD', certSha256: 'x', timestamp: '1', nonce: 'n', bodySha256: 'b' };
    expect(canonicalString(base).split('\n')).toHaveLength(9);
    expect(() => canonicalString({ ...base, target: '/a\nGET' })).toThrow(/换行/);
  });
});

const record: SyncRecord = {
  id: '3b241101-e2bb-4255-8caf-4136c566a962',
  deviceId: 'AB12CD',
  deviceSeq: 7,
  windowId: 'w-130102-01',
  caseId: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
  event: {
    seq: 1,
    caseId: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
    type: 'received',
    at: '2025-09-30T08:00:00+08:00',
    actor: 'c-130102-01-1',
    data: { name: '张三', n: 1 },
    prevHash: '0'.repeat(64),
    hash: 'a'.repeat(64),
  },
  blobs: [],
  createdAt: '2025-09-30T08:00:01+08:00',
};

describe('record signatures', () => {
  it('verify for the signed content only', () => {
    const sig = signRecord(record, device.privateKey);
    const pub = new crypto.X509Certificate(device.cert.der).publicKey;
    expect(verifyRecord(record, sig, pub)).toBe(true);
    expect(verifyRecord({ ...record, deviceSeq: 8 }, sig, pub)).toBe(false);
    expect(verifyRecord({ ...record, event: { ...record.event, data: { name: '张三', n: 2 } } }, sig, pub)).toBe(false);
    expect(verifyRecord(record, sig, new crypto.X509Certificate(other.cert.der).publicKey)).toBe(false);
  });

  it('hash the same after a JSON round trip with keys in another order', () => {
    const reversed = Object.fromEntries(Object.entries(record).reverse());
    expect(Object.keys(reversed)[0]).toBe('createdAt');
    const shuffled = JSON.parse(JSON.stringify(reversed)) as SyncRecord;
    expect(recordHash(shuffled)).toBe(recordHash(record));
    expect(recordHash({ ...record, windowId: 'w-2' })).not.toBe(recordHash(record));
  });
});

describe('device CSR', () => {
  it('carries the device key and proves possession', () => {
    const keys = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const csr = createCsr({ subject: { CN: '一窗受理设备 AB12CD', serialNumber: 'AB12CD' }, ...keys });
    const v = verifyCsr(csr.pem);
    expect(v.spkiDer.equals(keys.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
  });

  it('is refused when tampered or not a CSR, naming csrPem', () => {
    const keys = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const csr = createCsr({ subject: { CN: 'x' }, ...keys });
    // Flip a byte inside the subject (well before the signature).
    const der = Buffer.from(csr.der);
    const at = der.indexOf(Buffer.from('x'));
    der[at] = 'y'.charCodeAt(0);
    const pem = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    expect(() => verifyCsr(pem)).toThrow(CsrError);
    expect(() => verifyCsr(pem)).toThrow(/自签名验证失败/);
    expect(() => verifyCsr('hello')).toThrow(/csrPem/);
  });

  it.skipIf(!hasCommand('openssl'))('is a PKCS#10 request openssl verifies', () => {
    const keys = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const csr = createCsr({ subject: { C: 'CN', ST: '河北省', CN: '一窗受理设备 AB12CD', serialNumber: 'AB12CD' }, ...keys });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-csr-'));
    try {
      writeFileSync(path.join(dir, 'req.pem'), csr.pem);
      const r = openssl(['req', '-in', 'req.pem', '-noout', '-verify'], dir);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).toMatch(/verify OK/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sync certificates', () => {
  it('device certificates chain to the root and are for client authentication only', () => {
    const x = new crypto.X509Certificate(device.cert.der);
    expect(x.verify(new crypto.X509Certificate(root.certDer).publicKey)).toBe(true);
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(x.ca).toBe(false);
    expect(x.subject).toContain('AB12CD');
  });
});

describe('center TLS certificate', () => {
  const keys = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const server = issueSyncCertificate({
    profile: 'tls-server',
    subject: { C: 'CN', CN: '一窗受理省级中心' },
    publicKey: keys.publicKey,
    issuer: root,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1', '::1'],
  });

  async function handshake(ca: string, host: string): Promise<string> {
    const srv = https.createServer({ key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }), cert: server.pem }, (_q, r) => r.end('ok'));
    await new Promise<void>((res) => srv.listen(0, '127.0.0.1', res));
    const port = (srv.address() as { port: number }).port;
    try {
      return await new Promise<string>((resolve, reject) => {
        const req = https.get({ host: '127.0.0.1', servername: host === '127.0.0.1' ? undefined : host, port, path: '/', ca, headers: { host }, agent: false }, (res) => {
          let b = '';
          res.on('data', (c: Buffer) => (b += c.toString()));
          res.on('end', () => resolve(b));
        });
        req.on('error', reject);
      });
    } finally {
      await new Promise((res) => srv.close(res));
    }
  }

  it('is trusted through the province root alone, for 127.0.0.1 and localhost', async () => {
    const x = new crypto.X509Certificate(server.der);
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x.checkHost('localhost')).toBe('localhost');
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(await handshake(root.pem, '127.0.0.1')).toBe('ok');
  });

  it('is refused by a client that trusts another root', async () => {
    await expect(handshake(makeRoot('别的根').pem, '127.0.0.1')).rejects.toThrow(/certificate/i);
  });
});

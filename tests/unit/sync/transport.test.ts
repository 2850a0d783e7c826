/**
 * The transport against small HTTPS servers: trust (province root only, host name),
 * stalls, refused connections, status codes, signing.
 */
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncTransport, SyncTransportError } from '../../../src-main/services/sync-transport';
import { issueSyncCertificate, verifySignedRequest } from '../../../src-node/sync-auth';
import { makeDevice, makeRoot, type TestRoot } from './pki-fixture';

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

function serverCert(root: TestRoot, names: { dns?: string[]; ips?: string[] } = { dns: ['localhost'], ips: ['127.0.0.1'] }) {
  const keys = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const cert = issueSyncCertificate({
    profile: 'tls-server', subject: { CN: 'center' }, publicKey: keys.publicKey, issuer: root,
    notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000),
    ...(names.dns ? { dnsNames: names.dns } : {}), ...(names.ips ? { ipAddresses: names.ips } : {}),
  });
  return { key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, cert: cert.pem };
}

async function listen(tls: { key: string; cert: string }, handler: Handler): Promise<{ url: string; close: () => Promise<void> }> {
  const srv = https.createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () => new Promise((r) => { srv.closeAllConnections(); srv.close(() => r()); }),
  };
}

const root = makeRoot();
const dev = makeDevice(root, 'AB12CD');
const creds = { deviceId: dev.deviceId, certSha256: dev.cert.sha256, privateKey: dev.privateKey };

function transport(url: string, over: Partial<ConstructorParameters<typeof SyncTransport>[0]> = {}) {
  return new SyncTransport({ syncUrl: async () => url, rootPem: async () => root.pem, credentials: async () => creds, idleTimeoutMs: 400, ...over });
}

async function failure(p: Promise<unknown>): Promise<SyncTransportError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SyncTransportError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('sync transport', () => {
  const deviceStatus = () => ({
    deviceId: 'AB12CD', windowId: 'w', regionCode: '130102', itemRegions: ['130102'], role: 'window', certificatePem: dev.cert.pem,
    certSha256: dev.cert.sha256, serial: dev.cert.serialHex, notBefore: new Date().toISOString(), notAfter: new Date().toISOString(),
    status: 'active', serverTime: new Date().toISOString(),
  });
  let good: { url: string; close: () => Promise<void> };
  let lastHeaders: Record<string, string | string[] | undefined> = {};
  let mode: 'ok' | 'stall' | 426 | 401 | 500 | 'garbage' | 'badshape' = 'ok';

  beforeAll(async () => {
    good = await listen(serverCert(root), async (req, body, res) => {
      lastHeaders = req.headers;
      if (mode === 'stall') return; // accepts, never answers
      if (mode === 'garbage') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{nope');
      if (typeof mode === 'number') return void res.writeHead(mode, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'x_code', message: '中文消息', field: 'f' }));
      const verified = await verifySignedRequest(
        { method: req.method!, target: req.url!, headers: req.headers, body },
        { now: Date.now, rememberNonce: async () => true, findCertificate: async () => ({ deviceId: 'AB12CD', certSha256: dev.cert.sha256, publicKey: dev.publicKey, status: 'active', notBefore: new Date(0), notAfter: new Date(Date.now() + 1e9) }) },
      );
      if (!verified.ok) return void res.writeHead(verified.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: verified.code, message: verified.message }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(mode === 'badshape' ? { hello: 1 } : deviceStatus()));
    });
  });
  afterAll(async () => good?.close());

  it('talks to a server certified by the province root, with signed requests', async () => {
    mode = 'ok';
    const t = transport(good.url);
    expect((await t.device()).deviceId).toBe('AB12CD');
    expect(lastHeaders['x-yichuang-device']).toBe('AB12CD');
    expect(lastHeaders['x-yichuang-schema']).toBe('1');
    t.close();
  });

  it('refuses a server certified by another root, or for another host name', async () => {
    const other = await listen(serverCert(makeRoot('别的根')), (_q, _b, res) => res.end('{}'));
    try {
      const e = await failure(transport(other.url).device());
      expect(e.kind).toBe('tls');
      expect(e.message).toMatch(/省级根证书/);
    } finally {
      await other.close();
    }
    const wrongName = await listen(serverCert(root, { dns: ['center.example'] }), (_q, _b, res) => res.end('{}'));
    try {
      expect((await failure(transport(wrongName.url).device())).kind).toBe('tls');
    } finally {
      await wrongName.close();
    }
  });

  it('ends a stalled request as a timeout instead of hanging', async () => {
    mode = 'stall';
    const e = await failure(transport(good.url).device());
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/没有传输任何数据/);
  });

  it('reports a refused connection as offline', async () => {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as net.AddressInfo).port;
    await new Promise((r) => s.close(r));
    expect((await failure(transport(`https://127.0.0.1:${port}`).device())).kind).toBe('offline');
  });

  it('classifies the center’s answers: upgrade, auth, server, bad response', async () => {
    const cases: [typeof mode, string][] = [[426, 'upgrade'], [401, 'auth'], [500, 'server'], ['garbage', 'bad_response'], ['badshape', 'bad_response']];
    for (const [m, kind] of cases) {
      mode = m;
      const e = await failure(transport(good.url).device());
      expect(e.kind, String(m)).toBe(kind);
      if (typeof m === 'number') expect(e.toFailure()).toMatchObject({ status: m, code: 'x_code', field: 'f' });
    }
  });

  it('asks for enrollment before any signed request', async () => {
    mode = 'ok';
    const e = await failure(transport(good.url, { credentials: async () => null }).device());
    expect(e.kind).toBe('not_enrolled');
    expect(e.message).toMatch(/登记码/);
  });
});

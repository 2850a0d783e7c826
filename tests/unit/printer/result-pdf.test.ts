/**
 * sync:result-pdf: main fetches a result's PDF from the center's HTTPS sync service with a
 * signed device request, and hands it on only when its bytes hash to the SHA-256 the
 * province published (and to the one the center declares with it).
 */
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncClient, SyncTransport } from '../../../src-main/services/sync-transport';
import { issueSyncCertificate, verifySignedRequest } from '../../../src-node/sync-auth';
import { makeDevice, makeRoot } from '../sync/pki-fixture';

const root = makeRoot();
const dev = makeDevice(root, 'AB12CD');
const creds = { deviceId: dev.deviceId, certSha256: dev.cert.sha256, privateKey: dev.privateKey };
const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const resultId = '7b0f6a5e-1c1d-4f5e-9a40-2b1e0c9d8f70';

let server: https.Server;
let url = '';
let mode: 'ok' | 'lying-header' | 'html' | 404 = 'ok';
let lastPath = '';
let lastVerified = false;

beforeAll(async () => {
  const keys = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const cert = issueSyncCertificate({
    profile: 'tls-server', subject: { CN: 'center' }, publicKey: keys.publicKey, issuer: root,
    notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000), ipAddresses: ['127.0.0.1'],
  });
  server = https.createServer({ key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, cert: cert.pem }, (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', async () => {
      lastPath = req.url ?? '';
      const v = await verifySignedRequest(
        { method: req.method!, target: req.url!, headers: req.headers, body: Buffer.alloc(0) },
        { now: Date.now, rememberNonce: async () => true, findCertificate: async () => ({ deviceId: 'AB12CD', certSha256: dev.cert.sha256, publicKey: dev.publicKey, status: 'active', notBefore: new Date(0), notAfter: new Date(Date.now() + 1e9) }) },
      );
      lastVerified = v.ok;
      if (!v.ok) return void res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: v.code, message: v.message }));
      if (mode === 404) return void res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not_found', message: '没有这个结果' }));
      if (mode === 'html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
      res.writeHead(200, { 'content-type': 'application/pdf', 'x-content-sha256': mode === 'lying-header' ? '00'.repeat(32) : sha(pdf) }).end(pdf);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

function client(): { c: SyncClient; t: SyncTransport } {
  const t = new SyncTransport({ syncUrl: async () => url, rootPem: async () => root.pem, credentials: async () => creds, idleTimeoutMs: 2000 });
  // Only the transport matters here: no device files, no endpoint lookup.
  const c = Object.assign(Object.create(SyncClient.prototype) as SyncClient, { transport: t });
  return { c, t };
}

describe('sync:result-pdf', () => {
  it('GETs the PDF with a signed request and passes the published bytes on', async () => {
    mode = 'ok';
    const { c, t } = client();
    const r = await c.resultPdf({ resultId, sha256: sha(pdf) });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(Buffer.compare(Buffer.from(r.value.pdf), pdf)).toBe(0);
      expect(r.value.sha256).toBe(sha(pdf));
    }
    expect(lastPath).toBe(`/v1/sync/results/${resultId}/pdf`);
    expect(lastVerified).toBe(true);
    t.close();
  });

  it('refuses bytes that are not the published ones: 文件已被改动', async () => {
    mode = 'ok';
    const { c, t } = client();
    const r = await c.resultPdf({ resultId, sha256: 'ab'.repeat(32) });
    expect(r).toMatchObject({ ok: false, error: { kind: 'bad_response', code: 'sha256_mismatch' } });
    expect(!r.ok && r.error.message).toMatch(/文件已被改动/);
    t.close();
  });

  it('refuses a body that does not match the center’s own x-content-sha256, and a body that is not a PDF', async () => {
    const { c, t } = client();
    mode = 'lying-header';
    expect(await c.resultPdf({ resultId, sha256: sha(pdf) })).toMatchObject({ ok: false, error: { code: 'sha256_mismatch' } });
    mode = 'html';
    expect(await c.resultPdf({ resultId, sha256: sha(pdf) })).toMatchObject({ ok: false, error: { code: 'not_pdf' } });
    t.close();
  });

  it('reports the center’s refusal as data', async () => {
    mode = 404;
    const { c, t } = client();
    expect(await c.resultPdf({ resultId, sha256: sha(pdf) })).toMatchObject({ ok: false, error: { kind: 'rejected', status: 404, code: 'not_found' } });
    t.close();
  });
});

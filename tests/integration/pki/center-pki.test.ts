/**
 * The center's PKI endpoints from the outside: the root and CRL as openssl reads them, the
 * RFC 3161 service as `openssl ts` queries and verifies it, and a PDF signed with a
 * timestamp from the running center verifying against the root and CRL it publishes.
 * (The store is not involved, so PGlite in memory is enough.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCenter, type Center } from '../../../src-center/app';
import { renderDocumentWithLayout } from '../../../src-node/documents';
import { sampleDocumentInput } from '../../../src-node/documents/sample';
import { parseTimestampResponse, signerFromP12, signWindowDocument, verifyPdf } from '../../../src-node/pades';
import { loadPkiManifest, pemDecodeAll } from '../../../src-node/pki';

let center: Center;
let base: string;
let pkiDir: string;
let work: string;

function openssl(args: string[], input?: Buffer) {
  const r = spawnSync('openssl', args, { cwd: work, input, encoding: 'buffer' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString() };
}

beforeAll(async () => {
  pkiDir = mkdtempSync(path.join(os.tmpdir(), 'yc-center-pki-'));
  work = mkdtempSync(path.join(os.tmpdir(), 'yc-center-pki-work-'));
  center = await createCenter({ dataDir: 'memory://', pkiDir });
  await center.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = center.app.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}, 120_000);

afterAll(async () => {
  await center?.close();
  rmSync(pkiDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('GET /v1/pki/root and /v1/pki/crl', () => {
  it('serves the root the PKI directory holds (created on first use) and a CRL it signed', async () => {
    const rootRes = await fetch(`${base}/v1/pki/root`);
    expect(rootRes.status).toBe(200);
    expect(rootRes.headers.get('content-type')).toMatch(/application\/x-pem-file/);
    const rootPem = await rootRes.text();
    expect(rootPem).toBe(readFileSync(path.join(pkiDir, 'root.pem'), 'utf8'));
    writeFileSync(path.join(work, 'root.pem'), rootPem);

    const crlRes = await fetch(`${base}/v1/pki/crl`);
    expect(crlRes.status).toBe(200);
    expect(crlRes.headers.get('content-type')).toMatch(/application\/pkix-crl/);
    writeFileSync(path.join(work, 'crl.der'), Buffer.from(await crlRes.arrayBuffer()));
    const v = openssl(['crl', '-inform', 'DER', '-in', 'crl.der', '-CAfile', 'root.pem', '-noout', '-text']);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stderr).toMatch(/verify OK/);
    // The revoked demo clerk is listed.
    const m = await loadPkiManifest(pkiDir);
    expect(v.stdout.toString()).toContain(`Serial Number: ${m.crl.revokedSerials[0]}`);
  });
});

describe('POST /v1/tsa', () => {
  it('answers an openssl ts query with a token openssl ts -verify accepts', async () => {
    writeFileSync(path.join(work, 'data.txt'), '受理通知书 王𠈌');
    const q = openssl(['ts', '-query', '-data', 'data.txt', '-sha256', '-cert', '-out', 'q.tsq']);
    expect(q.status, q.stderr).toBe(0);
    const res = await fetch(`${base}/v1/tsa`, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: readFileSync(path.join(work, 'q.tsq')) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/timestamp-reply');
    writeFileSync(path.join(work, 'r.tsr'), Buffer.from(await res.arrayBuffer()));
    const text = openssl(['ts', '-reply', '-in', 'r.tsr', '-text']);
    expect(text.stdout.toString()).toMatch(/Status: Granted/);
    expect(text.stdout.toString()).toMatch(/Nonce: 0x/);
    writeFileSync(path.join(work, 'root.pem'), readFileSync(path.join(pkiDir, 'root.pem')));
    const v = openssl(['ts', '-verify', '-in', 'r.tsr', '-queryfile', 'q.tsq', '-CAfile', 'root.pem']);
    expect(v.status, `${v.stdout}${v.stderr}`).toBe(0);
    expect(v.stdout.toString()).toMatch(/Verification: OK/);
    // A different message does not verify against the same token.
    writeFileSync(path.join(work, 'other.txt'), 'something else');
    const w = openssl(['ts', '-verify', '-in', 'r.tsr', '-data', 'other.txt', '-CAfile', 'root.pem']);
    expect(w.status).not.toBe(0);
  });

  it('rejects a malformed request with a TimeStampResp naming the reason, and other media types with 415', async () => {
    const res = await fetch(`${base}/v1/tsa`, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: Buffer.from('not DER') });
    expect(res.status).toBe(400);
    const parsed = parseTimestampResponse(Buffer.from(await res.arrayBuffer()));
    expect(parsed.status).toBe(2);
    expect(parsed.statusText).toMatch(/时间戳请求格式错误/);
    expect(parsed.failureBits).toEqual([5]); // badDataFormat
    const json = await fetch(`${base}/v1/tsa`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/tsa', '/v1/pki/root', '/v1/pki/crl']));
  });
});

describe('a document signed with the center as TSA', () => {
  it('carries timestamps and verifies against the root and CRL the center publishes (PAdES B-T)', async () => {
    const m = await loadPkiManifest(pkiDir);
    const entry = (id: string) => m.entries.find((e) => e.id === id)!;
    const signer = (id: string) => signerFromP12(readFileSync(path.join(pkiDir, entry(id).p12)), entry(id).pin);
    const doc = await renderDocumentWithLayout(sampleDocumentInput('supplement'));
    const signed = await signWindowDocument(doc, {
      clerk: signer('clerk:c-130102-01-2'),
      seal: signer('window-seal:w-130102-01'),
      timestamp: { url: `${base}/v1/tsa` },
    });
    expect(signed.signatures.map((s) => s.timestamp.status)).toEqual(['stamped', 'stamped']);
    const root = pemDecodeAll('CERTIFICATE', await (await fetch(`${base}/v1/pki/root`)).text());
    const crl = Buffer.from(await (await fetch(`${base}/v1/pki/crl`)).arrayBuffer());
    const r = await verifyPdf(signed.pdf, { trustRoots: root, crls: [crl] });
    expect(r.signatures.map((s) => s.problems)).toEqual([[], []]);
    expect(r.signatures.map((s) => s.timeSource)).toEqual(['timestamp', 'timestamp']);
    expect(r.ok).toBe(true);
  });
});

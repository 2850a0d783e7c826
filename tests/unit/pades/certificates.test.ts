/**
 * The certificate side of verification: expired, revoked and foreign certificates do not
 * verify; revocation is required (fails closed) unless the caller says otherwise; ECDSA keys
 * work like RSA; RFC 3161 timestamps (PAdES B-T) are embedded, checked, and their absence
 * when the TSA is unreachable is reported, not fatal.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocumentWithLayout, type RenderedDocument } from '../../../src-node/documents';
import { sampleDocumentInput } from '../../../src-node/documents/sample';
import {
  checkTimestampToken,
  createTimestampRequest,
  issueTimestampToken,
  parseTimestampRequest,
  signPdf,
  signWindowDocument,
  verifyPdf,
  type Signer,
} from '../../../src-node/pades';
import { demoPki, extractSignatures, nssDb, opensslCmsVerify, pdfsig, writeTemp, type DemoPki } from './helpers';

let pki: DemoPki;
let other: DemoPki;
let nss: string;
let doc: RenderedDocument;

beforeAll(async () => {
  [pki, other] = await Promise.all([demoPki(), demoPki({ keyAlgorithm: 'ecdsa-p256' })]);
  nss = nssDb(pki.rootPem);
  doc = await renderDocumentWithLayout(sampleDocumentInput('acceptance'));
}, 120_000);
afterAll(() => {
  pki?.cleanup();
  other?.cleanup();
});

const opts = () => ({ trustRoots: [pki.rootDer], crls: [pki.crlDer] });

/** An in-process TSA answering with the demo TSA certificate (what the center runs). */
function localTsa(p: DemoPki, tsaSigner: Signer = p.signer('tsa')) {
  return async (signatureValue: Buffer) => {
    const hashed = crypto.createHash('sha256').update(signatureValue).digest();
    const request = parseTimestampRequest(createTimestampRequest(hashed, { certReq: true, nonce: crypto.randomBytes(8) }));
    return issueTimestampToken({ request, tsa: tsaSigner, policy: '2.25.1', serial: crypto.randomBytes(8), genTime: new Date() });
  };
}

describe('certificates that must not verify', () => {
  it('an expired clerk certificate: validity fails (ours) and pdfsig does not trust it', async () => {
    const { pdf } = await signPdf(doc.bytes, { signer: pki.signer('clerk:c-130102-01-8') });
    const r = await verifyPdf(pdf, opts());
    expect(r.ok).toBe(false);
    expect(r.signatures[0]!.checks.validity).toMatchObject({ ok: false });
    expect(r.signatures[0]!.checks.validity!.detail).toMatch(/已于 .* 过期（规则：证书有效期）/);
    expect(r.signatures[0]!.checks.signature?.ok).toBe(true);
    const ps = pdfsig(writeTemp(pdf), nss);
    expect(ps.signatures[0]!.certificate, ps.output).not.toBe('Certificate is Trusted.');
  });

  it('a revoked clerk certificate: revocation fails, naming the date', async () => {
    const { pdf } = await signPdf(doc.bytes, { signer: pki.signer('clerk:c-130102-01-9') });
    const r = await verifyPdf(pdf, opts());
    expect(r.ok).toBe(false);
    expect(r.signatures[0]!.checks.revocation!.detail).toMatch(/被吊销.*（规则：吊销状态）/);
  });

  it('a certificate from another root: the chain fails (ours and pdfsig), though the signature itself is sound', async () => {
    const { pdf } = await signPdf(doc.bytes, { signer: other.signer('clerk:c-130102-01-1') });
    const r = await verifyPdf(pdf, opts());
    expect(r.ok).toBe(false);
    expect(r.signatures[0]!.checks.signature?.ok).toBe(true);
    expect(r.signatures[0]!.checks.chain).toMatchObject({ ok: false });
    expect(r.signatures[0]!.checks.chain!.detail).toMatch(/不是由受信任的根证书签发/);
    const ps = pdfsig(writeTemp(pdf), nss);
    expect(ps.signatures[0]!.validation, ps.output).toBe('Signature is Valid.');
    expect(ps.signatures[0]!.certificate, ps.output).not.toBe('Certificate is Trusted.');
  });

  it('fails closed without a CRL, and with a CRL past its nextUpdate', async () => {
    const { pdf } = await signPdf(doc.bytes, { signer: pki.signer('clerk:c-130102-01-1') });
    const none = await verifyPdf(pdf, { trustRoots: [pki.rootDer] });
    expect(none.ok).toBe(false);
    expect(none.signatures[0]!.checks.revocation!.detail).toMatch(/无法确认证书.*未被吊销/);
    const later = new Date(new Date(pki.manifest.crl.nextUpdate).getTime() + 3_600_000);
    const stale = await verifyPdf(pdf, { ...opts(), now: later });
    expect(stale.signatures[0]!.checks.revocation!.detail).toMatch(/CRL 已过期/);
    // Explicitly skipping revocation is the caller's decision.
    expect((await verifyPdf(pdf, { trustRoots: [pki.rootDer], revocation: 'skip' })).ok).toBe(true);
  });

  it('a CRL not signed by the root does not count', async () => {
    const { pdf } = await signPdf(doc.bytes, { signer: pki.signer('clerk:c-130102-01-1') });
    const r = await verifyPdf(pdf, { trustRoots: [pki.rootDer], crls: [other.crlDer] });
    expect(r.ok).toBe(false);
  });
});

describe('ECDSA P-256 keys', () => {
  it('sign and seal like RSA: pdfsig, openssl and our verifier agree', async () => {
    const nssOther = nssDb(other.rootPem);
    const { pdf } = await signWindowDocument(doc, { clerk: other.signer('clerk:c-130102-01-2'), seal: other.signer('window-seal:w-130102-01') });
    const ps = pdfsig(writeTemp(pdf), nssOther);
    expect(ps.signatures.map((s) => [s.validation, s.certificate]), ps.output).toEqual([
      ['Signature is Valid.', 'Certificate is Trusted.'],
      ['Signature is Valid.', 'Certificate is Trusted.'],
    ]);
    for (const s of extractSignatures(pdf)) expect(opensslCmsVerify(s, other.rootPem).status).toBe(0);
    expect((await verifyPdf(pdf, { trustRoots: [other.rootDer], crls: [other.crlDer] })).ok).toBe(true);
  });
});

describe('RFC 3161 timestamps (PAdES B-T)', () => {
  it('a token over the signature value is embedded and proves the signing time', async () => {
    const { pdf, signatures } = await signWindowDocument(doc, { clerk: pki.signer('clerk:c-130102-01-1'), seal: pki.signer('window-seal:w-130102-01'), timestamp: localTsa(pki) });
    expect(signatures.map((s) => s.timestamp.status)).toEqual(['stamped', 'stamped']);
    const r = await verifyPdf(pdf, opts());
    expect(r.ok).toBe(true);
    for (const s of r.signatures) {
      expect(s.timeSource).toBe('timestamp');
      expect(s.timestamp).toMatchObject({ valid: true, tsa: '河北省政务服务时间戳服务器' });
    }
    const ps = pdfsig(writeTemp(pdf), nss);
    expect(ps.signatures.map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    for (const s of extractSignatures(pdf)) expect(opensslCmsVerify(s, pki.rootPem).status).toBe(0);
  });

  it('an unreachable TSA leaves a valid B-B signature and says why there is no timestamp', async () => {
    const { pdf, signature } = await signPdf(doc.bytes, { signer: pki.signer('clerk:c-130102-01-1'), timestamp: { url: 'http://127.0.0.1:9/v1/tsa', timeoutMs: 2000 } });
    expect(signature.timestamp.status).toBe('unavailable');
    expect(signature.timestamp.status === 'unavailable' && signature.timestamp.reason).toMatch(/无法连接时间戳服务/);
    const r = await verifyPdf(pdf, opts());
    expect(r.ok).toBe(true);
    expect(r.signatures[0]!.timeSource).toBe('claimed');
  });

  it('a token from a TSA outside the province root fails the timestamp check', async () => {
    const { pdf } = await signPdf(doc.bytes, { signer: pki.signer('clerk:c-130102-01-1'), timestamp: localTsa(other) });
    const r = await verifyPdf(pdf, opts());
    expect(r.ok).toBe(false);
    expect(r.signatures[0]!.checks.timestamp).toMatchObject({ ok: false });
  });

  it('a token is refused by the signer when it stamps something else', async () => {
    const wrong = await localTsa(pki)(Buffer.from('something else'));
    const c = checkTimestampToken(wrong, { hashedMessage: crypto.createHash('sha256').update('the signature').digest() });
    expect(c.ok).toBe(false);
    expect(c.problems.join()).toMatch(/时间戳盖的不是这个签名/);
  });
});

/**
 * Every window document signed by the clerk and sealed by the window, checked from the
 * outside: qpdf --check, pdfsig (NSS, the demo root trusted), openssl cms -verify on each
 * extracted signature, pdftotext — and by our own verifier.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES, renderDocumentWithLayout } from '../../../src-node/documents';
import { sampleDocumentInput } from '../../../src-node/documents/sample';
import { signPdf, signWindowDocument, verifyPdf, type Signer } from '../../../src-node/pades';
import { demoPki, extractSignatures, nssDb, opensslCmsVerify, pdfsig, pdftotext, qpdfCheck, run, writeTemp, type DemoPki } from './helpers';

let pki: DemoPki;
let nss: string;
let clerk: Signer;
let seal: Signer;

beforeAll(async () => {
  pki = await demoPki();
  nss = nssDb(pki.rootPem);
  clerk = pki.signer('clerk:c-130102-01-2'); // 窗口受理员 王𠈌
  seal = pki.signer('window-seal:w-130102-01');
}, 120_000);
afterAll(() => pki?.cleanup());

// Written out independently of the code under test.
const CLERK_DN = 'serialNumber=c-130102-01-2,CN=窗口受理员 王𠈌,OU=综合受理1号窗口,O=石家庄市长安区政务服务中心,L=130102,ST=河北省,C=CN';
const SEAL_CN = '石家庄市长安区政务服务中心综合受理1号窗口电子印章';

describe.each(DOCUMENT_TYPES)('%s: clerk signature + window seal', (type) => {
  let unsigned: Uint8Array;
  let signed: Buffer;
  let file: string;
  beforeAll(async () => {
    const doc = await renderDocumentWithLayout(sampleDocumentInput(type));
    unsigned = doc.bytes;
    signed = (await signWindowDocument(doc, { clerk, seal })).pdf;
    file = writeTemp(signed, `${type}.pdf`);
  }, 60_000);

  it('appends to the unsigned bytes (an incremental update, never a rewrite) and stays small', () => {
    expect(signed.subarray(0, unsigned.length).equals(Buffer.from(unsigned))).toBe(true);
    expect(signed.length).toBeLessThan(300 * 1024);
  });

  it('passes qpdf --check', () => {
    const r = qpdfCheck(file);
    expect(r.status, r.output).toBe(0);
  });

  it('pdfsig: both signatures valid and trusted, Chinese names intact, the seal covers the whole file', () => {
    const { signatures, output } = pdfsig(file, nss);
    expect(signatures, output).toHaveLength(2);
    for (const s of signatures) {
      expect(s.validation, output).toBe('Signature is Valid.');
      expect(s.certificate, output).toBe('Certificate is Trusted.');
    }
    expect(signatures[0]!.field).toBe('clerk-signature');
    expect(signatures[0]!.dn).toBe(CLERK_DN);
    expect(signatures[0]!.totalDocument).toBe(false);
    expect(signatures[1]!.commonName).toBe(SEAL_CN);
    expect(signatures[1]!.totalDocument).toBe(true);
  });

  it('openssl cms -verify accepts each extracted signature', () => {
    const sigs = extractSignatures(signed);
    expect(sigs).toHaveLength(2);
    for (const s of sigs) {
      const r = opensslCmsVerify(s, pki.rootPem);
      expect(r.status, r.stderr).toBe(0);
    }
    // The second signature's range is the whole file.
    expect(sigs[1]!.byteRange[2] + sigs[1]!.byteRange[3]).toBe(signed.length);
  });

  it('pdftotext recovers exactly the text of the unsigned document, 王𠈌 included', () => {
    const before = pdftotext(writeTemp(unsigned));
    const after = pdftotext(file);
    expect(after).toBe(before);
    expect(after).toContain('王𠈌');
  });

  it('our verifier accepts both signatures', async () => {
    const r = await verifyPdf(signed, { trustRoots: [pki.rootDer], crls: [pki.crlDer] });
    expect(r.problems).toEqual([]);
    expect(r.signatures.map((s) => [s.fieldName, s.ok, s.coversWholeDocument])).toEqual([
      ['clerk-signature', true, false],
      ['window-seal', true, true],
    ]);
    expect(r.signatures[0]!.modificationsAfter.every((m) => m.allowed && m.kind === 'signature')).toBe(true);
    expect(r.ok).toBe(true);
  });
});

describe('PDFs with cross-reference streams and object streams (qpdf output)', () => {
  let objstm: Buffer;
  beforeAll(async () => {
    const doc = await renderDocumentWithLayout(sampleDocumentInput('acceptance'));
    const src = writeTemp(doc.bytes, 'plain.pdf');
    const out = src.replace(/plain\.pdf$/, 'objstm.pdf');
    const r = run('qpdf', ['--object-streams=generate', src, out]);
    expect(r.status, r.stderr).toBe(0);
    objstm = readFileSync(out);
    expect(objstm.toString('latin1')).toMatch(/\/Type\s*\/XRef/);
    expect(objstm.toString('latin1')).toMatch(/\/Type\s*\/ObjStm/);
  }, 60_000);

  it.each(['table', 'stream'] as const)('appends a %s cross-reference section that qpdf, pdfsig and our verifier accept', async (xref) => {
    const a = await signPdf(objstm, { signer: clerk, xref, appearance: { pageIndex: 0, rect: { x: 90, y: 60, width: 140, height: 34 }, content: { kind: 'signature', signerName: '王𠈌', time: new Date() } } });
    const b = await signPdf(a.pdf, { signer: seal, xref });
    const tail = b.pdf.subarray(objstm.length).toString('latin1');
    if (xref === 'table') expect(tail).toMatch(/\nxref\n[\s\S]*trailer/);
    else expect(tail).toMatch(/\/Type\s*\/XRef/);
    const file = writeTemp(b.pdf, `objstm-${xref}.pdf`);
    expect(qpdfCheck(file).status, qpdfCheck(file).output).toBe(0);
    const { signatures, output } = pdfsig(file, nss);
    expect(signatures.map((s) => s.validation), output).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    expect(signatures.map((s) => s.certificate), output).toEqual(['Certificate is Trusted.', 'Certificate is Trusted.']);
    expect(signatures[1]!.totalDocument).toBe(true);
    const v = await verifyPdf(b.pdf, { trustRoots: [pki.rootDer], crls: [pki.crlDer] });
    expect(v.signatures.map((s) => s.problems)).toEqual([[], []]);
    expect(v.ok).toBe(true);
  });

  it('refuses a second field with a name already taken', async () => {
    const a = await signPdf(objstm, { signer: clerk, fieldName: 'clerk' });
    await expect(signPdf(a.pdf, { signer: seal, fieldName: 'clerk' })).rejects.toMatchObject({ field: 'fieldName', rule: 'unique' });
  });
});

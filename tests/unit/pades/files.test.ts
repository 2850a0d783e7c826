/**
 * Arbitrary PDFs, not only ours: pdf-lib output with object streams, an existing form and
 * annotations, a linearized file from qpdf, and signing files on disk (streamed) in place
 * or to a new path.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPdf, signPdfFile, verifyPdf, verifyPdfFile, type Signer } from '../../../src-node/pades';
import { demoPki, nssDb, pdfsig, qpdfCheck, run, tempDir, writeTemp, type DemoPki } from './helpers';

let pki: DemoPki;
let nss: string;
let clerk: Signer;
let seal: Signer;

beforeAll(async () => {
  pki = await demoPki();
  nss = nssDb(pki.rootPem);
  clerk = pki.signer('clerk:c-130102-01-1');
  seal = pki.signer('window-seal:w-130102-01');
}, 120_000);
afterAll(() => pki?.cleanup());

const verifyOpts = () => ({ trustRoots: [pki.rootDer], crls: [pki.crlDer] });

/** Three pages, a text field, a link annotation; pdf-lib's default save (object streams). */
async function formPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < 3; i++) doc.addPage([595, 842]).drawText(`page ${i + 1}`, { x: 50, y: 780, font, size: 18 });
  const form = doc.getForm();
  const field = form.createTextField('applicant');
  field.setText('Wang');
  field.addToPage(doc.getPage(0), { x: 50, y: 700, width: 200, height: 24 });
  return doc.save();
}

function fieldNames(pdf: Uint8Array): Promise<string[]> {
  return PDFDocument.load(pdf).then((d) => d.getForm().getFields().map((f) => f.getName()));
}

describe('a pdf-lib PDF with object streams and a form', () => {
  it('keeps the existing field, adds two signatures on page 2, and every tool accepts it', async () => {
    const original = await formPdf();
    expect(Buffer.from(original).toString('latin1')).toMatch(/\/Type\s*\/ObjStm/);
    const a = await signPdf(original, { signer: clerk, appearance: { pageIndex: 1, rect: { x: 60, y: 60, width: 150, height: 36 }, content: { kind: 'signature', signerName: '张三', time: new Date() } } });
    const b = await signPdf(a.pdf, { signer: seal, appearance: { pageIndex: 1, rect: { x: 380, y: 40, width: 120, height: 120 }, content: { kind: 'seal', organisation: '石家庄市长安区政务服务中心', caption: '综合受理1号窗口' } } });
    expect(await fieldNames(b.pdf)).toEqual(['applicant', 'Signature2', 'Signature3']);
    const file = writeTemp(b.pdf);
    expect(qpdfCheck(file).status, qpdfCheck(file).output).toBe(0);
    const ps = pdfsig(file, nss);
    expect(ps.signatures.map((s) => s.validation), ps.output).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    expect((await verifyPdf(b.pdf, verifyOpts())).ok).toBe(true);
    // The widgets sit on page 2.
    const reloaded = await PDFDocument.load(b.pdf);
    expect(reloaded.getPage(1).node.Annots()?.size()).toBe(2);
  });
});

describe('a linearized PDF (qpdf --linearize)', () => {
  it('is signed and verifies', async () => {
    const src = writeTemp(await formPdf(), 'in.pdf');
    const lin = path.join(path.dirname(src), 'lin.pdf');
    expect(run('qpdf', ['--linearize', src, lin]).status).toBe(0);
    const a = await signPdf(readFileSync(lin), { signer: clerk });
    const file = writeTemp(a.pdf);
    expect(qpdfCheck(file).status, qpdfCheck(file).output).toBe(0);
    expect(pdfsig(file, nss).signatures[0]?.validation).toBe('Signature is Valid.');
    expect((await verifyPdf(a.pdf, verifyOpts())).ok).toBe(true);
  });
});

describe('files on disk', () => {
  it('signs to a new file and in place, leaving the earlier bytes untouched', async () => {
    const dir = tempDir('yc-pades-files-');
    const input = path.join(dir, 'in.pdf');
    const out = path.join(dir, 'out.pdf');
    const original = Buffer.from(await formPdf());
    await import('node:fs/promises').then((fs) => fs.writeFile(input, original));
    const first = await signPdfFile(input, out, { signer: clerk });
    expect(readFileSync(input).equals(original)).toBe(true);
    const afterFirst = readFileSync(out);
    await signPdfFile(out, out, { signer: seal });
    const final = readFileSync(out);
    expect(final.subarray(0, afterFirst.length).equals(afterFirst)).toBe(true);
    expect(first.byteRange[0]).toBe(0);
    const r = await verifyPdfFile(out, verifyOpts());
    expect(r.signatures.map((s) => s.ok)).toEqual([true, true]);
    expect(r.ok).toBe(true);
  });

  it('refuses what it cannot sign, saying why', async () => {
    await expect(signPdf(Buffer.from('hello'), { signer: clerk })).rejects.toThrow(/不是 PDF 文件/);
    const truncated = Buffer.from(await formPdf()).subarray(0, 400);
    await expect(signPdf(truncated, { signer: clerk })).rejects.toThrow(/startxref/);
    const original = await formPdf();
    await expect(signPdf(original, { signer: clerk, appearance: { pageIndex: 7, rect: { x: 0, y: 0, width: 10, height: 10 }, content: { kind: 'signature', signerName: '张三', time: new Date() } } })).rejects.toMatchObject({
      field: 'appearance.pageIndex',
    });
  });
});

/**
 * What must not verify: a flipped byte anywhere in a signed range (our verifier and pdfsig
 * both notice), and incremental updates appended after signing that change what the page
 * shows (the shadow-attack class) — reported by our verifier, naming the page and the change.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocumentWithLayout } from '../../../src-node/documents';
import { sampleDocumentInput } from '../../../src-node/documents/sample';
import {
  BufferSource,
  IncrementalUpdate,
  PdfReader,
  arr,
  asArray,
  dict,
  get,
  isDict,
  isRef,
  name,
  num,
  ref,
  signWindowDocument,
  textString,
  verifyPdf,
  type Signer,
} from '../../../src-node/pades';
import { demoPki, extractSignatures, nssDb, pdfsig, writeTemp, type DemoPki } from './helpers';

let pki: DemoPki;
let nss: string;
let clerk: Signer;
let seal: Signer;
let signed: Buffer;

beforeAll(async () => {
  pki = await demoPki();
  nss = nssDb(pki.rootPem);
  clerk = pki.signer('clerk:c-130102-01-1');
  seal = pki.signer('window-seal:w-130102-01');
  const doc = await renderDocumentWithLayout(sampleDocumentInput('refusal'));
  signed = (await signWindowDocument(doc, { clerk, seal })).pdf;
}, 120_000);
afterAll(() => pki?.cleanup());

const verify = (pdf: Buffer) => verifyPdf(pdf, { trustRoots: [pki.rootDer], crls: [pki.crlDer] });

function flip(pdf: Buffer, at: number): Buffer {
  const copy = Buffer.from(pdf);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

/** Appends an incremental update made by `edit` (the way an attacker's tool would). */
async function appendUpdate(pdf: Buffer, edit: (reader: PdfReader, up: IncrementalUpdate) => Promise<void>): Promise<Buffer> {
  const reader = await PdfReader.open(new BufferSource(pdf));
  const up = new IncrementalUpdate(reader, pdf.length, pdf[pdf.length - 1] === 0x0a);
  await edit(reader, up);
  return Buffer.concat([pdf, up.finish('table')]);
}

async function firstPage(reader: PdfReader) {
  const [pageRef] = await reader.pageRefs();
  const page = await reader.getObject(pageRef!.num);
  if (!pageRef || !page || !isDict(page.value)) throw new Error('no page');
  return { pageRef, page: page.value };
}

describe('a flipped byte inside a signed range', () => {
  it('is found by our verifier wherever it is (property over positions)', async () => {
    const [clerkSig, sealSig] = extractSignatures(signed);
    const [, a1, b1, c1] = clerkSig!.byteRange;
    const [, a2, b2] = sealSig!.byteRange;
    // Positions in the clerk's ranges (also covered by the seal), and in the seal's own revision.
    const positions = fc.oneof(fc.integer({ min: 0, max: a1 - 1 }), fc.integer({ min: b1, max: b1 + c1 - 1 }), fc.integer({ min: b1 + c1, max: a2 - 1 }), fc.integer({ min: b2, max: signed.length - 1 }));
    await fc.assert(
      fc.asyncProperty(positions, async (at) => {
        const r = await verify(flip(signed, at));
        expect(r.ok).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('inside the page content: both signatures report a digest mismatch, in our verifier and in pdfsig', async () => {
    const text = signed.toString('latin1');
    const streamAt = text.indexOf('stream\n', text.indexOf('/Filter /FlateDecode')) + 'stream\n'.length + 20;
    const [clerkSig] = extractSignatures(signed);
    expect(streamAt).toBeLessThan(clerkSig!.byteRange[1]);
    const bad = flip(signed, streamAt);
    const r = await verify(bad);
    expect(r.ok).toBe(false);
    expect(r.signatures.map((s) => s.checks.digest?.ok)).toEqual([false, false]);
    const ps = pdfsig(writeTemp(bad), nss);
    expect(ps.signatures).toHaveLength(2);
    for (const s of ps.signatures) expect(s.validation, ps.output).not.toBe('Signature is Valid.');
  });

  it('in the seal revision only: the clerk signature still verifies, the seal does not', async () => {
    const [, sealSig] = extractSignatures(signed);
    const at = sealSig!.byteRange[1] - 40; // inside the seal's signature dictionary, before /Contents
    const bad = flip(signed, at);
    const r = await verify(bad);
    const ps = pdfsig(writeTemp(bad), nss);
    expect(r.ok).toBe(false);
    expect(r.signatures.find((s) => s.fieldName === 'window-seal')?.ok).toBe(false);
    expect(ps.signatures.find((s) => s.field === 'window-seal')?.validation, ps.output).not.toBe('Signature is Valid.');
    expect(ps.signatures.find((s) => s.field === 'clerk-signature')?.validation, ps.output).toBe('Signature is Valid.');
  });
});

describe('incremental updates after signing (shadow attacks)', () => {
  it('new page content appended after signing is reported, naming the page', async () => {
    const attacked = await appendUpdate(signed, async (reader, up) => {
      const { pageRef, page } = await firstPage(reader);
      const overlay = up.allocate();
      up.addStream(overlay, dict({}), Buffer.from('1 1 1 rg 70 600 460 120 re f 0 0 0 rg BT /F1 14 Tf 80 650 Td (APPROVED) Tj ET'));
      const old = get(page, 'Contents');
      page.entries.set('Contents', arr(...(asArray(old) ?? (old ? [old] : [])), ref(overlay)));
      up.addObject(pageRef.num, pageRef.gen, page);
    });
    const r = await verify(attacked);
    expect(r.ok).toBe(false);
    for (const s of r.signatures) {
      expect(s.checks.digest?.ok).toBe(true); // the signed bytes themselves are intact …
      expect(s.checks.modifications?.ok).toBe(false); // … but what follows is reported
      expect(s.modificationsAfter).toContainEqual(expect.objectContaining({ allowed: false, kind: 'content', page: 1 }));
    }
    expect(r.problems.join()).toMatch(/未签名的修改/);
  });

  it('an existing content stream rewritten in place is reported', async () => {
    const attacked = await appendUpdate(signed, async (reader, up) => {
      const { page } = await firstPage(reader);
      const contents = get(page, 'Contents');
      const target = isRef(contents) ? contents : (asArray(contents) ?? []).find(isRef);
      if (!target) throw new Error('no content stream');
      up.addStream(target.num, dict({}), Buffer.from('BT /F1 12 Tf 100 700 Td (nothing to see) Tj ET'));
    });
    const r = await verify(attacked);
    expect(r.ok).toBe(false);
    expect(r.signatures[1]!.modificationsAfter).toContainEqual(expect.objectContaining({ allowed: false, kind: 'content', page: 1 }));
  });

  it('an annotation added after signing (not a signature) is reported', async () => {
    const attacked = await appendUpdate(signed, async (reader, up) => {
      const { pageRef, page } = await firstPage(reader);
      const annot = up.allocate();
      up.addObject(annot, 0, dict({ Type: name('Annot'), Subtype: name('FreeText'), Rect: arr(num(80), num(600), num(500), num(700)), Contents: textString('准予许可'), DA: textString('/Helv 24 Tf 0 g') }));
      const annots = get(page, 'Annots');
      const list = isRef(annots) ? (asArray(await reader.resolve(annots)) ?? []) : (asArray(annots) ?? []);
      page.entries.set('Annots', arr(...list, ref(annot)));
      up.addObject(pageRef.num, pageRef.gen, page);
    });
    const r = await verify(attacked);
    expect(r.ok).toBe(false);
    expect(r.signatures[1]!.modificationsAfter).toContainEqual(expect.objectContaining({ allowed: false, kind: 'annotation', page: 1 }));
  });

  it('a replaced catalog is reported', async () => {
    const attacked = await appendUpdate(signed, async (reader, up) => {
      const root = get(reader.trailer, 'Root');
      const cat = await reader.resolveDict(root);
      if (!cat || !isRef(root)) throw new Error('no catalog');
      cat.entries.set('OpenAction', arr(ref(3), name('Fit')));
      up.addObject(root.num, root.gen, cat);
    });
    const r = await verify(attacked);
    expect(r.ok).toBe(false);
    expect(r.signatures[0]!.modificationsAfter).toContainEqual(expect.objectContaining({ allowed: false, kind: 'catalog' }));
  });

  it('a further valid signature is allowed and listed as such', async () => {
    const doc = await renderDocumentWithLayout(sampleDocumentInput('acceptance'));
    const twice = await signWindowDocument(doc, { clerk, seal });
    const r = await verify(twice.pdf);
    expect(r.ok).toBe(true);
    const after = r.signatures[0]!.modificationsAfter;
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((m) => m.allowed)).toBe(true);
  });
});

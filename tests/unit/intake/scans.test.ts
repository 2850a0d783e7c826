import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { checkFile, combineToPdf, MAX_FILE_BYTES, ScanError, scanFileName, sniff } from '../../../src-renderer/features/intake/scans';
import { JPEG_4x3, PNG_3x4, pdfWithPages } from './fixtures';

const keyOf = (r: ReturnType<typeof checkFile>) => (r.ok ? null : 'key' in r.error ? r.error.key : r.error.text);

describe('what a file really is (magic bytes)', () => {
  it('recognises PDF, JPEG and PNG by their first bytes, not their names', async () => {
    expect(sniff(await pdfWithPages(1))).toBe('pdf');
    expect(sniff(JPEG_4x3)).toBe('jpeg');
    expect(sniff(PNG_3x4)).toBe('png');
    expect(sniff(new TextEncoder().encode('hello, world'))).toBeNull();
    expect(sniff(new Uint8Array([0x25, 0x50, 0x44]))).toBeNull(); // "%PD": too short to be a PDF
  });

  it('refuses a JPEG renamed .pdf, saying what it really is', () => {
    const r = checkFile('营业执照.pdf', JPEG_4x3);
    expect(keyOf(r)).toBe('intake.scan.err.mismatch');
    expect(r.ok ? null : 'params' in r.error && r.error.params).toMatchObject({ name: '营业执照.pdf', claimed: 'PDF', actual: 'JPEG' });
  });

  it('refuses a text file renamed .pdf as not a PDF', () => {
    expect(keyOf(checkFile('scan.pdf', new TextEncoder().encode('not really a pdf')))).toBe('intake.scan.err.notWhatItSays');
  });

  it('refuses other types by extension, and unknown content without one', () => {
    expect(keyOf(checkFile('notes.txt', new TextEncoder().encode('hi')))).toBe('intake.scan.err.extension');
    expect(keyOf(checkFile('camera-frame', new TextEncoder().encode('??')))).toBe('intake.scan.err.unknown');
    expect(keyOf(checkFile('empty.pdf', new Uint8Array()))).toBe('intake.scan.err.empty');
  });

  it('accepts files whose content matches their extension (and unnamed camera frames by content)', async () => {
    expect(checkFile('lease.PDF', await pdfWithPages(1))).toMatchObject({ ok: true, part: { kind: 'pdf' } });
    expect(checkFile('photo.jpeg', JPEG_4x3)).toMatchObject({ ok: true, part: { kind: 'jpeg' } });
    expect(checkFile('plan.png', PNG_3x4)).toMatchObject({ ok: true, part: { kind: 'png' } });
    expect(checkFile('frame', JPEG_4x3)).toMatchObject({ ok: true, part: { kind: 'jpeg' } });
  });

  it('refuses a file over the limit, naming its size and the limit', () => {
    const big = new Uint8Array(MAX_FILE_BYTES + 1);
    big.set([0x25, 0x50, 0x44, 0x46, 0x2d]);
    const r = checkFile('big.pdf', big);
    expect(keyOf(r)).toBe('intake.scan.err.fileTooLarge');
    expect(r.ok ? null : 'params' in r.error && r.error.params).toMatchObject({ name: 'big.pdf', max: '20.0 MB' });
    // The limit itself is accepted.
    const edge = big.subarray(0, MAX_FILE_BYTES);
    expect(keyOf(checkFile('edge.pdf', edge))).toBeNull();
  });
});

describe('all pages of a material in one PDF', () => {
  const part = (name: string, bytes: Uint8Array) => {
    const r = checkFile(name, bytes);
    if (!r.ok) throw new Error(name);
    return r.part;
  };

  it('copies PDF pages and puts each image on its own page, in order', async () => {
    const parts = [part('a.pdf', await pdfWithPages(2)), part('b.jpg', JPEG_4x3), part('c.png', PNG_3x4), part('d.pdf', await pdfWithPages(3))];
    const out = await combineToPdf(parts);
    expect(out.pages).toBe(7);
    const doc = await PDFDocument.load(out.bytes);
    expect(doc.getPageCount()).toBe(7);
    // A wide image gets a landscape page, a tall one a portrait page.
    const [w3, h3] = [doc.getPage(2).getWidth(), doc.getPage(2).getHeight()];
    const [w4, h4] = [doc.getPage(3).getWidth(), doc.getPage(3).getHeight()];
    expect(w3).toBeGreaterThan(h3);
    expect(h4).toBeGreaterThan(w4);
    expect(sniff(out.bytes)).toBe('pdf');
  });

  it('combining what was combined with new pages keeps one PDF with all pages', async () => {
    const first = await combineToPdf([part('a.pdf', await pdfWithPages(2))]);
    const again = await combineToPdf([part('prev.pdf', first.bytes), part('b.jpg', JPEG_4x3)]);
    expect(again.pages).toBe(3);
    expect((await PDFDocument.load(again.bytes)).getPageCount()).toBe(3);
  });

  it('refuses a damaged PDF and a damaged image, naming the file', async () => {
    const broken = new TextEncoder().encode('%PDF-1.7\nthis is not a pdf body at all');
    await expect(combineToPdf([{ name: 'broken.pdf', kind: 'pdf', bytes: broken }])).rejects.toMatchObject({ msg: { key: 'intake.scan.err.badPdf', params: { name: 'broken.pdf' } } });
    const badJpeg = new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x01, 0x02]);
    await expect(combineToPdf([{ name: 'bad.jpg', kind: 'jpeg', bytes: badJpeg }])).rejects.toMatchObject({ msg: { key: 'intake.scan.err.badImage', params: { name: 'bad.jpg' } } });
  });

  it('refuses an encrypted PDF (its pages cannot be copied) and says so', async () => {
    const text =
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n4 0 obj<</Filter/Standard/V 1/R 2/O(x)/U(y)/P -4>>endobj\n' +
      'trailer<</Root 1 0 R/Encrypt 4 0 R>>\n%%EOF';
    await expect(combineToPdf([{ name: 'locked.pdf', kind: 'pdf', bytes: new TextEncoder().encode(text) }])).rejects.toMatchObject({
      msg: { key: 'intake.scan.err.encrypted', params: { name: 'locked.pdf' } },
    });
  });

  it('refuses a result over the per-material limits', async () => {
    const parts = [part('a.pdf', await pdfWithPages(3))];
    await expect(combineToPdf(parts, { maxPages: 2 })).rejects.toBeInstanceOf(ScanError);
    await expect(combineToPdf(parts, { maxPages: 2 })).rejects.toMatchObject({ msg: { key: 'intake.scan.err.tooManyPages' } });
    await expect(combineToPdf(parts, { maxBytes: 100 })).rejects.toMatchObject({ msg: { key: 'intake.scan.err.materialTooLarge' } });
    await expect(combineToPdf([])).rejects.toMatchObject({ msg: { key: 'intake.scan.err.nothing' } });
  });

  it('names the combined file after the material, without path characters', () => {
    expect(scanFileName('经营（办公）场所使用证明/租赁合同')).toBe('经营（办公）场所使用证明 租赁合同.pdf');
    expect(scanFileName('  ')).toBe('scan.pdf');
  });
});

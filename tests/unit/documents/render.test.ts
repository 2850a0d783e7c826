// Each window document rendered to PDF and read back with the tools a reader or an auditor
// would use: qpdf --check, pdftotext, pdffonts, pdfinfo, pdftoppm.
import { beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, PDFName } from 'pdf-lib';
import {
  CLERK_SIGNATURE_AREA,
  DOCUMENT_TITLES,
  DOCUMENT_TYPES,
  MARGINS,
  PAGE_SIZE,
  QR_AREA,
  SEAL_AREA,
  renderDocument,
  renderDocumentWithLayout,
  type DocumentInput,
  type DocumentType,
  type RenderedDocument,
} from '../../../src-node/documents';
import { sampleCase, sampleDocumentInput, sampleMaterials } from '../../../src-node/documents/sample';
import { placementProblems, qrMismatches } from '../support/pdf-checks';
import { pdffonts, pdfinfo, pdftotext, qpdfCheck, squash, words, writePdf } from './pdf-tools';

const NOW = new Date('2026-11-26T10:00:00+08:00');
const rendered = new Map<DocumentType, { input: DocumentInput; doc: RenderedDocument; file: string }>();

beforeAll(async () => {
  for (const type of DOCUMENT_TYPES) {
    const input = sampleDocumentInput(type);
    const doc = await renderDocumentWithLayout(input, { now: NOW });
    rendered.set(type, { input, doc, file: writePdf(doc.bytes, type) });
  }
}, 120_000);

const get = (t: DocumentType) => rendered.get(t)!;

describe.each(DOCUMENT_TYPES)('%s', (type) => {
  it('passes qpdf --check', () => {
    const r = qpdfCheck(get(type).file);
    expect(r.output).toContain('No syntax or stream encoding errors found');
    expect(r.status).toBe(0);
  });

  it('gives back its Chinese text exactly, including the Extension B name', () => {
    const { input, file } = get(type);
    const text = squash(pdftotext(file));
    const expected = [
      DOCUMENT_TITLES[type],
      input.documentNumber,
      input.case.item.name,
      input.case.caseNumber,
      input.window.centerName,
      input.window.name,
      input.clerk.name,
      input.verification.code,
      '二〇二六年十一月二十六日',
    ];
    // the applicant: 王𠈌 (U+738B U+2020C)
    expect(input.case.applicant.name).toBe('王\u{2020C}');
    expected.push(input.case.applicant.name);
    if (input.type === 'refusal')
      expected.push(input.reason, `六十日内向${input.window.regionName}人民政府申请行政复议`, '六个月内依法向人民法院提起行政诉讼', '第三十二条');
    if (input.type === 'supplement') for (const d of input.deficiencies) expected.push(d.text);
    if (input.type === 'commitment') expected.push(...input.missingMaterials.map((m) => m.name), '2026年12月3日前补齐');
    if (input.type === 'acceptance') expected.push('10个工作日', '2026年12月10日前办结');
    if (input.type === 'completion' && input.result) expected.push(input.result);
    for (const s of expected) expect(text, s).toContain(squash(s));
  });

  it('masks the identity number and the phone number', () => {
    const { input, file } = get(type);
    const text = pdftotext(file);
    const a = input.case.applicant;
    if (a.kind !== 'person') throw new Error('sample is a person');
    expect(text).not.toContain(a.documentNumber);
    expect(text).toContain(`${a.documentNumber.slice(0, 4)}${'*'.repeat(10)}${a.documentNumber.slice(-4)}`);
    expect(text).not.toContain(a.phone!);
  });

  it('embeds every font as a subset with a ToUnicode map', () => {
    const fonts = pdffonts(get(type).file);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(
      ['YichuangExtB-Regular', 'YichuangSerifSC-Bold', 'YichuangSerifSC-Regular'].sort(),
    );
    for (const f of fonts) {
      expect(f, f.name).toMatchObject({ type: 'CID TrueType', emb: true, sub: true, uni: true });
      expect(f.name).toMatch(/^[A-Z]{6}\+/);
    }
  });

  it('is one A4 page under 300 KB with its metadata', async () => {
    const { doc, file, input } = get(type);
    expect(doc.pageCount).toBe(1);
    expect(doc.bytes.length).toBeLessThan(300 * 1024);
    const info = pdfinfo(file);
    expect(info['Pages']).toBe('1');
    expect(info['Page size']).toMatch(/^595\.28 x 841\.89 pts \(A4\)/);
    expect(info['Title']).toContain(DOCUMENT_TITLES[type]);
    expect(info['Author']).toContain(input.window.centerName);
    expect(info['Subject']).toContain(input.case.item.name);
    expect(info['Producer']).toBe('Yichuang');
    expect(info['CreationDate']).toMatch(/^2026-11-26T02:00:00/);
    const pdf = await PDFDocument.load(doc.bytes, { updateMetadata: false });
    expect(pdf.catalog.get(PDFName.of('Lang'))?.toString()).toBe('(zh-CN)');
  });

  it('keeps text inside the margins, never overlapping, and clear of the seal, signature and QR areas', () => {
    const { file, input } = get(type);
    const { count, problems } = placementProblems(file, [
      { name: 'the seal', rect: SEAL_AREA, except: [input.window.centerName, '二〇二六年十一月二十六日'] },
      { name: "the clerk's signature area", rect: CLERK_SIGNATURE_AREA },
      { name: 'the QR code', rect: QR_AREA },
    ]);
    expect(count).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });
});

describe('the QR code', () => {
  it('is drawn where QR_AREA says, module for module the verification URL', () => {
    const { input, file, doc } = get('acceptance');
    expect(doc.qrArea).toEqual({ pageIndex: 0, rect: QR_AREA });
    expect(qrMismatches(file, input.verification.url!)).toBe(0);
  });
});

describe('layout for the signing step', () => {
  it('reserves the seal and clerk signature areas on the last page, and the applicant line on a commitment', () => {
    const acc = get('acceptance').doc;
    expect(acc.sealArea).toEqual({ pageIndex: 0, rect: SEAL_AREA });
    expect(acc.clerkSignatureArea).toEqual({ pageIndex: 0, rect: CLERK_SIGNATURE_AREA });
    expect(acc.applicantSignatureAreas).toEqual([]);
    // 42 mm seal at the bottom right, inside the page and the right margin
    expect(SEAL_AREA.width).toBeCloseTo((42 * 72) / 25.4, 1);
    expect(SEAL_AREA.x + SEAL_AREA.width).toBeLessThanOrEqual(PAGE_SIZE.width - MARGINS.right);
    expect(SEAL_AREA.x).toBeGreaterThan(PAGE_SIZE.width / 2);
    expect(SEAL_AREA.y).toBeLessThan(PAGE_SIZE.height / 3);
    const com = get('commitment').doc;
    expect(com.applicantSignatureAreas).toHaveLength(1);
    expect(com.applicantSignatureAreas[0]!.rect.y).toBeGreaterThan(SEAL_AREA.y + SEAL_AREA.height);
  });

  it('renders the same bytes for the same input and time (documents can be regenerated)', async () => {
    const { input, doc } = get('refusal');
    const again = await renderDocument(input, { now: NOW });
    expect(Buffer.from(again).equals(Buffer.from(doc.bytes))).toBe(true);
  });
});

describe('several documents at once', () => {
  it('come out the same as rendered one at a time (the parsed fonts are shared safely)', async () => {
    const again = await Promise.all(DOCUMENT_TYPES.map((t) => renderDocument(get(t).input, { now: NOW })));
    DOCUMENT_TYPES.forEach((t, i) => expect(Buffer.from(again[i]!).equals(Buffer.from(get(t).doc.bytes)), t).toBe(true));
  }, 60_000);
});

describe('long materials lists', () => {
  it('continue on more pages without losing a line, the closing block on the last page only', async () => {
    const materials = sampleMaterials(60);
    const input = sampleDocumentInput('acceptance', sampleCase({ materials, kind: 'organisation', agent: true }));
    const doc = await renderDocumentWithLayout(input, { now: NOW });
    const file = writePdf(doc.bytes, 'long');
    expect(doc.pageCount).toBeGreaterThan(2);
    expect(pdfinfo(file)['Pages']).toBe(String(doc.pageCount));
    expect(qpdfCheck(file).status).toBe(0);
    const text = squash(pdftotext(file));
    for (const m of materials) {
      const occurrences = text.split(squash(m.name)).length - 1;
      expect(occurrences, m.name).toBe(1);
    }
    const pages = Array.from({ length: doc.pageCount }, (_, i) => squash(pdftotext(file, '-f', String(i + 1), '-l', String(i + 1))));
    expect(pages.at(-1)).toContain(squash(input.window.centerName + '二〇二六年十一月二十六日'));
    for (const p of pages.slice(0, -1)) expect(p).not.toContain('二〇二六年十一月二十六日');
    // the last page carries table rows, not the closing block alone
    expect(pages.at(-1)).toContain(squash(materials.at(-1)!.name));
    // each continuation page repeats the table header
    for (const p of pages.slice(1)) for (const h of ['序号', '材料名称', '原件', '复印件', '备注']) expect(p).toContain(h);
    expect(doc.sealArea.pageIndex).toBe(doc.pageCount - 1);
  }, 60_000);

  it('wraps a long deficiency onto several lines inside the margins, all of it extractable', async () => {
    const long = '申请书第三页“经营项目”栏填写的内容与营业执照记载的经营范围不一致，且未注明是否含网络经营；请按营业执照核准的经营范围重新填写，涉及热食类食品制售的，应同时提交加工操作流程说明及主要设备清单（含型号、数量）。';
    const base = sampleDocumentInput('supplement');
    if (base.type !== 'supplement') throw new Error('type');
    const input = { ...base, deficiencies: [...base.deficiencies, { text: long }] };
    const doc = await renderDocumentWithLayout(input, { now: NOW });
    const file = writePdf(doc.bytes, 'wrap');
    expect(squash(pdftotext(file))).toContain(squash(long));
    const { words: ws } = words(file);
    const lines = ws.filter((w) => long.includes(w.text) && w.text.length > 3);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const w of ws) expect(w.xMax).toBeLessThanOrEqual(PAGE_SIZE.width - MARGINS.right + 0.5);
    // no line starts with closing punctuation
    for (const w of lines) expect('，。、；：）”》'.includes(w.text[0]!), w.text).toBe(false);
  }, 30_000);
});

describe('an organisation applicant', () => {
  it('prints the unified social credit code and masks the legal representative’s ID', async () => {
    const c = sampleCase({ kind: 'organisation' });
    const doc = await renderDocument(sampleDocumentInput('acceptance', c), { now: NOW });
    const text = squash(pdftotext(writePdf(doc, 'org')));
    if (c.applicant.kind !== 'organisation') throw new Error('kind');
    expect(text).toContain(squash(c.applicant.name));
    expect(text).toContain(c.applicant.creditCode);
    expect(text).toContain(squash(c.applicant.legalRepresentative.name));
    expect(text).not.toContain(c.applicant.legalRepresentative.documentNumber);
    expect(text).toContain('你单位于');
  }, 30_000);
});

describe('a document without rare characters', () => {
  it('does not embed the Extension B font', async () => {
    const c = sampleCase({ applicantName: '张三' });
    const input = sampleDocumentInput('refusal', c);
    const doc = await renderDocumentWithLayout(input, { now: NOW });
    expect(doc.fonts.map((f) => f.slice(7)).sort()).toEqual(['YichuangSerifSC-Bold', 'YichuangSerifSC-Regular']);
    expect(squash(pdftotext(writePdf(doc.bytes, 'plain')))).toContain('张三：');
  }, 30_000);
});

describe('an acceptance whose deadline runs into a year without a published calendar', () => {
  it('promises the working days and says the date will follow, instead of guessing one', async () => {
    const input = sampleDocumentInput('acceptance', sampleCase({ dueDate: undefined }));
    const { dueDate: _d, ...c } = input.case;
    const file = writePdf(await renderDocument({ ...input, case: c }));
    const text = squash(pdftotext(file));
    expect(text).toContain(squash(`承诺办结时限为${c.item.promisedDays}个工作日`));
    expect(text).toContain(squash('具体办结日期待安排公布后另行告知'));
  });
});

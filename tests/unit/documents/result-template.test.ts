// The province's result documents (licence, approval, refusal) rendered to PDF and read back
// with the tools a reader would use: qpdf --check, pdftotext, pdfinfo, pdftoppm.
import { beforeAll, describe, expect, it } from 'vitest';
import { DocumentInputError, QR_AREA, SEAL_AREA } from '../../../src-node/documents';
import { RESULT_KIND_LABELS, renderResultDocument, type RenderedResult, type ResultDocumentInput } from '../../../src-node/documents/result-template';
import type { ResultKind } from '../../../src-shared/protocol/workflow';
import { placementProblems, qrMismatches } from '../support/pdf-checks';
import { pdfinfo, pdftotext, qpdfCheck, squash, writePdf } from './pdf-tools';

const NOW = new Date('2026-11-26T10:00:00+08:00');
const CODE = '7K3M-9QXR-2HTB-5WZD';
const URL_ = `https://zwfw.example.gov.cn/verify/${CODE}`;
const KINDS: ResultKind[] = ['licence', 'approval', 'refusal'];

function input(kind: ResultKind, over: Partial<ResultDocumentInput> = {}): ResultDocumentInput {
  return {
    kind,
    title: kind === 'licence' ? '食品经营许可证' : RESULT_KIND_LABELS[kind],
    issuer: '石家庄市长安区市场监督管理局',
    caseNumber: '130102202509300A0001000042X',
    applicantName: '王𠈌',
    itemName: '食品经营许可（新办）',
    body:
      kind === 'refusal'
        ? '经审查，你提交的经营场所证明与实际经营场所不符，不符合《食品经营许可和备案管理办法》第十二条规定的条件。\n根据《中华人民共和国行政许可法》第三十八条第二款的规定，决定不予行政许可。'
        : '经营项目：预包装食品销售（含冷藏冷冻食品）。\n经营场所：石家庄市长安区中山东路1号。',
    ...(kind === 'refusal' ? {} : { validUntil: '2031-11-25' }),
    issuedOn: '2026-11-26',
    verification: { code: CODE, url: URL_ },
    ...over,
  };
}

const rendered = new Map<ResultKind, { doc: RenderedResult; file: string }>();

beforeAll(async () => {
  for (const kind of KINDS) {
    const doc = await renderResultDocument(input(kind), { now: NOW });
    rendered.set(kind, { doc, file: writePdf(doc.bytes, `result-${kind}`) });
  }
}, 60_000);

describe.each(KINDS)('%s', (kind) => {
  it('passes qpdf --check and carries its metadata', () => {
    const { file } = rendered.get(kind)!;
    const r = qpdfCheck(file);
    expect(r.output).toContain('No syntax or stream encoding errors found');
    const info = pdfinfo(file);
    expect(info['Pages']).toBe('1');
    expect(info['Title']).toContain(input(kind).title);
    expect(info['Author']).toBe('石家庄市长安区市场监督管理局');
    expect(info['Keywords']).toContain(CODE);
  });

  it('gives back its Chinese text: title, issuer, applicant (Extension B), item, code, the date in Chinese numerals', () => {
    const text = squash(pdftotext(rendered.get(kind)!.file));
    for (const s of [input(kind).title, '石家庄市长安区市场监督管理局', '王\u{2020C}', '食品经营许可（新办）', CODE, '130102202509300A0001000042X', '二〇二六年十一月二十六日'])
      expect(text, s).toContain(s);
    if (kind === 'refusal') {
      expect(text).toContain('不予行政许可');
      expect(text).toContain('申请行政复议');
      expect(text).toContain('提起行政诉讼');
      expect(text).not.toContain('有效期');
    } else {
      expect(text).toContain('2031年11月25日');
    }
  });

  it('keeps text inside the margins, apart, and off the seal (except the issuer and date under it) and the QR code', () => {
    const { problems } = placementProblems(rendered.get(kind)!.file, [
      { name: 'the seal', rect: SEAL_AREA, except: ['石家庄市长安区市场监督管理局', '二〇二六年十一月二十六日'] },
      { name: 'the QR code', rect: QR_AREA },
    ]);
    expect(problems).toEqual([]);
  });
});

it('draws the QR code of the verification URL in QR_AREA, module for module', () => {
  const { doc, file } = rendered.get('licence')!;
  expect(doc.qrArea).toEqual({ pageIndex: 0, rect: QR_AREA });
  expect(doc.sealArea).toEqual({ pageIndex: 0, rect: SEAL_AREA });
  expect(qrMismatches(file, URL_)).toBe(0);
});

it('gives identical bytes for the same input and time, different ones for another code', async () => {
  const again = await renderResultDocument(input('approval'), { now: NOW });
  expect(Buffer.compare(Buffer.from(again.bytes), Buffer.from(rendered.get('approval')!.doc.bytes))).toBe(0);
  const other = await renderResultDocument(input('approval', { verification: { code: 'AAAA-BBBB-CCCC-DDDD', url: URL_ } }), { now: NOW });
  expect(Buffer.compare(Buffer.from(other.bytes), Buffer.from(again.bytes))).not.toBe(0);
});

it('flows a long decision onto a second page and keeps the seal area on the last one', async () => {
  const body = Array.from({ length: 30 }, (_, i) => `第${i + 1}项审查意见：申请材料中载明的经营场所、设施设备与现场核查情况一致，符合相关规定。`).join('\n');
  const doc = await renderResultDocument(input('approval', { body }), { now: NOW });
  const n = doc.pageCount;
  expect(n).toBeGreaterThan(1);
  expect(doc.sealArea.pageIndex).toBe(n - 1);
  const file = writePdf(doc.bytes, 'result-long');
  expect(squash(pdftotext(file))).toContain('第30项审查意见');
  // The last page holds the case table with the closing block, never the seal alone.
  const last = squash(pdftotext(file, '-f', String(n), '-l', String(n)));
  expect(last).toContain('办件信息');
  expect(last).toContain('二〇二六年十一月二十六日');
  expect(last).toContain(`第${n}页／共${n}页`);
});

describe('bad input is refused naming the field', () => {
  const cases: [string, Partial<ResultDocumentInput> & { kind?: ResultKind }, string][] = [
    ['a refusal with a validity period', { kind: 'refusal', validUntil: '2031-01-01' }, 'validUntil'],
    ['validity ending before the date of issue', { validUntil: '2026-11-25' }, 'validUntil'],
    ['a malformed verification code', { verification: { code: 'ABC', url: URL_ } }, 'verification.code'],
    ['a verification URL that is not http(s)', { verification: { code: CODE, url: 'javascript:alert(1)' } }, 'verification.url'],
    ['an empty body', { body: ' ' }, 'body'],
    ['a character no bundled font has', { applicantName: '王\u{E000}' }, 'applicantName'],
  ];
  it.each(cases)('%s', async (_, over, field) => {
    const err = await renderResultDocument(input(over.kind ?? 'approval', over)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentInputError);
    expect((err as DocumentInputError).field).toBe(field);
    expect((err as DocumentInputError).message).toMatch(/[\u4e00-\u9fff]/);
  });
});

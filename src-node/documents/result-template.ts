/**
 * Result documents the province issues after review (issue 6): a licence (许可证), a decision
 * to approve (准予行政许可决定书) or to refuse (不予行政许可决定书), as an unsigned A4 PDF with
 * embedded CJK subsets and extractable text. Same page grammar as the window's documents
 * (layout.ts): issuing authority and title centred, the case number on the right, the
 * body, the issuer and date under SEAL_AREA (where the province seal goes), the QR code of
 * the public verification page in QR_AREA with the verification code printed under it.
 *
 * The province signs and seals the bytes afterwards (src-center/results), as an
 * incremental update: nothing here knows about keys.
 */
import { z } from 'zod';
import { IsoDate } from '../../src-shared/domain/dates';
import { ResultKind, VerificationCode } from '../../src-shared/protocol/workflow';
import { createPdf, layOut, loadFaces, onLastPage, savePdf, type PageArea, type RenderOptions } from './document-pdf';
import { DocumentInputError, fieldOf } from './input';
import {
  MARGINS,
  PAGE_SIZE,
  QR_AREA,
  SEAL_AREA,
  closingHeight,
  drawCentredLines,
  drawClosing,
  drawFootnote,
  drawFooters,
  drawRightAligned,
  type Block,
  type Flow,
  type ClosingBlock,
  type TableCell,
} from './layout';
import { chineseDate, chineseNumeralDate } from './text';

/** The kind of each result, as the console and the verification page name it. */
export const RESULT_KIND_LABELS: Record<ResultKind, string> = {
  licence: '许可证',
  approval: '准予行政许可决定书',
  refusal: '不予行政许可决定书',
};

const Text = (zh: string, en: string, min: number, max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `${zh}不能为空 (${en} is required)` : `${zh}必须是文字 (${en} must be text)`) })
    .trim()
    .min(min, `${zh}至少${min}个字 (${en}: at least ${min} characters)`)
    .max(max, `${zh}不得超过${max}字 (${en}: at most ${max} characters)`);

export const ResultDocumentInput = z
  .object({
    kind: ResultKind,
    /** 食品经营许可证, 准予行政许可决定书 … (printed large; wraps when long). */
    title: Text('文书标题', 'title', 2, 40),
    /** The issuing authority (the reviewing department), printed above the title and under the seal. */
    issuer: Text('发证（决定）机关', 'issuer', 2, 100),
    caseNumber: Text('办件编号', 'caseNumber', 1, 50),
    applicantName: Text('申请人名称', 'applicantName', 1, 200),
    itemName: Text('事项名称', 'itemName', 1, 200),
    /** The decision or the licensed scope; paragraphs separated by line breaks. */
    body: Text('正文', 'body', 2, 4000),
    /** Last day of validity (licences and approvals); absent = no fixed term. */
    validUntil: IsoDate.optional(),
    /** Date of issue (成文日期), China calendar date. */
    issuedOn: IsoDate,
    verification: z.object({
      code: VerificationCode,
      /** The public verification page the QR code carries. */
      url: z.string().max(500).regex(/^https?:\/\/\S+$/, '核验地址必须是 http(s):// 开头的网址 (verification.url must be http(s))'),
    }),
    /** Whose electronic seal signs the document (printed in the closing lines). */
    sealHolder: Text('签章单位', 'sealHolder', 2, 100).optional(),
  })
  .superRefine((d, ctx) => {
    if (d.validUntil && d.validUntil < d.issuedOn)
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: `有效期截止日 ${d.validUntil} 早于发证日期 ${d.issuedOn} (validUntil is before issuedOn)` });
    if (d.kind === 'refusal' && d.validUntil)
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: '不予许可决定没有有效期 (a refusal has no validity period)' });
  });
export type ResultDocumentInput = z.input<typeof ResultDocumentInput>;
type Parsed = z.output<typeof ResultDocumentInput>;

export interface RenderedResult {
  bytes: Uint8Array;
  kind: ResultKind;
  pageCount: number;
  /** Where the province seal goes (last page, SEAL_AREA). */
  sealArea: PageArea;
  qrArea: PageArea;
  fonts: string[];
}

/** Parses the input; throws DocumentInputError naming the first bad field. */
export function parseResultDocumentInput(input: unknown): Parsed {
  const r = ResultDocumentInput.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = fieldOf(issue.path) || 'kind';
    throw new DocumentInputError(field, 'schema', `${field}: ${issue.message}`);
  }
  return r.data;
}

const p = (text: string, extra: Partial<Extract<Block, { kind: 'paragraph' }>> = {}): Block => ({ kind: 'paragraph', text, indent: 2, ...extra });
const heading = (text: string): Block => ({ kind: 'paragraph', text, style: 'title', align: 'left', spaceBefore: 4, leading: 22 });
const label = (text: string): TableCell => ({ text, style: 'title', align: 'center', shade: true });
const value = (text: string, span = 1): TableCell => ({ text: text || '—', span });

const paragraphs = (body: string) =>
  body
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);

interface ResultModel {
  body: Block[];
  footnote: string;
  closing: ClosingBlock;
}

function validity(d: Parsed): string {
  return d.validUntil ? `自${chineseDate(d.issuedOn)}至${chineseDate(d.validUntil)}` : '长期';
}

function buildResultModel(d: Parsed): ResultModel {
  const verifyHint = `可扫描左下方二维码或访问 ${d.verification.url} 核验本文书的真伪与状态。`;
  const body: Block[] = [];
  if (d.kind === 'licence') {
    body.push(
      {
        kind: 'table',
        columns: [0.2, 0.8],
        rows: [
          [label('持证主体'), value(d.applicantName)],
          [label('许可事项'), value(d.itemName)],
          [label('有效期限'), value(validity(d))],
          [label('发证机关'), value(d.issuer)],
          [label('发证日期'), value(chineseDate(d.issuedOn))],
          [label('办件编号'), value(d.caseNumber)],
          [label('核验码'), value(d.verification.code)],
        ],
        size: 12,
        leading: 20,
        spaceBefore: 6,
        spaceAfter: 6,
      },
      heading('许可内容'),
      ...paragraphs(d.body).map((text) => p(text)),
      p(`本证为电子证照，经电子印章签章，与纸质证照具有同等法律效力。${verifyHint}`),
    );
  } else {
    body.push({ kind: 'paragraph', text: `${d.applicantName}：`, align: 'left' });
    for (const text of paragraphs(d.body)) body.push(p(text));
    if (d.kind === 'approval' && d.validUntil) body.push(p(`本许可有效期至${chineseDate(d.validUntil)}。`));
    if (d.kind === 'refusal')
      body.push(
        p('如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。'),
      );
    body.push(p(verifyHint), heading('办件信息'), {
      kind: 'table',
      columns: [0.17, 0.43, 0.17, 0.23],
      rows: [
        [label('事项名称'), value(d.itemName, 3)],
        [label('申请人'), value(d.applicantName, 3)],
        [label('办件编号'), value(d.caseNumber), label('决定日期'), value(chineseDate(d.issuedOn))],
        [label('核验码'), value(d.verification.code, 3)],
      ],
      spaceAfter: 4,
    });
  }
  const noun = d.kind === 'licence' ? '本证' : '本决定书';
  return {
    body,
    footnote: `注：${noun}由${d.sealHolder ?? '省级政务服务电子印章'}签章并加盖可信时间戳；打印件可凭核验码核验。`,
    closing: {
      issuer: d.issuer,
      date: chineseNumeralDate(d.issuedOn),
      // Nothing left of the seal: the issuer's name under it is wider than the seal.
      lines: [],
      qrText: d.verification.url,
      qrCaption: `核验码 ${d.verification.code}`,
    },
  };
}

/** Every input text the document prints, with its field (checked against the fonts first). */
function printedFields(d: Parsed): [string, string][] {
  return [
    ['title', d.title],
    ['issuer', d.issuer],
    ['caseNumber', d.caseNumber],
    ['applicantName', d.applicantName],
    ['itemName', d.itemName],
    ['body', d.body],
    ['verification.url', d.verification.url],
    ...(d.sealHolder ? [['sealHolder', d.sealHolder] as [string, string]] : []),
  ];
}

/** Issuer (16 pt) and the title (22 pt, wrapped when long) centred, the case number on the right. */
function drawHeader(flow: Flow, d: Parsed): void {
  let y = drawCentredLines(flow, d.issuer, 16, 22, 6, flow.y);
  y = drawCentredLines(flow, d.title, 22, 30, 8, y - 8);
  y -= 24;
  drawRightAligned(flow, `办件编号：${d.caseNumber}`, 12, y + 8);
  flow.y = y - 8;
}

/**
 * Renders a result document. Throws DocumentInputError on bad input (field and rule named).
 * Given the same input and `now`, the bytes are identical.
 */
export async function renderResultDocument(raw: unknown, options: RenderOptions = {}): Promise<RenderedResult> {
  const d = parseResultDocumentInput(raw);
  const faces = await loadFaces(options.fontsDir, printedFields(d));
  const model = buildResultModel(d);
  const { doc, flow, fonts } = await createPdf(faces, ['result', d]);
  layOut(() => {
    flow.newPage();
    drawHeader(flow, d);
    // The last block travels with the closing block, so that page never holds the seal alone.
    const closingFloor = MARGINS.bottom + closingHeight(flow.ts, model.closing);
    const room = PAGE_SIZE.height - MARGINS.top - closingFloor;
    model.body.forEach((b, i) => {
      const lastIndex = model.body.length - 1;
      // A heading stays with the final table, and both with the closing block, when they fit on a page.
      if (i === lastIndex - 1 && b.kind === 'paragraph' && b.style === 'title') {
        const h = flow.measure(b) + flow.measure(model.body[lastIndex]!);
        if (h <= room) flow.ensure(h, closingFloor);
      }
      if (i < lastIndex) return flow.add(b);
      if (b.kind === 'table') return flow.table(b, { rows: b.rows.length, floor: closingFloor, extra: 0 });
      const h = flow.measure(b);
      if (h <= room) flow.ensure(h, closingFloor);
      flow.add(b);
    });
    flow.ensure(0, closingFloor);
    drawClosing(flow, model.closing);
    drawFootnote(flow, model.footnote);
    drawFooters(flow, `${d.title}\u3000${d.caseNumber}`);
  });

  const meta = {
    title: `${d.title} ${d.caseNumber}`,
    author: d.issuer,
    subject: `${d.itemName}（办件编号 ${d.caseNumber}）`,
    keywords: [`result-${d.kind}`, d.caseNumber, d.verification.code],
  };
  const bytes = await savePdf(doc, meta, options.now ?? new Date());
  return {
    bytes,
    kind: d.kind,
    pageCount: flow.pages.length,
    sealArea: onLastPage(flow, SEAL_AREA),
    qrArea: onLastPage(flow, QR_AREA),
    fonts,
  };
}

/**
 * The wording and structure of each document, in the style of Chinese administrative
 * notices: issuer and title centred, document number, addressee, body paragraphs with a
 * two-character indent, the case and materials as tables, the issuer and the date under the
 * seal. Produces blocks for layout.ts; draws nothing itself.
 */
import type { Case, MaterialState } from '../../src-shared/domain/case';
import { DOCUMENT_TYPES as ID_DOCUMENT_TYPES } from '../../src-shared/domain/identifiers/document-types';
import { isProxyRegion } from '../../src-shared/protocol/proxy';
import { DOCUMENT_TITLES, type DocumentInput, type DocumentInputOf } from './input';
import type { Block, ClosingBlock, TableBlock, TableCell, TitleBlock } from './layout';
import { chinaDateOf, chineseDate, chineseNumeralDate, maskDocumentNumber, maskPhone } from './text';

export interface DocumentModel {
  title: TitleBlock;
  body: Block[];
  /** Printed on the last page together with the closing block (never left alone above it). */
  tail: Block[];
  /** A note under the closing block (「注：本通知书一式两份…」). */
  footnote?: string;
  closing: ClosingBlock;
  footer: string;
  meta: { title: string; subject: string; author: string; keywords: string[] };
}

const LAW = '《中华人民共和国行政许可法》';
const DEFAULT_BASIS = {
  acceptance: `根据${LAW}第三十二条第一款第（五）项的规定`,
  refusal: `根据${LAW}第三十二条第一款的规定`,
  supplement: `根据${LAW}第三十二条第一款第（四）项的规定`,
} as const;

const p = (text: string, extra: Partial<Extract<Block, { kind: 'paragraph' }>> = {}): Block => ({
  kind: 'paragraph',
  text,
  indent: 2,
  ...extra,
});
const heading = (text: string): Block => ({ kind: 'paragraph', text, style: 'title', align: 'left', spaceBefore: 4, leading: 22 });
const addressee = (name: string): Block => ({ kind: 'paragraph', text: `${name}：`, align: 'left' });

const label = (text: string): TableCell => ({ text, style: 'title', align: 'center', shade: true });
const value = (text: string, span = 1): TableCell => ({ text: text || '—', span });

/** 「你（单位）」 for an organisation or when unsure; 「你」 for a person. */
const you = (c: Case) => (c.applicant.kind === 'person' ? '你' : '你单位');

/** Rule 13: the item belongs to another region's authority, and this window accepted it on its behalf. */
export function isProxyCase(c: Pick<Case, 'windowRegionCode' | 'item'>): boolean {
  return isProxyRegion(c.windowRegionCode, c.item.regionCode);
}

/** 「由…代为受理，桥西区负责办理」: printed on the documents that take a proxy case in, nowhere else. */
export function proxyLine(d: Pick<DocumentInput, 'case' | 'window'>): string | null {
  return isProxyCase(d.case) ? `由${d.window.centerName}${d.window.name}代为受理，${d.case.item.regionName}负责办理` : null;
}

function caseTable(c: Case, proxy: string | null = null): TableBlock {
  const a = c.applicant;
  const rows: TableCell[][] = [
    [label('事项名称'), value(c.item.name, 3)],
    [label('办件编号'), value(c.caseNumber), label('收件日期'), value(chineseDate(chinaDateOf(c.receivedAt)))],
    [label('实施机关'), value(c.item.department.name, 3)],
  ];
  if (proxy) rows.push([label('代办'), value(proxy, 3)]);
  if (a.kind === 'person') {
    rows.push(
      [label('申请人'), value(a.name), label('证件类型'), value(ID_DOCUMENT_TYPES[a.documentType])],
      [label('证件号码'), value(maskDocumentNumber(a.documentNumber)), label('联系电话'), value(a.phone ? maskPhone(a.phone) : '')],
    );
  } else {
    rows.push(
      [label('申请单位'), value(a.name, 3)],
      [label('统一社会信用代码'), value(a.creditCode), label('法定代表人'), value(a.legalRepresentative.name)],
      [label('证件号码'), value(maskDocumentNumber(a.legalRepresentative.documentNumber)), label('联系电话'), value(a.phone ? maskPhone(a.phone) : '')],
    );
  }
  if (c.agent)
    rows.push([label('代理人'), value(c.agent.name), label('证件号码'), value(maskDocumentNumber(c.agent.documentNumber))]);
  return { kind: 'table', columns: [0.17, 0.38, 0.17, 0.28], rows, spaceAfter: 4 };
}

/**
 * Rule 10: whether the material's electronic licence stands for the paper — grade A or B
 * always, grade C only once the clerk has checked the original, grade D never.
 */
export function licenceReplacesPaper(m: Pick<MaterialState, 'licence' | 'originalSeen'>): boolean {
  const l = m.licence;
  if (!l) return false;
  if (l.trustGrade === 'A' || l.trustGrade === 'B') return true;
  return l.trustGrade === 'C' && (l.originalChecked === true || m.originalSeen);
}

/** Something of the material was handed in: paper, a scan, or a licence that counts (rule 10). */
function received(m: MaterialState): boolean {
  return m.originalSeen || m.copiesReceived > 0 || m.scans.length > 0 || licenceReplacesPaper(m);
}

function licenceRemark(m: MaterialState): string {
  const l = m.licence;
  if (!l) return '';
  if (l.trustGrade === 'C') return licenceReplacesPaper(m) ? '电子证照（C级，已核对原件）' : '电子证照（C级，原件未核对，不作收取）';
  if (l.trustGrade === 'D') return '电子证照（D级，不能替代纸质材料）';
  return `电子证照（${l.trustGrade}级）`;
}

function materialsTable(c: Case, gap: { ids: Set<string> } = { ids: new Set() }): TableBlock {
  const list = c.materials.filter((m) => received(m) || gap.ids.has(m.materialId));
  const rows: TableCell[][] = list.map((m, i) => {
    const original = m.originalSeen ? '已核验' : m.originalsRequired > 0 ? '未提供' : '—';
    const copies = m.copiesReceived > 0 ? `${m.copiesReceived}份` : m.copiesRequired > 0 ? '未提供' : '—';
    const remarks = [
      gap.ids.has(m.materialId) ? '容缺，限期补齐' : '',
      licenceRemark(m),
      m.scans.length ? '已扫描' : '',
      m.note ?? '',
    ].filter(Boolean);
    return [
      { text: String(i + 1), align: 'center' },
      { text: m.name },
      { text: original, align: 'center' },
      { text: copies, align: 'center' },
      { text: remarks.join('；') },
    ];
  });
  if (rows.length === 0) rows.push([{ text: '（无）', span: 5, align: 'center' }]);
  return {
    kind: 'table',
    columns: [0.08, 0.44, 0.12, 0.12, 0.24],
    header: [label('序号'), label('材料名称'), label('原件'), label('复印件'), label('备注')],
    rows,
    spaceAfter: 4,
  };
}

function promiseSentence(c: Case): string {
  const it = c.item;
  if (it.caseType === '1') return '本事项为即办件，符合条件的当场办结。';
  const due = c.dueDate
    ? `，预计于${chineseDate(c.dueDate)}前办结`
    : '；办结时限跨入尚未公布节假日安排的年度，具体办结日期待安排公布后另行告知';
  return `本事项法定办理时限为${it.statutoryDays}个工作日，承诺办结时限为${it.promisedDays}个工作日，自受理之日的次日起计算（法定节假日不计算在内）${due}。`;
}

function jointSentence(c: Case): string {
  const depts = c.item.reviewDepartments.map((d) => d.name);
  return depts.length > 1 ? `本事项实行联合审批，由${depts.join('、')}同步审查。` : '';
}

const itemRef = (c: Case) => `“${c.item.name}”`;

function base(d: DocumentInput, body: Block[], tail: Block[], footnote: string | undefined, addresseeName?: string): DocumentModel {
  const c = d.case;
  const title = DOCUMENT_TITLES[d.type];
  return {
    title: { issuer: d.window.centerName, title, number: d.documentNumber },
    body: [addressee(addresseeName ?? c.applicant.name), ...body],
    tail,
    ...(footnote ? { footnote } : {}),
    closing: {
      issuer: d.window.centerName,
      date: chineseNumeralDate(d.issuedOn),
      lines: [`受理窗口：${d.window.name}`, `受理人：${d.clerk.name}`],
      qrText: d.verification.url ?? d.verification.code,
      qrCaption: `核验码 ${d.verification.code}`,
    },
    footer: d.documentNumber,
    meta: {
      title: `${title} ${d.documentNumber}`,
      subject: `${c.item.name}（办件编号 ${c.caseNumber}）`,
      author: `${d.window.centerName} ${d.window.name}`,
      keywords: [d.type, c.caseNumber, d.documentNumber, d.verification.code],
    },
  };
}

function acceptance(d: DocumentInputOf<'acceptance'>): DocumentModel {
  const c = d.case;
  const basis = d.legalBasis ?? DEFAULT_BASIS.acceptance;
  const gapDecision = c.decision?.kind === 'accept-with-gap' ? c.decision : undefined;
  const body: Block[] = [];
  if (gapDecision) {
    body.push(
      p(
        `${you(c)}于${chineseDate(chinaDateOf(c.receivedAt))}提交的${itemRef(c)}申请，经审查，申请材料基本齐全、符合法定形式，所缺非关键材料已书面承诺限期补齐。${basis}，决定予以容缺受理。`,
      ),
    );
  } else {
    body.push(
      p(`${you(c)}于${chineseDate(chinaDateOf(c.receivedAt))}提交的${itemRef(c)}申请，经审查，申请材料齐全、符合法定形式。${basis}，决定予以受理。`),
    );
  }
  body.push(p(promiseSentence(c) + jointSentence(c)));
  if (gapDecision) {
    const names = gapDecision.gapMaterialIds.map((id) => c.materials.find((m) => m.materialId === id)?.name ?? id);
    body.push(
      p(`容缺材料：${names.map((n) => `“${n}”`).join('、')}，请于${chineseDate(gapDecision.commitmentDeadline)}前补齐；补齐前本事项不予办结。`),
    );
  }
  body.push(p('可凭办件编号查询办理进度，或扫描左下方二维码核验本通知书。'));
  body.push(heading('办件信息'), caseTable(c, proxyLine(d)), heading('已收取材料清单'));
  body.push(
    materialsTable(c, gapDecision ? { ids: new Set(gapDecision.gapMaterialIds) } : undefined),
  );
  return base(d, body, [], '注：本通知书一式两份，申请人与受理窗口各执一份。');
}

function refusal(d: DocumentInputOf<'refusal'>): DocumentModel {
  const c = d.case;
  const basis = d.legalBasis ?? DEFAULT_BASIS.refusal;
  const reviewer = d.reconsiderationBody ?? `${d.window.regionName}人民政府`;
  const body: Block[] = [
    p(`${you(c)}于${chineseDate(chinaDateOf(c.receivedAt))}提交的${itemRef(c)}申请（办件编号：${c.caseNumber}），经审查，不予受理，理由如下：`),
    p(d.reason),
    p(`${basis}，决定不予受理。${d.materialsReturned ? `${you(c)}提交的申请材料已当场退还。` : ''}`),
    p(
      `如不服本决定，可以自收到本决定书之日起六十日内向${reviewer}申请行政复议，或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。`,
    ),
    heading('办件信息'),
    caseTable(c),
  ];
  return base(d, body, [], '注：本决定书一式两份，申请人与受理窗口各执一份。');
}

function supplement(d: DocumentInputOf<'supplement'>): DocumentModel {
  const c = d.case;
  const basis = d.legalBasis ?? DEFAULT_BASIS.supplement;
  const body: Block[] = [
    p(
      `${you(c)}于${chineseDate(chinaDateOf(c.receivedAt))}提交的${itemRef(c)}申请（办件编号：${c.caseNumber}），经审查，申请材料不齐全或者不符合法定形式。${basis}，现一次性告知需要补正的全部内容如下：`,
    ),
  ];
  d.deficiencies.forEach((def, i) => {
    const m = def.materialId ? c.materials.find((x) => x.materialId === def.materialId) : undefined;
    const text = m && !def.text.includes(m.name) ? `${m.name}：${def.text}` : def.text;
    body.push(p(text, { indent: 0, inset: 24, label: `${i + 1}．` }));
  });
  body.push(
    p(
      `${d.deadline ? `请于${chineseDate(d.deadline)}前一次性补正上述全部内容。` : '请按上述要求一次性补正全部内容。'}补正材料齐全、符合法定形式的，予以受理；补正期间不计入办理时限。`,
    ),
    heading('办件信息'),
    caseTable(c),
    heading('已收取材料清单'),
    materialsTable(c),
  );
  return base(d, body, [], '注：本告知书一式两份，申请人与受理窗口各执一份。');
}

function commitment(d: DocumentInputOf<'commitment'>): DocumentModel {
  const c = d.case;
  const a = c.applicant;
  const self = a.kind === 'person' ? '本人' : '本单位';
  const id =
    a.kind === 'person'
      ? `${ID_DOCUMENT_TYPES[a.documentType]}号码：${maskDocumentNumber(a.documentNumber)}`
      : `统一社会信用代码：${a.creditCode}`;
  const body: Block[] = [
    p(`${self}${a.name}（${id}）申请办理${itemRef(c)}事项（办件编号：${c.caseNumber}），因下列非关键申请材料暂缺，申请容缺受理：`),
  ];
  d.missingMaterials.forEach((m, i) => body.push(p(m.name, { indent: 0, inset: 24, label: `${i + 1}．` })));
  body.push(
    p(
      `${self}郑重承诺：于${chineseDate(d.deadline)}前补齐上述材料，并对所提交全部材料的真实性、合法性负责。所缺材料补齐前，本事项不予办结；逾期未补齐的，同意终止办理本事项，并承担由此产生的相应后果。`,
    ),
  );
  const proxy = proxyLine(d);
  if (proxy) body.push(p(`代办：${proxy}。`));
  body.push(
    heading('已收取材料清单'),
    materialsTable(c, { ids: new Set(d.missingMaterials.flatMap((m) => (m.materialId ? [m.materialId] : []))) }),
  );
  const tail: Block[] = [
    { kind: 'signature-line', label: a.kind === 'person' ? '承诺人（签字）：' : '承诺单位（盖章）：', trailer: '日期：　　　年　　月　　日', spaceBefore: 10 },
  ];
  if (a.kind === 'organisation') tail.push({ kind: 'signature-line', label: '法定代表人（签字）：' });
  return base(d, body, tail, '注：本承诺书一式两份，承诺人与受理窗口各执一份。', d.window.centerName);
}

function completion(d: DocumentInputOf<'completion'>): DocumentModel {
  const c = d.case;
  const doneOn = d.completedOn ?? (c.decision?.kind === 'complete' ? chinaDateOf(c.decision.at) : d.issuedOn);
  const body: Block[] = [
    p(
      `${you(c)}于${chineseDate(chinaDateOf(c.receivedAt))}提交的${itemRef(c)}申请（办件编号：${c.caseNumber}），申请材料齐全、符合法定形式，已于${chineseDate(doneOn)}当场办结。`,
    ),
  ];
  if (d.result) body.push(p(`办理结果：${d.result}`));
  body.push(
    p('可凭办件编号查询办理结果，或扫描左下方二维码核验本通知书。'),
    heading('办件信息'),
    caseTable(c, proxyLine(d)),
    heading('已收取材料清单'),
    materialsTable(c),
  );
  return base(d, body, [], '注：本通知书一式两份，申请人与受理窗口各执一份。');
}

export function buildModel(d: DocumentInput): DocumentModel {
  switch (d.type) {
    case 'acceptance':
      return acceptance(d);
    case 'refusal':
      return refusal(d);
    case 'supplement':
      return supplement(d);
    case 'commitment':
      return commitment(d);
    case 'completion':
      return completion(d);
  }
}

/** Every input text a document prints, with its field path (checked against the fonts first). */
export function printedFields(d: DocumentInput): [field: string, text: string][] {
  const c = d.case;
  const out: [string, string][] = [
    ['documentNumber', d.documentNumber],
    ['window.name', d.window.name],
    ['window.centerName', d.window.centerName],
    ['clerk.name', d.clerk.name],
    ['case.caseNumber', c.caseNumber],
    ['case.item.name', c.item.name],
    ['window.regionName', d.window.regionName],
    ['case.item.department.name', c.item.department.name],
    ['case.applicant.name', c.applicant.name],
  ];
  c.item.reviewDepartments.forEach((x, i) => out.push([`case.item.reviewDepartments[${i}].name`, x.name]));
  const a = c.applicant;
  if (a.kind === 'person') {
    out.push(['case.applicant.documentNumber', a.documentNumber]);
    if (a.phone) out.push(['case.applicant.phone', a.phone]);
  } else {
    out.push(['case.applicant.creditCode', a.creditCode], ['case.applicant.legalRepresentative.name', a.legalRepresentative.name]);
    out.push(['case.applicant.legalRepresentative.documentNumber', a.legalRepresentative.documentNumber]);
    if (a.phone) out.push(['case.applicant.phone', a.phone]);
  }
  if (c.agent) out.push(['case.agent.name', c.agent.name], ['case.agent.documentNumber', c.agent.documentNumber]);
  if (isProxyCase(c)) out.push(['case.item.regionName', c.item.regionName]);
  c.materials.forEach((m, i) => {
    out.push([`case.materials[${i}].name`, m.name]);
    if (m.note) out.push([`case.materials[${i}].note`, m.note]);
  });
  if (d.legalBasis) out.push(['legalBasis', d.legalBasis]);
  switch (d.type) {
    case 'refusal':
      out.push(['reason', d.reason]);
      if (d.reconsiderationBody) out.push(['reconsiderationBody', d.reconsiderationBody]);
      break;
    case 'supplement':
      d.deficiencies.forEach((x, i) => out.push([`deficiencies[${i}].text`, x.text]));
      break;
    case 'commitment':
      d.missingMaterials.forEach((x, i) => out.push([`missingMaterials[${i}].name`, x.name]));
      break;
    case 'completion':
      if (d.result) out.push(['result', d.result]);
      break;
    case 'acceptance':
      break;
  }
  return out;
}

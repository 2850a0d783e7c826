// What the applicant's receipt says about a proxy case (rule 13) and about materials that
// an electronic licence stands for (rule 10): read from the document model the PDF is
// drawn from, and once from the rendered PDF itself.
import { describe, expect, it } from 'vitest';
import type { Case, MaterialState } from '../../../src-shared/domain/case';
import { parseDocumentInput, renderDocument, type DocumentInput } from '../../../src-node/documents';
import { sampleCase, sampleDocumentInput, sampleMaterials } from '../../../src-node/documents/sample';
import { buildModel } from '../../../src-node/documents/templates';
import type { Block, TableBlock } from '../../../src-node/documents/layout';
import { pdftotext, squash, writePdf } from './pdf-tools';

const AT = '2026-11-26T09:40:00+08:00';
const PROXY_LINE = '由石家庄市长安区政务服务中心综合受理1号窗口代为受理，桥西区负责办理';

/** The sample case, its item belonging to 桥西区 (130104) while the window is in 长安区 (130102). */
function proxied(c: Case): Case {
  const dept = { code: 'SPJ130104', name: '石家庄市桥西区行政审批局', regionCode: '130104' };
  return { ...c, item: { ...c.item, implementationCode: '11130104SPJ0001', regionCode: '130104', regionName: '桥西区', department: dept, reviewDepartments: [dept] } };
}

const blockText = (b: Block): string[] =>
  b.kind === 'paragraph' ? [b.text] : b.kind === 'table' ? [...(b.header ?? []), ...b.rows.flat()].map((cell) => cell.text) : [b.label];

function modelText(d: DocumentInput): string {
  const m = buildModel(parseDocumentInput(d));
  return [...m.body, ...m.tail].flatMap(blockText).join('\n');
}

/** The 已收取材料清单 rows as [name, original, copies, remarks]. */
function receivedList(d: DocumentInput): string[][] {
  const body = buildModel(parseDocumentInput(d)).body;
  const at = body.findIndex((b) => b.kind === 'paragraph' && b.text === '已收取材料清单');
  const table = body[at + 1] as TableBlock;
  expect(table.kind).toBe('table');
  return table.rows.filter((r) => r.length === 5).map((r) => [r[1]!.text, r[2]!.text, r[3]!.text, r[4]!.text]);
}

describe('a proxy case (rule 13)', () => {
  it('the acceptance notice says this window accepted it on behalf of the responsible region, in the PDF too', async () => {
    const input = sampleDocumentInput('acceptance', proxied(sampleCase()));
    expect(modelText(input)).toContain(PROXY_LINE);
    const text = squash(pdftotext(writePdf(await renderDocument(input), 'proxy-acceptance')));
    expect(text).toContain(squash(`代办${PROXY_LINE}`));
  }, 60_000);

  it('the commitment of a tolerated gap and the completion notice say so as well', () => {
    const gap = sampleDocumentInput('commitment');
    const withGap = { ...gap, case: { ...proxied(gap.case), decision: { kind: 'accept-with-gap' as const, at: AT, clerkId: 'c', gapMaterialIds: ['M3'], commitmentDeadline: '2026-12-03', commitmentSigned: true as const } } };
    expect(modelText(withGap)).toContain(`代办：${PROXY_LINE}。`);
    const done = sampleDocumentInput('completion');
    expect(modelText({ ...done, case: proxied(done.case) })).toContain(PROXY_LINE);
  });

  it('a case of the window’s own region (or its city’s or province’s) has no such line', () => {
    expect(modelText(sampleDocumentInput('acceptance'))).not.toContain('代为受理');
    const c = sampleCase();
    const city = { ...c, item: { ...c.item, regionCode: '130100', regionName: '石家庄市' } };
    expect(modelText(sampleDocumentInput('acceptance', city))).not.toContain('代为受理');
  });

  it('a refusal at a proxy window does not claim to have accepted anything', () => {
    const r = sampleDocumentInput('refusal');
    expect(modelText({ ...r, case: proxied(r.case) })).not.toContain('代为受理');
  });
});

describe('materials an electronic licence stands for (rule 10)', () => {
  const [m1, m2, m3] = sampleMaterials();
  const none = { originalSeen: false, copiesReceived: 0, scans: [] };
  const licence = (grade: 'A' | 'B' | 'C' | 'D', originalChecked?: boolean): MaterialState['licence'] => ({
    licenceNumber: `LIC-${grade}-${originalChecked ?? ''}`,
    trustGrade: grade,
    ...(originalChecked !== undefined ? { originalChecked } : {}),
  });
  const optional = (id: string, name: string, l: MaterialState['licence']): MaterialState => ({
    ...m2!,
    ...none,
    materialId: id,
    name,
    required: false,
    licence: l,
  });
  const accepted = (materials: MaterialState[]) =>
    sampleDocumentInput('acceptance', { ...sampleCase({ materials }), decision: { kind: 'accept', at: AT, clerkId: 'c' } });

  it('grade A and B, and C once the original is checked, are listed as received; unchecked C and D are not', () => {
    const rows = receivedList(
      accepted([
        { ...m1!, ...none, licence: licence('A') },
        m2!,
        m3!,
        optional('M4', '食品安全管理制度文本', licence('C', false)),
        optional('M5', '主要设备设施布局图', licence('C', true)),
        optional('M6', '从业人员健康证明', licence('D')),
        optional('M7', '经营场所使用证明', licence('B')),
      ]),
    );
    const names = rows.map((r) => r[0]);
    expect(names).toEqual(['食品经营许可申请书', '营业执照', '法定代表人身份证明', '主要设备设施布局图', '经营场所使用证明']);
    expect(rows[0]![3]).toBe('电子证照（A级）');
    expect(rows[3]![3]).toBe('电子证照（C级，已核对原件）');
    expect(rows[4]![3]).toBe('电子证照（B级）');
  });

  it('an unchecked grade-C licence on a notice to supplement: not received, the material is among the deficiencies', () => {
    const base = sampleDocumentInput('supplement');
    const materials = base.case.materials.map((m) => (m.materialId === 'M3' ? { ...m, licence: licence('C', false) } : m));
    const rows = receivedList({ ...base, case: { ...base.case, materials } });
    expect(rows.map((r) => r[0])).toEqual(['食品经营许可申请书', '营业执照']);
  });

  it('an unchecked grade-C material accepted with a tolerated gap is listed as outstanding, not as received', () => {
    const base = sampleDocumentInput('commitment');
    const materials = base.case.materials.map((m) => (m.materialId === 'M3' ? { ...m, licence: licence('C', false) } : m));
    const rows = receivedList({ ...base, case: { ...base.case, materials } });
    const m3row = rows.find((r) => r[0] === '法定代表人身份证明')!;
    expect(m3row[1]).toBe('未提供');
    expect(m3row[3]).toBe('容缺，限期补齐；电子证照（C级，原件未核对，不作收取）');
  });

  it('paper handed in still counts next to a grade-D licence', () => {
    const rows = receivedList(accepted([{ ...m1!, licence: licence('D') }, m2!, m3!]));
    expect(rows[0]).toEqual(['食品经营许可申请书', '已核验', '1份', '电子证照（D级，不能替代纸质材料）']);
  });
});

// Bad input never becomes a document: each is refused with an error naming the field and the rule.
import { describe, expect, it } from 'vitest';
import {
  DocumentInputError,
  documentInputFromCase,
  renderDocument,
  type DocumentFields,
} from '../../../src-node/documents';
import { sampleCase, sampleDocumentInput, SAMPLE_WINDOW } from '../../../src-node/documents/sample';

async function refusedWith(input: unknown): Promise<DocumentInputError> {
  try {
    await renderDocument(input);
  } catch (e) {
    expect(e).toBeInstanceOf(DocumentInputError);
    return e as DocumentInputError;
  }
  throw new Error('rendered bad input');
}

const chineseFirst = (m: string) => expect(m).toMatch(/^[\w.[\]]+: [\u4e00-\u9fff]/);

describe('bad input is refused, naming the field', () => {
  it('a refusal without a reason', async () => {
    const { reason: _r, ...input } = sampleDocumentInput('refusal') as Extract<ReturnType<typeof sampleDocumentInput>, { type: 'refusal' }>;
    const e = await refusedWith(input);
    expect(e.field).toBe('reason');
    expect(e.message).toContain('不予受理决定书必须写明不予受理的理由');
    chineseFirst(e.message);
  });

  it('a refusal whose reason is blank', async () => {
    const e = await refusedWith({ ...sampleDocumentInput('refusal'), reason: '   ' });
    expect(e.field).toBe('reason');
    expect(e.message).toContain('至少4个字');
  });

  it('a notice to supplement with no deficiencies', async () => {
    const e = await refusedWith({ ...sampleDocumentInput('supplement'), deficiencies: [] });
    expect(e.field).toBe('deficiencies');
    expect(e.message).toContain('一次性列明全部需补正内容');
    chineseFirst(e.message);
  });

  it('a notice to supplement that leaves out a missing material (one-time notice, rule 2)', async () => {
    const base = sampleDocumentInput('supplement');
    if (base.type !== 'supplement') throw new Error('type');
    const e = await refusedWith({ ...base, deficiencies: base.deficiencies.filter((x) => x.materialId !== 'M3') });
    expect(e.field).toBe('deficiencies');
    expect(e.rule).toBe('rule-2');
    expect(e.message).toContain('法定代表人身份证明');
  });

  it('an acceptance of a case whose required material is missing (rule 1)', async () => {
    const c = sampleDocumentInput('supplement').case; // its third material is missing
    const e = await refusedWith(
      sampleDocumentInput('acceptance', { ...c, decision: { kind: 'accept', at: '2026-11-26T09:40:00+08:00', clerkId: 'c' } }),
    );
    expect(e.field).toBe('case.materials.M3');
    expect(e.rule).toBe('rule-1');
  });

  it('a deficiency with empty text', async () => {
    const e = await refusedWith({ ...sampleDocumentInput('supplement'), deficiencies: [{ text: '材料A' }, { text: ' ' }] });
    expect(e.field).toBe('deficiencies[1].text');
  });

  it('a commitment without missing materials or without a deadline', async () => {
    const base = sampleDocumentInput('commitment');
    expect((await refusedWith({ ...base, missingMaterials: [] })).field).toBe('missingMaterials');
    const { deadline: _d, ...noDeadline } = base as Extract<typeof base, { type: 'commitment' }>;
    const e = await refusedWith(noDeadline);
    expect(e.field).toBe('deadline');
    expect(e.message).toContain('补齐期限');
  });

  it('a commitment deadline that is not after the document date', async () => {
    const e = await refusedWith({ ...sampleDocumentInput('commitment'), deadline: '2026-11-26' });
    expect(e.field).toBe('deadline');
  });

  it('an acceptance whose due date is before the document date', async () => {
    const input = sampleDocumentInput('acceptance', sampleCase({ dueDate: '2026-11-01' }));
    const e = await refusedWith(input);
    expect(e.field).toBe('case.dueDate');
    expect(e.rule).toBe('rule-4');
  });

  it('a completion notice for an item that is not immediate', async () => {
    const e = await refusedWith(sampleDocumentInput('completion', sampleCase({ caseType: '2' })));
    expect(e.field).toBe('case.item.caseType');
    expect(e.rule).toBe('rule-5');
  });

  it('a document that contradicts the recorded decision', async () => {
    const c = sampleCase({ decision: { kind: 'accept', at: '2026-11-26T09:40:00+08:00', clerkId: 'c-1' } });
    const e = await refusedWith(sampleDocumentInput('refusal', c));
    expect(e.field).toBe('case.decision');
  });

  it('an unknown document type, an impossible date, a missing window', async () => {
    expect((await refusedWith({ ...sampleDocumentInput('acceptance'), type: 'receipt' })).field).toBe('type');
    expect((await refusedWith({ ...sampleDocumentInput('acceptance'), issuedOn: '2026-02-30' })).field).toBe('issuedOn');
    const { window: _w, ...noWindow } = sampleDocumentInput('acceptance');
    expect((await refusedWith(noWindow)).field).toBe('window');
  });

  it('a document dated before the application was received', async () => {
    const e = await refusedWith({ ...sampleDocumentInput('acceptance'), issuedOn: '2026-11-25' });
    expect(e.field).toBe('issuedOn');
  });

  it('an invalid case (the shared schema names the field)', async () => {
    const input = sampleDocumentInput('acceptance');
    const e = await refusedWith({ ...input, case: { ...input.case, applicant: { ...input.case.applicant, name: '' } } });
    expect(e.field).toBe('case.applicant.name');
  });

  it('a character no bundled font has (Extension G, emoji) in a printed field', async () => {
    const e = await refusedWith(sampleDocumentInput('acceptance', sampleCase({ applicantName: '王\u{30000}' })));
    expect(e.field).toBe('case.applicant.name');
    expect(e.rule).toBe('font-coverage');
    expect(e.message).toContain('U+30000');
    const base = sampleDocumentInput('refusal');
    const e2 = await refusedWith({ ...base, reason: '材料不全😀请补充' });
    expect(e2.field).toBe('reason');
  });
});

describe('documentInputFromCase', () => {
  const fields: DocumentFields = {
    window: SAMPLE_WINDOW,
    clerk: { name: '张丽华' },
    documentNumber: '长安政服不受字〔2026〕第000001号',
    issuedOn: '2026-11-26',
    verification: { code: 'ABCD-EFGH-JKLM' },
  };

  it('takes the reason, the deficiencies and the tolerated gap from the recorded decision', () => {
    const refused = sampleCase({ decision: { kind: 'refuse', at: '2026-11-26T09:40:00+08:00', clerkId: 'c', reason: '不属于本机关职权范围' } });
    const r = documentInputFromCase('refusal', refused, fields);
    expect(r.type === 'refusal' && r.reason).toBe('不属于本机关职权范围');

    const gap = sampleCase({
      materials: sampleDocumentInput('commitment').case.materials, // the third one is missing
      decision: {
        kind: 'accept-with-gap',
        at: '2026-11-26T09:40:00+08:00',
        clerkId: 'c',
        gapMaterialIds: ['M3'],
        commitmentDeadline: '2026-12-03',
        commitmentSigned: true,
      },
    });
    const g = documentInputFromCase('commitment', gap, fields);
    expect(g.type === 'commitment' && g.missingMaterials).toEqual([{ materialId: 'M3', name: '法定代表人身份证明' }]);
    expect(g.type === 'commitment' && g.deadline).toBe('2026-12-03');
  });

  it('refuses when the case has no matching decision', () => {
    expect(() => documentInputFromCase('supplement', sampleCase(), fields)).toThrow(DocumentInputError);
    try {
      documentInputFromCase('supplement', sampleCase(), fields);
    } catch (e) {
      expect((e as DocumentInputError).field).toBe('case.decision');
    }
  });
});

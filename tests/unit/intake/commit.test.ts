import { describe, expect, it } from 'vitest';
import {
  caseForDocument,
  checkIntake,
  deficiencyText,
  DOCUMENT_TYPE,
  documentName,
  normalise,
  type IntakeContext,
} from '../../../src-renderer/features/intake/commit';
import { effectiveDecision, newIntake, syncDeficiencies, withItem, type IntakeData } from '../../../src-renderer/features/intake/model';
import { bundledCalendar, WorkingCalendar } from '../../../src-shared/domain/calendar';
import { Case, type MaterialState } from '../../../src-shared/domain/case';
import { makeResidentId } from '../../../src-shared/domain/identifiers';
import type { CatalogItem } from '../../../src-shared/domain/catalog';
import { FOOD, IMMEDIATE, JOINT } from './fixtures';

const ID = '22222222-2222-4222-8222-222222222222';
const SCAN = { sha256: 'b'.repeat(64), name: '申请表.pdf', mediaType: 'application/pdf' as const, size: 2048, pages: 2 };

function ctx(today: string, over: Partial<IntakeContext> = {}): IntakeContext {
  return {
    now: `${today}T10:00:00+08:00`,
    today,
    windowId: 'w-130102-01',
    clerkId: 'c-130102-01-1',
    window: { id: 'w-130102-01', name: '综合受理1号窗口', regionCode: '130102', centerName: '长安区政务服务中心' },
    calendar: bundledCalendar(),
    ...over,
  };
}

/** An intake for `item` with a valid person and a complete form; materials as given. */
function intake(item: CatalogItem, received: 'all' | 'none' = 'all'): IntakeData {
  const d = withItem(newIntake(ID, '2025-09-30T09:00:00+08:00'), item, 7);
  d.person = { documentType: '111', documentNumber: makeResidentId('130102', '1985-03-15', 123), name: '张三', phone: '13800138000', address: '长安区' };
  d.form = { entityName: '好味小吃', area: '85', opened: '', form: '餐饮服务经营者', note: '' };
  for (const m of item.materials)
    d.materials[m.id] = received === 'all' && m.required ? { originalSeen: m.originals > 0, copiesReceived: m.copies, scan: m.id === 'form' ? SCAN : null } : { originalSeen: false, copiesReceived: 0, scan: null };
  return normalise(d);
}

const fields = (c: ReturnType<typeof checkIntake>) => c.problems.map((p) => p.field);

describe('from the intake on screen to the commit', () => {
  it('an acceptance with every material maps to an IntakeCommit with the due date from the calendar', () => {
    const d = intake(FOOD);
    d.decision.kind = 'accept';
    // Accepted 2025-09-30 with 5 promised working days: the National Day holiday is skipped (issue 3).
    const c = checkIntake(d, ctx('2025-09-30'));
    expect(c.problems).toEqual([]);
    expect(c.commit).toMatchObject({
      id: ID,
      windowId: 'w-130102-01',
      clerkId: 'c-130102-01-1',
      windowRegionCode: '130102',
      receivedAt: '2025-09-30T09:00:00+08:00',
      dueDate: '2025-10-14',
      item: { implementationCode: FOOD.implementationCode, promisedDays: 5, catalogVersion: 7 },
      applicant: { kind: 'person', name: '张三' },
      form: { entityName: '好味小吃', area: 85, form: '餐饮服务经营者' },
      decision: { kind: 'accept', clerkId: 'c-130102-01-1' },
    });
    expect(c.commit?.form).not.toHaveProperty('opened');
    const form = c.commit!.materials.find((m) => m.materialId === 'form')!;
    expect(form).toMatchObject({ originalsRequired: 1, originalSeen: true, scans: [SCAN] });
    const proxy = c.commit!.materials.find((m) => m.materialId === 'proxy')!;
    expect(proxy).toMatchObject({ required: false, originalSeen: false, copiesReceived: 0, scans: [] });
  });

  it('a year with no calendar leaves the due date pending, naming the year — never guessed', () => {
    const d = intake(FOOD);
    d.decision.kind = 'accept';
    const c = checkIntake(d, ctx('2025-09-30', { calendar: new WorkingCalendar([]) }));
    expect(c.due).toEqual({ kind: 'pending', year: 2025 });
    expect(c.commit?.dueDate).toBeUndefined();
    expect(c.commit?.dueDatePending).toBe('到期日待定：尚未加载 2025 年节假日安排');
  });

  it('joint handling uses the same promised days (the cap on extensions differs, not the clock)', () => {
    const d = intake(JOINT);
    d.decision.kind = 'accept';
    expect(checkIntake(d, ctx('2025-09-30')).due).toEqual({ kind: 'date', date: '2025-10-14', workingDays: 5 });
  });

  it('accepting with a required material missing names that material (rule 1); the form is checked too', () => {
    const d = intake(FOOD);
    d.materials['licence'] = { originalSeen: false, copiesReceived: 0, scan: null };
    d.form.area = '';
    d.decision.kind = 'accept';
    const c = checkIntake(d, ctx('2025-09-30'));
    expect(fields(c)).toEqual(['form.area', 'materials.licence']);
    expect(c.problems[1]).toMatchObject({ rule: 'rule-1' });
    expect(c.commit).toBeUndefined();
  });

  it('with nothing chosen it suggests accepting a complete intake and a notice to supplement otherwise', () => {
    expect(effectiveDecision(intake(FOOD))).toBe('accept');
    expect(effectiveDecision(intake(IMMEDIATE))).toBe('complete');
    expect(effectiveDecision(intake(FOOD, 'none'))).toBe('supplement');
  });

  describe('the notice to supplement (rule 2)', () => {
    it('is prefilled with every missing material, and commits them all at once', () => {
      const d = intake(FOOD, 'none');
      expect(d.decision.deficiencies.map((r) => r.materialId)).toEqual(['form', 'licence', 'premises']);
      expect(d.decision.deficiencies[1]!.text).toBe('营业执照（复印件 1 份）');
      const c = checkIntake(d, ctx('2025-09-30'));
      expect(c.kind).toBe('supplement');
      expect(c.problems).toEqual([]);
      // A notice does not need the item form, nor does it start the clock.
      expect(c.due).toEqual({ kind: 'none' });
      expect(c.commit?.decision).toMatchObject({ kind: 'supplement', deficiencies: [{ materialId: 'form' }, { materialId: 'licence' }, { materialId: 'premises' }] });
      expect(c.commit).not.toHaveProperty('dueDate');
    });

    it('leaving a missing material out is a problem; an empty line is a problem', () => {
      const d = intake(FOOD, 'none');
      d.decision.deficiencies = d.decision.deficiencies.filter((r) => r.materialId !== 'premises');
      d.decision.deficiencies.push({ id: 'x', text: '  ' });
      const c = checkIntake(d, ctx('2025-09-30'));
      expect(fields(c)).toEqual(['deficiencies.2.text']);
      // Schema first; once the line is filled, the rule about the left-out material shows.
      d.decision.deficiencies[2]!.text = '请补充提交场地照片';
      const c2 = checkIntake(d, ctx('2025-09-30'));
      expect(c2.problems).toMatchObject([{ field: 'deficiencies', rule: 'rule-2' }]);
    });

    it('keeps free lines and edited texts as materials come and go', () => {
      const m = (id: string, name: string): MaterialState => ({ materialId: id, name, required: true, tolerable: false, originalsRequired: 1, copiesRequired: 0, originalSeen: false, copiesReceived: 0, scans: [] });
      const text = (x: MaterialState) => `缺 ${x.name}`;
      let rows = syncDeficiencies([], [m('a', '甲'), m('b', '乙')], text);
      rows = rows.map((r) => (r.materialId === 'b' ? { ...r, text: '乙（请加盖公章）' } : r));
      rows.push({ id: 'free', text: '其他说明' });
      rows = syncDeficiencies(rows, [m('b', '乙'), m('c', '丙')], text);
      expect(rows.map((r) => [r.materialId ?? '-', r.text])).toEqual([
        ['b', '乙（请加盖公章）'],
        ['c', '缺 丙'],
        ['-', '其他说明'],
      ]);
    });
  });

  describe('acceptance with a tolerated gap (rule 1)', () => {
    function gap(): IntakeData {
      const d = intake(FOOD);
      d.materials['premises'] = { originalSeen: false, copiesReceived: 0, scan: null };
      d.decision.kind = 'accept-with-gap';
      d.decision.gapMaterialIds = ['premises'];
      d.decision.commitmentDeadline = '2025-10-14';
      d.decision.commitmentSigned = true;
      return normalise(d);
    }

    it('needs the signed commitment and a deadline after today', () => {
      expect(checkIntake(gap(), ctx('2025-09-30')).problems).toEqual([]);
      const d = gap();
      d.decision.commitmentSigned = false;
      d.decision.commitmentDeadline = '2025-09-30';
      expect(fields(checkIntake(d, ctx('2025-09-30')))).toEqual(['commitmentDeadline', 'commitmentSigned']);
      d.decision.commitmentDeadline = '';
      expect(checkIntake(d, ctx('2025-09-30')).problems[0]).toMatchObject({ field: 'commitmentDeadline', message: { key: 'intake.err.deadlineMissing' } });
    });

    it('a key material cannot be tolerated', () => {
      const d = gap();
      d.materials['licence'] = { originalSeen: false, copiesReceived: 0, scan: null };
      d.decision.gapMaterialIds = ['premises', 'licence'];
      expect(checkIntake(normalise(d), ctx('2025-09-30')).problems).toMatchObject([{ field: 'materials.licence', rule: 'rule-1' }]);
    });
  });

  it('a refusal needs a reason of at least 4 characters, and nothing else', () => {
    const d = intake(FOOD, 'none');
    d.form = {};
    d.decision.kind = 'refuse';
    d.decision.reason = '不符';
    expect(checkIntake(d, ctx('2025-09-30')).problems).toMatchObject([{ field: 'reason' }]);
    d.decision.reason = '不属于本机关职权范围';
    const c = checkIntake(d, ctx('2025-09-30'));
    expect(c.problems).toEqual([]);
    expect(c.commit?.decision).toMatchObject({ kind: 'refuse', reason: '不属于本机关职权范围' });
  });

  it('only an immediate item completes on the spot, due the same day (rule 5)', () => {
    const imm = intake(IMMEDIATE);
    imm.decision.kind = 'complete';
    const c = checkIntake(imm, ctx('2025-09-30'));
    expect(c.problems).toEqual([]);
    expect(c.commit?.dueDate).toBe('2025-09-30');
    const d = intake(FOOD);
    d.decision.kind = 'complete';
    expect(checkIntake(d, ctx('2025-09-30')).problems.map((p) => p.rule)).toContain('rule-5');
  });

  it('an invalid applicant or an unsynced window stops every decision', () => {
    const d = intake(FOOD, 'none');
    d.person.documentNumber = '123';
    d.decision.kind = 'refuse';
    d.decision.reason = '不属于本机关职权范围';
    const c = checkIntake(d, ctx('2025-09-30', { window: null }));
    expect(fields(c)).toEqual(['applicant.person.documentNumber', 'window']);
  });

  it('the document is rendered from the very record that is committed', () => {
    const d = intake(FOOD);
    d.decision.kind = 'accept';
    const base = checkIntake(d, ctx('2025-09-30')).commit!;
    const rec = caseForDocument(base, '13010220250930ABC123000001X', 'ABC123', '2025-09-30T10:00:00+08:00');
    expect(() => Case.parse(rec)).not.toThrow();
    expect(rec).toMatchObject({ caseNumber: '13010220250930ABC123000001X', deviceId: 'ABC123', status: 'accepted', dueDate: '2025-10-14', decision: base.decision, applicant: base.applicant });
  });

  it('each decision has its written document (rule 3), named with the case number', () => {
    expect(DOCUMENT_TYPE).toEqual({ accept: 'acceptance', 'accept-with-gap': 'commitment', refuse: 'refusal', supplement: 'supplement', complete: 'completion' });
    expect(documentName('13010220250930ABC123000001X', 'acceptance')).toBe('13010220250930ABC123000001X-受理通知书.pdf');
    expect(deficiencyText({ name: '身份证', originalsRequired: 1, copiesRequired: 2 })).toBe('身份证（原件 1 份、复印件 2 份）');
  });
});

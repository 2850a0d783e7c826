// What the case view offers on my step, rule 6's allowance, and the bodies the forms send.
import { describe, expect, it } from 'vitest';
import { ConsoleCase, ExtendRequest, IssueResultRequest, RefuseRequest, SupplementRequest } from '../../../src-shared/protocol/console';
import { translator } from '../../../src-console/app/i18n/translate';
import { availableActions, extensionAllowance, formRows, formValueText, progressActor, requestBody, resultKindsFor, verifyPath } from '../../../src-console/features/case/caseModel';
import { OTHER_STEP_ID, consoleCase, step } from './fixtures';

const joint = (over: Parameters<typeof consoleCase>[0] = {}) => {
  const mine = over.myStep ?? step();
  return consoleCase({ ...over, myStep: mine, steps: [mine, step({ stepId: OTHER_STEP_ID, departmentCode: 'WSJK', departmentName: '卫生健康委员会' })] });
};

describe('actions on my step', () => {
  it('a pending step can be approved, refused, sent for supplement, extended and paused', () => {
    expect(availableActions(consoleCase())).toEqual({ actions: ['approve', 'refuse', 'supplement', 'extend', 'pause'], note: null });
  });

  it('a paused step can only be resumed; one awaiting a supplement waits', () => {
    expect(availableActions(consoleCase({ myStep: step({ status: 'paused' }), caseStatus: 'paused' })).actions).toEqual(['resume']);
    expect(availableActions(consoleCase({ myStep: step({ status: 'awaiting-supplement' }), caseStatus: 'awaiting-supplement' }))).toEqual({
      actions: [],
      note: 'awaiting-supplement',
    });
  });

  it('no extension once the allowance is used', () => {
    expect(availableActions(consoleCase({ myStep: step({ extendedDays: 10 }) })).actions).not.toContain('extend');
    expect(availableActions(joint({ myStep: step({ extendedDays: 10 }) })).actions).toContain('extend');
  });

  it('a decided step has nothing left but issuing, once the case is approved or refused', () => {
    const approved = joint({ myStep: step({ status: 'approved', decidedAt: '2025-03-03T10:00:00+08:00' }), caseStatus: 'approved' });
    expect(availableActions(approved)).toEqual({ actions: ['issue'], note: 'step-done' });
    expect(availableActions({ ...approved, caseStatus: 'in-review' })).toEqual({ actions: [], note: 'step-done' });
  });

  it('a step closed by another department\'s refusal offers no review action', () => {
    const refused = joint({ myStep: step({ status: 'closed' }), caseStatus: 'refused' });
    expect(availableActions(refused)).toEqual({ actions: ['issue'], note: 'case-closed' });
  });

  it('nothing to issue once the result exists, or the case is completed', () => {
    const c = consoleCase({ myStep: step({ status: 'approved' }), caseStatus: 'completed' });
    expect(availableActions(c).actions).toEqual([]);
  });

  it('a refused case gets a refusal decision, an approved one a licence or approval', () => {
    expect(resultKindsFor({ caseStatus: 'refused' })).toEqual(['refusal']);
    expect(resultKindsFor({ caseStatus: 'approved' })).toEqual(['licence', 'approval']);
  });
});

describe('rule 6 allowance', () => {
  it('is 10 working days for one department and 15 for joint handling, less what was used', () => {
    expect(extensionAllowance(consoleCase())).toEqual({ joint: false, cap: 10, used: 0, left: 10 });
    expect(extensionAllowance(joint({ myStep: step({ extendedDays: 5 }) }))).toEqual({ joint: true, cap: 15, used: 5, left: 10 });
    expect(extensionAllowance(consoleCase({ myStep: step({ extendedDays: 12 }) })).left).toBe(0);
  });
});

describe('request bodies from the forms', () => {
  it('trims and leaves out empty optional fields', () => {
    expect(requestBody('approve', { opinion: '   ' })).toEqual({});
    expect(requestBody('approve', { opinion: ' 同意 ' })).toEqual({ opinion: '同意' });
    expect(requestBody('resume', { note: '' })).toEqual({});
  });

  it('keeps an empty refusal reason so the form can point at it', () => {
    const body = requestBody('refuse', { reasons: ['  经营场所不符合要求 ', undefined] });
    expect(body).toEqual({ reasons: ['经营场所不符合要求', ''] });
    const r = RefuseRequest.safeParse(body);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['reasons', 1]);
  });

  it('ties supplement items to materials only when one is chosen', () => {
    const body = requestBody('supplement', { items: [{ materialId: 'm1', text: '营业执照副本不清晰' }, { text: ' 补充场所平面图 ' }] });
    expect(body).toEqual({ items: [{ materialId: 'm1', text: '营业执照副本不清晰' }, { text: '补充场所平面图' }] });
    expect(SupplementRequest.safeParse(body).success).toBe(true);
  });

  it('an extension without days is caught as a missing field', () => {
    const body = requestBody('extend', { days: null, approver: '王局长', reason: '需现场核查' });
    const r = ExtendRequest.safeParse(body);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['days']);
    expect(ExtendRequest.safeParse(requestBody('extend', { days: 5, approver: '王局长', reason: '需现场核查' })).success).toBe(true);
  });

  it('a result body carries valid-until and the window only when given', () => {
    const body = requestBody('issue', { kind: 'licence', title: ' 食品经营许可证 ', body: '预包装食品销售', validUntil: '', collectWindowId: ' ' });
    expect(body).toEqual({ kind: 'licence', title: '食品经营许可证', body: '预包装食品销售' });
    expect(IssueResultRequest.safeParse(body).success).toBe(true);
    const dated = requestBody('issue', { kind: 'licence', title: '许可证', body: '范围', validUntil: '2030-02-30' });
    expect(IssueResultRequest.safeParse(dated).success).toBe(false);
  });
});

describe('case display helpers', () => {
  const zh = translator('zh-CN');
  const en = translator('en');

  it("shows the form under the item's labels in the center's order, a key without definition by its key", () => {
    const c = consoleCase({
      form: { audience: 3000, activityName: '迎新春文艺演出', oldKey: '旧值' },
      formFields: [
        { key: 'activityName', label: '活动名称', type: 'text', value: '迎新春文艺演出' },
        { key: 'audience', label: '观众人数', type: 'number', value: 3000 },
        { key: 'eventDate', label: '活动日期', type: 'date', value: '2026-02-01' },
        { key: 'outdoor', label: '是否户外', type: 'select', value: true },
        { key: 'oldKey', label: null, type: null, value: '旧值' },
      ],
    });
    expect(ConsoleCase.safeParse(c).success).toBe(true);
    expect(formRows(c, zh)).toEqual([
      { key: 'activityName', label: '活动名称', defined: true, value: '迎新春文艺演出' },
      { key: 'audience', label: '观众人数', defined: true, value: '3000' },
      { key: 'eventDate', label: '活动日期', defined: true, value: '2026-02-01' },
      { key: 'outdoor', label: '是否户外', defined: true, value: '是' },
      { key: 'oldKey', label: 'oldKey', defined: false, value: '旧值' },
    ]);
  });

  it('falls back to the raw form, keys in the order the window sent them, from a center without formFields', () => {
    expect(formRows(consoleCase({ form: { 经营场所: '中山路1号', 面积: 120 } }), zh)).toEqual([
      { key: '经营场所', label: '经营场所', defined: false, value: '中山路1号' },
      { key: '面积', label: '面积', defined: false, value: '120' },
    ]);
  });

  it('words answers: yes/no in either language, numbers and dates as given', () => {
    expect(formValueText(zh, true)).toBe('是');
    expect(formValueText(zh, false)).toBe('否');
    expect(formValueText(en, false)).toBe('No');
    expect(formValueText(en, 0)).toBe('0');
    expect(formValueText(zh, '2026-02-01')).toBe('2026-02-01');
  });

  it('links the public verification page of a code', () => {
    expect(verifyPath('ABCD-EFGH-JKMN-PQRS')).toBe('/verify/ABCD-EFGH-JKMN-PQRS');
  });
});

describe('who did a progress step', () => {
  const me = { id: 'e1d2c3b4-a596-4877-8899-aabbccddeeff', name: '李审查' };
  const steps = [step({ stepId: OTHER_STEP_ID, reviewerName: '孙审查' })];
  const ev = (actor: string, type: 'step-approved' | 'extended' = 'step-approved') => ({ actor, stepId: OTHER_STEP_ID, type });

  it('names the center, me, and the reviewer who decided a step', () => {
    expect(progressActor(ev('center'), steps, me)).toEqual({ kind: 'center' });
    expect(progressActor(ev(me.id, 'extended'), steps, me)).toEqual({ kind: 'name', name: '李审查' });
    expect(progressActor(ev('0a1b2c3d-1111-4222-8333-444455556666'), steps, me)).toEqual({ kind: 'name', name: '孙审查' });
  });

  it('leaves out a bare id it cannot name, and shows other labels as they are', () => {
    expect(progressActor(ev('0a1b2c3d-1111-4222-8333-444455556666', 'extended'), steps, me)).toBeNull();
    expect(progressActor(ev('c-130102-01-1', 'extended'), steps, me)).toEqual({ kind: 'name', name: 'c-130102-01-1' });
  });
});

/**
 * The sync database keeps what the center sends back about cases: version 2 files the
 * progress and result changes under their case (also those pulled before it existed) and
 * folds the progress into the center's view of each case (status, pauses, extensions,
 * open supplement request, refusal).
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { foldProgress, isClosedAtCenter, type CenterCaseRow } from '../../../src-renderer/sync/centerCases';
import { SyncStateDb } from '../../../src-renderer/sync/syncDb';
import { ChangeLog, dept } from './centerProgress-fixture';

const names: string[] = [];
const freshName = () => {
  const n = `sync-db-${crypto.randomUUID()}`;
  names.push(n);
  return n;
};
afterEach(async () => {
  for (const n of names.splice(0)) await Dexie.delete(n);
});

describe('version 2 upgrade', () => {
  it('files progress and result rows pulled under version 1 under their case, and builds the center view from them', async () => {
    const name = freshName();
    const log = new ChangeLog();
    const a = crypto.randomUUID();
    const b = crypto.randomUUID();
    const pulled = [
      log.progress(a, { type: 'routed', caseStatus: 'in-review', dueDate: '2025-10-20' }),
      log.catalog(4),
      log.progress(b, { type: 'routed', caseStatus: 'in-review' }),
      log.progress(a, { type: 'supplement-requested', caseStatus: 'awaiting-supplement', reasons: ['营业执照副本', '法定代表人身份证复印件'], dueDate: null, ...dept('SCJG', '市场监督管理局') }),
      log.result(b),
      log.progress(b, { type: 'refused', caseStatus: 'refused', reasons: ['经营场所不符合卫生要求'], ...dept('WSJ', '卫生健康委员会') }),
    ];
    // The database as version 1 wrote it: caseId on case-event rows only.
    const v1 = new Dexie(name);
    v1.version(1).stores({ receipts: 'recordId, caseId, deviceSeq', changes: '++n, &position, kind, caseId', blobsDone: 'sha256', state: 'key' });
    await v1.table('changes').bulkAdd(pulled.map((c) => ({ position: c.position, kind: c.kind, change: c })));
    await v1.table('state').put({ key: 'cursor', value: pulled.at(-1)!.position });
    v1.close();

    const db = new SyncStateDb(name);
    expect(db.verno).toBe(2);
    expect((await db.changes.where('caseId').equals(a).toArray()).map((r) => r.change.kind)).toEqual(['case-progress', 'case-progress']);
    expect((await db.changesOfCase(b)).map((c) => c.kind)).toEqual(['case-progress', 'result', 'case-progress']);
    expect(await db.changes.count()).toBe(6);
    expect(await db.get('cursor')).toBe(pulled.at(-1)!.position);

    const ca = await db.centerCases.get(a);
    expect(ca?.status).toBe('awaiting-supplement');
    expect(ca?.supplement?.items).toEqual(['营业执照副本', '法定代表人身份证复印件']);
    expect(ca?.dueDate).toBeNull();
    const cb = await db.centerCases.get(b);
    expect(cb?.status).toBe('refused');
    expect(cb?.refusal).toEqual({ departments: ['卫生健康委员会'], reasons: ['经营场所不符合卫生要求'] });
    expect(await db.centerCases.where('status').equals('refused').primaryKeys()).toEqual([b]);
    db.close();
  });
});

describe('storePulled', () => {
  it('keeps each change once, moves the cursor with the page, and keeps the center view current', async () => {
    const db = new SyncStateDb(freshName());
    const log = new ChangeLog();
    const id = crypto.randomUUID();
    const first = [log.progress(id, { type: 'routed', caseStatus: 'in-review', dueDate: '2025-10-20' }), log.catalog(2)];
    expect(await db.storePulled(first, first[1]!.position)).toHaveLength(2);
    // The same page again (a retried pull) adds nothing.
    expect(await db.storePulled(first, first[1]!.position)).toHaveLength(0);
    const second = [log.progress(id, { type: 'step-approved', caseStatus: 'approved', ...dept('SCJG', '市场监督管理局') }), log.result(id)];
    await db.storePulled(second, second[1]!.position);

    expect(await db.changes.count()).toBe(4);
    expect(await db.get('cursor')).toBe(second[1]!.position);
    expect((await db.changesOfCase(id)).map((c) => c.kind)).toEqual(['case-progress', 'case-progress', 'result']);
    const row = await db.centerCases.get(id);
    expect(row).toMatchObject({ status: 'approved', dueDate: '2025-10-20', position: second[0]!.position });
    db.close();
  });
});

describe('progress pulled out of the order the center committed it', () => {
  // Two transactions on one case can be pulled in the other order than they committed
  // (the change log is ordered by transaction id, taken at the first write). The center
  // numbers a case's progress in commit order (seq); the window folds by that number.
  it('the last two departments approving at once: the case shows approved, not in review', async () => {
    const db = new SyncStateDb(freshName());
    const log = new ChangeLog();
    const id = crypto.randomUUID();
    const routed = { ...log.progress(id, { type: 'routed', caseStatus: 'in-review', dueDate: '2025-10-20' }), seq: 1 };
    // Committed second: saw the first department's approval, so approved the case.
    const second = log.progress(id, { type: 'step-approved', caseStatus: 'approved', ...dept('WSJ', '卫生健康委员会') });
    const approved = log.progress(id, { type: 'approved', caseStatus: 'approved' });
    // Committed first, pulled last.
    const first = log.progress(id, { type: 'step-approved', caseStatus: 'in-review', ...dept('SCJG', '市场监督管理局') });
    await db.storePulled([routed, { ...second, seq: 3 }], second.position);
    await db.storePulled([{ ...approved, seq: 4 }, { ...first, seq: 2 }], first.position);
    expect(await db.centerCases.get(id)).toMatchObject({ status: 'approved', seq: 4, dueDate: '2025-10-20' });
    // A later progress folds on top as usual.
    const issued = log.result(id);
    const completed = { ...log.progress(id, { type: 'result-issued', caseStatus: 'completed' }), seq: 5 };
    await db.storePulled([issued, completed], completed.position);
    expect(await db.centerCases.get(id)).toMatchObject({ status: 'completed', seq: 5 });
    db.close();
  });

  it('a supplement request pulled after its receipt still ends closed, the clock running again', async () => {
    const db = new SyncStateDb(freshName());
    const log = new ChangeLog();
    const id = crypto.randomUUID();
    const asked = log.progress(id, { type: 'supplement-requested', caseStatus: 'awaiting-supplement', reasons: ['房屋租赁合同'], dueDate: null, ...dept('XF', '消防救援支队') });
    const back = log.progress(id, { type: 'supplement-received', caseStatus: 'in-review', dueDate: '2025-10-24', ...dept('XF', '消防救援支队') });
    await db.storePulled([{ ...log.progress(id, { type: 'routed', caseStatus: 'in-review' }), seq: 1 }, { ...back, seq: 3 }, { ...asked, seq: 2 }], asked.position);
    const row = await db.centerCases.get(id);
    expect(row).toMatchObject({ status: 'in-review', dueDate: '2025-10-24' });
    expect(row?.supplement).toBeUndefined();
    expect(row?.pauses).toEqual([expect.objectContaining({ kind: 'supplement', from: asked.eventAt, to: back.eventAt })]);
    db.close();
  });
});

describe('the center view of a case (fold)', () => {
  const log = new ChangeLog();
  const id = crypto.randomUUID();
  const fold = (...changes: ReturnType<ChangeLog['progress']>[]) => changes.reduce<CenterCaseRow | undefined>((row, c) => foldProgress(row, c), undefined)!;

  it('a supplement request stops the clock and lists every item; receiving it resumes', () => {
    const asked = log.progress(id, { type: 'supplement-requested', caseStatus: 'awaiting-supplement', reasons: ['房屋租赁合同', '消防验收意见书'], ...dept('XF', '消防救援支队') });
    let row = fold(log.progress(id, { type: 'routed', caseStatus: 'in-review' }), asked);
    expect(row.supplement).toEqual({ department: '消防救援支队', items: ['房屋租赁合同', '消防验收意见书'], at: asked.eventAt });
    expect(row.pauses).toEqual([{ kind: 'supplement', from: asked.eventAt, reasons: ['房屋租赁合同', '消防验收意见书'], department: '消防救援支队' }]);
    const back = log.progress(id, { type: 'supplement-received', caseStatus: 'in-review' });
    row = foldProgress(row, back);
    expect(row.supplement).toBeUndefined();
    expect(row.pauses[0]!.to).toBe(back.eventAt);
    expect(row.status).toBe('in-review');
  });

  it('extensions and special procedures are kept with approver and reason', () => {
    const row = fold(
      log.progress(id, { type: 'routed', caseStatus: 'in-review' }),
      log.progress(id, { type: 'extended', caseStatus: 'in-review', extraDays: 5, reasons: ['需现场核查'], actor: '李主任', dueDate: '2025-10-27' }),
      log.progress(id, { type: 'paused', caseStatus: 'paused', reasons: ['组织专家评审'] }),
    );
    expect(row.extensions).toEqual([expect.objectContaining({ days: 5, approver: '李主任', reasons: ['需现场核查'] })]);
    // As the center words it: the approver among the reasons.
    const named = foldProgress(row, log.progress(id, { type: 'extended', caseStatus: 'paused', extraDays: 2, reasons: ['检测周期长', '批准人：王局长'], actor: crypto.randomUUID() }));
    expect(named.extensions[1]).toMatchObject({ days: 2, approver: '王局长', reasons: ['检测周期长'] });
    expect(row.pauses).toEqual([expect.objectContaining({ kind: 'special-procedure', reasons: ['组织专家评审'] })]);
    expect(row.pauses[0]!.to).toBeUndefined();
    expect(row.dueDate).toBe('2025-10-27');
  });

  it("a joint refusal keeps every department's reasons; a refused or completed case is closed", () => {
    const row = fold(
      log.progress(id, { type: 'routed', caseStatus: 'in-review' }),
      log.progress(id, { type: 'step-refused', caseStatus: 'refused', reasons: ['选址不符合规划'], ...dept('ZJ', '住房和城乡建设局') }),
      log.progress(id, { type: 'refused', caseStatus: 'refused', reasons: ['选址不符合规划', '环评未通过'], ...dept('HB', '生态环境局') }),
    );
    expect(row.refusal).toEqual({ departments: ['住房和城乡建设局', '生态环境局'], reasons: ['选址不符合规划', '环评未通过'] });
    expect(row.closedAt).toBeDefined();
    expect(isClosedAtCenter(row.status)).toBe(true);
    expect(isClosedAtCenter('approved')).toBe(false);
    expect(isClosedAtCenter(undefined)).toBe(false);
  });
});

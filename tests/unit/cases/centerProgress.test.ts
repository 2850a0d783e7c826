/**
 * What the clerk sees of the provincial center's progress: the case's status where the
 * center's outcome overrides the window's (不予许可（中心）), the clock with the center's
 * pauses and extensions, the list's center filter and open tab, and the detail's time line
 * of the window's events with the center's steps.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../../src-renderer/app/i18n';
import { CasesRepository } from '../../../src-renderer/db/casesRepository';
import type { CaseRow } from '../../../src-renderer/db/casesSchema';
import { YichuangDb } from '../../../src-renderer/db/database';
import { listCases, type CaseListFilter } from '../../../src-renderer/features/cases/caseList';
import { displayStatus, progressTimeline } from '../../../src-renderer/features/cases/caseProgressModel';
import { centerLookup, centersOf } from '../../../src-renderer/features/cases/centerLookup';
import { countdownMessage, countdownOf, CountdownCache, type Countdown } from '../../../src-renderer/features/cases/countdown';
import { foldProgress, type CenterCaseRow } from '../../../src-renderer/sync/centerCases';
import { SyncStateDb } from '../../../src-renderer/sync/syncDb';
import type { CaseEvent } from '../../../src-shared/domain/event-chain';
import { CENTER_CASE_STATUS_LABELS, CenterCaseStatus } from '../../../src-shared/protocol/workflow';
import { ChangeLog, dept } from '../sync/centerProgress-fixture';
import { commitOf, person, promisedItem, rowOf } from './helpers';

const zh = (cd: Countdown) => {
  const m = countdownMessage(cd);
  return translate('zh-CN', m.key, m.params);
};
const fold = (changes: ReturnType<ChangeLog['progress']>[]) => changes.reduce<CenterCaseRow | undefined>((r, c) => foldProgress(r, c), undefined)!;

// Accepted 2025-09-30 with 5 working days: due 2025-10-14 (9, 10, Saturday 11, 13, 14 October).
const row = rowOf({ item: promisedItem(5), receivedOn: '2025-09-30', decision: 'accept' });
// The log starts on 9 October 2025, 09:00 in China; `daysLater` counts calendar days from there.
const log = new ChangeLog();

describe("the case's status with the center's outcome", () => {
  it('a case the window accepted and the center refused shows 不予许可（中心）, its clock stopped', () => {
    const center = fold([log.progress(row.id, { type: 'routed', caseStatus: 'in-review' }), log.progress(row.id, { type: 'refused', caseStatus: 'refused', reasons: ['不符合条件'] })]);
    const d = displayStatus(row.status, center.status);
    expect(d).toMatchObject({ value: 'center-refused', byCenter: true });
    expect(translate('zh-CN', d.key)).toBe('不予许可（中心）');
    const cd = countdownOf(row, '2025-10-16', {}, center);
    // Overdue without the center; closed with it.
    expect(countdownOf(row, '2025-10-16').level).toBe('red');
    expect(cd).toMatchObject({ kind: 'closed', level: 'normal', center: 'refused' });
    expect(zh(cd)).toBe('中心不予许可');
  });

  it('completed and awaiting a supplement override too; review steps leave the window status as it is', () => {
    expect(translate('zh-CN', displayStatus('accepted', 'completed').key)).toBe('已办结（中心）');
    expect(translate('zh-CN', displayStatus('accepted', 'awaiting-supplement').key)).toBe('待补正（中心）');
    for (const s of ['in-review', 'approved', 'paused'] as const) expect(displayStatus('accepted', s)).toMatchObject({ value: 'accepted', byCenter: false });
    // A case the window itself refused is the window's refusal, whatever the center holds.
    expect(displayStatus('refused', 'completed')).toMatchObject({ value: 'refused', byCenter: false });
    expect(translate('en', displayStatus('accepted', 'refused').key)).toBe('Refused (center)');
  });

  it("the center statuses read as the province's labels", () => {
    for (const s of CenterCaseStatus.options) expect(translate('zh-CN', `cases.center.status.${s}`)).toBe(CENTER_CASE_STATUS_LABELS[s]);
  });
});

describe("the clock with the center's pauses and extensions", () => {
  it('a supplement request stops the clock; once received, the days it took do not count', () => {
    const asked = log.progress(row.id, { type: 'supplement-requested', caseStatus: 'awaiting-supplement', reasons: ['营业执照'] }, 1); // 10 October
    const open = fold([log.progress(row.id, { type: 'routed', caseStatus: 'in-review' }), asked]);
    const paused = countdownOf(row, '2025-10-13', {}, open);
    expect(paused.kind === 'running' && paused.dueDate).toBeNull();
    expect(zh(paused)).toBe('计时暂停');
    // Received on Monday 13 October: the 10th, the make-up 11th and the 13th do not count → due Friday 17th.
    const resumed = foldProgress(open, log.progress(row.id, { type: 'supplement-received', caseStatus: 'in-review' }, 4));
    const cd = countdownOf(row, '2025-10-14', {}, resumed);
    expect(cd.kind === 'running' && cd.dueDate).toBe('2025-10-17');
    expect(zh(cd)).toBe('剩余 3 个工作日');
  });

  it('an extension moves the due date by its working days', () => {
    const center = fold([log.progress(row.id, { type: 'extended', caseStatus: 'in-review', extraDays: 3, reasons: ['需现场核查'], actor: '王局长' }, 2)]);
    const cd = countdownOf(row, '2025-10-14', {}, center);
    expect(cd.kind === 'running' && cd.dueDate).toBe('2025-10-17');
    expect(cd.level).toBe('normal');
  });

  it('the cache keys on the center progress too', () => {
    const before = fold([log.progress(row.id, { type: 'routed', caseStatus: 'in-review' })]);
    const after = foldProgress(before, log.progress(row.id, { type: 'result-issued', caseStatus: 'completed' }));
    const cache = new CountdownCache('2025-10-16', { centers: new Map([[row.id, before]]) });
    expect(cache.get(row).level).toBe('red');
    expect(cache.get(row, after)).toMatchObject({ kind: 'closed', center: 'completed' });
  });
});

describe('the progress time line', () => {
  const ev = (seq: number, type: string, at: string): CaseEvent => ({ caseId: row.id, seq, type, at, actor: 'c-1', data: null, prevHash: '0'.repeat(64), hash: String(seq).repeat(64).slice(0, 64) }) as CaseEvent;

  it("puts the window's events and the center's steps in time order and marks each due date change", () => {
    const l = new ChangeLog(Date.parse('2025-09-30T10:00:00+08:00'));
    const routed = l.progress(row.id, { type: 'routed', caseStatus: 'in-review', dueDate: '2025-10-14', ...dept('SCJG', '市场监督管理局') });
    const approved = l.progress(row.id, { type: 'step-approved', caseStatus: 'in-review', dueDate: '2025-10-14', ...dept('SCJG', '市场监督管理局') });
    const paused = l.progress(row.id, { type: 'paused', caseStatus: 'paused', reasons: ['专家评审'], dueDate: null });
    const extended = l.progress(row.id, { type: 'extended', caseStatus: 'in-review', extraDays: 5, dueDate: '2025-10-24' });
    const result = l.result(row.id);
    const events = [ev(1, 'received', '2025-09-30T09:30:00+08:00'), ev(2, 'accepted', '2025-09-30T09:40:00+08:00'), ev(3, 'printed', '2025-09-30T13:30:00+08:00')];
    const t = progressTimeline(events, [routed, approved, paused, extended, result]);
    expect(t.map((e) => (e.source === 'window' ? e.event.type : e.source === 'center' ? e.progress.type : 'result'))).toEqual([
      'received',
      'accepted',
      'routed',
      'step-approved',
      'paused',
      'printed',
      'extended',
      'result',
    ]);
    const dues = t.map((e) => (e.source === 'center' ? (e.due ?? null) : undefined)).filter((d) => d !== undefined);
    expect(dues).toEqual([{ date: '2025-10-14', first: true }, null, { date: null, first: false }, { date: '2025-10-24', first: false }]);
  });

  it("keeps the center's order where pull order and event times disagree (two departments approving at once)", () => {
    const l = new ChangeLog(Date.parse('2025-09-30T10:00:00+08:00'));
    const routed = { ...l.progress(row.id, { type: 'routed', caseStatus: 'in-review', dueDate: '2025-10-14' }), seq: 1 };
    // The second department's transaction started first (earlier time) but committed second.
    const second = { ...l.progress(row.id, { type: 'step-approved', caseStatus: 'approved', ...dept('WSJ', '卫生健康委员会') }), seq: 3 };
    const approved = { ...l.progress(row.id, { type: 'approved', caseStatus: 'approved' }), seq: 4 };
    const first = { ...l.progress(row.id, { type: 'step-approved', caseStatus: 'in-review', dueDate: '2025-10-15', ...dept('SCJG', '市场监督管理局') }), seq: 2 };
    first.eventAt = new Date(Date.parse(approved.eventAt) + 60_000).toISOString();
    const t = progressTimeline([], [routed, second, approved, first]);
    expect(t.map((e) => (e.source === 'center' ? `${e.progress.type}:${e.progress.caseStatus}` : e.source))).toEqual([
      'routed:in-review',
      'step-approved:in-review',
      'step-approved:approved',
      'approved:approved',
    ]);
  });
});

describe('the case list with the center', () => {
  const dbName = `center-list-${crypto.randomUUID()}`;
  const syncName = `center-list-sync-${crypto.randomUUID()}`;
  const s = {} as { db: YichuangDb; repo: CasesRepository; sync: SyncStateDb; rows: CaseRow[] };
  const TODAY = '2025-10-13';
  const filter = (over: Partial<CaseListFilter>): CaseListFilter => ({ tab: 'all', query: '', status: null, warning: null, center: null, ...over });

  beforeAll(async () => {
    const db = new YichuangDb(dbName);
    const repo = new CasesRepository(db);
    const rows: CaseRow[] = [];
    for (const [i, name] of ['赵一', '钱二', '孙三'].entries())
      rows.push(await repo.commit(commitOf({ item: promisedItem(10), receivedOn: TODAY, decision: 'accept', applicant: person(name, '1990-01-0' + (i + 1), 11 + i) })));
    const sync = new SyncStateDb(syncName);
    const l = new ChangeLog();
    await sync.storePulled(
      [
        l.progress(rows[0]!.id, { type: 'routed', caseStatus: 'in-review' }),
        l.progress(rows[1]!.id, { type: 'routed', caseStatus: 'in-review' }),
        l.progress(rows[1]!.id, { type: 'refused', caseStatus: 'refused', reasons: ['不符合条件'] }),
      ],
      '9.9',
    );
    Object.assign(s, { db, repo, sync, rows });
  });
  afterAll(async () => {
    s.db.close();
    s.sync.close();
    await Dexie.delete(dbName);
    await Dexie.delete(syncName);
  });

  const context = async () => {
    const known = await centersOf(s.sync, (await s.repo.open()).map((r) => r.id));
    const cache = new CountdownCache(TODAY, { centers: known });
    return { today: TODAY, levelOf: (r: CaseRow) => cache.level(r), center: centerLookup(s.sync, known) };
  };
  const ids = (rows: CaseRow[]) => new Set(rows.map((r) => r.id));

  it('a case the center refused is no longer open at the window', async () => {
    const open = await listCases(s.db, s.repo, filter({ tab: 'open' }), await context(), 0, 50);
    expect(ids(open.rows)).toEqual(new Set([s.rows[0]!.id, s.rows[2]!.id]));
    // Still in 全部, with its own (window) status.
    const all = await listCases(s.db, s.repo, filter({ tab: 'all', status: 'accepted' }), await context(), 0, 50);
    expect(all.total).toBe(3);
  });

  it('filters by the center status, with the other filters applied too', async () => {
    const ctx = await context();
    const inReview = await listCases(s.db, s.repo, filter({ center: 'in-review' }), ctx, 0, 50);
    expect(ids(inReview.rows)).toEqual(new Set([s.rows[0]!.id]));
    const refused = await listCases(s.db, s.repo, filter({ center: 'refused' }), ctx, 0, 50);
    expect(ids(refused.rows)).toEqual(new Set([s.rows[1]!.id]));
    expect((await listCases(s.db, s.repo, filter({ center: 'refused', tab: 'open' }), ctx, 0, 50)).total).toBe(0);
    expect((await listCases(s.db, s.repo, filter({ center: 'refused', query: '赵' }), ctx, 0, 50)).total).toBe(0);
    expect((await listCases(s.db, s.repo, filter({ center: 'completed' }), ctx, 0, 50)).total).toBe(0);
  });
});

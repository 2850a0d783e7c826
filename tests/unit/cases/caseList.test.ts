/**
 * The cases list over a real Dexie database (fake-indexeddb), with cases created the one
 * way the app creates them: CasesRepository.commit.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../../src-renderer/app/i18n';
import { CasesRepository } from '../../../src-renderer/db/casesRepository';
import type { CaseRow } from '../../../src-renderer/db/casesSchema';
import { YichuangDb } from '../../../src-renderer/db/database';
import { sha256OfBlob } from '../../../src-renderer/db/hashing';
import { chainText, documentOf } from '../../../src-renderer/features/cases/caseDetailModel';
import { listCases, matchesQuery, syncStates, type CaseListFilter } from '../../../src-renderer/features/cases/caseList';
import { CountdownCache } from '../../../src-renderer/features/cases/countdown';
import { commitOf, IMMEDIATE_ITEM, organisation, person, promisedItem } from './helpers';

const dbs: YichuangDb[] = [];
function freshDb(): YichuangDb {
  const db = new YichuangDb(`test-case-list-${crypto.randomUUID()}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) if (db !== shared.db) await db.delete();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const filter = (over: Partial<CaseListFilter>): CaseListFilter => ({ tab: 'all', query: '', status: null, warning: null, ...over });
const numbers = (rows: CaseRow[]) => rows.map((r) => r.caseNumber);

// Monday 13 October 2025, after the National Day holiday (1–8 October; Saturday 11th worked).
const TODAY = '2025-10-13';
const shared = {} as { db: YichuangDb; repo: CasesRepository; byName: Record<string, CaseRow> };
const ctx = () => {
  const cache = new CountdownCache(TODAY);
  return { today: TODAY, levelOf: (r: CaseRow) => cache.level(r) };
};

beforeAll(async () => {
  const db = freshDb();
  const repo = new CasesRepository(db);
  const byName: Record<string, CaseRow> = {};
  const specs: [string, Parameters<typeof commitOf>[0]][] = [
    // 5 working days from 30 September: due 14 October, 1 left today -> yellow.
    ['a', { item: promisedItem(5), receivedOn: '2025-09-30', decision: 'accept', applicant: person('王小明', '1990-03-07', 123) }],
    ['b', { item: promisedItem(10), receivedOn: TODAY, decision: 'accept', applicant: person('王大伟', '1988-11-30', 45) }],
    ['c', { item: promisedItem(10), receivedOn: TODAY, decision: 'refuse', applicant: organisation('石家庄长安科技有限公司') }],
    ['d', { item: promisedItem(10), receivedOn: TODAY, decision: 'supplement', applicant: person('李娜', '1995-05-05', 22) }],
    // 5 working days from 1 September: long overdue -> red.
    ['e', { item: promisedItem(5), receivedOn: '2025-09-01', decision: 'accept', applicant: person('张伟', '1970-01-01', 11) }],
    // A returning applicant (same person as a), an immediate item done on the spot.
    ['f', { item: IMMEDIATE_ITEM, receivedOn: '2025-10-10', decision: 'complete', applicant: person('王小明', '1990-03-07', 123) }],
  ];
  for (const [name, spec] of specs) {
    byName[name] = await repo.commit(commitOf(spec));
    await sleep(3); // distinct updatedAt, so "most recently changed first" is one order
  }
  Object.assign(shared, { db, repo, byName });
});

const n = (...names: string[]) => names.map((x) => shared.byName[x]!.caseNumber);
const list = (f: Partial<CaseListFilter>, offset = 0, limit = 50, limits = {}) => listCases(shared.db, shared.repo, filter(f), ctx(), offset, limit, limits);

describe('tabs', () => {
  it("今日 shows the cases received today and nothing else", async () => {
    const p = await list({ tab: 'today' });
    expect(p.total).toBe(3);
    expect(new Set(numbers(p.rows))).toEqual(new Set(n('b', 'c', 'd')));
  });

  it('在办 shows accepted and awaiting-supplement cases, the most urgent first', async () => {
    const p = await list({ tab: 'open' });
    expect(p.total).toBe(4);
    expect(numbers(p.rows).slice(0, 2)).toEqual(n('e', 'a')); // red, then yellow
    expect(new Set(numbers(p.rows).slice(2))).toEqual(new Set(n('b', 'd')));
  });

  it('全部 pages through every case, most recently changed first, without overlap', async () => {
    const all = await list({ tab: 'all' });
    expect(all.total).toBe(6);
    expect(numbers(all.rows)).toEqual(n('f', 'e', 'd', 'c', 'b', 'a'));
    const first = await list({ tab: 'all' }, 0, 4);
    const second = await list({ tab: 'all' }, 4, 4);
    expect(first.total).toBe(6);
    expect([...numbers(first.rows), ...numbers(second.rows)]).toEqual(numbers(all.rows));
  });
});

describe('search', () => {
  it('finds by the start of the applicant name, over all cases or within a tab', async () => {
    expect(new Set(numbers((await list({ query: '王小' })).rows))).toEqual(new Set(n('a', 'f')));
    expect((await list({ tab: 'today', query: '王小' })).total).toBe(0);
    expect(numbers((await list({ tab: 'today', query: '王' })).rows)).toEqual(n('b'));
    // Prefix, not substring: the middle of a name does not match.
    expect((await list({ query: '小明' })).total).toBe(0);
  });

  it('finds by document number and credit code prefixes, and by case number', async () => {
    const a = shared.byName.a!;
    const id = a.applicant.kind === 'person' ? a.applicant.documentNumber : '';
    expect(new Set(numbers((await list({ query: id.slice(0, 12) })).rows))).toEqual(new Set(n('a', 'f')));
    const c = shared.byName.c!;
    const code = c.applicant.kind === 'organisation' ? c.applicant.creditCode : '';
    expect(numbers((await list({ query: code.slice(0, 10) })).rows)).toEqual(n('c'));
    expect(numbers((await list({ query: c.caseNumber })).rows)).toEqual(n('c'));
    // Case-insensitive, as the clerk types it.
    expect(numbers((await list({ query: c.caseNumber.toLowerCase() })).rows)).toEqual(n('c'));
  });

  it('says when a search over all cases hit its cap', async () => {
    const capped = await list({ query: '130102' }, 0, 50, { search: 3 });
    expect(capped.truncated).toBe(true);
    expect(capped.rows).toHaveLength(3);
    expect((await list({ query: '130102' })).truncated).toBe(false);
  });

  it('matchesQuery is the repository rule: some key starts with the lower-cased query', () => {
    const row = { searchKeys: ['130102199003071237', '王小明'] };
    expect(matchesQuery(row, ' 1301 ')).toBe(true);
    expect(matchesQuery(row, '小明')).toBe(false);
    expect(matchesQuery(row, '')).toBe(true);
  });
});

describe('status and warning filters', () => {
  it('status: the same rows whether the status is read whole or its pages walked', async () => {
    for (const statusInMemory of [2_000, 0]) {
      const refused = await list({ status: 'refused' }, 0, 50, { statusInMemory });
      expect([statusInMemory, numbers(refused.rows)]).toEqual([statusInMemory, n('c')]);
      expect(refused.total).toBe(1);
      const completed = await list({ status: 'completed' }, 0, 50, { statusInMemory });
      expect(numbers(completed.rows)).toEqual(n('f'));
    }
    expect(new Set(numbers((await list({ status: 'accepted' })).rows))).toEqual(new Set(n('a', 'b', 'e')));
    // A closed status has nothing in the open tab.
    expect((await list({ tab: 'open', status: 'refused' })).total).toBe(0);
  });

  it('warning: red is the overdue case, yellow the one due tomorrow, normal the rest', async () => {
    expect(numbers((await list({ warning: 'red' })).rows)).toEqual(n('e'));
    expect(numbers((await list({ warning: 'yellow' })).rows)).toEqual(n('a'));
    expect((await list({ warning: 'pending' })).total).toBe(0);
    const normal = await list({ warning: 'normal' });
    expect(normal.total).toBe(4);
    expect(numbers(normal.rows)).toEqual(n('f', 'd', 'c', 'b'));
    const normalPage2 = await list({ warning: 'normal' }, 2, 2);
    expect(normalPage2.total).toBe(4);
    expect(numbers(normalPage2.rows)).toEqual(n('c', 'b'));
    expect((await list({ tab: 'today', warning: 'normal' })).total).toBe(3);
    expect((await list({ tab: 'today', warning: 'red' })).total).toBe(0);
  });

  it('a case whose due date falls in a year with no calendar is listed as pending', async () => {
    const db = freshDb();
    const repo = new CasesRepository(db);
    const row = await repo.commit(commitOf({ item: promisedItem(20), receivedOn: '2026-12-20', decision: 'accept', dueDatePending: '2027 年工作日历未加载' }));
    const cache = new CountdownCache('2026-12-21');
    const p = await listCases(db, repo, filter({ warning: 'pending' }), { today: '2026-12-21', levelOf: (r) => cache.level(r) }, 0, 50);
    expect(numbers(p.rows)).toEqual([row.caseNumber]);
  });
});

describe('upload state', () => {
  it('pending after saving, rejected when the center refused a record, uploaded when none is left', async () => {
    const db = freshDb();
    const repo = new CasesRepository(db);
    const x = await repo.commit(commitOf({ item: promisedItem(10), receivedOn: TODAY, decision: 'accept' }));
    const y = await repo.commit(commitOf({ item: promisedItem(10), receivedOn: TODAY, decision: 'refuse' }));
    const z = await repo.commit(commitOf({ item: promisedItem(10), receivedOn: TODAY, decision: 'supplement' }));
    expect([...(await syncStates(db, [x.id, y.id, z.id])).values()]).toEqual(['pending', 'pending', 'pending']);
    // What the sync worker does: a rejected record is marked, an answered one removed.
    const [yFirst] = await db.outbox.where('caseId').equals(y.id).sortBy('deviceSeq');
    await db.outbox.update(yFirst!.deviceSeq, { state: 'rejected', rejection: { code: 'bad', message: 'x' } });
    await db.outbox.where('caseId').equals(z.id).delete();
    const s = await syncStates(db, [x.id, y.id, z.id]);
    expect([s.get(x.id), s.get(y.id), s.get(z.id)]).toEqual(['pending', 'rejected', 'synced']);
  });
});

describe('case detail model', () => {
  const t = (k: Parameters<typeof translate>[1], p?: Parameters<typeof translate>[2]) => translate('zh-CN', k, p);

  it('reports an intact chain, and the event and reason when one was edited', async () => {
    const db = freshDb();
    const repo = new CasesRepository(db);
    const row = await repo.commit(commitOf({ item: promisedItem(10), receivedOn: TODAY, decision: 'accept' }));
    expect(chainText(t, await repo.verify(row.id))).toBe('事件链完整（2 条）');
    // Someone edits the decision event in the database.
    await db.events.where('[caseId+seq]').equals([row.id, 2]).modify((e) => {
      e.actor = 'someone-else';
    });
    expect(chainText(t, await repo.verify(row.id))).toBe('事件链被篡改：第 2 条 内容被改动');
  });

  it("finds the decision's document in the events", async () => {
    const db = freshDb();
    const repo = new CasesRepository(db);
    const pdf = new Blob([new TextEncoder().encode('%PDF-1.7\n%receipt\n')], { type: 'application/pdf' });
    const sha256 = await sha256OfBlob(pdf);
    const input = commitOf({ item: promisedItem(10), receivedOn: TODAY, decision: 'accept' });
    const row = await repo.commit({ ...input, document: { sha256, blob: pdf, mediaType: 'application/pdf', name: '受理通知书.pdf', type: 'acceptance' } });
    const doc = documentOf(await repo.events(row.id));
    expect(doc).toEqual({ type: 'acceptance', sha256 });
    expect((await repo.blob(sha256))?.size).toBe(pdf.size);
    const plain = await repo.commit(commitOf({ item: promisedItem(10), receivedOn: TODAY, decision: 'refuse' }));
    expect(documentOf(await repo.events(plain.id))).toBeNull();
  });
});

/**
 * The verification queue on a real (fake-indexeddb) database: asked at once when the
 * center answers, kept pending when it does not — across a restart — and asked again
 * when sync next succeeds; a changed question is never overwritten by an old answer.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResultOf } from '../../../src-shared/protocol/clerk-api';
import type { SyncFailure } from '../../../src-shared/protocol/clerk-sync';
import type { VerifyOrganisationRequest, VerifyPersonRequest } from '../../../src-shared/protocol/shared-data';
import { YichuangDb } from '../../../src-renderer/db/database';
import { VerificationsRepository, type VerificationSubject } from '../../../src-renderer/db/verificationsRepository';
import { drainVerifications, verifyNow, type VerificationApi } from '../../../src-renderer/features/verification/queue';
import { startQueueRunner } from '../../../src-renderer/features/verification/runtime';
import type { SyncStatus } from '../../../src-renderer/sync/engine';

const names: string[] = [];
let n = 0;
function freshDb(name = `test-verify-${Date.now()}-${n++}`): YichuangDb {
  names.push(name);
  return new YichuangDb(name);
}
afterEach(async () => {
  for (const name of names.splice(0)) await new YichuangDb(name).delete();
});

const PERSON: VerificationSubject = { kind: 'person', request: { documentType: '111', documentNumber: '130102198804110119', name: '王𠈌' } };
const ORG: VerificationSubject = { kind: 'organisation', request: { creditCode: '91130102MA0CXK7Q1X', name: '石家庄市𠈌记餐饮管理有限公司', legalRepresentative: '李四' } };
const OFFLINE: SyncFailure = { kind: 'offline', message: '无法连接中心同步服务 (ECONNREFUSED)' };

/** A center that answers from a table, or is down. */
class FakeCenter implements VerificationApi {
  online = true;
  asked: Array<VerifyPersonRequest | VerifyOrganisationRequest> = [];
  failure: SyncFailure = OFFLINE;
  personResult: 'match' | 'name_mismatch' | 'not_found' | 'deceased' = 'match';
  async 'sync:verify-person'(args: VerifyPersonRequest): Promise<ResultOf<'sync:verify-person'>> {
    this.asked.push(args);
    if (!this.online) return { ok: false, error: this.failure };
    return { ok: true, value: { result: this.personResult, checkedAt: '2025-10-09T02:00:00.000Z', source: '人口库', queryId: `q${this.asked.length}` } };
  }
  async 'sync:verify-organisation'(args: VerifyOrganisationRequest): Promise<ResultOf<'sync:verify-organisation'>> {
    this.asked.push(args);
    if (!this.online) return { ok: false, error: this.failure };
    const mismatchedFields = args.legalRepresentative === '李四' ? [] : (['legalRepresentative'] as const);
    return {
      ok: true,
      value: { result: mismatchedFields.length ? 'mismatch' : 'match', mismatchedFields: [...mismatchedFields], checkedAt: '2025-10-09T02:00:00.000Z', source: '法人库', queryId: `q${this.asked.length}` },
    };
  }
}

/** The verification's owner: a draft (the intake in progress). */
async function draft(db: YichuangDb, id: string) {
  await db.drafts.put({ id, updatedAt: '2025-10-09T10:00:00+08:00', data: {} } as never);
}

describe('verification queue', () => {
  it('asks at once when the center answers and keeps the answer on the case', async () => {
    const db = freshDb();
    const repo = new VerificationsRepository(db);
    const center = new FakeCenter();
    const r = await verifyNow(repo, center, 'case-1', PERSON);
    expect(r.kind).toBe('done');
    expect(await repo.get('case-1')).toMatchObject({ state: 'done', result: 'match', source: '人口库', queryId: 'q1', attempts: 1 });
    // The same question again is answered from the table, not asked again.
    expect((await verifyNow(repo, center, 'case-1', PERSON)).kind).toBe('done');
    expect(center.asked).toHaveLength(1);
    db.close();
  });

  it('queues the question while offline, keeps it across a restart and asks it when sync succeeds', async () => {
    const name = `test-verify-restart-${Date.now()}`;
    const db = freshDb(name);
    const center = new FakeCenter();
    center.online = false;
    await draft(db, 'case-2');
    const r = await verifyNow(new VerificationsRepository(db), center, 'case-2', ORG);
    expect(r).toMatchObject({ kind: 'queued', failure: { kind: 'offline' } });
    expect(await new VerificationsRepository(db).get('case-2')).toMatchObject({ state: 'pending', attempts: 1 });
    db.close();

    // The app restarts: a new connection to the same database.
    const again = new YichuangDb(name);
    const repo = new VerificationsRepository(again);
    expect((await repo.pending()).map((p) => p.caseId)).toEqual(['case-2']);
    // Still offline: nothing changes, the drain stops at once.
    expect(await drainVerifications(repo, center)).toMatchObject({ done: 0, left: 1, stoppedBy: { kind: 'offline' } });
    center.online = true;
    expect(await drainVerifications(repo, center)).toMatchObject({ done: 1, left: 0 });
    expect(await repo.get('case-2')).toMatchObject({ state: 'done', result: 'match', mismatchedFields: [], attempts: 3 });
    expect(await repo.pending()).toEqual([]);
    again.close();
  });

  it('replaces the question when the applicant changes, and drops an answer to the old one', async () => {
    const db = freshDb();
    const repo = new VerificationsRepository(db);
    const center = new FakeCenter();
    await verifyNow(repo, center, 'case-3', ORG);
    expect((await repo.get('case-3'))?.result).toBe('match');
    // The clerk corrects the legal representative: a new, pending question.
    const changed: VerificationSubject = { kind: 'organisation', request: { ...(ORG.request as VerifyOrganisationRequest), legalRepresentative: '李五' } };
    const pending = await repo.request('case-3', changed, '2025-10-09T10:01:00+08:00');
    expect(pending).toMatchObject({ state: 'pending', attempts: 0 });
    expect(pending.result).toBeUndefined();
    // A late answer to the old question does not land on the new one.
    const old = await repo.request('case-x', ORG, '2025-10-09T10:01:00+08:00');
    expect(await repo.complete('case-3', old.requestKey, { result: 'match', mismatchedFields: [], checkedAt: '2025-10-09T02:00:00.000Z', source: '法人库', queryId: 'q' }, 'now')).toBe(false);
    expect((await repo.get('case-3'))?.state).toBe('pending');
    const r = await verifyNow(repo, center, 'case-3', changed);
    expect(r.kind).toBe('done');
    expect(await repo.get('case-3')).toMatchObject({ result: 'mismatch', mismatchedFields: ['legalRepresentative'] });
    db.close();
  });

  it('marks a question the center refuses as wrong as failed, and does not ask it again', async () => {
    const db = freshDb();
    const repo = new VerificationsRepository(db);
    const center = new FakeCenter();
    center.online = false;
    center.failure = { kind: 'rejected', status: 400, message: '请求体字段 creditCode 不合法', field: 'creditCode' };
    await draft(db, 'case-4');
    expect((await verifyNow(repo, center, 'case-4', ORG)).kind).toBe('failed');
    expect(await repo.get('case-4')).toMatchObject({ state: 'failed', error: '请求体字段 creditCode 不合法' });
    expect(await drainVerifications(repo, center)).toMatchObject({ done: 0, failed: 0, left: 0 });
    expect(center.asked).toHaveLength(1);
    // A 404 (a center without the service yet) is not final: it stays queued.
    center.failure = { kind: 'rejected', status: 404, message: 'Not Found' };
    expect((await verifyNow(repo, center, 'case-5', PERSON)).kind).toBe('queued');
    expect((await repo.get('case-5'))?.state).toBe('pending');
    db.close();
  });

  it('drains oldest first, stops at the first question without an answer, and drops those of discarded drafts', async () => {
    const db = freshDb();
    const repo = new VerificationsRepository(db);
    const center = new FakeCenter();
    center.online = false;
    // 'b' is the oldest, but its draft was discarded.
    for (const [i, id] of ['b', 'a', 'c'].entries()) {
      if (id !== 'b') await draft(db, id);
      await repo.request(id, { kind: 'person', request: { ...(PERSON.request as VerifyPersonRequest), name: `张${i}` } }, `2025-10-09T10:0${i}:00+08:00`);
    }
    expect(await drainVerifications(repo, center)).toMatchObject({ done: 0, dropped: 1, left: 2 });
    expect(center.asked).toHaveLength(1); // stopped after the first failure
    expect(await repo.get('b')).toBeUndefined();
    center.online = true;
    expect(await drainVerifications(repo, center)).toMatchObject({ done: 2, left: 0 });
    expect(center.asked.map((q) => (q as VerifyPersonRequest).name)).toEqual(['张1', '张1', '张2']);
    db.close();
  });

  it('runs when the sync engine reports a new successful cycle, in the owning page only', async () => {
    const db = freshDb();
    const repo = new VerificationsRepository(db);
    const center = new FakeCenter();
    await draft(db, 'case-6');
    await repo.request('case-6', PERSON, '2025-10-09T10:00:00+08:00');
    let emit: (s: SyncStatus | null) => void = () => undefined;
    const handle = {
      owner: false,
      subscribe(fn: (s: SyncStatus | null) => void) {
        emit = fn;
        return () => undefined;
      },
    };
    const drained: number[] = [];
    const runner = startQueueRunner(handle, repo, center, (r) => drained.push(r.done));
    const status = (lastSuccessAt: string | null, online = true) => ({ lastSuccessAt, online }) as SyncStatus;
    emit(status('2025-10-09T02:00:00.000Z'));
    await runner.kick().then(() => undefined, () => undefined);
    // Not the owner: the kick above was the test's own; the status did not start a drain by itself.
    expect(drained).toEqual([1]);
    await repo.request('case-6', { kind: 'person', request: { ...(PERSON.request as VerifyPersonRequest), name: '王二' } }, '2025-10-09T10:05:00+08:00');
    emit(status('2025-10-09T02:01:00.000Z'));
    await new Promise((r) => setTimeout(r, 20));
    expect((await repo.get('case-6'))?.state).toBe('pending');

    handle.owner = true;
    emit(status(null)); // a failed cycle: nothing
    emit(status('2025-10-09T02:01:00.000Z')); // seen already
    await new Promise((r) => setTimeout(r, 20));
    expect((await repo.get('case-6'))?.state).toBe('pending');
    emit(status('2025-10-09T02:02:00.000Z'));
    await expect.poll(async () => (await repo.get('case-6'))?.state).toBe('done');
    runner.stop();
    db.close();
  });
});

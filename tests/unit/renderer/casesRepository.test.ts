import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { YichuangDb } from '../../../src-renderer/db/database';
import { CasesRepository, IntakeRuleError, StorageFullError, type IntakeCommit } from '../../../src-renderer/db/casesRepository';
import { DraftsRepository } from '../../../src-renderer/db/draftsRepository';
import { OutboxRepository } from '../../../src-renderer/db/outboxRepository';
import { sha256OfBlob } from '../../../src-renderer/db/hashing';
import { snapshotOf, type MaterialState } from '../../../src-shared/domain/case';
import { parseCaseNumber } from '../../../src-shared/domain/case-number';
import { makeResidentId } from '../../../src-shared/domain/identifiers';
import { verifyChain } from '../../../src-shared/domain/event-chain';
import { SyncRecord } from '../../../src-shared/protocol/sync';
import { ITEMS } from './fixtures';

const dbs: YichuangDb[] = [];
function freshDb(): YichuangDb {
  const db = new YichuangDb(`test-cases-${crypto.randomUUID()}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const item = ITEMS[0]!;
const scan = new Blob([new Uint8Array([37, 80, 68, 70, 45, 49, 46, 55, 10, 1, 2, 3])], { type: 'application/pdf' });

async function materials(opts: { all: boolean }): Promise<{ materials: MaterialState[]; blobs: IntakeCommit['blobs'] }> {
  const sha = await sha256OfBlob(scan);
  const ms: MaterialState[] = item.materials.map((m, i) => ({
    materialId: m.id,
    name: m.name,
    required: m.required,
    tolerable: m.tolerable,
    originalsRequired: m.originals,
    copiesRequired: m.copies,
    originalSeen: opts.all || i === 0,
    copiesReceived: opts.all || i === 0 ? m.copies : 0,
    scans: opts.all || i === 0 ? [{ sha256: sha, name: '申请书.pdf', mediaType: 'application/pdf', size: scan.size }] : [],
  }));
  return { materials: ms, blobs: [{ sha256: sha, blob: scan, mediaType: 'application/pdf', name: '申请书.pdf' }] };
}

async function commitInput(over: Partial<IntakeCommit> = {}, all = true): Promise<IntakeCommit> {
  const m = await materials({ all });
  const at = '2026-11-26T09:30:00+08:00';
  return {
    id: crypto.randomUUID(),
    windowId: 'w-130102-01',
    clerkId: 'c-130102-01-1',
    windowRegionCode: '130102',
    item: snapshotOf(item, 3),
    applicant: { kind: 'person', name: '王𠈌', documentType: '111', documentNumber: makeResidentId('130102', '1990-03-07', 123) },
    form: {},
    materials: m.materials,
    receivedAt: at,
    decision: { kind: 'accept', at, clerkId: 'c-130102-01-1' },
    dueDate: '2026-12-10',
    blobs: m.blobs,
    ...over,
  };
}

describe('committing an intake', () => {
  it('writes the case, its chained events, its outbox records and its scans together', async () => {
    const db = freshDb();
    const repo = new CasesRepository(db);
    const row = await repo.commit(await commitInput());
    expect(row.status).toBe('accepted');
    expect(parseCaseNumber(row.caseNumber).ok).toBe(true);
    expect(row.caseNumber.startsWith('130102')).toBe(true);

    const events = await repo.events(row.id);
    expect(events.map((e) => e.type)).toEqual(['received', 'accepted']);
    expect(await verifyChain(events)).toMatchObject({ ok: true, count: 2 });

    const outbox = await new OutboxRepository(db).all();
    expect(outbox).toHaveLength(2);
    expect(outbox.map((o) => o.deviceSeq)).toEqual([1, 2]);
    for (const o of outbox) expect(() => SyncRecord.parse(o)).not.toThrow();
    expect(outbox[0]!.blobs).toEqual([row.materials[0]!.scans[0]!.sha256]);

    const stored = await repo.blob(row.materials[0]!.scans[0]!.sha256);
    expect(stored?.caseIds).toEqual([row.id]);
    expect(new Uint8Array(await stored!.blob.arrayBuffer())).toEqual(new Uint8Array(await scan.arrayBuffer()));
  });

  it('refuses an acceptance with a required material missing, naming it, and writes nothing', async () => {
    const db = freshDb();
    const repo = new CasesRepository(db);
    const err = await repo.commit(await commitInput({}, false)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntakeRuleError);
    expect((err as IntakeRuleError).problems[0]).toMatchObject({ field: 'materials.M2', rule: 'rule-1' });
    expect((err as Error).message).toContain('营业执照');
    expect(await db.cases.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.blobs.count()).toBe(0);
  });

  it('accepts the same gap as tolerated with a signed commitment', async () => {
    const repo = new CasesRepository(freshDb());
    const input = await commitInput({}, false);
    input.decision = { kind: 'accept-with-gap', at: input.receivedAt, clerkId: input.clerkId, gapMaterialIds: ['M2'], commitmentDeadline: '2026-12-03', commitmentSigned: true };
    const row = await repo.commit(input);
    expect(row.status).toBe('accepted');
    expect((await repo.events(row.id)).map((e) => e.type)).toEqual(['received', 'accepted-with-gap']);
  });

  it('needs every missing material in a notice to supplement (one-time notice)', async () => {
    const repo = new CasesRepository(freshDb());
    const input = await commitInput({}, false);
    input.decision = { kind: 'supplement', at: input.receivedAt, clerkId: input.clerkId, deficiencies: [{ text: '请补充材料' }] };
    await expect(repo.commit(input)).rejects.toMatchObject({ problems: [expect.objectContaining({ rule: 'rule-2' })] });
    input.decision = { kind: 'supplement', at: input.receivedAt, clerkId: input.clerkId, deficiencies: [{ materialId: 'M2', text: '营业执照复印件1份' }] };
    expect((await repo.commit(input)).status).toBe('awaiting-supplement');
  });

  it('numbers cases uniquely and in sequence on one device', async () => {
    const db = freshDb();
    const repo = new CasesRepository(db);
    const numbers = new Set<string>();
    for (let i = 0; i < 5; i++) numbers.add((await repo.commit(await commitInput())).caseNumber);
    expect(numbers.size).toBe(5);
    const seqs = [...numbers].map((n) => (parseCaseNumber(n) as { parts: { seq: number } }).parts.seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
    // Outbox device sequence stays gap-free across cases.
    expect((await new OutboxRepository(db).all()).map((o) => o.deviceSeq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('uses a number given out before the document was rendered, and refuses one it did not give', async () => {
    const repo = new CasesRepository(freshDb());
    const n = await repo.nextCaseNumber('130102', '2026-11-26T09:30:00+08:00');
    expect((await repo.commit({ ...(await commitInput()), caseNumber: n })).caseNumber).toBe(n);
    const foreign = n.slice(0, 14) + 'ZZZZZZ000001';
    await expect(repo.commit({ ...(await commitInput()), caseNumber: foreign })).rejects.toMatchObject({ field: 'caseNumber' });
    await expect(repo.commit({ ...(await commitInput()), caseNumber: n })).rejects.toThrow();
  });

  it('writes nothing when the transaction fails half way', async () => {
    const db = freshDb();
    const repo = new CasesRepository(db);
    await repo.commit(await commitInput());
    // Make the outbox write fail after case and events were written in the transaction.
    db.outbox.hook('creating', () => {
      throw new Error('disk on fire');
    });
    await expect(repo.commit(await commitInput())).rejects.toThrow('disk on fire');
    expect(await db.cases.count()).toBe(1);
    expect(await db.events.count()).toBe(2);
    expect(await db.outbox.count()).toBe(2);
  });

  it('says the disk is full, in words a clerk can act on, and keeps what was saved', async () => {
    const db = freshDb();
    const repo = new CasesRepository(db);
    await repo.commit(await commitInput());
    db.cases.hook('creating', () => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    const err = await repo.commit(await commitInput()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageFullError);
    expect((err as Error).message).toContain('存储空间已满');
    expect(await db.cases.count()).toBe(1);
  });

  it('removes the draft and its scans in the same transaction', async () => {
    const db = freshDb();
    const drafts = new DraftsRepository(db);
    const input = await commitInput();
    await drafts.save({ id: 'd1', step: 3, data: { any: 'thing' }, title: 'x' });
    await drafts.putBlob('d1', input.blobs[0]!);
    await new CasesRepository(db).commit({ ...input, draftId: 'd1' });
    expect(await drafts.get('d1')).toBeUndefined();
    expect(await drafts.blobs('d1')).toEqual([]);
  });

  it('finds cases by number, applicant name and ID prefix, and remembers applicants', async () => {
    const repo = new CasesRepository(freshDb());
    const a = await repo.commit(await commitInput());
    const b = await repo.commit(
      await commitInput({ applicant: { kind: 'person', name: '李四', documentType: '111', documentNumber: makeResidentId('130104', '1985-12-01', 77) } }),
    );
    expect((await repo.search('王')).map((c) => c.id)).toEqual([a.id]);
    expect((await repo.search('李四')).map((c) => c.id)).toEqual([b.id]);
    expect((await repo.search(b.applicant.kind === 'person' ? b.applicant.documentNumber.slice(0, 10) : '')).map((c) => c.id)).toEqual([b.id]);
    expect((await repo.search(a.caseNumber.toLowerCase())).map((c) => c.id)).toEqual([a.id]);
    expect(await repo.search('赵')).toEqual([]);
    // Pinyin initials of the applicant's name: 李四 → ls.
    expect((await repo.search('ls')).map((c) => c.id)).toEqual([b.id]);
    const found = await repo.findApplicants('130104');
    expect(found.map((r) => r.name)).toEqual(['李四']);
  });

  it('detects an edited event', async () => {
    const db = freshDb();
    const repo = new CasesRepository(db);
    const row = await repo.commit(await commitInput());
    await db.events.update([row.id, 2], { actor: 'someone-else' });
    expect(await repo.verify(row.id)).toMatchObject({ ok: false, index: 1, reason: 'hash' });
  });
});

describe('append: later events of a case', () => {
  it('continues the chain, queues a signed-to-be record after the first two and updates the status', async () => {
    const db = freshDb();
    const repo = new CasesRepository(db);
    const row = await repo.commit(await commitInput());
    const doc = new Blob([new Uint8Array([37, 80, 68, 70, 45, 49, 46, 55, 10, 9, 9])], { type: 'application/pdf' });
    const sha = await sha256OfBlob(doc);
    const ev = await repo.append(
      row.id,
      { type: 'result-printed', at: '2026-11-27T10:00:00+08:00', actor: 'c-130102-01-1', data: { copies: 2, printer: 'HP' } },
      { status: 'completed', blobs: [{ sha256: sha, blob: doc, mediaType: 'application/pdf', name: '结果.pdf' }] },
    );
    expect(ev.seq).toBe(3);
    const events = await repo.events(row.id);
    expect(events.map((e) => e.type)).toEqual(['received', 'accepted', 'result-printed']);
    expect((await verifyChain(events, { caseId: row.id })).ok).toBe(true);
    const outbox = await new OutboxRepository(db).forCase(row.id);
    expect(outbox.map((o) => o.deviceSeq)).toEqual([1, 2, 3]);
    expect(SyncRecord.parse(outbox[2]).blobs).toEqual([sha]);
    expect((await repo.get(row.id))?.status).toBe('completed');
    expect((await repo.blob(sha))?.caseIds).toEqual([row.id]);
  });

  it('two appends at once never fork the chain', async () => {
    const db = freshDb();
    const repo = new CasesRepository(db);
    const row = await repo.commit(await commitInput());
    await Promise.all(
      [1, 2, 3].map((n) => repo.append(row.id, { type: 'note', at: '2026-11-27T10:00:00+08:00', actor: 'c-130102-01-1', data: { n } })),
    );
    const events = await repo.events(row.id);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await verifyChain(events, { caseId: row.id })).ok).toBe(true);
  });

  it('refuses an unknown case and writes nothing', async () => {
    const db = freshDb();
    const repo = new CasesRepository(db);
    await expect(repo.append(crypto.randomUUID(), { type: 'note', at: '2026-11-27T10:00:00+08:00', actor: 'x', data: {} })).rejects.toThrow(/no such case/);
    expect(await db.outbox.count()).toBe(0);
  });
});

/**
 * Dexie version 3 adds the verifications table: a window database of version 2 with
 * cases, drafts and outbox records opens at version 3 with everything still there.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { YichuangDb } from '../../../src-renderer/db/database';
import { LATEST_SCHEMA_VERSION, SCHEMA_VERSIONS } from '../../../src-renderer/db/versions';
import { VerificationsRepository } from '../../../src-renderer/db/verificationsRepository';
import { rowOf, promisedItem } from '../cases/helpers';

const names: string[] = [];
afterEach(async () => {
  for (const n of names.splice(0)) await new YichuangDb(n).delete();
});

describe('Dexie version 3 (verifications)', () => {
  it('is the latest version and adds only the verifications store', () => {
    const v3 = SCHEMA_VERSIONS.find((v) => v.version === 3);
    expect(v3?.stores).toEqual({ verifications: 'caseId, state, updatedAt' });
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
  });

  it('upgrades a version-2 database, keeping its cases, drafts, outbox and meta', async () => {
    const name = `test-mig-v3-${Date.now()}`;
    names.push(name);
    const v2 = new YichuangDb(name, undefined, SCHEMA_VERSIONS.filter((v) => v.version <= 2));
    await v2.open();
    expect(v2.verno).toBe(2);
    const row = rowOf({ item: promisedItem(5), receivedOn: '2025-10-09', decision: 'accept' });
    await v2.cases.put(row);
    await v2.drafts.put({ id: 'draft-1', updatedAt: '2025-10-09T10:00:00+08:00', step: 1, data: { v: 1 }, title: '草稿' });
    await v2.meta.put({ key: 'deviceId', value: 'ABC123' });
    await v2.outbox.put({ deviceSeq: 1, id: crypto.randomUUID(), deviceId: 'ABC123', windowId: 'w-130102-01', caseId: row.id, state: 'pending', attempts: 0 } as never);
    v2.close();

    const db = new YichuangDb(name);
    await db.open();
    expect(db.verno).toBe(LATEST_SCHEMA_VERSION);
    expect(db.tables.map((t) => t.name)).toContain('verifications');
    expect(db.verifications.schema.primKey.keyPath).toBe('caseId');
    expect(db.verifications.schema.indexes.map((i) => i.name).sort()).toEqual(['state', 'updatedAt']);
    expect(await db.cases.get(row.id)).toMatchObject({ caseNumber: row.caseNumber, applicant: row.applicant });
    expect(await db.drafts.get('draft-1')).toMatchObject({ title: '草稿' });
    expect((await db.meta.get('deviceId'))?.value).toBe('ABC123');
    expect(await db.outbox.count()).toBe(1);
    expect(await db.verifications.count()).toBe(0);

    // The new table works: a queued question for the migrated case.
    const repo = new VerificationsRepository(db);
    await repo.request(row.id, { kind: 'person', request: { documentType: '111', documentNumber: '130102199003070123', name: '王小明' } }, '2025-10-09T10:00:00+08:00');
    expect(await repo.hasOwner(row.id)).toBe(true);
    expect(await repo.hasOwner('nobody')).toBe(false);
    expect((await repo.pending()).map((p) => p.caseId)).toEqual([row.id]);
    db.close();
  });
});

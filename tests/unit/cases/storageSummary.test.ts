import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { CasesRepository } from '../../../src-renderer/db/casesRepository';
import { YichuangDb } from '../../../src-renderer/db/database';
import { sha256OfBlob } from '../../../src-renderer/db/hashing';
import { localDataSummary, recordBytes, storageLevel } from '../../../src-renderer/features/cases/storageSummary';
import { commitOf, promisedItem } from './helpers';

const dbs: YichuangDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

async function scan(bytes: number, seed: number) {
  const data = new Uint8Array(bytes);
  data.set(new TextEncoder().encode('%PDF-1.7\n'));
  data[bytes - 1] = seed;
  const blob = new Blob([data], { type: 'application/pdf' });
  return { blob, sha256: await sha256OfBlob(blob) };
}

describe('local data summary for the settings page', () => {
  it('counts cases, events, outbox records and files, with the files’ exact bytes', async () => {
    const db = new YichuangDb(`test-storage-${crypto.randomUUID()}`);
    dbs.push(db);
    const repo = new CasesRepository(db);
    const empty = await localDataSummary(db);
    expect([empty.cases.count, empty.outbox.count, empty.blobs.count, empty.totalBytes]).toEqual([0, 0, 0, 0]);

    const s1 = await scan(10_000, 1);
    const s2 = await scan(25_000, 2);
    for (const s of [s1, s2]) {
      const input = commitOf({ item: promisedItem(10), receivedOn: '2025-10-13', decision: 'accept' });
      input.materials[0]!.scans = [{ sha256: s.sha256, name: 'scan.pdf', mediaType: 'application/pdf', size: s.blob.size }];
      await repo.commit({ ...input, blobs: [{ sha256: s.sha256, blob: s.blob, mediaType: 'application/pdf', name: 'scan.pdf' }] });
    }
    await repo.commit(commitOf({ item: promisedItem(10), receivedOn: '2025-10-13', decision: 'refuse' }));
    const [first] = await db.outbox.orderBy('deviceSeq').limit(1).toArray();
    await db.outbox.update(first!.deviceSeq, { state: 'rejected', rejection: { code: 'x', message: 'x' } });

    const sum = await localDataSummary(db);
    expect(sum.cases.count).toBe(3);
    expect(sum.events.count).toBe(6);
    expect(sum.outbox.count).toBe(6);
    expect(sum.outbox.rejected).toBe(1);
    expect(sum.blobs).toEqual({ count: 2, bytes: 35_000, estimated: false });
    expect(sum.cases.bytes).toBeGreaterThan(0);
    expect(sum.totalBytes).toBe(sum.cases.bytes + sum.events.bytes + sum.outbox.bytes + sum.blobs.bytes + sum.drafts.bytes);

    // With a sample smaller than the table, record sizes are estimated and say so.
    const sampled = await localDataSummary(db, 1);
    expect(sampled.cases.estimated).toBe(true);
    expect(sum.cases.estimated).toBe(false);
  });

  it('weighs records as UTF-8 JSON (Chinese takes 3 bytes a character)', () => {
    expect(recordBytes({ a: '办件' })).toBe(14);
  });

  it('warns from 80 % of the quota and calls it full from 95 %', () => {
    expect(storageLevel(79, 100)).toBe('ok');
    expect(storageLevel(80, 100)).toBe('nearly-full');
    expect(storageLevel(95, 100)).toBe('full');
    expect(storageLevel(null, 100)).toBe('ok');
    expect(storageLevel(5, 0)).toBe('ok');
  });
});

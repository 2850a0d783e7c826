/**
 * What the intake data take on this PC, for the settings page: counts of cases, events,
 * outbox records, blobs and drafts, the exact bytes of stored files (their recorded
 * sizes) and an estimate for the records (average serialised size of a sample, times
 * the count — reading 100,000 cases to weigh them would stall the page).
 * Reads the db tables only.
 */
import type { YichuangDb } from '../../db/database';

export const SIZE_SAMPLE = 200;

export interface TableSummary {
  count: number;
  /** Bytes: exact for files, estimated for records. */
  bytes: number;
  estimated: boolean;
}

export interface LocalDataSummary {
  cases: TableSummary;
  events: TableSummary;
  outbox: TableSummary & { rejected: number };
  blobs: TableSummary;
  drafts: TableSummary;
  totalBytes: number;
}

/** UTF-8 bytes of a record's JSON (Blobs count as their size, not their JSON). */
export function recordBytes(value: unknown): number {
  let extra = 0;
  const json = JSON.stringify(value, (_k, v: unknown) => {
    if (typeof Blob !== 'undefined' && v instanceof Blob) {
      extra += v.size;
      return null;
    }
    return v;
  });
  return new TextEncoder().encode(json ?? '').length + extra;
}

async function estimate<T>(count: number, sample: () => Promise<T[]>): Promise<TableSummary> {
  if (count === 0) return { count, bytes: 0, estimated: false };
  const rows = await sample();
  const total = rows.reduce((s, r) => s + recordBytes(r), 0);
  const exact = rows.length >= count;
  return { count, bytes: exact ? total : Math.round((total / Math.max(1, rows.length)) * count), estimated: !exact };
}

export async function localDataSummary(db: YichuangDb, sampleSize: number = SIZE_SAMPLE): Promise<LocalDataSummary> {
  const [caseCount, eventCount, outboxCount, rejected, draftCount] = await Promise.all([
    db.cases.count(),
    db.events.count(),
    db.outbox.count(),
    db.outbox.where('state').equals('rejected').count(),
    db.drafts.count(),
  ]);
  const [cases, events, outbox, drafts] = await Promise.all([
    estimate(caseCount, () => db.cases.limit(sampleSize).toArray()),
    estimate(eventCount, () => db.events.limit(sampleSize).toArray()),
    estimate(outboxCount, () => db.outbox.limit(sampleSize).toArray()),
    estimate(draftCount, () => db.drafts.limit(sampleSize).toArray()),
  ]);
  let blobCount = 0;
  let blobBytes = 0;
  await db.blobs.each((b) => {
    blobCount++;
    blobBytes += b.size;
  });
  let draftBlobBytes = 0;
  await db.draftBlobs.each((b) => {
    draftBlobBytes += b.size;
  });
  const blobs = { count: blobCount, bytes: blobBytes, estimated: false };
  const draftsAll = { ...drafts, bytes: drafts.bytes + draftBlobBytes };
  return {
    cases,
    events,
    outbox: { ...outbox, rejected },
    blobs,
    drafts: draftsAll,
    totalBytes: cases.bytes + events.bytes + outbox.bytes + blobs.bytes + draftsAll.bytes,
  };
}

/** How full the browser's quota is: 'ok', 'nearly-full' from 80 %, 'full' from 95 %. */
export type StorageLevel = 'ok' | 'nearly-full' | 'full';
export const NEARLY_FULL_RATIO = 0.8;
export const FULL_RATIO = 0.95;

export function storageLevel(usage: number | null | undefined, quota: number | null | undefined): StorageLevel {
  if (usage == null || !quota) return 'ok';
  const r = usage / quota;
  return r >= FULL_RATIO ? 'full' : r >= NEARLY_FULL_RATIO ? 'nearly-full' : 'ok';
}

/**
 * Real outbox records for sync tests: cases committed through CasesRepository.commit (the
 * one way the window creates them: case, hash-chained events, outbox and scans in one
 * transaction), with scans of chosen sizes.
 */
import { CasesRepository, type IntakeCommit } from '../../../src-renderer/db/casesRepository';
import type { YichuangDb } from '../../../src-renderer/db/database';
import { sha256OfBlob } from '../../../src-renderer/db/hashing';
import { snapshotOf, type MaterialState } from '../../../src-shared/domain/case';
import type { CatalogItem } from '../../../src-shared/domain/catalog';
import { makeResidentId } from '../../../src-shared/domain/identifiers';

/** Random bytes (crypto.getRandomValues fills at most 64 KiB at a time). */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

export interface CommitOptions {
  item: CatalogItem;
  catalogVersion?: number;
  windowId?: string;
  regionCode?: string;
  /** Scans attached to the case (bytes). */
  scans?: Uint8Array[];
  at?: string;
}

export async function commitCase(db: YichuangDb, opts: CommitOptions): Promise<{ caseId: string; shas: string[] }> {
  const repo = new CasesRepository(db);
  const at = opts.at ?? '2025-09-30T09:30:00+08:00';
  const blobs: IntakeCommit['blobs'] = [];
  for (const [i, bytes] of (opts.scans ?? []).entries()) {
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
    blobs.push({ sha256: await sha256OfBlob(blob), blob, mediaType: 'application/pdf', name: `扫描件${i + 1}.pdf` });
  }
  const materials: MaterialState[] = opts.item.materials.map((m, i) => ({
    materialId: m.id,
    name: m.name,
    required: m.required,
    tolerable: m.tolerable,
    originalsRequired: m.originals,
    copiesRequired: m.copies,
    originalSeen: true,
    copiesReceived: m.copies,
    scans: i === 0 ? blobs.map((b) => ({ sha256: b.sha256, name: b.name, mediaType: 'application/pdf' as const, size: b.blob.size })) : [],
  }));
  // A required material asking for neither originals nor copies is satisfied by a scan only.
  const needScan = materials.filter((m, i) => m.required && m.originalsRequired === 0 && m.copiesRequired === 0 && i !== 0);
  if (needScan.length) {
    const blob = new Blob([new Uint8Array([1, 2, 3, 4])], { type: 'application/pdf' });
    const sha = await sha256OfBlob(blob);
    if (!blobs.some((b) => b.sha256 === sha)) blobs.push({ sha256: sha, blob, mediaType: 'application/pdf', name: 'x.pdf' });
    for (const m of needScan) m.scans = [{ sha256: sha, name: 'x.pdf', mediaType: 'application/pdf', size: blob.size }];
  }
  const caseId = crypto.randomUUID();
  await repo.commit({
    id: caseId,
    windowId: opts.windowId ?? 'w-130102-01',
    clerkId: 'c-130102-01-1',
    windowRegionCode: opts.regionCode ?? '130102',
    item: snapshotOf(opts.item, opts.catalogVersion ?? 1),
    applicant: { kind: 'person', name: '张三', documentType: '111', documentNumber: makeResidentId('130102', '1990-03-07', 123) },
    form: {},
    materials,
    receivedAt: at,
    decision: opts.item.caseType === '1' ? { kind: 'complete', at, clerkId: 'c-130102-01-1' } : { kind: 'accept', at, clerkId: 'c-130102-01-1' },
    ...(opts.item.caseType === '1' ? {} : { dueDate: '2025-10-20' }),
    blobs,
  });
  return { caseId, shas: blobs.map((b) => b.sha256) };
}

/**
 * The Dexie schema, one entry per version. Never edit a released version: add the next
 * one with the stores it adds or changes (and `upgrade` to migrate data), e.g.
 *
 *   { version: 2, stores: { cases: 'caseNumber, status, createdAt, *searchKeys',
 *                           outbox: '++seq, recordId', blobs: 'sha256' },
 *     upgrade: async (tx) => { ... } }
 *
 * Dexie keeps every declared version, so a database at any older version is upgraded
 * step by step when opened; tests open version N, write data, then open N+1.
 */
import type { Transaction } from 'dexie';

export interface SchemaVersion {
  version: number;
  /** Dexie store specs: primary key first, then indexes ('*' = multi-entry). */
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void> | void;
}

export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      /** The provincial catalog as cached for this window (CachedCatalogItem). */
      catalog: 'implementationCode, name, itemCode, department.code, regionCode, *searchKeys',
      /** Key-value rows (MetaRow): catalogVersion, catalogRegion, catalogFetchedAt … */
      meta: 'key',
      /** Service windows of the province (ServiceWindow), to name this window and clerk. */
      windows: 'id, regionCode',
    },
  },
  {
    version: 2,
    stores: {
      /** Cases taken in at this window (CaseRow). */
      cases: 'id, &caseNumber, status, receivedDate, dueDate, updatedAt, *searchKeys',
      /** The hash-chained event log of every case (EventRow), in order per case. */
      events: '[caseId+seq], caseId, at',
      /** Records waiting for the center, in device order (OutboxRow). */
      outbox: 'deviceSeq, &id, caseId, state',
      /** Scans and documents by SHA-256 (BlobRow). */
      blobs: 'sha256, *caseIds',
      /** Intakes in progress (DraftRow) and their scans (DraftBlobRow). */
      drafts: 'id, updatedAt',
      draftBlobs: 'key, draftId',
      /** Applicants seen before (ApplicantRow). */
      applicants: 'key, lastSeenAt, *searchKeys',
    },
  },
  {
    version: 3,
    stores: {
      /** Applicant checks against the shared data, one per case, queued while offline (VerificationRow). */
      verifications: 'caseId, state, updatedAt',
    },
  },
  {
    version: 4,
    stores: {
      /** Downloads, prints and hand-overs of results collected here for cases accepted elsewhere (ResultLogRow). */
      resultLog: 'id, resultId, state, createdAt',
    },
  },
];

export const LATEST_SCHEMA_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;

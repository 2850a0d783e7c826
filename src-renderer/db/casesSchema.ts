/**
 * Rows of the intake tables (schema version 2). The case itself is the shared `Case`
 * record; these rows add what only the window's database needs: search keys, the
 * bytes of scans, the outbox state.
 */
import type { Case } from '../../src-shared/domain/case';
import type { CaseEvent } from '../../src-shared/domain/event-chain';
import type { SyncRecord } from '../../src-shared/protocol/sync';

/** A case as stored: the shared record plus local index fields. */
export interface CaseRow extends Case {
  /** Lower-cased keys for prefix search: case number, applicant name, document numbers. */
  searchKeys: string[];
  /** YYYY-MM-DD the case was received, for "today's cases". */
  receivedDate: string;
  /** Why there is no due date yet, when there is none (e.g. the year's calendar is missing). */
  dueDatePending?: string;
}

/** A case event as stored; the compound key [caseId+seq] keeps each chain in order. */
export type EventRow = CaseEvent;

export type OutboxState = 'pending' | 'rejected';

/** One record waiting to go to the center, in device order. */
export interface OutboxRow extends SyncRecord {
  state: OutboxState;
  /** The center's answer when it rejected the record (code, field, message). */
  rejection?: { code: string; field?: string; message: string };
  attempts: number;
}

/** Bytes of a scan or a document, content-addressed. */
export interface BlobRow {
  sha256: string;
  blob: Blob;
  mediaType: string;
  size: number;
  name: string;
  createdAt: string;
  /** Cases that refer to it (a blob may serve several, e.g. the same licence scan). */
  caseIds: string[];
}

/** Scans attached to an intake not yet saved: kept so a crash or reload loses nothing. */
export interface DraftBlobRow {
  /** `${draftId}:${sha256}` */
  key: string;
  draftId: string;
  sha256: string;
  blob: Blob;
  mediaType: string;
  size: number;
  name: string;
}

/** An intake in progress, autosaved as the clerk types. */
export interface DraftRow {
  id: string;
  updatedAt: string;
  /** The step the clerk was on. */
  step: number;
  /** Whatever the intake form holds; validated only when it becomes a case. */
  data: unknown;
  /** Short label for the drafts list (item and applicant). */
  title: string;
}

/** An applicant seen before, to find and prefill returning applicants. */
export interface ApplicantRow {
  /** `person:<docType>:<number>` or `org:<creditCode>` */
  key: string;
  name: string;
  applicant: Case['applicant'];
  searchKeys: string[];
  lastSeenAt: string;
  count: number;
}

/**
 * Asking the center about an applicant, now or later. A question is first written to the
 * verifications table (so it survives a crash or a restart), then asked; without an
 * answer (offline, timeout, center busy, not enrolled) it stays pending and
 * `drainVerifications` asks it again when sync next succeeds (./runtime.ts). Only a
 * question the center refuses as wrong (HTTP 400) is marked failed — it would never get
 * another answer.
 */
import type { ResultOf } from '../../../src-shared/protocol/clerk-api';
import type { SyncFailure } from '../../../src-shared/protocol/clerk-sync';
import type { VerifyOrganisationRequest, VerifyPersonRequest } from '../../../src-shared/protocol/shared-data';
import type { VerificationRow, VerificationsRepository, VerificationSubject } from '../../db/verificationsRepository';

/** The clerk-api calls the queue uses. */
export interface VerificationApi {
  'sync:verify-person'(args: VerifyPersonRequest): Promise<ResultOf<'sync:verify-person'>>;
  'sync:verify-organisation'(args: VerifyOrganisationRequest): Promise<ResultOf<'sync:verify-organisation'>>;
}

export type AskOutcome = { kind: 'done'; row: VerificationRow } | { kind: 'failed'; message: string } | { kind: 'queued'; failure: SyncFailure } | { kind: 'superseded' };

/** Will asking again later help? A 400 means the question is wrong; anything else may pass. */
function isFinalRefusal(f: SyncFailure): boolean {
  return f.kind === 'rejected' && f.status === 400;
}

/** Asks the center the row's question once and records what happened. */
export async function askCenter(repo: VerificationsRepository, api: VerificationApi, row: VerificationRow, now: () => string = () => new Date().toISOString()): Promise<AskOutcome> {
  let answer: ResultOf<'sync:verify-person'> | ResultOf<'sync:verify-organisation'>;
  try {
    answer =
      row.kind === 'person'
        ? await api['sync:verify-person'](row.request as VerifyPersonRequest)
        : await api['sync:verify-organisation'](row.request as VerifyOrganisationRequest);
  } catch (e) {
    // The host could not even try (no sync client in this host, a bad argument): keep it for later.
    const failure: SyncFailure = { kind: 'config', message: e instanceof Error ? e.message : String(e) };
    await repo.noteAttempt(row.caseId, row.requestKey, now());
    return { kind: 'queued', failure };
  }
  if (answer.ok) {
    const stored = await repo.complete(row.caseId, row.requestKey, answer.value, now());
    if (!stored) return { kind: 'superseded' };
    const fresh = await repo.get(row.caseId);
    return fresh ? { kind: 'done', row: fresh } : { kind: 'superseded' };
  }
  if (isFinalRefusal(answer.error)) {
    await repo.fail(row.caseId, row.requestKey, answer.error.message, now());
    return { kind: 'failed', message: answer.error.message };
  }
  await repo.noteAttempt(row.caseId, row.requestKey, now());
  return { kind: 'queued', failure: answer.error };
}

/** Records the clerk's question for a case and asks it at once. */
export async function verifyNow(repo: VerificationsRepository, api: VerificationApi, caseId: string, subject: VerificationSubject, now: () => string = () => new Date().toISOString()): Promise<AskOutcome> {
  const row = await repo.request(caseId, subject, now());
  if (row.state === 'done') return { kind: 'done', row };
  return askCenter(repo, api, row, now);
}

export interface DrainResult {
  done: number;
  failed: number;
  /** Questions of discarded drafts, dropped unasked. */
  dropped: number;
  /** Still pending (the center stopped answering). */
  left: number;
  /** Why the drain stopped early. */
  stoppedBy?: SyncFailure;
}

/** Asks every pending question, oldest first; stops at the first one that gets no answer. */
export async function drainVerifications(repo: VerificationsRepository, api: VerificationApi, now: () => string = () => new Date().toISOString()): Promise<DrainResult> {
  const out: DrainResult = { done: 0, failed: 0, dropped: 0, left: 0 };
  const rows = await repo.pending();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (!(await repo.hasOwner(row.caseId))) {
      await repo.remove(row.caseId);
      out.dropped++;
      continue;
    }
    const r = await askCenter(repo, api, row, now);
    if (r.kind === 'done') out.done++;
    else if (r.kind === 'failed') out.failed++;
    else if (r.kind === 'queued') {
      out.left = rows.length - i;
      out.stoppedBy = r.failure;
      return out;
    }
  }
  return out;
}

/**
 * The result log of a window that did not accept the case (rule 14, "sent to it for
 * collection"): results issued with this window as the collect window reach it by pull
 * while the case itself — and its hash-chained log — lives at the accepting window. Such a
 * window still downloads, prints and hands the result over; what it records goes to the
 * center as result-log entries instead of case events:
 *
 *   POST /v1/sync/result-log (sync port, signed request)  { entries: SignedResultLogEntry[] }
 *
 * Each entry is signed by the device key (like an outbox record), carries a client id (the
 * idempotency key: a resend returns the original answer) and is applied on its own. The
 * center accepts an entry only from a device of the result's collect or accepting county,
 * for that result's case; a result is handed over once, wherever that happens.
 */
import { z } from 'zod';
import { DeviceId } from '../domain/case-number';
import { CollectorRole, ResultCollectedData, ResultPrintedData, ResultReceivedData } from '../domain/printing';
import { ResultStatus } from './workflow';

export const RESULT_LOG_MAX_ENTRIES = 100;

const EntryBase = {
  id: z.uuid(),
  deviceId: DeviceId,
  windowId: z.string().min(1).max(64),
  resultId: z.uuid(),
  caseId: z.uuid(),
  at: z.iso.datetime({ offset: true }),
  actor: z.string().min(1).max(64),
};

/** One fact about a result at the window: downloaded, printed, handed over. */
export const ResultLogEntry = z.discriminatedUnion('type', [
  z.object({ ...EntryBase, type: z.literal('result-received'), data: ResultReceivedData }),
  z.object({ ...EntryBase, type: z.literal('result-printed'), data: ResultPrintedData }),
  z.object({ ...EntryBase, type: z.literal('result-collected'), data: ResultCollectedData }),
]);
export type ResultLogEntry = z.infer<typeof ResultLogEntry>;
export type ResultLogType = ResultLogEntry['type'];

export const SignedResultLogEntry = z.object({
  entry: ResultLogEntry,
  /** base64 signature over the entry's canonical JSON (src-node/sync-auth signRecord). */
  signature: z.string().min(16).max(2048),
});
export type SignedResultLogEntry = z.infer<typeof SignedResultLogEntry>;

export const ResultLogRequest = z.object({ entries: z.array(SignedResultLogEntry).min(1).max(RESULT_LOG_MAX_ENTRIES) });
export type ResultLogRequest = z.infer<typeof ResultLogRequest>;

export const ResultLogRejection = z.enum([
  /** Not a valid entry (field says where). */
  'invalid_entry',
  /** Signed by another device, or the signature does not verify. */
  'bad_signature',
  'device_mismatch',
  'window_mismatch',
  /** No such result for this device's county (the same answer as for an unknown id). */
  'unknown_result',
  /** The entry names another case than the result's. */
  'case_mismatch',
  /** This window neither accepted the case nor is the result's collect window (another window of the county). */
  'not_collect_window',
  /** The result was already handed over (here or at another window). */
  'already_collected',
  /** Same entry id, different content. */
  'conflict',
]);
export type ResultLogRejection = z.infer<typeof ResultLogRejection>;

export const ResultLogAnswer = z.discriminatedUnion('status', [
  z.object({ id: z.uuid(), status: z.literal('accepted'), receivedAt: z.iso.datetime({ offset: true }) }),
  z.object({ id: z.uuid(), status: z.literal('duplicate'), receivedAt: z.iso.datetime({ offset: true }) }),
  z.object({ id: z.string().max(64), status: z.literal('rejected'), code: ResultLogRejection, field: z.string().max(200).optional(), message: z.string() }),
  z.object({ id: z.string().max(64), status: z.literal('retry-later'), message: z.string() }),
]);
export type ResultLogAnswer = z.infer<typeof ResultLogAnswer>;

export const ResultLogResponse = z.object({ results: z.array(ResultLogAnswer) });
export type ResultLogResponse = z.infer<typeof ResultLogResponse>;

/**
 * GET /v1/admin/results/:code/log (operators, bearer token): what the center knows happened
 * to a result at the windows — downloads, prints and hand-overs from the accepting window's
 * case log and from a collect window's result log, oldest first. A hand-over the accepting
 * window recorded offline after the collect window's is a fact of its hash chain and cannot be
 * refused; the trail keeps both and says so (handedOverTwice), for the operator to follow up.
 */
export const ResultTrailEntry = z.object({
  type: z.enum(['result-received', 'result-printed', 'result-collected']),
  /** case-log: the accepting window's hash-chained case events; result-log: a collect window's entries. */
  source: z.enum(['case-log', 'result-log']),
  windowId: z.string(),
  at: z.iso.datetime({ offset: true }),
  actor: z.string(),
  /** Prints: copies, printer, reprint and its reason. */
  copies: z.number().int().min(1).optional(),
  printer: z.string().optional(),
  reprint: z.boolean().optional(),
  reason: z.string().optional(),
  /** Hand-overs: who collected it, as what, and their document number masked (first 3 and last 4 kept). */
  collectorName: z.string().optional(),
  collectorRole: CollectorRole.optional(),
  documentNumber: z.string().optional(),
});
export type ResultTrailEntry = z.infer<typeof ResultTrailEntry>;

export const ResultTrail = z.object({
  resultId: z.uuid(),
  caseNumber: z.string(),
  verificationCode: z.string(),
  title: z.string(),
  status: ResultStatus,
  /** When and why it was revoked (status revoked). */
  revokedAt: z.iso.datetime({ offset: true }).optional(),
  revocationReason: z.string().optional(),
  collectWindowId: z.string(),
  entries: z.array(ResultTrailEntry),
  /** Copies printed, reprints included. */
  printedCopies: z.number().int().min(0),
  handOvers: z.number().int().min(0),
  /** Handed over more than once (at two windows): the applicant may hold two originals. */
  handedOverTwice: z.boolean(),
});
export type ResultTrail = z.infer<typeof ResultTrail>;

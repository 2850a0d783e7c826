/**
 * The sync part of the clerk-api (renderer <-> main): main holds the device key and does
 * every HTTPS request to the center; the renderer's sync engine decides what to send.
 * Each sync call answers `{ ok: true, value }` or `{ ok: false, error }` — a failure of the
 * network or of the center is data the engine acts on (back off, show, re-upload), not an
 * exception. Bytes cross as Uint8Array.
 */
import { RESULT_LOG_MAX_ENTRIES, ResultLogEntry, ResultLogResponse } from './result-log';
import { z } from 'zod';
import { DeviceId } from '../domain/case-number';
import { Sha256Hex } from '../domain/event-chain';
import {
  BLOB_CHUNK_MAX,
  BlobState,
  BlobStatusRequest,
  BlobStatusResponse,
  EnrollmentCode,
  PullCursor,
  PUSH_MAX_RECORDS,
  PullResponse,
  PushResponse,
  SyncRecord,
  BLOB_MAX_SIZE,
} from './sync';
import { DeviceProxyAuthorisations } from './proxy';
import { LicencesRequest, LicencesResponse, VerifyOrganisationRequest, VerifyOrganisationResponse, VerifyPersonRequest, VerifyPersonResponse } from './shared-data';

/** Why a sync call did not get an answer the engine can use. */
export const SyncFailureKind = z.enum([
  /** No device certificate yet: enroll first. */
  'not_enrolled',
  /** No connection (refused, reset, unreachable, DNS). Retry with backoff. */
  'offline',
  /** No progress within the time limit (a stalled connection). Retry with backoff. */
  'timeout',
  /** The server's certificate is not from the province root, or names another host. Do not retry blindly. */
  'tls',
  /** The center refused the device (revoked, unknown certificate, clock skew, replay). */
  'auth',
  /** The center no longer speaks this client's protocol: the app must be updated. */
  'upgrade',
  /** The center refused this request as wrong (400/404/409/413/415/422): code and field say why. */
  'rejected',
  /** The center failed or is overloaded (5xx, 429). Retry with backoff. */
  'server',
  /** The answer did not match the protocol. */
  'bad_response',
  /** Local configuration is missing or wrong (province root, sync address). */
  'config',
]);
export type SyncFailureKind = z.infer<typeof SyncFailureKind>;

export const SyncFailure = z.object({
  kind: SyncFailureKind,
  message: z.string(),
  status: z.number().int().optional(),
  /** The center's error code (ErrorBody.error), e.g. clock_skew, certificate_revoked, blob_hash_mismatch. */
  code: z.string().optional(),
  field: z.string().optional(),
});
export type SyncFailure = z.infer<typeof SyncFailure>;

export function syncCall<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: SyncFailure })]);
}
export type SyncCallResult<T> = { ok: true; value: T } | { ok: false; error: SyncFailure };

/** This PC's device identity as main holds it. */
export const DeviceInfo = z.object({
  enrolled: z.boolean(),
  deviceId: DeviceId.nullable(),
  windowId: z.string().nullable(),
  regionCode: z.string().nullable(),
  certSha256: Sha256Hex.nullable(),
  certNotAfter: z.string().nullable(),
  /** How the private key is protected at rest. */
  keyProtection: z.enum(['safeStorage', 'scrypt']),
  /** The sync service address in use (resolved from the center URL), when known. */
  syncUrl: z.string().nullable(),
  /** SHA-256 of the province root this PC trusts; null when the root file is missing. */
  rootSha256: Sha256Hex.nullable(),
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

export const DeviceEnrollArgs = z
  .object({
    code: EnrollmentCode,
    /** The id the window already uses in case numbers (Dexie meta deviceId). */
    deviceId: DeviceId,
    windowId: z.string().min(1).max(64),
  })
  .strict();
export type DeviceEnrollArgs = z.infer<typeof DeviceEnrollArgs>;

/** A heartbeat answered by the center through the whole signed path. */
export const SyncPing = z.object({
  serverTime: z.string(),
  /** Local clock minus the center's, ms (positive: this PC is ahead). */
  clockOffsetMs: z.number(),
  latencyMs: z.number().min(0),
  certStatus: z.enum(['active', 'revoked', 'superseded']),
});
export type SyncPing = z.infer<typeof SyncPing>;

export const SyncPushArgs = z.object({ records: z.array(SyncRecord).min(1).max(PUSH_MAX_RECORDS) }).strict();
export const SyncBlobChunkArgs = z
  .object({
    sha256: Sha256Hex,
    size: z.number().int().min(1).max(BLOB_MAX_SIZE),
    offset: z.number().int().min(0).max(BLOB_MAX_SIZE),
    data: z
      .instanceof(Uint8Array)
      .refine((d) => d.length >= 1 && d.length <= BLOB_CHUNK_MAX, `分块大小必须在 1 字节到 ${BLOB_CHUNK_MAX} 字节之间 (chunk size)`),
  })
  .strict()
  .refine((a) => a.offset + a.data.length <= a.size, { message: '分块超出扫描件末尾 (chunk beyond the end)', path: ['offset'] });
export const SyncPullArgs = z.object({ cursor: PullCursor.optional(), limit: z.number().int().min(1).max(1000).optional() }).strict();
/** The result log of a collect window that did not accept the case (protocol/result-log.ts); main signs each entry. */
export const SyncResultLogArgs = z.object({ entries: z.array(ResultLogEntry).min(1).max(RESULT_LOG_MAX_ENTRIES) }).strict();
/** A result's PDF (GET /v1/sync/results/:resultId/pdf); main checks its SHA-256 against the published one. */
export const SyncResultPdfArgs = z.object({ resultId: z.uuid(), sha256: Sha256Hex }).strict();
export const SyncResultPdf = z.object({ pdf: z.instanceof(Uint8Array), sha256: Sha256Hex });
export type SyncResultPdf = z.infer<typeof SyncResultPdf>;

/** The channels, for clerk-api.ts to spread into its table. */
export const clerkSyncApi = {
  /** This PC's device identity (no network). */
  'device:status': { args: z.object({}).strict(), result: DeviceInfo },
  /** Enroll this PC with the operator's one-time code: key pair and CSR in main, certificate from the center. */
  'device:enroll': { args: DeviceEnrollArgs, result: DeviceInfo },
  /** Signed heartbeat: the center answers through TLS, signature and certificate checks. */
  'sync:ping': { args: z.object({}).strict(), result: syncCall(SyncPing) },
  /** Push records; main signs each one with the device key. */
  'sync:push': { args: SyncPushArgs, result: syncCall(PushResponse) },
  'sync:blob-status': { args: BlobStatusRequest.strict(), result: syncCall(BlobStatusResponse) },
  'sync:blob-chunk': { args: SyncBlobChunkArgs, result: syncCall(BlobState) },
  'sync:pull': { args: SyncPullArgs, result: syncCall(PullResponse) },
  /** Download a result's signed PDF; fails (bad_response, sha256_mismatch) when its bytes are not the published ones. */
  'sync:result-pdf': { args: SyncResultPdfArgs, result: syncCall(SyncResultPdf) },
  /** Send result-log entries (downloads, prints, hand-over of results collected here, accepted elsewhere); main signs each one. */
  'sync:result-log': { args: SyncResultLogArgs, result: syncCall(ResultLogResponse) },
  /** The window's proxy authorisations (帮办代办, protocol/proxy.ts): not revoked, not ended. */
  'sync:proxy-authorisations': { args: z.object({}).strict(), result: syncCall(DeviceProxyAuthorisations) },
  /** Shared-data checks (protocol/shared-data.ts): a person against the population data, an organisation against the legal-person data. */
  'sync:verify-person': { args: VerifyPersonRequest, result: syncCall(VerifyPersonResponse) },
  'sync:verify-organisation': { args: VerifyOrganisationRequest, result: syncCall(VerifyOrganisationResponse) },
  /** A holder's electronic licences (trust grades A–D, rule 10). */
  'sync:licences': { args: LicencesRequest, result: syncCall(LicencesResponse) },
} as const;

export const CLERK_SYNC_CHANNELS = ['device:status', 'device:enroll', 'sync:ping', 'sync:push', 'sync:blob-status', 'sync:blob-chunk', 'sync:pull', 'sync:result-pdf', 'sync:result-log', 'sync:proxy-authorisations', 'sync:verify-person', 'sync:verify-organisation', 'sync:licences'] as const;

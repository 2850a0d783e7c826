/**
 * The client <-> center contract. Both the center (route schemas, OpenAPI) and the
 * window (response validation) use these schemas; nothing else crosses that line.
 */
import { z } from 'zod';
import { CatalogItem, Region, ServiceWindow } from '../domain/catalog';
import { RegionCode } from '../domain/codes';
import { CaseEvent, Sha256Hex } from '../domain/event-chain';
import { DeviceId } from '../domain/case-number';
import { CalendarYearTable } from '../domain/calendar';
import { CaseProgress, ResultInfo } from './workflow';

export const SYNC_SCHEMA_VERSION = 1;
/** Header every client sends; the center answers 426 to versions it no longer speaks. */
export const SCHEMA_VERSION_HEADER = 'x-yichuang-schema';

export const Health = z.object({
  status: z.literal('ok'),
  service: z.literal('yichuang-center'),
  version: z.string(),
  store: z.enum(['pglite', 'postgres']),
  time: z.string(),
});
export type Health = z.infer<typeof Health>;

export const CatalogQuery = z.object({
  /** The window's region: the catalog holds that region's, its city's and the province's implementations. */
  region: RegionCode.optional(),
  /** The version the client already holds; if current, the center answers with no items. */
  since: z.coerce.number().int().min(0).optional(),
});
export type CatalogQuery = z.infer<typeof CatalogQuery>;

export const CatalogResponse = z.object({
  version: z.number().int().min(1),
  regionCode: RegionCode.nullable(),
  generatedAt: z.string(),
  /** False when `since` equals the current version: keep what you have. */
  changed: z.boolean(),
  items: z.array(CatalogItem),
});
export type CatalogResponse = z.infer<typeof CatalogResponse>;

export const RegionsResponse = z.object({ regions: z.array(Region) });
export type RegionsResponse = z.infer<typeof RegionsResponse>;

export const WindowsResponse = z.object({ windows: z.array(ServiceWindow) });
export type WindowsResponse = z.infer<typeof WindowsResponse>;

export const ErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  field: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * One record of the outbox, and of the push: an event of a case's hash-chained log,
 * with a client-generated id (the idempotency key: a resend returns the original
 * result) and the device's own gap-free sequence. Records are append-only; the center
 * never lets one overwrite another. `blobs` names every scan the event refers to, so
 * the center can ask for the missing ones before it applies the record.
 */
export const SyncRecord = z.object({
  id: z.uuid(),
  deviceId: DeviceId,
  deviceSeq: z.number().int().min(1),
  windowId: z.string().min(1).max(64),
  caseId: z.uuid(),
  event: CaseEvent,
  blobs: z.array(Sha256Hex).max(200),
  createdAt: z.iso.datetime({ offset: true }),
});
export type SyncRecord = z.infer<typeof SyncRecord>;

/** Calendar years the center publishes (GET /v1/calendar); the window adds them to its bundled ones. */
export const CalendarResponse = z.object({ years: z.array(CalendarYearTable) });
export type CalendarResponse = z.infer<typeof CalendarResponse>;

/* ------------------------------------------------------------------------------------
 * Sync with the center (issue 5): enrollment, signed requests, push, blobs, pull.
 *
 * These endpoints live on the center's HTTPS port (CENTER_SYNC_PORT, default 4781),
 * whose server certificate is issued by the province root; the window trusts only that
 * root. Every request except enrollment is signed by the device key (see
 * src-node/sync-auth: the canonical string, the headers below, replay and skew rules).
 * ---------------------------------------------------------------------------------- */

/** Headers of a signed sync request (all lower-case, as Node gives them). */
export const SYNC_AUTH_HEADERS = {
  /** The device id (DeviceId). */
  device: 'x-yichuang-device',
  /** SHA-256 (hex) of the device certificate's DER: which certificate signed. */
  cert: 'x-yichuang-cert',
  /** Milliseconds since the epoch when the request was signed. */
  timestamp: 'x-yichuang-timestamp',
  /** 16–64 random bytes, base64url: refused if seen again within the skew window. */
  nonce: 'x-yichuang-nonce',
  /** SHA-256 (hex) of the exact body bytes (of the empty string for a body-less request). */
  contentSha256: 'x-yichuang-content-sha256',
  /** Signature of the canonical string, base64. */
  signature: 'x-yichuang-signature',
} as const;

/** A signed request whose timestamp is further than this from the center's clock is refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Largest blob chunk the center takes in one request (4 MiB); chunks are 1–4 MiB, the last may be shorter. */
export const BLOB_CHUNK_MAX = 4 * 1024 * 1024;
export const BLOB_CHUNK_MIN = 1024 * 1024;
/** Largest blob (a scan) the center holds. */
export const BLOB_MAX_SIZE = 256 * 1024 * 1024;
/** Most records in one push. */
export const PUSH_MAX_RECORDS = 200;
/** Most blobs asked about in one status request. */
export const BLOB_STATUS_MAX = 200;

/** One-time enrollment code an operator gives a window: 12 Crockford base32 characters in three groups. */
export const EnrollmentCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/, '登记码格式应为 XXXX-XXXX-XXXX（数字和大写字母，不含 I、L、O、U）');
export type EnrollmentCode = z.infer<typeof EnrollmentCode>;

const Pem = (label: string) =>
  z
    .string()
    .max(16_000)
    .regex(new RegExp(`-----BEGIN ${label}-----[\\s\\S]+-----END ${label}-----`), `必须是 PEM 格式的 ${label}`);

/** POST /v1/admin/enrollment-codes (operator, bearer CENTER_ADMIN_TOKEN). */
export const CreateEnrollmentCodeRequest = z.object({
  windowId: z.string().min(1).max(64),
  /** Minutes the code stays usable; default 1440 (one day), at most 7 days. */
  ttlMinutes: z.number().int().min(1).max(7 * 24 * 60).optional(),
});
export type CreateEnrollmentCodeRequest = z.infer<typeof CreateEnrollmentCodeRequest>;

export const EnrollmentCodeResponse = z.object({
  code: EnrollmentCode,
  windowId: z.string(),
  regionCode: RegionCode,
  expiresAt: z.iso.datetime({ offset: true }),
});
export type EnrollmentCodeResponse = z.infer<typeof EnrollmentCodeResponse>;

/** POST /v1/sync/enroll: a PKCS#10 request and the operator's one-time code. */
export const EnrollRequest = z.object({
  code: EnrollmentCode,
  deviceId: DeviceId,
  /** The window the operator created the code for; must match. */
  windowId: z.string().min(1).max(64),
  csrPem: Pem('CERTIFICATE REQUEST'),
});
export type EnrollRequest = z.infer<typeof EnrollRequest>;

export const DeviceCertStatus = z.enum(['active', 'revoked', 'superseded']);
export type DeviceCertStatus = z.infer<typeof DeviceCertStatus>;

/** A device as the center knows it (answer to enrollment and GET /v1/sync/device). */
export const DeviceStatus = z.object({
  deviceId: DeviceId,
  windowId: z.string(),
  /** The window's county: the device may push and pull cases of this region only. */
  regionCode: RegionCode,
  /** Regions whose catalog implementations the device may accept for (its county, city, province). */
  itemRegions: z.array(RegionCode),
  role: z.enum(['window']),
  certificatePem: Pem('CERTIFICATE'),
  certSha256: Sha256Hex,
  /** Upper-case hex. */
  serial: z.string().regex(/^[0-9A-F]+$/),
  notBefore: z.iso.datetime({ offset: true }),
  notAfter: z.iso.datetime({ offset: true }),
  status: DeviceCertStatus,
  /** The center's clock, to show the device how far off its own is. */
  serverTime: z.iso.datetime({ offset: true }),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

/** A record as pushed: the outbox record and the device key's signature over its canonical JSON. */
export const SignedRecord = z.object({
  record: SyncRecord,
  /** base64 signature (src-node/sync-auth signRecord). */
  signature: z.string().min(16).max(2048),
});
export type SignedRecord = z.infer<typeof SignedRecord>;

/** POST /v1/sync/push. Records are applied one by one, each in its own transaction, in the order given. */
export const PushRequest = z.object({
  records: z.array(SignedRecord).min(1).max(PUSH_MAX_RECORDS),
});
export type PushRequest = z.infer<typeof PushRequest>;

/** What the center gives for an applied record; kept, and given again for every resend. */
export const Receipt = z.object({
  recordId: z.uuid(),
  /** SHA-256 of the record's canonical JSON, as the center received it. */
  recordHash: Sha256Hex,
  /** The center's own order of applied records. */
  centerSeq: z.number().int().min(1),
  receivedAt: z.iso.datetime({ offset: true }),
  /** SHA-256 over the canonical JSON of the four fields above: quote it to the province. */
  hash: Sha256Hex,
});
export type Receipt = z.infer<typeof Receipt>;

/** Why the center will not apply a record; the clerk sees it in 需处理. */
export const RejectionCode = z.enum([
  /** The record is not a valid SyncRecord (field says where). */
  'invalid_record',
  /** The record's signature does not verify with the device certificate. */
  'bad_signature',
  /** Signed by another device than the one that sent it. */
  'device_mismatch',
  /** For another window than the device's. */
  'window_mismatch',
  /** The case's region is outside the device's scope. */
  'out_of_scope',
  /** The case's item is not in the province catalog. */
  'unknown_item',
  /** The first event of a case is not a valid "received" event. */
  'invalid_case',
  /** The event does not continue the case's hash chain. */
  'chain_invalid',
  /** Same record id, different content. */
  'conflict',
  /** The device sequence number was already used by another record. */
  'seq_conflict',
  /** The case already has a different event at this position. */
  'event_conflict',
  /**
   * The item's region is outside the device's scope and no proxy authorisation (代办授权,
   * protocol/proxy.ts) of the window covers that region, item and acceptance date.
   */
  'proxy_unauthorised',
]);
export type RejectionCode = z.infer<typeof RejectionCode>;

export const RetryCode = z.enum([
  /** Upload these blobs first (missingBlobs), then send the record again. */
  'missing_blobs',
  /** An earlier event of the case has not arrived yet. */
  'out_of_order',
  /** The center is busy or had a transient failure. */
  'busy',
]);
export type RetryCode = z.infer<typeof RetryCode>;

export const RecordResult = z.discriminatedUnion('status', [
  z.object({ id: z.uuid(), status: z.literal('accepted'), receipt: Receipt }),
  /** Already held (this record, or the same event under another record id): the original receipt. */
  z.object({ id: z.uuid(), status: z.literal('duplicate'), receipt: Receipt }),
  z.object({
    id: z.string(),
    status: z.literal('rejected'),
    code: RejectionCode,
    field: z.string().optional(),
    message: z.string(),
  }),
  z.object({
    id: z.string(),
    status: z.literal('retry-later'),
    code: RetryCode,
    message: z.string(),
    missingBlobs: z.array(Sha256Hex).optional(),
  }),
]);
export type RecordResult = z.infer<typeof RecordResult>;

export const PushResponse = z.object({
  /** One result per record, in the order of the request. */
  results: z.array(RecordResult),
  serverTime: z.iso.datetime({ offset: true }),
});
export type PushResponse = z.infer<typeof PushResponse>;

/** A half-open byte range [start, end) of a blob. */
export const ByteRange = z.tuple([z.number().int().min(0), z.number().int().min(1)]);
export type ByteRange = z.infer<typeof ByteRange>;

export const BlobDescriptor = z.object({
  sha256: Sha256Hex,
  size: z.number().int().min(1).max(BLOB_MAX_SIZE),
});
export type BlobDescriptor = z.infer<typeof BlobDescriptor>;

/** POST /v1/sync/blobs/status: which bytes of these blobs the center holds. */
export const BlobStatusRequest = z.object({ blobs: z.array(BlobDescriptor).min(1).max(BLOB_STATUS_MAX) });
export type BlobStatusRequest = z.infer<typeof BlobStatusRequest>;

export const BlobState = z.object({
  sha256: Sha256Hex,
  size: z.number().int().min(1),
  /** complete: every byte held and the SHA-256 verified; partial: some ranges held; absent: nothing. */
  state: z.enum(['complete', 'partial', 'absent']),
  /** Byte ranges held, sorted and merged. */
  ranges: z.array(ByteRange),
});
export type BlobState = z.infer<typeof BlobState>;

export const BlobStatusResponse = z.object({ blobs: z.array(BlobState) });
export type BlobStatusResponse = z.infer<typeof BlobStatusResponse>;

/** PUT /v1/sync/blobs/:sha256?offset=&size= with the chunk's bytes (application/octet-stream). */
export const BlobChunkQuery = z.object({
  offset: z.coerce.number().int().min(0).max(BLOB_MAX_SIZE),
  /** The blob's total size. */
  size: z.coerce.number().int().min(1).max(BLOB_MAX_SIZE),
});
export type BlobChunkQuery = z.infer<typeof BlobChunkQuery>;

/** Answer to a chunk: the blob's state after it (complete once the hash verified). */
export const BlobChunkResponse = BlobState;
export type BlobChunkResponse = BlobState;

/** An opaque pull position; '' (or absent) = from the beginning. */
export const PullCursor = z.string().max(64).regex(/^(|\d{1,20}\.\d{1,20})$/, '游标格式不正确 (opaque cursor from a previous pull)');

export const PullQuery = z.object({
  cursor: PullCursor.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export type PullQuery = z.infer<typeof PullQuery>;

const ChangeBase = {
  /** The cursor that follows this change. */
  position: z.string(),
  /** When the center recorded it. */
  at: z.iso.datetime({ offset: true }),
};

export const CaseEventChange = z.object({
  ...ChangeBase,
  kind: z.literal('case-event'),
  regionCode: RegionCode,
  caseId: z.uuid(),
  caseNumber: z.string(),
  windowId: z.string(),
  seq: z.number().int().min(1),
  type: z.string(),
  /** The case status the event leads to, when it names one. */
  status: z.string().nullable(),
  eventAt: z.iso.datetime({ offset: true }),
  actor: z.string(),
});

export const Change = z.discriminatedUnion('kind', [
  CaseEventChange,
  z.object({ ...ChangeBase, kind: z.literal('catalog-version'), version: z.number().int().min(1) }),
  z.object({ ...ChangeBase, kind: z.literal('calendar-year'), year: z.number().int() }),
  z.object({
    ...ChangeBase,
    kind: z.literal('crl'),
    crlNumber: z.number().int().min(0),
    /** Upper-case hex serials revoked (province CRL plus revoked device certificates). */
    revokedSerials: z.array(z.string()),
  }),
  z.object({ ...ChangeBase, kind: z.literal('notice'), title: z.string(), text: z.string(), regionCode: RegionCode.nullable() }),
  /** The center's progress of a case (routing, department steps, joint approval): protocol/workflow.ts. */
  z.object({ ...ChangeBase, kind: z.literal('case-progress'), regionCode: RegionCode, ...CaseProgress.shape }),
  /**
   * A result issued for a case this window accepted or where the applicant collects it.
   * The PDF: GET /v1/sync/results/:resultId/pdf (signed device request); the window
   * verifies signature, chain and revocation before it prints (rule 14).
   */
  z.object({ ...ChangeBase, kind: z.literal('result'), regionCode: RegionCode, ...ResultInfo.shape }),
]);
export type Change = z.infer<typeof Change>;

export const PullResponse = z.object({
  changes: z.array(Change),
  /** Pass it to the next pull. Never skips a change committed later by a slower transaction. */
  cursor: PullCursor,
  /** More changes are waiting: pull again at once. */
  more: z.boolean(),
  serverTime: z.iso.datetime({ offset: true }),
});
export type PullResponse = z.infer<typeof PullResponse>;

/**
 * GET /v1/sync-endpoint on the center's public HTTP port: where its HTTPS sync service
 * listens, so a window configured with the center's URL finds it. The answer is only a
 * hint: the window still trusts nothing but the province root on that connection.
 */
export const SyncEndpoint = z.object({
  url: z.string().regex(/^https:\/\/[^\s/]+(:\d+)?$/, '同步服务地址必须是 https:// 开头'),
  /** SHA-256 (hex) of the province root certificate's DER, for the operator to compare. */
  rootSha256: Sha256Hex,
});
export type SyncEndpoint = z.infer<typeof SyncEndpoint>;

/**
 * Signed sync requests: the device signs, the center verifies.
 *
 * Every request to the center's sync endpoints carries the headers of
 * SYNC_AUTH_HEADERS (src-shared/protocol/sync.ts) and the schema-version header. The
 * signature covers this canonical string (lines joined by "\n", no trailing newline):
 *
 *   YICHUANG-SYNC-1
 *   <METHOD, upper case>
 *   <request target: path and query exactly as sent, e.g. /v1/sync/pull?cursor=12.7>
 *   <x-yichuang-schema>
 *   <device id>
 *   <SHA-256 of the signing certificate's DER, hex>
 *   <timestamp, ms since the epoch>
 *   <nonce>
 *   <SHA-256 of the body bytes, hex>
 *
 * The center refuses: missing or malformed headers (401 auth_missing / auth_malformed),
 * a timestamp further than MAX_CLOCK_SKEW_MS from its clock (401 clock_skew), a body
 * whose hash is not the signed one (400 body_hash_mismatch), a certificate it did not
 * issue or that belongs to another device (401 unknown_certificate), an expired (401) or
 * revoked one (403), a wrong signature (401 bad_signature), and a nonce it has already
 * seen from that device within the window (401 replayed). The nonce is remembered only
 * after everything else verified, so forged requests cannot fill the nonce table.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { MAX_CLOCK_SKEW_MS, SCHEMA_VERSION_HEADER, SYNC_AUTH_HEADERS, SYNC_SCHEMA_VERSION } from '../../src-shared/protocol/sync';

export const CANONICAL_PREFIX = 'YICHUANG-SYNC-1';
export const EMPTY_SHA256 = crypto.createHash('sha256').update('').digest('hex');

export interface CanonicalRequest {
  method: string;
  /** Path and query exactly as on the request line. */
  target: string;
  schemaVersion: string;
  deviceId: string;
  certSha256: string;
  timestamp: string;
  nonce: string;
  bodySha256: string;
}

export function canonicalString(r: CanonicalRequest): string {
  for (const [k, v] of Object.entries(r)) {
    if (/[\r\n]/.test(v)) throw new Error(`canonicalString: ${k} 不能包含换行 (must not contain a line break)`);
  }
  return [CANONICAL_PREFIX, r.method.toUpperCase(), r.target, r.schemaVersion, r.deviceId, r.certSha256, r.timestamp, r.nonce, r.bodySha256].join('\n');
}

export function sha256Hex(data: Uint8Array | string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** Signature over `data` with SHA-256 for an RSA (PKCS#1 v1.5) or EC (DER) key, base64. */
export function signBytes(data: Uint8Array | string, key: KeyObject): string {
  return crypto.sign('sha256', typeof data === 'string' ? Buffer.from(data, 'utf8') : data, key).toString('base64');
}

export function verifyBytes(data: Uint8Array | string, key: KeyObject, signatureB64: string): boolean {
  let sig: Buffer;
  try {
    sig = Buffer.from(signatureB64, 'base64');
  } catch {
    return false;
  }
  if (sig.length === 0) return false;
  try {
    return crypto.verify('sha256', typeof data === 'string' ? Buffer.from(data, 'utf8') : data, key, sig);
  } catch {
    return false;
  }
}

export interface DeviceCredentials {
  deviceId: string;
  /** SHA-256 of the device certificate DER, hex. */
  certSha256: string;
  privateKey: KeyObject;
}

export interface SignOptions {
  method: string;
  target: string;
  body?: Uint8Array | string;
  /** ms since the epoch; default Date.now(). */
  now?: number;
  /** Default: 18 random bytes, base64url. */
  nonce?: string;
  schemaVersion?: number;
}

/** The headers to add to a request (schema version included). */
export function signRequest(creds: DeviceCredentials, opts: SignOptions): Record<string, string> {
  const body = opts.body ?? '';
  const r: CanonicalRequest = {
    method: opts.method,
    target: opts.target,
    schemaVersion: String(opts.schemaVersion ?? SYNC_SCHEMA_VERSION),
    deviceId: creds.deviceId,
    certSha256: creds.certSha256,
    timestamp: String(Math.round(opts.now ?? Date.now())),
    nonce: opts.nonce ?? crypto.randomBytes(18).toString('base64url'),
    bodySha256: sha256Hex(body),
  };
  return {
    [SCHEMA_VERSION_HEADER]: r.schemaVersion,
    [SYNC_AUTH_HEADERS.device]: r.deviceId,
    [SYNC_AUTH_HEADERS.cert]: r.certSha256,
    [SYNC_AUTH_HEADERS.timestamp]: r.timestamp,
    [SYNC_AUTH_HEADERS.nonce]: r.nonce,
    [SYNC_AUTH_HEADERS.contentSha256]: r.bodySha256,
    [SYNC_AUTH_HEADERS.signature]: signBytes(canonicalString(r), creds.privateKey),
  };
}

/** A certificate the verifier knows (the center's registry). */
export interface KnownCertificate {
  deviceId: string;
  certSha256: string;
  publicKey: KeyObject;
  status: 'active' | 'revoked' | 'superseded';
  notBefore: Date;
  notAfter: Date;
}

export interface VerifyDeps {
  now(): number;
  findCertificate(certSha256: string): Promise<KnownCertificate | null>;
  /** Stores (deviceId, nonce) until expiresAt; false when it was already there (a replay). */
  rememberNonce(deviceId: string, nonce: string, expiresAt: Date): Promise<boolean>;
  skewMs?: number;
}

export interface IncomingSigned {
  method: string;
  target: string;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

export type AuthCode =
  | 'auth_missing'
  | 'auth_malformed'
  | 'clock_skew'
  | 'body_hash_mismatch'
  | 'unknown_certificate'
  | 'certificate_expired'
  | 'certificate_revoked'
  | 'bad_signature'
  | 'replayed';

export type VerifyResult =
  | { ok: true; deviceId: string; certificate: KnownCertificate; timestamp: number }
  | { ok: false; status: 400 | 401 | 403; code: AuthCode; field: string; message: string };

function header(h: IncomingSigned['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

const fail = (status: 400 | 401 | 403, code: AuthCode, field: string, message: string): VerifyResult => ({ ok: false, status, code, field, message });

const FORMATS: Record<string, [RegExp, string]> = {
  [SYNC_AUTH_HEADERS.device]: [/^[0-9A-Z]{6}$/, '6位大写字母或数字'],
  [SYNC_AUTH_HEADERS.cert]: [/^[0-9a-f]{64}$/, '64位小写十六进制'],
  [SYNC_AUTH_HEADERS.timestamp]: [/^\d{1,15}$/, '毫秒时间戳'],
  [SYNC_AUTH_HEADERS.nonce]: [/^[A-Za-z0-9_-]{22,86}$/, '16–64 字节的 base64url'],
  [SYNC_AUTH_HEADERS.contentSha256]: [/^[0-9a-f]{64}$/, '64位小写十六进制'],
  [SYNC_AUTH_HEADERS.signature]: [/^[A-Za-z0-9+/]{16,2048}={0,2}$/, 'base64'],
  [SCHEMA_VERSION_HEADER]: [/^\d{1,6}$/, '正整数'],
};

export async function verifySignedRequest(req: IncomingSigned, deps: VerifyDeps): Promise<VerifyResult> {
  const values: Record<string, string> = {};
  const names = [SCHEMA_VERSION_HEADER, ...Object.values(SYNC_AUTH_HEADERS)];
  for (const n of names) {
    const v = header(req.headers, n);
    if (v === undefined || v === '')
      return fail(401, 'auth_missing', n, `请求未签名：缺少请求头 ${n}（同步接口要求设备签名）(missing header ${n}: sync requests must be signed)`);
    const [re, rule] = FORMATS[n]!;
    if (!re.test(v)) return fail(401, 'auth_malformed', n, `请求头 ${n} 格式不正确：应为${rule} (malformed header ${n})`);
    values[n] = v;
  }
  const deviceId = values[SYNC_AUTH_HEADERS.device]!;
  const certSha256 = values[SYNC_AUTH_HEADERS.cert]!;
  const timestamp = Number(values[SYNC_AUTH_HEADERS.timestamp]);
  const now = deps.now();
  const skew = deps.skewMs ?? MAX_CLOCK_SKEW_MS;
  if (Math.abs(now - timestamp) > skew) {
    const minutes = Math.round((timestamp - now) / 60_000);
    return fail(
      401,
      'clock_skew',
      SYNC_AUTH_HEADERS.timestamp,
      `设备时钟与中心相差约 ${Math.abs(minutes)} 分钟（${minutes > 0 ? '快' : '慢'}），超过允许的 ${Math.round(skew / 60_000)} 分钟，请校准本机时间 (clock skew too large)`,
    );
  }
  const bodySha = sha256Hex(req.body);
  if (bodySha !== values[SYNC_AUTH_HEADERS.contentSha256])
    return fail(400, 'body_hash_mismatch', SYNC_AUTH_HEADERS.contentSha256, '请求体与签名的摘要不符：请求在传输中被改动或截断 (body does not match its signed SHA-256)');

  const cert = await deps.findCertificate(certSha256);
  if (!cert || cert.deviceId !== deviceId)
    return fail(401, 'unknown_certificate', SYNC_AUTH_HEADERS.cert, `中心不认识此设备证书：设备 ${deviceId} 未登记或证书不是中心签发的，请重新登记设备 (unknown device certificate)`);
  if (cert.status !== 'active')
    return fail(403, 'certificate_revoked', SYNC_AUTH_HEADERS.cert, `设备证书已${cert.status === 'revoked' ? '吊销' : '被新证书取代'}，请重新登记设备 (device certificate ${cert.status})`);
  if (now < cert.notBefore.getTime() || now > cert.notAfter.getTime())
    return fail(401, 'certificate_expired', SYNC_AUTH_HEADERS.cert, '设备证书不在有效期内，请重新登记设备 (device certificate expired or not yet valid)');

  const canonical = canonicalString({
    method: req.method,
    target: req.target,
    schemaVersion: values[SCHEMA_VERSION_HEADER]!,
    deviceId,
    certSha256,
    timestamp: values[SYNC_AUTH_HEADERS.timestamp]!,
    nonce: values[SYNC_AUTH_HEADERS.nonce]!,
    bodySha256: bodySha,
  });
  if (!verifyBytes(canonical, cert.publicKey, values[SYNC_AUTH_HEADERS.signature]!))
    return fail(401, 'bad_signature', SYNC_AUTH_HEADERS.signature, '请求签名验证失败 (request signature does not verify)');

  const fresh = await deps.rememberNonce(deviceId, values[SYNC_AUTH_HEADERS.nonce]!, new Date(Math.max(now, timestamp) + skew));
  if (!fresh) return fail(401, 'replayed', SYNC_AUTH_HEADERS.nonce, '重复的请求（重放）已被拒绝 (replayed request refused: nonce already used)');
  return { ok: true, deviceId, certificate: cert, timestamp };
}

/**
 * HTTPS to the center's sync service, from main.
 *
 *  - Trust: the province root alone (`ca: [root]`: Node then uses no system roots and
 *    no NODE_EXTRA_CA_CERTS), hostname checked against the certificate's subjectAltName.
 *  - Authentication: every request except enrollment is signed with the device key
 *    (src-node/sync-auth), and every pushed record is signed on its own.
 *  - Stalls: a request that moves no byte for `idleTimeoutMs` (default 30 s) is
 *    aborted, and none may take longer than `deadlineMs` (default 5 min): a connection
 *    that looks open but carries nothing (the Dexie#2225 kind of stall) ends as 'timeout'.
 *  - Answers are validated with the sync.ts schemas; failures become SyncTransportError
 *    with a kind the engine acts on (see SyncFailureKind in clerk-sync.ts).
 *  - Keep-alive agent, at most 4 sockets (two uploads, a push and a pull).
 */
import type http from 'node:http';
import https from 'node:https';
import type { z } from 'zod';
import { signRecord, signRequest, signResultLogEntry, type DeviceCredentials } from '../../../src-node/sync-auth';
import type { SyncFailure, SyncFailureKind } from '../../../src-shared/protocol/clerk-sync';
import {
  BlobState,
  BlobStatusResponse,
  DeviceStatus,
  ErrorBody,
  PullResponse,
  PushResponse,
  SCHEMA_VERSION_HEADER,
  SYNC_SCHEMA_VERSION,
  type BlobDescriptor,
  type EnrollRequest,
  type SyncRecord,
} from '../../../src-shared/protocol/sync';
import { ResultLogResponse, type ResultLogEntry } from '../../../src-shared/protocol/result-log';
import { DeviceProxyAuthorisations } from '../../../src-shared/protocol/proxy';
import {
  LicencesResponse,
  VerifyOrganisationResponse,
  VerifyPersonResponse,
  type LicencesRequest,
  type VerifyOrganisationRequest,
  type VerifyPersonRequest,
} from '../../../src-shared/protocol/shared-data';

export class SyncTransportError extends Error {
  constructor(
    readonly kind: SyncFailureKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'SyncTransportError';
  }
  toFailure(): SyncFailure {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.code ? { code: this.code } : {}),
      ...(this.field ? { field: this.field } : {}),
    };
  }
}

export interface TransportOptions {
  /** The sync service's base URL (https://host:port). */
  syncUrl: () => Promise<string>;
  /** The province root, PEM. */
  rootPem: () => Promise<string>;
  credentials: () => Promise<DeviceCredentials | null>;
  /** Called when the service could not be reached (so a cached address is looked up again). */
  onUnreachable?: () => void;
  idleTimeoutMs?: number;
  deadlineMs?: number;
  /** Largest response body accepted. */
  maxResponseBytes?: number;
  /** Clock used to sign (tests). */
  now?: () => number;
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

function classifyNetworkError(err: NodeJS.ErrnoException, url: string): SyncTransportError {
  const code = err.code ?? '';
  if (TLS_CODES.has(code) || /certificate/i.test(err.message))
    return new SyncTransportError('tls', `中心服务器证书不被信任（只信任省级根证书）：${err.message} (${code}) — ${url}`, undefined, code);
  if (err.name === 'SyncTimeout') return new SyncTransportError('timeout', err.message);
  return new SyncTransportError('offline', `无法连接中心同步服务 ${url}：${err.message}${code ? ` (${code})` : ''}`, undefined, code || undefined);
}

function classifyStatus(status: number, body: unknown): SyncTransportError {
  const e = ErrorBody.safeParse(body);
  const msg = e.success ? e.data.message : `HTTP ${status}`;
  const code = e.success ? e.data.error : undefined;
  const field = e.success ? e.data.field : undefined;
  if (status === 426) return new SyncTransportError('upgrade', msg, status, code, field);
  if (status === 401 || status === 403) return new SyncTransportError('auth', msg, status, code, field);
  if (status === 429 || status >= 500) return new SyncTransportError('server', `中心暂时无法处理：${msg}`, status, code, field);
  return new SyncTransportError('rejected', msg, status, code, field);
}

interface Raw {
  status: number;
  body: unknown;
  /** The body's bytes, for a binary (non-JSON) answer. */
  bytes?: Buffer;
  headers?: http.IncomingHttpHeaders;
}

export class SyncTransport {
  private agent: https.Agent | null = null;
  private agentRoot = '';

  constructor(private readonly opts: TransportOptions) {}

  private async getAgent(): Promise<https.Agent> {
    let root: string;
    try {
      root = await this.opts.rootPem();
    } catch (e) {
      throw new SyncTransportError('config', (e as Error).message);
    }
    if (!this.agent || root !== this.agentRoot) {
      this.agent?.destroy();
      this.agent = new https.Agent({ ca: [root], keepAlive: true, maxSockets: 4, keepAliveMsecs: 10_000 });
      this.agentRoot = root;
    }
    return this.agent;
  }

  /** Closes idle connections (tests, shutdown). */
  close(): void {
    this.agent?.destroy();
    this.agent = null;
  }

  private async send(method: 'GET' | 'POST' | 'PUT', pathAndQuery: string, body: Buffer | null, contentType: string | null, signed: boolean, binary = false): Promise<Raw> {
    let base: string;
    try {
      base = await this.opts.syncUrl();
    } catch (e) {
      if (e instanceof SyncTransportError) throw e;
      throw new SyncTransportError('offline', (e as Error).message);
    }
    const url = new URL(pathAndQuery, base.endsWith('/') ? base : base + '/');
    if (url.protocol !== 'https:') throw new SyncTransportError('config', `同步服务地址必须是 https:// (sync URL must be https): ${base}`);
    const target = url.pathname + url.search;
    const headers: Record<string, string> = { accept: binary ? 'application/pdf, application/json' : 'application/json', [SCHEMA_VERSION_HEADER]: String(SYNC_SCHEMA_VERSION) };
    if (body) {
      headers['content-type'] = contentType ?? 'application/json';
      headers['content-length'] = String(body.length);
    }
    if (signed) {
      const creds = await this.opts.credentials();
      if (!creds) throw new SyncTransportError('not_enrolled', '本机尚未登记为同步设备，请在“同步”面板中输入中心管理员提供的登记码 (device not enrolled)');
      Object.assign(headers, signRequest(creds, { method, target, ...(body ? { body } : {}), ...(this.opts.now ? { now: this.opts.now() } : {}) }));
    }
    const agent = await this.getAgent();
    const idle = this.opts.idleTimeoutMs ?? 30_000;
    const deadline = this.opts.deadlineMs ?? 5 * 60_000;
    const max = this.opts.maxResponseBytes ?? 32 * 1024 * 1024;
    try {
      return await new Promise<Raw>((resolve, reject) => {
        const req = https.request(
          { protocol: 'https:', hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || 443, path: target, method, headers, agent },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (c: Buffer) => {
              size += c.length;
              if (size > max) {
                req.destroy(new Error(`中心的回答超过 ${max} 字节 (response too large)`));
                return;
              }
              chunks.push(c);
            });
            res.on('end', () => {
              clearTimeout(timer);
              if (binary && res.statusCode === 200) {
                resolve({ status: 200, body: null, bytes: Buffer.concat(chunks), headers: res.headers });
                return;
              }
              const text = Buffer.concat(chunks).toString('utf8');
              let parsed: unknown = null;
              if (text.length) {
                try {
                  parsed = JSON.parse(text);
                } catch {
                  reject(new SyncTransportError(res.statusCode && res.statusCode >= 500 ? 'server' : 'bad_response', `中心返回的不是 JSON (HTTP ${res.statusCode})`, res.statusCode));
                  return;
                }
              }
              resolve({ status: res.statusCode ?? 0, body: parsed });
            });
            res.on('error', (e) => reject(e));
            res.on('aborted', () => reject(Object.assign(new Error('连接在接收回答时中断 (response aborted)'), { code: 'ECONNRESET' })));
          },
        );
        const timeoutErr = (what: string) => Object.assign(new Error(what), { name: 'SyncTimeout' });
        const timer = setTimeout(() => req.destroy(timeoutErr(`中心同步请求超过 ${Math.round(deadline / 1000)} 秒未完成 (request deadline)`)), deadline);
        req.setTimeout(idle, () => req.destroy(timeoutErr(`连接已 ${Math.round(idle / 1000)} 秒没有传输任何数据，视为中断 (stalled connection)`)));
        req.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
        req.end(body ?? undefined);
      });
    } catch (e) {
      if (e instanceof SyncTransportError) throw e;
      const err = classifyNetworkError(e as NodeJS.ErrnoException, url.origin);
      if (err.kind === 'offline') this.opts.onUnreachable?.();
      throw err;
    }
  }

  private async json<S extends z.ZodType>(schema: S, method: 'GET' | 'POST' | 'PUT', path: string, payload: unknown, signed = true, okStatus = [200, 201]): Promise<z.output<S>> {
    const body = payload === undefined ? null : Buffer.from(JSON.stringify(payload));
    const raw = await this.send(method, path, body, body ? 'application/json' : null, signed);
    return this.check(schema, raw, path, okStatus);
  }

  private check<S extends z.ZodType>(schema: S, raw: Raw, path: string, okStatus: number[]): z.output<S> {
    if (!okStatus.includes(raw.status)) throw classifyStatus(raw.status, raw.body);
    const r = schema.safeParse(raw.body);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new SyncTransportError('bad_response', `中心的回答不符合协议 ${path}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`, raw.status);
    }
    return r.data;
  }

  enroll(req: EnrollRequest): Promise<DeviceStatus> {
    return this.json(DeviceStatus, 'POST', '/v1/sync/enroll', req, false);
  }

  device(): Promise<DeviceStatus> {
    return this.json(DeviceStatus, 'GET', '/v1/sync/device', undefined);
  }

  async push(records: readonly SyncRecord[]): Promise<PushResponse> {
    const creds = await this.opts.credentials();
    if (!creds) throw new SyncTransportError('not_enrolled', '本机尚未登记为同步设备 (device not enrolled)');
    const signedRecords = records.map((record) => ({ record, signature: signRecord(record, creds.privateKey) }));
    return this.json(PushResponse, 'POST', '/v1/sync/push', { records: signedRecords });
  }

  /** POST /v1/sync/result-log: each entry signed by the device key (src-node/sync-auth signResultLogEntry). */
  async resultLog(entries: readonly ResultLogEntry[]): Promise<ResultLogResponse> {
    const creds = await this.opts.credentials();
    if (!creds) throw new SyncTransportError('not_enrolled', '本机尚未登记为同步设备 (device not enrolled)');
    const signedEntries = entries.map((entry) => ({ entry, signature: signResultLogEntry(entry, creds.privateKey) }));
    return this.json(ResultLogResponse, 'POST', '/v1/sync/result-log', { entries: signedEntries });
  }

  blobStatus(blobs: readonly BlobDescriptor[]): Promise<BlobStatusResponse> {
    return this.json(BlobStatusResponse, 'POST', '/v1/sync/blobs/status', { blobs });
  }

  async putChunk(sha256: string, size: number, offset: number, data: Uint8Array): Promise<BlobState> {
    const raw = await this.send('PUT', `/v1/sync/blobs/${sha256}?offset=${offset}&size=${size}`, Buffer.from(data.buffer, data.byteOffset, data.byteLength), 'application/octet-stream', true);
    return this.check(BlobState, raw, '/v1/sync/blobs', [200]);
  }

  /** Shared-data checks and electronic licences (protocol/shared-data.ts). */
  verifyPerson(q: VerifyPersonRequest): Promise<VerifyPersonResponse> {
    return this.json(VerifyPersonResponse, 'POST', '/v1/sync/verify/person', q);
  }

  verifyOrganisation(q: VerifyOrganisationRequest): Promise<VerifyOrganisationResponse> {
    return this.json(VerifyOrganisationResponse, 'POST', '/v1/sync/verify/organisation', q);
  }

  licences(q: LicencesRequest): Promise<LicencesResponse> {
    return this.json(LicencesResponse, 'POST', '/v1/sync/licences', q);
  }

  /** The window's proxy authorisations (帮办代办). */
  proxyAuthorisations(): Promise<DeviceProxyAuthorisations> {
    return this.json(DeviceProxyAuthorisations, 'GET', '/v1/sync/proxy-authorisations', undefined);
  }

  /** GET /v1/sync/results/:resultId/pdf: the signed result's bytes and the SHA-256 the center declares. */
  async resultPdf(resultId: string): Promise<{ bytes: Buffer; declaredSha256: string | null; contentType: string | null }> {
    const raw = await this.send('GET', `/v1/sync/results/${encodeURIComponent(resultId)}/pdf`, null, null, true, true);
    if (raw.status !== 200 || !raw.bytes) throw classifyStatus(raw.status, raw.body);
    const declared = raw.headers?.['x-content-sha256'];
    const type = raw.headers?.['content-type'];
    return { bytes: raw.bytes, declaredSha256: typeof declared === 'string' ? declared.trim().toLowerCase() : null, contentType: typeof type === 'string' ? type : null };
  }

  pull(cursor: string | undefined, limit?: number): Promise<PullResponse> {
    const q = new URLSearchParams();
    if (cursor) q.set('cursor', cursor);
    if (limit) q.set('limit', String(limit));
    const qs = q.toString();
    return this.json(PullResponse, 'GET', `/v1/sync/changes${qs ? `?${qs}` : ''}`, undefined);
  }
}

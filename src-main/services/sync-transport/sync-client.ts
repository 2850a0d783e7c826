/**
 * What the clerk-api's device:* and sync:* channels call: the device identity, the
 * address of the sync service and the HTTPS transport, with every failure turned into a
 * SyncFailure value for the renderer's engine.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { DeviceEnrollArgs, DeviceInfo, SyncCallResult, SyncPing, SyncResultPdf } from '../../../src-shared/protocol/clerk-sync';
import type { BlobDescriptor, BlobState, BlobStatusResponse, PullResponse, PushResponse, SyncRecord } from '../../../src-shared/protocol/sync';
import { ClerkApiError } from '../../../src-shared/protocol/clerk-api';
import type { ResultLogEntry, ResultLogResponse } from '../../../src-shared/protocol/result-log';
import type { DeviceProxyAuthorisations } from '../../../src-shared/protocol/proxy';
import type { LicencesRequest, LicencesResponse, VerifyOrganisationRequest, VerifyOrganisationResponse, VerifyPersonRequest, VerifyPersonResponse } from '../../../src-shared/protocol/shared-data';
import { DeviceService } from '../device/device-service';
import type { KeyProtector } from '../device/protector';
import { rootFingerprint, SyncEndpointResolver } from './endpoint';
import { SyncTransport, SyncTransportError } from './transport';

export interface SyncClientOptions {
  dataDir: string;
  protector: KeyProtector;
  /** The province root certificate (PEM file) this PC trusts: YICHUANG_PROVINCE_ROOT. */
  rootFile: string;
  /** The center's public URL (settings.centerUrl). */
  centerUrl: () => Promise<string>;
  /** YICHUANG_SYNC_URL: skip the lookup. */
  syncUrl?: string;
  idleTimeoutMs?: number;
  now?: () => number;
  fetch?: (url: string, init?: RequestInit) => Promise<Response>;
}

export class SyncClient {
  readonly device: DeviceService;
  readonly endpoint: SyncEndpointResolver;
  readonly transport: SyncTransport;
  private root: { pem: string; mtimeMs: number } | null = null;

  constructor(private readonly opts: SyncClientOptions) {
    this.device = new DeviceService(opts.dataDir, opts.protector);
    this.endpoint = new SyncEndpointResolver({
      centerUrl: opts.centerUrl,
      rootPem: () => this.rootPem(),
      ...(opts.syncUrl ? { override: opts.syncUrl } : {}),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
    this.transport = new SyncTransport({
      syncUrl: () => this.endpoint.url(),
      rootPem: () => this.rootPem(),
      credentials: () => this.device.credentials(),
      onUnreachable: () => this.endpoint.invalidate(),
      ...(opts.idleTimeoutMs ? { idleTimeoutMs: opts.idleTimeoutMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
    });
  }

  /** The province root (re-read when the file changes). */
  async rootPem(): Promise<string> {
    let st;
    try {
      st = await fs.stat(this.opts.rootFile);
    } catch {
      throw new SyncTransportError(
        'config',
        `找不到省级根证书文件 ${this.opts.rootFile}：请设置 YICHUANG_PROVINCE_ROOT 为中心提供的根证书 (province root certificate not found)`,
      );
    }
    if (!this.root || this.root.mtimeMs !== st.mtimeMs) this.root = { pem: await fs.readFile(this.opts.rootFile, 'utf8'), mtimeMs: st.mtimeMs };
    return this.root.pem;
  }

  async info(): Promise<DeviceInfo> {
    const id = await this.device.identity();
    let rootSha256: string | null;
    try {
      rootSha256 = rootFingerprint(await this.rootPem());
    } catch {
      rootSha256 = null;
    }
    return {
      enrolled: !!id,
      deviceId: id?.deviceId ?? null,
      windowId: id?.windowId ?? null,
      regionCode: id?.regionCode ?? null,
      certSha256: id?.certSha256 ?? null,
      certNotAfter: id?.notAfter ?? null,
      keyProtection: this.opts.protector.kind,
      syncUrl: this.endpoint.current,
      rootSha256,
    };
  }

  /** Enrolls; failures are ClerkApiErrors naming the field (the code, the window…). */
  async enroll(args: DeviceEnrollArgs): Promise<DeviceInfo> {
    try {
      const root = await this.rootPem();
      await this.device.enroll(args, (req) => this.transport.enroll(req), root);
    } catch (e) {
      if (e instanceof SyncTransportError) {
        const code = e.kind === 'rejected' || e.kind === 'auth' ? 'bad_args' : 'failed';
        throw new ClerkApiError(code, e.message, e.field === 'csrPem' ? undefined : e.field);
      }
      throw e;
    }
    return this.info();
  }

  private async wrap<T>(fn: () => Promise<T>): Promise<SyncCallResult<T>> {
    try {
      return { ok: true, value: await fn() };
    } catch (e) {
      if (e instanceof SyncTransportError) return { ok: false, error: e.toFailure() };
      return { ok: false, error: { kind: 'config', message: e instanceof Error ? e.message : String(e) } };
    }
  }

  ping(): Promise<SyncCallResult<SyncPing>> {
    return this.wrap(async () => {
      const t0 = Date.now();
      const st = await this.transport.device();
      const t1 = Date.now();
      const server = new Date(st.serverTime).getTime();
      return { serverTime: st.serverTime, clockOffsetMs: Math.round((t0 + t1) / 2 - server), latencyMs: t1 - t0, certStatus: st.status };
    });
  }

  push(records: readonly SyncRecord[]): Promise<SyncCallResult<PushResponse>> {
    return this.wrap(() => this.transport.push(records));
  }

  blobStatus(blobs: readonly BlobDescriptor[]): Promise<SyncCallResult<BlobStatusResponse>> {
    return this.wrap(() => this.transport.blobStatus(blobs));
  }

  blobChunk(a: { sha256: string; size: number; offset: number; data: Uint8Array }): Promise<SyncCallResult<BlobState>> {
    return this.wrap(() => this.transport.putChunk(a.sha256, a.size, a.offset, a.data));
  }

  pull(a: { cursor?: string | undefined; limit?: number | undefined }): Promise<SyncCallResult<PullResponse>> {
    return this.wrap(() => this.transport.pull(a.cursor, a.limit));
  }

  /** Downloads, prints and hand-overs of results whose case this window did not accept (each entry signed). */
  resultLog(entries: readonly ResultLogEntry[]): Promise<SyncCallResult<ResultLogResponse>> {
    return this.wrap(() => this.transport.resultLog(entries));
  }

  /** The window's proxy authorisations (帮办代办), as the center knows them now. */
  proxyAuthorisations(): Promise<SyncCallResult<DeviceProxyAuthorisations>> {
    return this.wrap(() => this.transport.proxyAuthorisations());
  }

  /**
   * A result's signed PDF, accepted only when its bytes hash to the SHA-256 the province
   * published (the pulled ResultInfo) and to the one the center declares with it.
   */
  resultPdf(a: { resultId: string; sha256: string }): Promise<SyncCallResult<SyncResultPdf>> {
    return this.wrap(async () => {
      const r = await this.transport.resultPdf(a.resultId);
      if (r.contentType && !/^application\/pdf\b/i.test(r.contentType))
        throw new SyncTransportError('bad_response', `中心返回的结果文件不是 PDF（${r.contentType}）(the result is not a PDF)`, 200, 'not_pdf');
      const actual = createHash('sha256').update(r.bytes).digest('hex');
      if (r.declaredSha256 && r.declaredSha256 !== actual)
        throw new SyncTransportError('bad_response', `结果文件在传输中损坏：摘要与中心声明的不符 (the PDF does not match x-content-sha256)`, 200, 'sha256_mismatch');
      if (actual !== a.sha256)
        throw new SyncTransportError('bad_response', `结果文件与省级中心发布的摘要不符，文件已被改动 (the PDF's SHA-256 is not the published one)`, 200, 'sha256_mismatch');
      return { pdf: new Uint8Array(r.bytes), sha256: actual };
    });
  }

  /** Shared-data checks (protocol/shared-data.ts). */
  verifyPerson(q: VerifyPersonRequest): Promise<SyncCallResult<VerifyPersonResponse>> {
    return this.wrap(() => this.transport.verifyPerson(q));
  }

  verifyOrganisation(q: VerifyOrganisationRequest): Promise<SyncCallResult<VerifyOrganisationResponse>> {
    return this.wrap(() => this.transport.verifyOrganisation(q));
  }

  licences(q: LicencesRequest): Promise<SyncCallResult<LicencesResponse>> {
    return this.wrap(() => this.transport.licences(q));
  }

  close(): void {
    this.transport.close();
  }
}

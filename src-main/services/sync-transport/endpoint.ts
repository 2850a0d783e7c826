/**
 * Where the center's sync service is: YICHUANG_SYNC_URL when set, otherwise asked of the
 * center's public HTTP port (GET <centerUrl>/v1/sync-endpoint) and kept for five minutes
 * or until the service cannot be reached. The answer names the fingerprint of the root
 * the center uses; if it is not the root this PC trusts, sync stops with a clear message
 * instead of failing TLS on every request.
 */
import crypto from 'node:crypto';
import { SyncEndpoint } from '../../../src-shared/protocol/sync';
import { SyncTransportError } from './transport';

export interface EndpointOptions {
  centerUrl: () => Promise<string>;
  rootPem: () => Promise<string>;
  /** A fixed address (YICHUANG_SYNC_URL). */
  override?: string;
  ttlMs?: number;
  fetch?: (url: string, init?: RequestInit) => Promise<Response>;
  timeoutMs?: number;
}

export function rootFingerprint(pem: string): string {
  return crypto.createHash('sha256').update(new crypto.X509Certificate(pem).raw).digest('hex');
}

export class SyncEndpointResolver {
  private cached: { url: string; at: number } | null = null;

  constructor(private readonly opts: EndpointOptions) {}

  /** The address in use, if known (no network). */
  get current(): string | null {
    return this.opts.override ?? this.cached?.url ?? null;
  }

  invalidate(): void {
    this.cached = null;
  }

  async url(): Promise<string> {
    if (this.opts.override) return this.opts.override;
    const ttl = this.opts.ttlMs ?? 5 * 60_000;
    if (this.cached && Date.now() - this.cached.at < ttl) return this.cached.url;
    const center = (await this.opts.centerUrl()).replace(/\/+$/, '');
    const f = this.opts.fetch ?? ((u, i) => globalThis.fetch(u, i));
    let res: Response;
    try {
      res = await f(`${center}/v1/sync-endpoint`, { signal: AbortSignal.timeout(this.opts.timeoutMs ?? 8000), headers: { accept: 'application/json' } });
    } catch (e) {
      throw new SyncTransportError('offline', `无法连接中心 ${center}：${(e as Error).message} (center unreachable)`);
    }
    if (res.status === 404) throw new SyncTransportError('config', `中心 ${center} 未启用同步服务 (sync service not enabled at the center)`, 404);
    if (!res.ok) throw new SyncTransportError(res.status >= 500 ? 'server' : 'bad_response', `中心 ${center} 未能告知同步服务地址 (HTTP ${res.status})`, res.status);
    const parsed = SyncEndpoint.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new SyncTransportError('bad_response', `中心 ${center} 的同步服务地址不符合协议 (invalid /v1/sync-endpoint)`);
    const mine = rootFingerprint(await this.opts.rootPem());
    if (parsed.data.rootSha256 !== mine)
      throw new SyncTransportError(
        'config',
        `中心使用的根证书（${parsed.data.rootSha256.slice(0, 16)}…）不是本机信任的省级根证书（${mine.slice(0, 16)}…），请核对 YICHUANG_PROVINCE_ROOT (center uses another root)`,
      );
    this.cached = { url: parsed.data.url, at: Date.now() };
    return parsed.data.url;
  }
}

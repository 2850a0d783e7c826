/**
 * The province's trust material as main keeps it: the root certificate (the trust anchor
 * of every signature) and the center's CRL, cached on disk so signing works offline for as
 * long as the CRL is current.
 *
 * The root comes from, in order: a configured PEM (YICHUANG_TRUST_ROOT, the way production
 * pins the province root), the cached copy, or the center's GET /v1/pki/root on first use
 * (trust on first use — acceptable for the demo PKI that every installation generates; set
 * YICHUANG_TRUST_ROOT in production). A CRL is accepted only when the root signed it and it
 * is not older than the one cached.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseCrl, verifyCrlSignature } from '../../../src-node/pki/crl';
import { pemDecodeAll } from '../../../src-node/pki/der';
import { KeystoreError } from './errors';

export interface PkiCacheOptions {
  /** Where root.pem and crl.der are cached. */
  dir: string;
  centerUrl: () => Promise<string>;
  /** A pinned root (PEM text); when set, the center's root is never fetched. */
  trustRootPem?: string;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Fetch the CRL again when the cached one was fetched longer ago than this (default 1 h). */
  refreshIntervalMs?: number;
  timeoutMs?: number;
}

export class PkiCache {
  private lastAttempt = 0;
  private lastAttemptOk = false;
  private refreshing: Promise<void> | null = null;

  constructor(private readonly o: PkiCacheOptions) {}

  private get rootFile(): string {
    return path.join(this.o.dir, 'root.pem');
  }
  private get crlFile(): string {
    return path.join(this.o.dir, 'crl.der');
  }
  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  private async get(url: string): Promise<Buffer> {
    const res = await (this.o.fetch ?? fetch)(url, { signal: AbortSignal.timeout(this.o.timeoutMs ?? 3000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }

  private async base(): Promise<string> {
    return (await this.o.centerUrl()).replace(/\/$/, '');
  }

  /** The trust roots, DER. Throws KeystoreError (rule trust-root) when none can be had. */
  async trustRoots(): Promise<Buffer[]> {
    if (this.o.trustRootPem) return pemDecodeAll('CERTIFICATE', this.o.trustRootPem);
    try {
      const cached = pemDecodeAll('CERTIFICATE', await fs.readFile(this.rootFile, 'utf8'));
      if (cached.length) return cached;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    let pem: string;
    try {
      pem = (await this.get(`${await this.base()}/v1/pki/root`)).toString('utf8');
    } catch (err) {
      throw new KeystoreError(
        'trust-root',
        'certificate',
        `无法获取省级根证书（规则：证书链），请连接省级中心或设置 YICHUANG_TRUST_ROOT 后重试：${(err as Error).message} (no trust root: connect to the center or set YICHUANG_TRUST_ROOT)`,
      );
    }
    const roots = pemDecodeAll('CERTIFICATE', pem);
    if (!roots.length) throw new KeystoreError('trust-root', 'certificate', '省级中心返回的根证书无效（规则：证书链）(the center sent no root certificate)');
    await fs.mkdir(this.o.dir, { recursive: true });
    await fs.writeFile(this.rootFile, pem, { mode: 0o644 });
    return roots;
  }

  /** The cached CRL(s), DER, after a best-effort refresh when due. */
  async crls(): Promise<Buffer[]> {
    // Offline, try again after a minute rather than on every call.
    const interval = this.lastAttemptOk ? (this.o.refreshIntervalMs ?? 3_600_000) : 60_000;
    if (this.now().getTime() - this.lastAttempt > interval) {
      await this.refreshCrl().catch(() => undefined);
    }
    try {
      return [await fs.readFile(this.crlFile)];
    } catch {
      return [];
    }
  }

  /** Fetches the center's CRL and keeps it if the root signed it and it is not older. */
  refreshCrl(): Promise<void> {
    this.refreshing ??= (async () => {
      this.lastAttempt = this.now().getTime();
      this.lastAttemptOk = false;
      try {
        const der = await this.get(`${await this.base()}/v1/pki/crl`);
        const roots = await this.trustRoots();
        if (!roots.some((r) => verifyCrlSignature(der, r))) throw new Error('CRL 不是由省级根证书签发的 (the CRL is not signed by the trust root)');
        const fresh = parseCrl(der);
        try {
          const old = parseCrl(await fs.readFile(this.crlFile));
          if ((old.crlNumber ?? 0) > (fresh.crlNumber ?? 0) || old.thisUpdate > fresh.thisUpdate) {
            this.lastAttemptOk = true;
            return;
          }
        } catch {
          // nothing cached yet
        }
        await fs.mkdir(this.o.dir, { recursive: true });
        const tmp = `${this.crlFile}.${process.pid}.tmp`;
        await fs.writeFile(tmp, der);
        await fs.rename(tmp, this.crlFile);
        this.lastAttemptOk = true;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** The center's timestamp service URL. */
  async tsaUrl(): Promise<string> {
    return `${await this.base()}/v1/tsa`;
  }
}

/**
 * Starting the sync service next to the public HTTP app (src-center/main.ts): load the
 * province root from the PKI directory, issue the TLS certificate, listen on HTTPS.
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Store } from '../store/index';
import { buildSyncApp } from './app';
import { loadSyncAuthority, type SyncAuthority } from './authority';
import type { DeviceRegistry } from './registry';

/** What the public app's GET /v1/sync-endpoint tells windows; filled in once the service listens. */
export interface SyncEndpointSource {
  port: number | null;
  /** CENTER_SYNC_PUBLIC_URL: the address windows should use (a proxy, a DNS name). */
  publicUrl?: string;
  rootSha256: string | null;
}

export interface SyncServiceOptions {
  pkiDir: string;
  port: number;
  host: string;
  /** Extra names and addresses for the TLS certificate (CENTER_SYNC_HOSTNAMES). */
  hostnames?: string[];
  logger?: FastifyServerOptions['logger'];
}

export interface SyncService {
  app: FastifyInstance;
  registry: DeviceRegistry;
  authority: SyncAuthority;
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function startSyncService(store: Store, opts: SyncServiceOptions): Promise<SyncService> {
  const authority = await loadSyncAuthority(opts.pkiDir, { hostnames: opts.hostnames ?? [] });
  const { app, registry } = await buildSyncApp(store, { authority, ...(opts.logger !== undefined ? { logger: opts.logger } : {}) });
  await app.listen({ port: opts.port, host: opts.host });
  const addr = app.server.address();
  const port = addr && typeof addr === 'object' ? addr.port : opts.port;
  const urlHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  return { app, registry, authority, port, url: `https://${urlHost}:${port}`, close: () => app.close() };
}

export function rootSha256(authority: SyncAuthority): string {
  return crypto.createHash('sha256').update(new crypto.X509Certificate(authority.rootPem).raw).digest('hex');
}

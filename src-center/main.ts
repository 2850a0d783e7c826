/**
 * `tsx src-center/main.ts` (npm run center): runs the provincial center.
 *
 *   CENTER_PORT          port, default 4780; 0 picks a free port (the real one is printed)
 *   CENTER_HOST          interface, default 127.0.0.1
 *   DATABASE_URL         postgres://… — use PostgreSQL instead of PGlite
 *   CENTER_DATA_DIR      PGlite data directory, default ./data/center ('memory://' for none)
 *   CENTER_CORS_ORIGINS  extra allowed origins, comma-separated
 *   LOG_LEVEL            pino level, default info
 *   CENTER_SYNC_PORT     HTTPS port of the sync service (devices), default 4781 (0 when CENTER_PORT=0; off = none)
 *   CENTER_PKI_DIR       province PKI directory (root key and certificate, CRL), default data/pki (demo PKI made on first use)
 *   CENTER_SYNC_HOSTNAMES  extra host names / IPs for the sync TLS certificate, comma-separated
 *   CENTER_SYNC_PUBLIC_URL the sync address to tell windows (behind a proxy), default https://<host asked>:<sync port>
 *   CENTER_ADMIN_TOKEN   bearer token of the operator endpoints (enrollment codes, revocation, calendar)
 *   CENTER_YELLOW_DAYS   yellow deadline warning at or below this many working days left, default 3
 *
 * Prints one line `center listening on <url> (store: …)` once it accepts requests
 * (scripts/start parses `listening on (\S+)`); SIGINT/SIGTERM close the server, then
 * the store, and exit 0.
 */
import { createCenter } from './app';
import { ensureDemoReviewers } from './store/seed/reviewers';
import { rootSha256, startSyncService, type SyncEndpointSource, type SyncService } from './sync/server';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function envPort(): number {
  const raw = process.env.CENTER_PORT ?? '4780';
  const port = Number(raw);
  if (!/^\d{1,5}$/.test(raw) || port > 65535) fail(`CENTER_PORT 不合法：必须是 0–65535 的整数，收到 "${raw}" (CENTER_PORT must be an integer 0-65535)`);
  return port;
}

async function main(): Promise<void> {
  const port = envPort();
  const host = process.env.CENTER_HOST || '127.0.0.1';
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = process.env.CENTER_DATA_DIR || 'data/center';
  const corsOrigins = (process.env.CENTER_CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  const t0 = performance.now();
  const syncEndpoint: SyncEndpointSource = { port: null, rootSha256: null, ...(process.env.CENTER_SYNC_PUBLIC_URL ? { publicUrl: process.env.CENTER_SYNC_PUBLIC_URL } : {}) };
  const center = await createCenter({ ...(databaseUrl ? { databaseUrl } : { dataDir }), logger: true, corsOrigins, syncEndpoint });
  // Demo catalog and no reviewer yet: one reviewer per department of the demo windows' regions, random passwords in a 0600 file.
  const demo = await ensureDemoReviewers(center.store.db, dataDir.startsWith('memory://') ? 'data/center' : dataDir);
  if (demo) {
    const first = demo.accounts.find((a) => a.username === '130102-amr') ?? demo.accounts[0];
    console.log(`demo reviewers: ${demo.accounts.length} accounts (user name = department code), passwords in ${demo.file}${first ? `; e.g. ${first.username} / ${first.password}` : ''}`);
  }
  const syncPortRaw = process.env.CENTER_SYNC_PORT ?? (port === 0 ? '0' : '4781');
  let sync: SyncService | null = null;
  if (syncPortRaw !== 'off') {
    const syncPort = Number(syncPortRaw);
    if (!/^\d{1,5}$/.test(syncPortRaw) || syncPort > 65535) fail(`CENTER_SYNC_PORT 不合法：必须是 0–65535 的整数或 off，收到 "${syncPortRaw}" (CENTER_SYNC_PORT must be an integer 0-65535 or off)`);
    const pkiDir = process.env.CENTER_PKI_DIR || 'data/pki';
    const hostnames = (process.env.CENTER_SYNC_HOSTNAMES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    sync = await startSyncService(center.store, { pkiDir, port: syncPort, host, hostnames, logger: { level: process.env.LOG_LEVEL ?? 'info' } });
    syncEndpoint.port = sync.port;
    syncEndpoint.rootSha256 = rootSha256(sync.authority);
  }
  await center.app.listen({ port, host });
  const addr = center.app.server.address();
  const realPort = addr && typeof addr === 'object' ? addr.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  console.log(
    `center listening on http://${urlHost}:${realPort} (store: ${center.store.label}; ready in ${Math.round(performance.now() - t0)} ms)`,
  );
  if (sync) console.log(`center sync service (HTTPS, province root) at ${sync.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    center.app.log.info({ signal }, 'shutting down');
    // Do not hang forever on a stuck connection.
    const timer = setTimeout(() => {
      console.error('center: shutdown took longer than 10 s, exiting');
      process.exit(1);
    }, 10_000);
    timer.unref();
    (sync ? sync.close() : Promise.resolve()).then(() => center.close()).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('center: error during shutdown', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error('center: failed to start:', err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});

/**
 * A window as it runs in browser mode, minus the page: the browser host (HTTP, token,
 * wire encoding, dispatch with validation both ways) with a SyncClient (device key,
 * HTTPS trusting the province root only), and the renderer's sync engine on
 * fake-indexeddb talking to the host through the renderer's own httpClient.
 * "Restarting" it tears all of that down mid-flight and builds it again on the same data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startBrowserHost, type BrowserHost } from '../../../src-main/browser-host/host';
import type { HostServices } from '../../../src-main/clerk-handlers';
import { scryptProtector } from '../../../src-main/services/device';
import { SyncClient } from '../../../src-main/services/sync-transport';
import { YichuangDb } from '../../../src-renderer/db/database';
import { httpClient } from '../../../src-renderer/platform/clerkClient';
import { SyncEngine, type EngineConfig } from '../../../src-renderer/sync/engine';
import { SyncStateDb } from '../../../src-renderer/sync/syncDb';
import type { ClerkClient } from '../../../src-shared/protocol/clerk-api';

export interface WindowSpec {
  /** Main's data directory (device key, machine secret). */
  dataDir: string;
  rootFile: string;
  /** The sync service address (e.g. through the cutting proxy). */
  syncUrl: string;
  dbName: string;
  engine?: Partial<EngineConfig>;
  idleTimeoutMs?: number;
}

export interface RunningWindow {
  host: BrowserHost;
  client: SyncClient;
  api: ClerkClient;
  db: YichuangDb;
  state: SyncStateDb;
  engine: SyncEngine;
  /** Pulls the plug: sockets destroyed, engine stopped, host closed. */
  kill(): Promise<void>;
}

export async function startWindow(spec: WindowSpec): Promise<RunningWindow> {
  const rendererDir = path.join(spec.dataDir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>test</title>');
  const client = new SyncClient({
    dataDir: spec.dataDir,
    protector: scryptProtector(path.join(spec.dataDir, 'device', 'machine-secret')),
    rootFile: spec.rootFile,
    centerUrl: async () => 'http://127.0.0.1:1',
    syncUrl: spec.syncUrl,
    ...(spec.idleTimeoutMs ? { idleTimeoutMs: spec.idleTimeoutMs } : {}),
  });
  const services = { appInfo: () => ({}) as never, settings: {} as never, documents: {} as never, sync: client } as HostServices;
  const host = await startBrowserHost({ rendererDir, services, port: 0 });
  const api = httpClient({ origin: host.url, token: host.token });
  const db = new YichuangDb(spec.dbName);
  const state = new SyncStateDb(`${spec.dbName}-sync`);
  const engine = new SyncEngine({ db, state, api, ...(spec.engine ? { config: spec.engine } : {}) });
  return {
    host,
    client,
    api,
    db,
    state,
    engine,
    async kill() {
      client.close();
      await engine.stop();
      await host.close();
      db.close();
      state.close();
    },
  };
}

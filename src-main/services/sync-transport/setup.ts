/**
 * The SyncClient of a host (Electron or browser mode), configured from the environment:
 *
 *   YICHUANG_PROVINCE_ROOT  PEM file of the province root the center's HTTPS is certified by
 *                           (the only certificate trusted for sync); default: the demo PKI's
 *                           data/pki/root.pem
 *   YICHUANG_SYNC_URL       the sync service address (https://host:port); default: asked of
 *                           the center (GET <centerUrl>/v1/sync-endpoint)
 *
 * The device key is sealed with Electron's safeStorage when the host has a real OS
 * keystore, otherwise with the scrypt protector (see ../device/protector.ts).
 */
import path from 'node:path';
import { safeStorageProtector, scryptProtector, type SafeStorageLike } from '../device/protector';
import { SyncClient } from './sync-client';

export interface SetupSyncOptions {
  dataDir: string;
  centerUrl: () => Promise<string>;
  /** Default location of the province root when YICHUANG_PROVINCE_ROOT is not set. */
  defaultRootFile: string;
  /** Electron's safeStorage, when the OS keystore is usable (checked now: call after app ready). */
  safeStorage?: SafeStorageLike;
  env?: NodeJS.ProcessEnv;
}

export function setupSync(opts: SetupSyncOptions): SyncClient {
  const env = opts.env ?? process.env;
  const protector =
    opts.safeStorage && opts.safeStorage.isEncryptionAvailable()
      ? safeStorageProtector(opts.safeStorage)
      : scryptProtector(path.join(opts.dataDir, 'device', 'machine-secret'));
  return new SyncClient({
    dataDir: opts.dataDir,
    protector,
    rootFile: path.resolve(env.YICHUANG_PROVINCE_ROOT || opts.defaultRootFile),
    centerUrl: opts.centerUrl,
    ...(env.YICHUANG_SYNC_URL ? { syncUrl: env.YICHUANG_SYNC_URL } : {}),
  });
}

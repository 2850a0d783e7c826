/**
 * The keystore as the hosts (Electron main, browser host) set it up: key files under
 * DATA_DIR/keystore, the province root and CRL cached under DATA_DIR/pki-cache, the
 * auto-lock time and the center from the settings. YICHUANG_TRUST_ROOT names a PEM file
 * that pins the province root (production); without it the center's root is fetched once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Keystore, type SafeStorageLike } from './keystore';
import { PkiCache } from './pki-cache';

export interface KeystoreSetup {
  keystore: Keystore;
  pki: PkiCache;
}

export function setupKeystore(o: {
  dataDir: string;
  settings: { get(): Promise<{ centerUrl: string; autoLockMinutes: number }> };
  safeStorage?: SafeStorageLike;
  env?: NodeJS.ProcessEnv;
}): KeystoreSetup {
  const env = o.env ?? process.env;
  const centerUrl = async () => (await o.settings.get()).centerUrl;
  let trustRootPem: string | undefined;
  if (env.YICHUANG_TRUST_ROOT) {
    try {
      trustRootPem = readFileSync(env.YICHUANG_TRUST_ROOT, 'utf8');
    } catch (err) {
      throw new Error(`YICHUANG_TRUST_ROOT 无法读取：${env.YICHUANG_TRUST_ROOT}：${(err as Error).message} (cannot read the pinned trust root)`, { cause: err });
    }
  }
  const pki = new PkiCache({ dir: path.join(o.dataDir, 'pki-cache'), centerUrl, ...(trustRootPem ? { trustRootPem } : {}) });
  const keystore = new Keystore({
    dir: path.join(o.dataDir, 'keystore'),
    trust: pki,
    autoLockMinutes: async () => (await o.settings.get()).autoLockMinutes,
    ...(o.safeStorage ? { safeStorage: o.safeStorage } : {}),
  });
  return { keystore, pki };
}

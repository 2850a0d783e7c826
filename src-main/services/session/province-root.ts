/**
 * Where this installation finds the province root certificate — the one certificate the
 * window trusts: for the sync service's HTTPS (YICHUANG_PROVINCE_ROOT, read by
 * ../sync-transport/setup.ts) and as the pinned anchor of signatures and of the clerk
 * login (YICHUANG_TRUST_ROOT, read by ../keystore/setup.ts).
 *
 *  1. the environment, when set (an operator override, as today);
 *  2. packaged builds: `<resourcesPath>/province-root.pem`, which electron-builder ships
 *     from resources/province-root.pem (extraResources; see README "Packaging");
 *  3. development: the demo PKI's data/pki/root.pem for sync, and no pin for signing
 *     (the center's root is fetched once).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const PROVINCE_ROOT_FILE = 'province-root.pem';

export interface ProvinceRootPaths {
  /** The PEM file the sync transport trusts. */
  provinceRootFile: string;
  /** The PEM file pinned as the signing/login trust root; undefined = trust on first use from the center. */
  trustRootFile: string | undefined;
  source: 'env' | 'packaged' | 'development';
  /** Set when a packaged build has no root to trust (the operator forgot to supply it). */
  warning?: string;
}

export function resolveProvinceRoot(o: {
  env: NodeJS.ProcessEnv;
  /** app.isPackaged */
  packaged: boolean;
  /** process.resourcesPath (packaged builds) */
  resourcesPath?: string | undefined;
  /** The development default for sync (the demo PKI's root). */
  devRootFile: string;
  exists?: (file: string) => boolean;
}): ProvinceRootPaths {
  const exists = o.exists ?? existsSync;
  const envSync = o.env.YICHUANG_PROVINCE_ROOT || undefined;
  const envTrust = o.env.YICHUANG_TRUST_ROOT || undefined;
  if (!o.packaged) {
    return {
      provinceRootFile: path.resolve(envSync ?? o.devRootFile),
      trustRootFile: envTrust ? path.resolve(envTrust) : undefined,
      source: envSync || envTrust ? 'env' : 'development',
    };
  }
  const shipped = o.resourcesPath ? path.join(o.resourcesPath, PROVINCE_ROOT_FILE) : undefined;
  const hasShipped = shipped !== undefined && exists(shipped);
  const provinceRootFile = path.resolve(envSync ?? shipped ?? o.devRootFile);
  const trustRootFile = envTrust ? path.resolve(envTrust) : hasShipped ? shipped : undefined;
  const result: ProvinceRootPaths = { provinceRootFile, trustRootFile, source: envSync || envTrust ? 'env' : 'packaged' };
  if (!hasShipped && !(envSync && envTrust)) {
    result.warning =
      `安装包中没有省级根证书 ${shipped ?? PROVINCE_ROOT_FILE}，且未设置 YICHUANG_PROVINCE_ROOT / YICHUANG_TRUST_ROOT：` +
      `无法与省级中心同步，签章信任首次从中心获取的根证书 (no province root shipped with this build)`;
  }
  return result;
}

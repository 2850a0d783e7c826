/** What the app says about itself (clerk-api app:info), for either host. */
import os from 'node:os';
import { CLERK_API_VERSION, type AppInfo } from '../../src-shared/protocol/clerk-api';

export const APP_NAME = 'yichuang';
export const PRODUCT_NAME = '一窗受理';

export function makeAppInfo(host: AppInfo['host'], version: string, dataDir: string): AppInfo {
  return {
    name: APP_NAME,
    productName: PRODUCT_NAME,
    version,
    host,
    platform: `${os.platform()}-${os.arch()}`,
    apiVersion: CLERK_API_VERSION,
    dataDir,
  };
}

/**
 * Entry of browser mode: `tsx src-main/browser-host/main.ts`. Serves the built renderer
 * and the clerk-api on 127.0.0.1 and prints the launch URL (with its token) to open.
 *
 * Environment: YICHUANG_DATA_DIR (default data/window), YICHUANG_HOST_PORT (default 0 =
 * any free port), YICHUANG_RENDERER_DIR (default dist/renderer), CENTER_URL,
 * YICHUANG_IDREADER (ID card reader: http:<loopback url> | file:<dir> | simulator; unset = none),
 * YICHUANG_PROVINCE_ROOT / YICHUANG_SYNC_URL (sync with the center: src-main/services/sync-transport/setup.ts).
 */
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startBrowserHost } from './host';
import { SettingsStore, defaultSettings } from '../services/settings-store';
import { DocumentService } from '../services/documents';
import { makeAppInfo } from '../services/app-info';
import { setupKeystore } from '../services/keystore';
import { setupSync } from '../services/sync-transport/setup';
import { setupPrinting } from '../services/printer/setup';
import { LoginService } from '../services/session';
import { UpdateGate } from '../services/updates';
import { consoleIdReaderLog, idCardReaderFromEnv, type IdCardReader } from '../services/id-reader';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(process.env.YICHUANG_DATA_DIR ?? path.join(root, 'data/window'));
const rendererDir = path.resolve(process.env.YICHUANG_RENDERER_DIR ?? path.join(root, 'dist/renderer'));
const port = Number(process.env.YICHUANG_HOST_PORT ?? 0);

if (!existsSync(path.join(rendererDir, 'index.html'))) {
  console.error(`renderer not built: ${rendererDir}/index.html missing — run \`npm run build:renderer\``);
  process.exit(1);
}
const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
const settings = new SettingsStore(dataDir, defaultSettings());
// The clerk's certificate and the window seal (PIN-protected; no OS keychain in browser mode).
const { keystore, pki } = setupKeystore({ dataDir, settings });
const documents = new DocumentService({ dataDir, centerUrl: async () => (await settings.get()).centerUrl, signing: keystore, trust: pki });
let idReader: IdCardReader | undefined;
try {
  idReader = idCardReaderFromEnv(process.env, consoleIdReaderLog);
} catch (err) {
  console.error(`身份证阅读器未启用: ${(err as Error).message}`);
}
if (idReader) {
  const st = await idReader.status();
  console.log(`ID card reader: ${st.kind}${st.detail ? ` — ${st.detail}` : ''}${st.available ? '' : ' (not available yet)'}`);
}
// Device key and HTTPS to the center's sync service (province root only).
// Results: verified here before printing; the directory printer, CUPS, and the page's own print.
const printing = setupPrinting({ dataDir, trust: pki, pagePrint: true });
const sync = setupSync({ dataDir, centerUrl: async () => (await settings.get()).centerUrl, defaultRootFile: path.join(root, 'data/pki/root.pem') });
// Clerk login with the certificate (demo mode while no clerk certificate is imported).
const session = new LoginService({
  dataDir,
  keystore,
  centerCheck: () => pki.refreshCrl(),
  settings,
  enrolledWindowId: async () => (await sync.device.identity())?.windowId ?? null,
});
// In browser mode the host (npm start, the operator) updates the app; the gate only records unsent work.
const updates = new UpdateGate({ mode: 'host-managed', currentVersion: version });
const host = await startBrowserHost({
  rendererDir,
  port,
  services: { appInfo: () => makeAppInfo('browser', version, dataDir), settings, documents, keystore, sync, session, updates, printing, ...(idReader ? { idReader } : {}) },
});
console.log(`clerk app (browser mode) listening on ${host.launchUrl}`);

const stop = (): void => {
  void host.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

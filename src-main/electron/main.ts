/**
 * The Electron main process: one hardened window on app://yichuang/, the clerk-api
 * bound over IPC, everything else denied (navigation, new windows, webviews,
 * permissions except the document camera for our own page).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session } from 'electron';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { APP_ORIGIN, APP_SCHEME, createMainWindow, isTrustedUrl } from './window-options';
import { registerIpc } from './ipc';
import { createAppProtocolHandler } from './protocol';
import { createDispatch, createHandlers } from '../clerk-handlers';
import { SettingsStore, defaultSettings } from '../services/settings-store';
import { DocumentService } from '../services/documents';
import { makeAppInfo } from '../services/app-info';
import { setupKeystore } from '../services/keystore';
import { setupSync } from '../services/sync-transport/setup';
import { setupPrinting } from '../services/printer/setup';
import { electronPrinters } from './printing';
import { LoginService, resolveProvinceRoot } from '../services/session';
import { setupUpdates } from './updates';
import { consoleIdReaderLog, idCardReaderFromEnv, type IdCardReader } from '../services/id-reader';
import type { OpenFilesArgs, OpenFilesResult } from '../../src-shared/protocol/clerk-api';

app.enableSandbox();
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

const rendererDir = path.join(__dirname, '../../renderer');
const preloadPath = path.join(__dirname, 'preload.cjs');
const dataDir = process.env.YICHUANG_DATA_DIR ?? app.getPath('userData');
const settings = new SettingsStore(dataDir, defaultSettings());
// The province root: YICHUANG_PROVINCE_ROOT / YICHUANG_TRUST_ROOT, else the one shipped in the
// installer (resourcesPath/province-root.pem), else (development) the demo PKI's.
const roots = resolveProvinceRoot({ env: process.env, packaged: app.isPackaged, resourcesPath: process.resourcesPath, devRootFile: path.join(process.cwd(), 'data/pki/root.pem') });
if (roots.warning) console.error(roots.warning);
// Key files encrypted with the OS keychain (DPAPI, Keychain, libsecret) when there is one;
// Linux without a secret store ('basic_text') falls back to the PIN-derived key.
const { keystore, pki } = setupKeystore({
  dataDir,
  settings,
  env: roots.trustRootFile ? { ...process.env, YICHUANG_TRUST_ROOT: roots.trustRootFile } : process.env,
  safeStorage: {
    isEncryptionAvailable: () =>
      app.isReady() && safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
    encryptString: (s) => safeStorage.encryptString(s),
    decryptString: (b) => safeStorage.decryptString(b),
  },
});
const documents = new DocumentService({ dataDir, centerUrl: async () => (await settings.get()).centerUrl, signing: keystore, trust: pki });
// The counter's ID card reader (YICHUANG_IDREADER); a bad setting leaves it off, loudly.
let idReader: IdCardReader | undefined;
try {
  idReader = idCardReaderFromEnv(process.env, consoleIdReaderLog);
} catch (err) {
  console.error(`身份证阅读器未启用: ${(err as Error).message}`);
}
let mainWindow: BrowserWindow | null = null;

async function openFiles(args: OpenFilesArgs): Promise<OpenFilesResult> {
  const props: ('openFile' | 'multiSelections')[] = args.multiple ? ['openFile', 'multiSelections'] : ['openFile'];
  const opts = { title: args.title ?? '选择文件', properties: props, filters: args.filters ?? [] };
  const picked = mainWindow ? await dialog.showOpenDialog(mainWindow, opts) : await dialog.showOpenDialog(opts);
  if (picked.canceled) return { canceled: true, files: [] };
  const max = args.maxBytes ?? 50 * 1024 * 1024;
  const files = [];
  for (const p of picked.filePaths) {
    const stat = await fs.stat(p);
    if (stat.size > max) throw new Error(`文件 ${path.basename(p)} 超过大小限制 ${Math.round(max / 1048576)} MB`);
    const data = new Uint8Array(await fs.readFile(p));
    files.push({ name: path.basename(p), mediaType: mediaTypeOf(p), size: stat.size, data });
  }
  return { canceled: false, files };
}

function mediaTypeOf(p: string): string {
  const ext = path.extname(p).toLowerCase();
  return ({ '.pdf': 'application/pdf', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.tif': 'image/tiff', '.tiff': 'image/tiff' } as Record<string, string>)[ext] ?? 'application/octet-stream';
}

function harden(): void {
  const ses = session.defaultSession;
  // Default deny; the document camera (issue 3) is the one permission our own page may have.
  ses.setPermissionRequestHandler((wc, permission, callback) => {
    callback(permission === 'media' && isTrustedUrl(wc.getURL()));
  });
  ses.setPermissionCheckHandler((_wc, permission, origin) => permission === 'media' && origin === APP_ORIGIN);
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isTrustedUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // Nothing opens a new window, inside the app or out of it.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

function buildMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      { label: '文件', submenu: [{ role: 'quit', label: '退出' }] },
      {
        label: '编辑',
        submenu: [
          { role: 'undo', label: '撤销' },
          { role: 'redo', label: '重做' },
          { type: 'separator' },
          { role: 'cut', label: '剪切' },
          { role: 'copy', label: '复制' },
          { role: 'paste', label: '粘贴' },
          { role: 'selectAll', label: '全选' },
        ],
      },
      { label: '视图', submenu: [{ role: 'reload', label: '重新加载' }, { role: 'togglefullscreen', label: '全屏' }] },
    ]),
  );
}

async function createWindow(): Promise<void> {
  mainWindow = createMainWindow(BrowserWindow, preloadPath);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  await mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});

void app.whenReady().then(async () => {
  harden();
  buildMenu();
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir, async () => (await settings.get()).centerUrl));
  // The device key sealed by the OS keystore when there is a real one (after ready).
  const sync = setupSync({
    dataDir,
    centerUrl: async () => (await settings.get()).centerUrl,
    defaultRootFile: roots.provinceRootFile,
    safeStorage: {
      isEncryptionAvailable: () =>
        safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
      encryptString: (s) => safeStorage.encryptString(s),
      decryptString: (b) => safeStorage.decryptString(b),
    },
  });
  // Clerk login: the clerk certificate, checked with the center (its CRL) or within the offline days.
  const session = new LoginService({
    dataDir,
    keystore,
    centerCheck: () => pki.refreshCrl(),
    settings,
    enrolledWindowId: async () => (await sync.device.identity())?.windowId ?? null,
  });
  // App updates, held while anything is unsent (YICHUANG_UPDATE_URL; disabled when unset).
  const updates = setupUpdates(app);
  const dispatch = createDispatch(
    createHandlers({
      appInfo: () => makeAppInfo('electron', app.getVersion(), dataDir),
      settings,
      documents,
      keystore,
      openFiles,
      sync,
      session,
      updates,
      // Results: verified in main before printing (directory printer, CUPS, Electron's printers).
      printing: setupPrinting({ dataDir, trust: pki, extraBackends: [electronPrinters(() => mainWindow?.webContents ?? null)] }),
      ...(idReader ? { idReader } : {}),
    }),
  );
  registerIpc(ipcMain, dispatch);
  await createWindow();
});

app.on('window-all-closed', () => app.quit());

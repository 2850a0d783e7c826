/**
 * The hardened options of the clerk window, as data, so a unit test can assert them
 * without an Electron runtime.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'yichuang';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Creates the clerk window. Takes the BrowserWindow class as a parameter so a unit test
 * can capture the options without an Electron runtime; the options stay a literal here
 * so static checkers (Electronegativity) see them.
 */
export function createMainWindow<W>(
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W,
  preloadPath: string,
): W {
  return new BrowserWindow({
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 700,
    title: '一窗受理',
    show: false,
    backgroundColor: '#f5f7fa',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click would otherwise try to open links in a new window.
      disableBlinkFeatures: 'Auxclick',
      devTools: process.env.YICHUANG_DEVTOOLS === '1',
    },
  });
}

/** Only our own pages, in the top frame, may call the clerk-api. */
export function isTrustedUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Electron wiring of app updates (thin): electron-updater's autoUpdater behind the update
 * gate of src-main/services/updates. The feed is YICHUANG_UPDATE_URL (electron-builder's
 * "generic" provider: latest.yml / latest-linux.yml and the installers under that URL);
 * unset, or an unpackaged build, leaves updates disabled.
 *
 * autoDownload is true while the gate is open — the gate sets it at each check — and
 * autoInstallOnAppQuit is false: an update installs only through the gate
 * (clerk-api updates:install), never while anything is unsent.
 */
import type { App } from 'electron';
import { autoUpdater } from 'electron-updater';
import { UpdateGate } from '../services/updates';

/** How often to look for an update. */
const CHECK_EVERY_MS = 4 * 60 * 60_000;
const FIRST_CHECK_AFTER_MS = 60_000;

/** The feed URL, or why there is none. https only (http on loopback, for a test feed). */
export function updateFeed(env: NodeJS.ProcessEnv): { url: string } | { disabled: string } {
  const raw = env.YICHUANG_UPDATE_URL?.trim();
  if (!raw) return { disabled: '未设置更新地址 YICHUANG_UPDATE_URL (no update feed configured)' };
  try {
    const u = new URL(raw);
    const loopback = u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
    if (u.protocol === 'https:' || (u.protocol === 'http:' && loopback)) return { url: u.toString() };
  } catch {
    // fall through
  }
  return { disabled: `更新地址 YICHUANG_UPDATE_URL 必须是 https:// 地址：${raw.slice(0, 200)} (the update feed must be https)` };
}

export function setupUpdates(app: App, env: NodeJS.ProcessEnv = process.env): UpdateGate {
  const currentVersion = app.getVersion();
  const feed = updateFeed(env);
  if ('disabled' in feed) return new UpdateGate({ mode: 'disabled', currentVersion, disabledReason: feed.disabled });
  if (!app.isPackaged) return new UpdateGate({ mode: 'disabled', currentVersion, disabledReason: '开发版本（未打包）不自动更新 (unpackaged build)' });

  autoUpdater.setFeedURL({ provider: 'generic', url: feed.url });
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = false;
  const log = (line: string) => console.log(`[updates] ${line}`);
  const gate = new UpdateGate({
    mode: 'active',
    currentVersion,
    log,
    port: {
      check: async (download) => {
        autoUpdater.autoDownload = download;
        await autoUpdater.checkForUpdates();
      },
      download: async () => {
        await autoUpdater.downloadUpdate();
      },
      install: () => autoUpdater.quitAndInstall(false, true),
    },
  });
  autoUpdater.on('checking-for-update', () => gate.onChecking());
  autoUpdater.on('update-available', (info) => gate.onAvailable(info.version));
  autoUpdater.on('update-not-available', () => gate.onNotAvailable());
  autoUpdater.on('download-progress', (p) => gate.onProgress(p.percent));
  autoUpdater.on('update-downloaded', (info) => gate.onDownloaded(info.version));
  autoUpdater.on('error', (err) => gate.onError(err instanceof Error ? err.message : String(err)));

  const check = () => void gate.check();
  setTimeout(check, FIRST_CHECK_AFTER_MS).unref();
  setInterval(check, CHECK_EVERY_MS).unref();
  return gate;
}

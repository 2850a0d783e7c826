/**
 * The product as a user runs it, for end-to-end tests: the provincial center (PGlite in
 * a temp dir) and the browser-mode host serving the built renderer, each its own
 * process, started exactly as `npm start` starts them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
// Shared with the start script so tests start processes the way users do.
import { startTs, stop } from '../../../scripts/lib/procs.js';

export interface Stack {
  centerUrl: string;
  /** The center's PGlite data directory (the operator's database). */
  centerDataDir: string;
  /** The launch URL of the clerk app, with its token. */
  appUrl: string;
  dataDir: string;
  stopCenter(): Promise<void>;
  startCenter(): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  centerDataDir?: string;
  windowId?: string;
  /** Extra environment of the center (e.g. CENTER_ADMIN_TOKEN, CENTER_PKI_DIR, CENTER_SYNC_PORT). */
  centerEnv?: Record<string, string>;
  /** Extra environment of the window's browser-mode host (e.g. YICHUANG_PROVINCE_ROOT). */
  hostEnv?: Record<string, string>;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'yc-e2e-'));
  const centerDataDir = opts.centerDataDir ?? path.join(dataDir, 'center');
  let center: ChildProcess | null = null;
  let port = 0;
  let centerUrl = '';

  async function startCenter(): Promise<void> {
    const r = await startTs('src-center/main.ts', {
      name: 'center',
      quiet: true,
      // A first start migrates, seeds and makes the demo PKI and reviewers: slow on a busy machine.
      timeoutMs: 180_000,
      env: { CENTER_PORT: String(port), CENTER_DATA_DIR: centerDataDir, DATABASE_URL: '', ...opts.centerEnv },
    });
    center = r.child;
    centerUrl = r.url.replace(/\/$/, '');
    port = Number(new URL(centerUrl).port);
  }
  await startCenter();

  const host = await startTs('src-main/browser-host/main.ts', {
    name: 'window',
    quiet: true,
    env: {
      CENTER_URL: centerUrl,
      YICHUANG_DATA_DIR: path.join(dataDir, 'window'),
      ...(opts.windowId ? { YICHUANG_WINDOW_ID: opts.windowId } : {}),
      ...opts.hostEnv,
    },
  });

  return {
    get centerUrl() {
      return centerUrl;
    },
    centerDataDir,
    appUrl: host.url,
    dataDir,
    stopCenter: async () => {
      await stop(center);
      center = null;
    },
    startCenter,
    close: async () => {
      await Promise.all([stop(center), stop(host.child)]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

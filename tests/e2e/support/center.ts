/**
 * The center alone as a process, on PGlite in a fresh temporary directory (ports chosen by
 * the system, the demo PKI made on first start), for specs that need no window: the console
 * and the operator pages.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTs, stop } from '../../../scripts/lib/procs.js';

export interface CenterProcess {
  /** The public port's base URL, without a trailing slash. */
  url: string;
  dir: string;
  child: ChildProcess;
}

export async function startCenterProcess(prefix: string, adminToken: string): Promise<CenterProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const r = await startTs('src-center/main.ts', {
    name: 'center',
    quiet: true,
    timeoutMs: 200_000,
    env: {
      CENTER_PORT: '0',
      CENTER_SYNC_PORT: '0',
      CENTER_DATA_DIR: path.join(dir, 'center'),
      CENTER_PKI_DIR: path.join(dir, 'pki'),
      CENTER_ADMIN_TOKEN: adminToken,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
    },
  });
  return { url: r.url.replace(/\/$/, ''), dir, child: r.child };
}

export async function stopCenterProcess(center: CenterProcess | undefined): Promise<void> {
  if (!center) return;
  await stop(center.child);
  rmSync(center.dir, { recursive: true, force: true });
}

// `npm start`: the whole product on one machine.
//  1. builds the renderer and the department console if missing or stale;
//  2. starts the provincial center on PGlite (data/center) unless CENTER_URL names one;
//  3. makes the demo PKI on first run (data/pki);
//     and, unless CENTER_ADMIN_TOKEN is set, gives its center a fresh admin token for this
//     launch (printed: the operator pages at /console/#/operator sign in with it);
//  4. opens the clerk app in Electron when its binary is installed, otherwise serves it
//     in browser mode and prints the URL to open.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { root, startTs, stop, run, rendererStale, consoleStale, electronBinary, centerHealthy } from './lib/procs.js';

const children = [];
let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  await Promise.all(children.reverse().map((c) => stop(c)));
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  if (rendererStale()) {
    console.log('building the clerk app (vite build)…');
    if ((await run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'])) !== 0) throw new Error('vite build failed');
  }
  if (!process.env.CENTER_URL && consoleStale()) {
    console.log('building the department console (vite build)…');
    const args = ['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.console.config.ts', '--logLevel', 'warn'];
    if ((await run(process.execPath, args)) !== 0) throw new Error('console build failed');
  }

  let centerUrl = process.env.CENTER_URL;
  /** The admin token of the center this script started (none when CENTER_URL names one). */
  let adminToken = '';
  if (centerUrl) {
    console.log(`using the center at ${centerUrl}${(await centerHealthy(centerUrl)) ? '' : ' (not reachable now: the app works offline and syncs when it answers)'}`);
  } else {
    adminToken = process.env.CENTER_ADMIN_TOKEN || randomBytes(24).toString('base64url');
    const { child, url } = await startTs('src-center/main.ts', { name: 'center', env: { CENTER_ADMIN_TOKEN: adminToken } });
    children.push(child);
    centerUrl = url;
    child.once('exit', (code) => {
      if (!stopping) {
        console.error(`center exited (${code})`);
        void shutdown(1);
      }
    });
  }

  const pkiDir = path.join(root, 'data/pki');
  if (!existsSync(path.join(pkiDir, 'pki.json'))) {
    console.log('first run: creating the demo PKI in data/pki …');
    const code = await run(process.execPath, ['--import', 'tsx', 'src-main/cli/yichuang.ts', 'pki', 'demo', pkiDir, '--crl-url', `${centerUrl}/v1/pki/crl`]);
    if (code !== 0) throw new Error('demo PKI generation failed');
  }

  const consoleLine = process.env.CENTER_URL
    ? ''
    : `  department console: ${centerUrl.replace(/\/$/, '')}/console/  (demo reviewer accounts: data/center/demo-reviewers.json)\n` +
      `  operator pages:     ${centerUrl.replace(/\/$/, '')}/console/#/operator  (admin token${process.env.CENTER_ADMIN_TOKEN ? ': CENTER_ADMIN_TOKEN' : ` for this launch: ${adminToken}`})\n`;
  const env = { CENTER_URL: centerUrl };
  const electron = electronBinary();
  if (electron && process.env.YICHUANG_BROWSER_MODE !== '1') {
    if ((await run(process.execPath, ['scripts/build-node.js'])) !== 0) throw new Error('main-process build failed');
    console.log(`opening the clerk app in Electron…\n${consoleLine}`);
    const child = spawn(electron, ['.'], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    children.push(child);
    child.once('exit', () => void shutdown(0));
  } else {
    if (!electron) console.log('Electron binary not installed: serving the clerk app in browser mode (see README).');
    const { child, url } = await startTs('src-main/browser-host/main.ts', { name: 'window', env, quiet: true });
    children.push(child);
    console.log(`\n  一窗受理 is running. Open this address in Chromium or Chrome (it carries this launch's token):\n\n    ${url}\n\n  center: ${centerUrl}   stop: Ctrl+C\n${consoleLine}`);
    child.once('exit', (code) => {
      if (!stopping) void shutdown(code ?? 1);
    });
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await shutdown(1);
}

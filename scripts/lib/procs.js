// Small helpers shared by the start and test scripts: spawn a TypeScript entry with
// tsx, wait for the line that says where it listens, and stop children cleanly.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** Start `node --import tsx entry` and resolve with the URL it prints ("listening on URL"). */
export function startTs(entry, { env = {}, name = entry, timeoutMs = 60_000, quiet = false } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (buf) => {
      const text = buf.toString();
      out += text;
      if (!quiet) process.stdout.write(text.replace(/^/gm, `[${name}] `));
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (b) => {
      out += b.toString();
      process.stderr.write(b.toString().replace(/^/gm, `[${name}] `));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready:\n${out}`));
    });
  });
}

export function stop(child, signal = 'SIGTERM') {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill(signal);
  });
}

/** Run a command to completion, inheriting output; resolves with the exit code. */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True when dist/renderer is missing or older than any renderer or shared source. */
/** True when a built web app (dist/<name>/index.html) is missing or older than its sources. */
function webAppStale(name, sources) {
  const index = path.join(root, 'dist', name, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return sources.some((d) => newestMtime(path.join(root, d)) > built);
}

export const rendererStale = () => webAppStale('renderer', ['src-renderer', 'src-shared']);
/** The department console the center serves at /console/. */
export const consoleStale = () => webAppStale('console', ['src-console', 'src-shared']);

/** The Electron binary, if this machine has it (it is never downloaded by us). */
export function electronBinary() {
  const dir = path.join(root, 'node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : 'electron');
    return existsSync(p) ? p : null;
  }
  if (!existsSync(pathFile)) return null;
  const bin = path.join(dir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(bin) ? bin : null;
}

export async function centerHealthy(url) {
  try {
    const res = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(3000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Runs a browser-side benchmark in real Chromium (real IndexedDB, real WebCrypto):
 * bundles the entry with esbuild, serves it on 127.0.0.1, calls `window.runBench(name)`
 * and returns what it resolves with.
 */
import { build } from 'esbuild';
import http from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../tests/e2e/support/chromium';

export async function runInChromium<T>(entry: string, name: string, arg: unknown = null, timeoutMs = 600_000): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-bench-'));
  await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', target: 'chrome120', outfile: path.join(dir, 'bench.js'), logLevel: 'warning' });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="bench.js"></script>');
  const server = http.createServer((req, res) => {
    const file = req.url === '/bench.js' ? 'bench.js' : 'index.html';
    res.writeHead(200, { 'Content-Type': file.endsWith('.js') ? 'text/javascript' : 'text/html' });
    res.end(readFileSync(path.join(dir, file)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(timeoutMs);
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => typeof (window as unknown as { runBench?: unknown }).runBench === 'function');
    return (await page.evaluate(
      ([n, a]) => (window as unknown as { runBench: (n: string, a: unknown) => Promise<unknown> }).runBench(n as string, a),
      [name, arg] as const,
    )) as T;
  } finally {
    await browser.close();
    server.close();
  }
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startBrowserHost, type BrowserHost } from '../../../src-main/browser-host/host';
import { SettingsStore, defaultSettings } from '../../../src-main/services/settings-store';
import { makeAppInfo } from '../../../src-main/services/app-info';
import { DocumentService } from '../../../src-main/services/documents';
import { decodeWire, encodeWire } from '../../../src-shared/protocol/wire';

let host: BrowserHost;
let dataDir: string;

beforeEach(async () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'yc-host-'));
  const rendererDir = path.join(tmp, 'renderer');
  dataDir = path.join(tmp, 'data');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>一窗受理</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(tmp, 'secret.txt'), 'outside');
  const settings = new SettingsStore(dataDir, defaultSettings({ CENTER_URL: 'http://127.0.0.1:4999' }));
  const documents = new DocumentService({ dataDir, centerUrl: async () => 'http://127.0.0.1:4999' });
  host = await startBrowserHost({ rendererDir, services: { appInfo: () => makeAppInfo('browser', '0.0.1', dataDir), settings, documents } });
});
afterEach(() => host.close());

function call(channel: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(new URL(`/api/${channel}`, host.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}`, ...headers },
    body: encodeWire(body),
  });
}

/** Raw request so we can forge the Host header (fetch does not allow it). */
function rawGet(pathname: string, hostHeader: string): Promise<number> {
  const u = new URL(host.url);
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: u.port, path: pathname, headers: { Host: hostHeader } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

describe('browser-mode host', () => {
  it('listens on loopback only and gives a launch URL carrying the token in the fragment', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(host.launchUrl).toBe(`${host.url}#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
  });

  it('serves the renderer with the security headers', async () => {
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('一窗受理');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain('connect-src \'self\' http://127.0.0.1:4999');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(new URL('/assets/app.js', host.url))).headers.get('content-type')).toContain('javascript');
  });

  it('never serves files outside the renderer', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00index.html'])
      expect(await rawGet(p, new URL(host.url).host)).toBe(404);
  });

  it('refuses requests naming another host (DNS rebinding)', async () => {
    expect(await rawGet('/', 'evil.example:80')).toBe(421);
    expect(await rawGet('/', new URL(host.url).host)).toBe(200);
  });

  it('answers the clerk-api with the token, round-tripping values', async () => {
    const res = await call('app:info', {});
    expect(res.status).toBe(200);
    expect(decodeWire(await res.text())).toMatchObject({ host: 'browser', productName: '一窗受理', apiVersion: 1 });
    const set = await call('settings:set', { locale: 'en' });
    expect(decodeWire(await set.text())).toMatchObject({ locale: 'en' });
    const get = await call('settings:get', {});
    expect(decodeWire(await get.text())).toMatchObject({ locale: 'en', centerUrl: 'http://127.0.0.1:4999' });
  });

  it('refuses calls without the token, with a wrong token, or from another origin', async () => {
    expect((await call('settings:get', {}, { Authorization: '' })).status).toBe(401);
    expect((await call('settings:get', {}, { Authorization: `Bearer ${host.token.slice(1)}x` })).status).toBe(401);
    expect((await call('settings:get', {}, { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await call('settings:get', {}, { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await fetch(new URL('/api/settings:get', host.url), { headers: { Authorization: `Bearer ${host.token}` } })).status).toBe(405);
  });

  it('refuses unknown channels and bad arguments, naming the field, and changes nothing', async () => {
    const unknown = await call('shell:exec', { cmd: 'rm -rf /' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'unknown_channel' });
    const bad = await call('settings:set', { centerUrl: 'ftp://x' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'bad_args', field: 'centerUrl' });
    const junk = await fetch(new URL('/api/settings:set', host.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` },
      body: '{not json',
    });
    expect(junk.status).toBe(400);
    const get = await call('settings:get', {});
    expect(decodeWire(await get.text())).toMatchObject({ locale: 'zh-CN', centerUrl: 'http://127.0.0.1:4999' });
  });

  it('leaves files:open to the page in browser mode', async () => {
    const res = await call('files:open', { multiple: true });
    expect(res.status).toBe(500);
    expect((await res.json()).message).toContain('浏览器模式');
  });
});

import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { registerIpc } from '../../../src-main/electron/ipc';
import { createDispatch, createHandlers } from '../../../src-main/clerk-handlers';
import { SettingsStore, defaultSettings } from '../../../src-main/services/settings-store';
import { makeAppInfo } from '../../../src-main/services/app-info';
import { DocumentService } from '../../../src-main/services/documents';
import { CLERK_CHANNELS } from '../../../src-shared/protocol/clerk-channels';
import { clerkApi } from '../../../src-shared/protocol/clerk-api';

type Handler = (event: unknown, args: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string; field?: string } }>;

function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-ipc-'));
  const settings = new SettingsStore(dir, defaultSettings({}));
  const openFiles = vi.fn(async () => ({ canceled: true, files: [] }));
  const documents = new DocumentService({ dataDir: dir, centerUrl: async () => 'http://127.0.0.1:4780' });
  const dispatch = createDispatch(createHandlers({ appInfo: () => makeAppInfo('electron', '1.2.3', dir), settings, openFiles, documents }));
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: vi.fn((ch: string, fn: Handler) => void handlers.set(ch, fn)),
    removeHandler: vi.fn((ch: string) => void handlers.delete(ch)),
  };
  const unregister = registerIpc(ipcMain as never, dispatch);
  return { handlers, ipcMain, unregister, settings, openFiles };
}

function event(url: string, top = true) {
  const mainFrame = { url };
  return { sender: { mainFrame }, senderFrame: top ? mainFrame : { url } };
}

describe('ipc binding of the clerk-api', () => {
  it('registers exactly the allow-listed channels and removes them again', () => {
    const { handlers, unregister } = setup();
    expect([...handlers.keys()].sort()).toEqual([...CLERK_CHANNELS].sort());
    expect(Object.keys(clerkApi).sort()).toEqual([...CLERK_CHANNELS].sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('answers our own top-level page', async () => {
    const { handlers } = setup();
    const r = await handlers.get('app:info')!(event('app://yichuang/index.html'), {});
    expect(r.ok).toBe(true);
    expect(r.value).toMatchObject({ host: 'electron', version: '1.2.3', productName: '一窗受理' });
  });

  it.each([
    ['a remote page', 'https://evil.example/index.html', true],
    ['a file: page', 'file:///tmp/index.html', true],
    ['a look-alike host', 'app://yichuang.evil/index.html', true],
    ['an iframe of our own origin', 'app://yichuang/index.html', false],
  ])('refuses %s and never runs the service', async (_what, url, top) => {
    const { handlers, settings } = setup();
    const before = await settings.get();
    const r = await handlers.get('settings:set')!(event(url, top), { locale: 'en' });
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'forbidden' }) });
    expect(await settings.get()).toEqual(before);
  });

  it('refuses a missing sender frame', async () => {
    const { handlers } = setup();
    const r = await handlers.get('settings:get')!({ sender: { mainFrame: {} }, senderFrame: null }, {});
    expect(r.ok).toBe(false);
  });

  it('rejects bad arguments naming the field, before the service runs', async () => {
    const { handlers, settings, openFiles } = setup();
    const ok = event('app://yichuang/index.html');
    const r1 = await handlers.get('settings:set')!(ok, { centerUrl: 'javascript:alert(1)' });
    expect(r1.ok).toBe(false);
    expect(r1.error).toMatchObject({ code: 'bad_args', field: 'centerUrl' });
    const r2 = await handlers.get('settings:set')!(ok, { locale: 'fr' });
    expect(r2.error).toMatchObject({ code: 'bad_args', field: 'locale' });
    const r3 = await handlers.get('settings:set')!(ok, { isAdmin: true });
    expect(r3.error?.code).toBe('bad_args');
    const r4 = await handlers.get('files:open')!(ok, { maxBytes: -1 });
    expect(r4.error).toMatchObject({ code: 'bad_args', field: 'maxBytes' });
    expect(openFiles).not.toHaveBeenCalled();
    expect(await settings.get()).toEqual(defaultSettings({}));
  });

  it('persists valid settings through the service', async () => {
    const { handlers, settings } = setup();
    const ok = event('app://yichuang/index.html');
    const r = await handlers.get('settings:set')!(ok, { locale: 'en', centerUrl: 'https://center.example.gov.cn' });
    expect(r.ok).toBe(true);
    expect(await settings.get()).toMatchObject({ locale: 'en', centerUrl: 'https://center.example.gov.cn' });
  });
});

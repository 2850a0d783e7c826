import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SettingsStore, defaultSettings } from '../../../src-main/services/settings-store';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'yc-settings-'));

describe('settings store', () => {
  it('starts from defaults named by the environment', async () => {
    const d = defaultSettings({ CENTER_URL: 'https://c.example', YICHUANG_WINDOW_ID: 'w-130104-01', YICHUANG_LOCALE: 'en' });
    expect(d).toMatchObject({ centerUrl: 'https://c.example', windowId: 'w-130104-01', locale: 'en' });
    expect(await new SettingsStore(tmp(), d).get()).toEqual(d);
  });

  it('survives a restart', async () => {
    const dir = tmp();
    await new SettingsStore(dir, defaultSettings({})).set({ locale: 'en', clerkId: 'c-1' });
    expect(await new SettingsStore(dir, defaultSettings({})).get()).toMatchObject({ locale: 'en', clerkId: 'c-1' });
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toMatchObject({ locale: 'en' });
  });

  it('keeps a corrupt file aside instead of losing it', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'settings.json'), '{"locale": "klingon"');
    expect(await new SettingsStore(dir, defaultSettings({})).get()).toEqual(defaultSettings({}));
    expect(readdirSync(dir).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
  });

  it('rejects a bad patch and keeps the old value', async () => {
    const store = new SettingsStore(tmp(), defaultSettings({}));
    await expect(store.set({ autoLockMinutes: 0 })).rejects.toThrow();
    expect((await store.get()).autoLockMinutes).toBe(15);
  });
});

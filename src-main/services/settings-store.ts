/**
 * Window settings kept by main as one JSON file in the data directory. Reads are
 * validated (a hand-edited or corrupt file falls back to defaults and is kept aside,
 * never silently lost); writes are atomic (temp file + rename).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Settings, SettingsPatch, type Settings as SettingsT } from '../../src-shared/protocol/clerk-api';
import { OFFLINE_LOGIN_DAYS_DEFAULT } from '../../src-shared/domain/login';

export const DEFAULT_CENTER_URL = 'http://127.0.0.1:4780';

export function defaultSettings(env: NodeJS.ProcessEnv = process.env): SettingsT {
  return Settings.parse({
    locale: env.YICHUANG_LOCALE === 'en' ? 'en' : 'zh-CN',
    centerUrl: env.CENTER_URL || DEFAULT_CENTER_URL,
    windowId: env.YICHUANG_WINDOW_ID || 'w-130102-01',
    clerkId: env.YICHUANG_CLERK_ID || 'c-130102-01-1',
    autoLockMinutes: 15,
    offlineLoginDays: OFFLINE_LOGIN_DAYS_DEFAULT,
  });
}

export class SettingsStore {
  private readonly file: string;
  private cache: SettingsT | null = null;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly defaults: SettingsT = defaultSettings(),
  ) {
    this.file = path.join(dataDir, 'settings.json');
  }

  async get(): Promise<SettingsT> {
    if (this.cache) return this.cache;
    let raw: string;
    try {
      raw = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return (this.cache = this.defaults);
      throw err;
    }
    let parsed: SettingsT;
    try {
      parsed = Settings.parse({ ...this.defaults, ...(JSON.parse(raw) as object) });
    } catch {
      // Keep the unreadable file for support staff instead of overwriting it.
      await fs.rename(this.file, `${this.file}.corrupt-${Date.now()}`).catch(() => undefined);
      parsed = this.defaults;
    }
    return (this.cache = parsed);
  }

  async set(patch: SettingsPatch): Promise<SettingsT> {
    const clean = SettingsPatch.parse(patch);
    const next = Settings.parse({ ...(await this.get()), ...clean });
    const write = this.writing.then(async () => {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, JSON.stringify(next, null, 2), 'utf8');
      await fs.rename(tmp, this.file);
    });
    this.writing = write.catch(() => undefined);
    await write;
    this.cache = next;
    return next;
  }
}

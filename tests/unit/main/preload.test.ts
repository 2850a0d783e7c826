import { describe, expect, it, vi, beforeEach } from 'vitest';
import { CLERK_CHANNELS } from '../../../src-shared/protocol/clerk-channels';
import { clerkApi } from '../../../src-shared/protocol/clerk-api';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
  ipcRenderer: { invoke: (...a: unknown[]) => invoke(...a) },
}));

describe('preload', () => {
  beforeEach(() => invoke.mockReset());

  it('exposes exactly the clerk-api channels under window.yichuang and nothing else', async () => {
    await import('../../../src-main/electron/preload');
    expect(Object.keys(exposed)).toEqual(['yichuang']);
    const api = exposed.yichuang as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(Object.keys(clerkApi).sort());
    expect(Object.keys(api).sort()).toEqual([...CLERK_CHANNELS].sort());
    for (const fn of Object.values(api)) expect(typeof fn).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
    expect(api).not.toHaveProperty('invoke');
  });

  it('forwards to ipcRenderer.invoke on the same channel and unwraps errors', async () => {
    await import('../../../src-main/electron/preload');
    const api = exposed.yichuang as Record<string, (a?: unknown) => Promise<unknown>>;
    invoke.mockResolvedValueOnce({ ok: true, value: { locale: 'zh-CN' } });
    await expect(api['settings:get']!()).resolves.toEqual({ locale: 'zh-CN' });
    expect(invoke).toHaveBeenCalledWith('settings:get', {});
    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'bad_args', message: 'x', field: 'locale' } });
    await expect(api['settings:set']!({ locale: 'fr' })).rejects.toMatchObject({ code: 'bad_args', field: 'locale' });
  });
});

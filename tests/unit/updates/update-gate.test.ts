/**
 * The update gate: an app update is neither downloaded nor installed while the renderer
 * reports unsent work (pending or rejected outbox records), and is released when the
 * count reaches zero. A report of the wrong shape is refused at the clerk-api boundary
 * and changes nothing.
 */
import { describe, expect, it, vi } from 'vitest';
import { UpdateGate, type UpdaterPort } from '../../../src-main/services/updates';
import { createDispatch, createHandlers } from '../../../src-main/clerk-handlers';
import { DocumentService } from '../../../src-main/services/documents';
import { SettingsStore, defaultSettings } from '../../../src-main/services/settings-store';
import { makeAppInfo } from '../../../src-main/services/app-info';
import type { UpdateStatus } from '../../../src-shared/protocol/clerk-updates';
import { tempDir } from '../pades/helpers';

const OLDEST = '2026-03-02T01:00:00.000Z';

/** A fake electron-updater: a check finds version 1.1.0; a download completes when told. */
function fakeUpdater() {
  const box: { gate?: UpdateGate } = {};
  const port: UpdaterPort & { checks: boolean[]; downloads: number; installs: number } = {
    checks: [],
    downloads: 0,
    installs: 0,
    check: vi.fn(async (download: boolean) => {
      port.checks.push(download);
      box.gate!.onChecking();
      box.gate!.onAvailable('1.1.0');
    }),
    download: vi.fn(async () => {
      port.downloads++;
    }),
    install: vi.fn(() => {
      port.installs++;
    }),
  };
  let t = Date.parse('2026-03-02T02:00:00.000Z');
  const clock = { now: () => t, advance: (ms: number) => (t += ms) };
  const gate = new UpdateGate({ mode: 'active', currentVersion: '1.0.0', port, now: clock.now });
  box.gate = gate;
  return { gate, port, clock };
}

describe('update gate', () => {
  it('holds an update while records are unsent: found, not downloaded, not installed', async () => {
    const { gate, port } = fakeUpdater();
    gate.report({ pending: 3, rejected: 1, oldestAt: OLDEST });
    const st = await gate.check();
    expect(port.checks).toEqual([false]); // checked without downloading
    expect(port.downloads).toBe(0);
    expect(st).toMatchObject({ state: 'available', availableVersion: '1.1.0', held: true, ready: false, closedBy: 'unsent', unsent: { pending: 3, rejected: 1, oldestAt: OLDEST } });
    expect(st.message).toMatch(/还有 4 条记录未上报省级中心（3 条待上报、1 条需处理）/);
  });

  it('a rejected record alone holds it too (it is still unsent)', async () => {
    const { gate, port } = fakeUpdater();
    gate.report({ pending: 0, rejected: 1, oldestAt: OLDEST });
    await gate.check();
    expect(port.downloads).toBe(0);
    expect(gate.status()).toMatchObject({ held: true, closedBy: 'unsent' });
  });

  it('releases it when the count reaches zero: downloads, then installs only when asked', async () => {
    const { gate, port } = fakeUpdater();
    gate.report({ pending: 2, rejected: 0, oldestAt: OLDEST });
    await gate.check();
    expect(port.downloads).toBe(0);
    const released = gate.report({ pending: 0, rejected: 0, oldestAt: null });
    expect(port.downloads).toBe(1);
    expect(released).toMatchObject({ state: 'downloading', held: false, closedBy: null });
    gate.onProgress(42.5);
    expect(gate.status().downloadPercent).toBe(42.5);
    gate.onDownloaded('1.1.0');
    expect(gate.status()).toMatchObject({ state: 'downloaded', ready: true, held: false });
    expect(port.installs).toBe(0); // never by surprise
    gate.install();
    expect(port.installs).toBe(1);
  });

  it('downloads at once when nothing is unsent at the check', async () => {
    const { gate, port } = fakeUpdater();
    gate.report({ pending: 0, rejected: 0, oldestAt: null });
    expect((await gate.check()).state).toBe('downloading');
    expect(port.checks).toEqual([true]);
  });

  it('refuses to install a downloaded update once new work is unsent, and until the renderer reports', async () => {
    const { gate, port, clock } = fakeUpdater();
    expect(gate.status()).toMatchObject({ closedBy: 'no-report' });
    await gate.check();
    expect(port.checks).toEqual([false]); // no report yet: the gate is closed
    gate.report({ pending: 0, rejected: 0, oldestAt: null });
    gate.onDownloaded('1.1.0');
    gate.report({ pending: 1, rejected: 0, oldestAt: OLDEST });
    expect(gate.status()).toMatchObject({ state: 'downloaded', ready: false, held: true });
    expect(() => gate.install()).toThrow(/还有 1 条记录未上报/);
    expect(port.installs).toBe(0);
    gate.report({ pending: 0, rejected: 0, oldestAt: null });
    // A report that stopped coming (renderer closed or hung) does not keep the gate open.
    clock.advance(6 * 60_000);
    expect(gate.status()).toMatchObject({ closedBy: 'stale-report', ready: false });
    expect(() => gate.install()).toThrow(/未收到待上报记录数/);
    gate.report({ pending: 0, rejected: 0, oldestAt: null });
    gate.install();
    expect(port.installs).toBe(1);
  });

  it('a failed check is an error the clerk sees, and a later check starts over', async () => {
    const { gate, port } = fakeUpdater();
    gate.report({ pending: 0, rejected: 0, oldestAt: null });
    (port.check as ReturnType<typeof vi.fn>).mockRejectedValueOnce(new Error('net::ERR_CONNECTION_REFUSED'));
    expect(await gate.check()).toMatchObject({ state: 'error', error: 'net::ERR_CONNECTION_REFUSED', message: expect.stringMatching(/检查或下载更新失败/) });
    expect((await gate.check()).state).toBe('downloading');
  });

  it('in browser mode says the host manages updates, and never installs', () => {
    const gate = new UpdateGate({ mode: 'host-managed', currentVersion: '1.0.0' });
    expect(gate.report({ pending: 0, rejected: 0, oldestAt: null })).toMatchObject({ state: 'host-managed', message: expect.stringMatching(/应用更新由宿主管理/) });
    expect(() => gate.install()).toThrow(/宿主管理/);
  });
});

describe('updates:* through the clerk-api', () => {
  function api(gate?: UpdateGate) {
    const dataDir = tempDir('yc-updates-api-');
    return createDispatch(
      createHandlers({
        appInfo: () => makeAppInfo('electron', '1.0.0', dataDir),
        settings: new SettingsStore(dataDir, defaultSettings({})),
        documents: new DocumentService({ dataDir, centerUrl: async () => 'http://127.0.0.1:9' }),
        ...(gate ? { updates: gate } : {}),
      }),
    );
  }

  it.each([
    ['a negative count', { pending: -1, rejected: 0, oldestAt: null }, 'pending'],
    ['a fractional count', { pending: 1.5, rejected: 0, oldestAt: OLDEST }, 'pending'],
    ['a count as text', { pending: '3', rejected: 0, oldestAt: OLDEST }, 'pending'],
    ['a missing field', { pending: 0, oldestAt: null }, 'rejected'],
    ['an extra field', { pending: 0, rejected: 0, oldestAt: null, drafts: 4 }, undefined],
    ['a date that is not ISO', { pending: 1, rejected: 0, oldestAt: '2026/03/02' }, 'oldestAt'],
    ['unsent work without its oldest time', { pending: 1, rejected: 0, oldestAt: null }, 'oldestAt'],
  ])('refuses %s and the gate stays closed', async (_what, args, field) => {
    const { gate, port } = fakeUpdater();
    gate.report({ pending: 5, rejected: 0, oldestAt: OLDEST });
    const dispatch = api(gate);
    await expect(dispatch('updates:report-unsent', args)).rejects.toMatchObject({ code: 'bad_args', ...(field ? { field } : {}) });
    expect(gate.status().unsent).toMatchObject({ pending: 5 });
    await gate.check();
    expect(port.downloads + port.checks.filter(Boolean).length).toBe(0);
  });

  it('the gate itself refuses a bad shape too (not only the binding)', () => {
    const { gate } = fakeUpdater();
    expect(() => gate.report({ pending: 0, rejected: 0 })).toThrow(/oldestAt/);
    expect(gate.status().closedBy).toBe('no-report');
  });

  it('reports and status round-trip; a host without an updater answers host-managed', async () => {
    const { gate } = fakeUpdater();
    const dispatch = api(gate);
    const st = (await dispatch('updates:report-unsent', { pending: 2, rejected: 0, oldestAt: OLDEST })) as UpdateStatus;
    expect(st).toMatchObject({ state: 'idle', closedBy: 'unsent', unsent: { pending: 2 } });
    expect(await dispatch('updates:status', {})).toMatchObject({ unsent: { pending: 2 } });
    await expect(dispatch('updates:install', {})).rejects.toThrow(/没有已下载的更新/);
    expect(await api()('updates:status', {})).toMatchObject({ state: 'host-managed', currentVersion: '1.0.0' });
  });
});

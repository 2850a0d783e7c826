/**
 * Clerk login as main runs it: the keystore's clerk slot and PIN, the center's CRL fetched
 * through the PKI cache as the online check, the offline days from the settings, the
 * clerk-of-this-window rule, logout locking the keystore — on the demo PKI.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keystore, PkiCache } from '../../../src-main/services/keystore';
import { LoginService } from '../../../src-main/services/session';
import { createDispatch, createHandlers } from '../../../src-main/clerk-handlers';
import { DocumentService } from '../../../src-main/services/documents';
import { SettingsStore, defaultSettings } from '../../../src-main/services/settings-store';
import { makeAppInfo } from '../../../src-main/services/app-info';
import type { LoginStatus } from '../../../src-shared/protocol/clerk-login';
import { demoPki, tempDir, type DemoPki } from '../pades/helpers';

let pki: DemoPki;
beforeAll(async () => {
  pki = await demoPki();
}, 120_000);
afterAll(() => pki?.cleanup());

const DAY = 86_400_000;

function setup(o: { windowId?: string; days?: number; enrolledWindowId?: string | null } = {}) {
  const dataDir = tempDir('yc-login-');
  let t = Date.now();
  const clock = { now: () => new Date(t), set: (ms: number) => (t = ms), advance: (ms: number) => (t += ms), start: t };
  const net = { online: true, crlFetches: 0 };
  const cache = new PkiCache({
    dir: path.join(dataDir, 'pki-cache'),
    centerUrl: async () => 'http://center.test',
    trustRootPem: pki.rootPem,
    now: clock.now,
    fetch: (async (url: string) => {
      if (!net.online) throw new TypeError('fetch failed (ECONNREFUSED)');
      if (String(url).endsWith('/v1/pki/crl')) {
        net.crlFetches++;
        return new Response(new Uint8Array(pki.crlDer));
      }
      return new Response('not found', { status: 404 });
    }) as typeof fetch,
  });
  const keystore = new Keystore({ dir: path.join(dataDir, 'keystore'), trust: cache, autoLockMinutes: async () => 15, now: clock.now, scrypt: { N: 1 << 10, r: 8, p: 1 } });
  const settings = { windowId: o.windowId ?? 'w-130102-01', offlineLoginDays: o.days ?? 7 };
  const service = new LoginService({
    dataDir,
    keystore,
    centerCheck: () => cache.refreshCrl(),
    settings: { get: async () => settings },
    ...(o.enrolledWindowId !== undefined ? { enrolledWindowId: async () => o.enrolledWindowId ?? null } : {}),
    now: clock.now,
  });
  return { dataDir, clock, net, keystore, service, settings };
}

const clerkSlot = async (ks: Keystore) => (await ks.status()).slots.find((s) => s.role === 'clerk')!;

describe('demo mode', () => {
  it('without a clerk certificate the app is in the demo mode, and login says to import one', async () => {
    const { service } = setup();
    expect(await service.status()).toMatchObject({ mode: 'demo', clerk: null, candidates: [], windowId: 'w-130102-01', offlineLoginDays: 7 });
    await expect(service.login(pki.pin)).rejects.toMatchObject({ field: 'role', message: expect.stringMatching(/尚未导入受理人证书/) });
  });
});

describe('online login', () => {
  it('checks the certificate with the center, records the time, and shows the clerk from the certificate', async () => {
    const { service, keystore, dataDir, net, clock } = setup();
    await keystore.import('clerk', pki.p12('clerk:c-130102-01-2'), pki.pin);
    await keystore.lock();
    const before = await service.status();
    expect(before.mode).toBe('logged-out');
    expect(before.candidates[0]).toMatchObject({ clerkId: 'c-130102-01-2', name: '王𠈌', problem: null, lastOnlineCheckAt: null, offline: { allowed: false, reason: 'never-checked' } });

    const fetchesBefore = net.crlFetches;
    const st = await service.login(pki.pin);
    expect(net.crlFetches).toBe(fetchesBefore + 1);
    expect(st).toMatchObject({ mode: 'logged-in', clerk: { clerkId: 'c-130102-01-2', name: '王𠈌', via: 'online', lastOnlineCheckAt: clock.now().toISOString() } });
    expect((await clerkSlot(keystore)).unlocked).toBe(true);
    const stored = JSON.parse(readFileSync(path.join(dataDir, 'session', 'online-checks.json'), 'utf8'));
    expect(Object.values(stored.certificates)).toEqual([expect.objectContaining({ clerkId: 'c-130102-01-2', lastOnlineCheckAt: clock.now().toISOString() })]);
  });

  it('a wrong PIN does not log in and counts against the slot', async () => {
    const { service, keystore } = setup();
    await keystore.import('clerk', pki.p12('clerk:c-130102-01-1'), pki.pin);
    await keystore.lock();
    await expect(service.login('000000')).rejects.toMatchObject({ field: 'pin', message: expect.stringMatching(/还可尝试 4 次/) });
    const st = await service.status();
    expect(st.mode).toBe('logged-out');
    expect(st.candidates[0]!.attemptsLeft).toBe(4);
  });

  it('refuses another window’s clerk before the PIN is tried, and uses the enrolled window over the settings', async () => {
    const other = setup({ windowId: 'w-130102-01' });
    await other.keystore.import('clerk', pki.p12('clerk:c-130104-01-1'), pki.pin);
    await other.keystore.lock();
    expect((await other.service.status()).candidates[0]!.problem).toMatch(/不属于本窗口 w-130102-01/);
    await expect(other.service.login(pki.pin)).rejects.toMatchObject({ field: 'certificate', message: expect.stringMatching(/受理人 c-130104-01-1 不属于本窗口/) });
    expect((await clerkSlot(other.keystore)).unlocked).toBe(false);
    expect((await clerkSlot(other.keystore)).attemptsLeft).toBe(5);

    // The same certificate on a PC enrolled as w-130104-01 (settings still say w-130102-01).
    const enrolled = setup({ windowId: 'w-130102-01', enrolledWindowId: 'w-130104-01' });
    await enrolled.keystore.import('clerk', pki.p12('clerk:c-130104-01-1'), pki.pin);
    await enrolled.keystore.lock();
    expect(await enrolled.service.login(pki.pin)).toMatchObject({ mode: 'logged-in', windowId: 'w-130104-01', clerk: { clerkId: 'c-130104-01-1', name: '刘晓燕' } });
  });
});

describe('offline login', () => {
  async function loggedInOnceOnline(o: { days?: number } = {}) {
    const s = setup(o);
    await s.keystore.import('clerk', pki.p12('clerk:c-130102-01-1'), pki.pin);
    await s.keystore.lock();
    await s.service.login(pki.pin);
    await s.service.logout();
    s.net.online = false;
    return s;
  }

  it('is refused for a certificate never checked online, saying to connect', async () => {
    const { service, keystore, net } = setup();
    await keystore.import('clerk', pki.p12('clerk:c-130102-01-1'), pki.pin);
    await keystore.lock();
    net.online = false;
    await expect(service.login(pki.pin)).rejects.toMatchObject({ field: 'offline', message: expect.stringMatching(/尚未在线验证过.*请连接网络.*未能连接省级中心：fetch failed/) });
    expect((await clerkSlot(keystore)).unlocked).toBe(false);
  });

  it('is allowed within the offline days, and says how many are left', async () => {
    const { service, clock } = await loggedInOnceOnline();
    clock.advance(3 * DAY);
    const st = await service.status();
    expect(st.candidates[0]!.offline).toMatchObject({ allowed: true, daysLeft: 4 });
    expect(await service.login(pki.pin)).toMatchObject({ mode: 'logged-in', clerk: { clerkId: 'c-130102-01-1', name: '张丽华', via: 'offline' } });
  });

  it('is refused after the configured days, with the days and what to do', async () => {
    const { service, clock, keystore } = await loggedInOnceOnline({ days: 2 });
    clock.advance(3 * DAY);
    await expect(service.login(pki.pin)).rejects.toMatchObject({
      field: 'offline',
      message: expect.stringMatching(/已 3 天，超过离线登录期限 2 天：请连接网络/),
    });
    expect((await clerkSlot(keystore)).unlocked).toBe(false);
  });

  it('is refused when the clock was moved back behind the last login', async () => {
    const { service, clock } = await loggedInOnceOnline();
    clock.advance(2 * DAY);
    await service.login(pki.pin); // offline, day 2
    await service.logout();
    clock.advance(-1 * DAY);
    await expect(service.login(pki.pin)).rejects.toMatchObject({ field: 'offline', message: expect.stringMatching(/时钟可能被调回.*按已过期处理/) });
  });

  it('back online, the login checks with the center again and the offline days start afresh', async () => {
    const { service, clock, net } = await loggedInOnceOnline({ days: 2 });
    clock.advance(5 * DAY);
    await expect(service.login(pki.pin)).rejects.toMatchObject({ field: 'offline' });
    net.online = true;
    const st = await service.login(pki.pin);
    expect(st.clerk).toMatchObject({ via: 'online', lastOnlineCheckAt: clock.now().toISOString() });
  });
});

describe('the session', () => {
  it('logout locks the keystore; a key that locks itself ends the session too', async () => {
    const { service, keystore } = setup();
    await keystore.import('clerk', pki.p12('clerk:c-130102-01-1'), pki.pin);
    await keystore.import('window-seal', pki.p12('window-seal:w-130102-01'), pki.pin);
    await service.login(pki.pin);
    const out = await service.logout();
    expect(out).toMatchObject({ mode: 'logged-out', clerk: null, ended: 'logout' });
    expect((await keystore.status()).slots.every((s) => !s.unlocked)).toBe(true);

    await service.login(pki.pin);
    await keystore.lock('clerk'); // auto-lock or locked in 设置
    expect(await service.status()).toMatchObject({ mode: 'logged-out', clerk: null, ended: 'locked' });
  });

  it('through the clerk-api: bad arguments are refused naming the field; without a login service the host is in demo mode', async () => {
    const { service, keystore } = setup();
    const dataDir = tempDir('yc-login-api-');
    const base = { appInfo: () => makeAppInfo('browser', '0', dataDir), settings: new SettingsStore(dataDir, defaultSettings({})), documents: new DocumentService({ dataDir, centerUrl: async () => 'http://127.0.0.1:9' }) };
    const dispatch = createDispatch(createHandlers({ ...base, keystore, session: service }));
    await expect(dispatch('session:login', { role: 'clerk', pin: '' })).rejects.toMatchObject({ code: 'bad_args', field: 'pin' });
    await expect(dispatch('session:login', { role: 'window-seal', pin: '1' })).rejects.toMatchObject({ code: 'bad_args', field: 'role' });
    await keystore.import('clerk', pki.p12('clerk:c-130102-01-1'), pki.pin);
    await keystore.lock();
    const st = (await dispatch('session:login', { role: 'clerk', pin: pki.pin })) as LoginStatus;
    expect(st.clerk?.name).toBe('张丽华');
    expect(((await dispatch('session:logout', {})) as LoginStatus).mode).toBe('logged-out');

    const demo = createDispatch(createHandlers(base));
    expect(await demo('session:status', {})).toMatchObject({ mode: 'demo', windowId: 'w-130102-01', offlineLoginDays: 7 });
    await expect(demo('session:login', { role: 'clerk', pin: '1' })).rejects.toThrow(/演示模式/);
  });
});

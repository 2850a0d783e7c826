/**
 * Clerk login (issue 5, Identity): the clerk logs in with the certificate in the keystore's
 * clerk slot and its PIN. The login is the keystore unlock plus two checks:
 *
 *  1. the certificate is a clerk certificate of this window (src-shared/domain/login.ts:
 *     clerkWindowProblem; this window = the enrolled device's, else the settings');
 *  2. online, the center vouches for it: main fetches the center's current CRL (signed by
 *     the province root) and the unlock validates chain, validity and revocation against
 *     it; the time of that success is recorded per certificate. Offline (the center cannot
 *     be reached), the login is allowed only within `offlineLoginDays` of the last
 *     successful online check (offlineLoginDecision), and the clerk is told why not.
 *
 * The session lives as long as the clerk key stays unlocked in this process: logout locks
 * the keystore; the clerk key locking (idle auto-lock, or locked in 设置) ends the session too (the login page says
 * so). With no clerk certificate on the PC at all, the app runs in the demo mode.
 */
import { ClerkApiError } from '../../../src-shared/protocol/clerk-api';
import type { LoggedInClerk, LoginCandidate, LoginStatus } from '../../../src-shared/protocol/clerk-login';
import {
  clerkNameFromCommonName,
  clerkWindowProblem,
  offlineLoginDecision,
  OFFLINE_LOGIN_DAYS_DEFAULT,
  recordLogin,
} from '../../../src-shared/domain/login';
import { holderId, KeystoreError, type Keystore } from '../keystore';
import { OnlineChecks } from './online-checks';

export interface LoginServiceOptions {
  dataDir: string;
  keystore: Pick<Keystore, 'status' | 'unlock' | 'lock' | 'certificate'>;
  /**
   * Checks with the center: fetch its current CRL and keep it when the province root
   * signed it (PkiCache.refreshCrl). Throws when the center cannot be reached or answers
   * with something untrustworthy.
   */
  centerCheck: () => Promise<void>;
  settings: { get(): Promise<{ windowId: string; offlineLoginDays?: number | undefined }> };
  /** The window of the enrolled device, if enrolled. */
  enrolledWindowId?: () => Promise<string | null>;
  now?: () => Date;
}

type Ended = LoginStatus['ended'];

/** The status when this host has no keystore at all. */
export async function demoLoginStatus(settings: LoginServiceOptions['settings']): Promise<LoginStatus> {
  const s = await settings.get();
  return { mode: 'demo', windowId: s.windowId, clerk: null, candidates: [], offlineLoginDays: s.offlineLoginDays ?? OFFLINE_LOGIN_DAYS_DEFAULT, ended: null };
}

export class LoginService {
  private readonly checks: OnlineChecks;
  private session: LoggedInClerk | null = null;
  private ended: Ended = null;
  private loggingIn: Promise<LoginStatus> | null = null;

  constructor(private readonly o: LoginServiceOptions) {
    this.checks = new OnlineChecks(o.dataDir);
  }

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  private async windowId(): Promise<string> {
    const enrolled = await this.o.enrolledWindowId?.().catch(() => null);
    return enrolled ?? (await this.o.settings.get()).windowId;
  }

  private async days(): Promise<number> {
    return (await this.o.settings.get()).offlineLoginDays ?? OFFLINE_LOGIN_DAYS_DEFAULT;
  }

  async status(): Promise<LoginStatus> {
    const [ks, windowId, days] = await Promise.all([this.o.keystore.status(), this.windowId(), this.days()]);
    const slot = ks.slots.find((s) => s.role === 'clerk');
    const der = slot?.imported ? await this.o.keystore.certificate('clerk') : null;
    if (!slot?.imported || !slot.certificate || !der) {
      this.session = null;
      return { mode: 'demo', windowId, clerk: null, candidates: [], offlineLoginDays: days, ended: null };
    }
    const cert = slot.certificate;
    if (this.session && this.session.certSha256 !== cert.sha256) this.end('certificate-changed');
    else if (this.session && !slot.unlocked) this.end('locked');
    const holder = holderId(der) ?? null;
    const record = await this.checks.get(cert.sha256);
    const d = offlineLoginDecision(record, this.now(), days);
    const candidate: LoginCandidate = {
      role: 'clerk',
      clerkId: holder,
      name: clerkNameFromCommonName(cert.commonName),
      commonName: cert.commonName,
      serial: cert.serial,
      notAfter: cert.notAfter,
      certSha256: cert.sha256,
      problem: clerkWindowProblem(holder ?? undefined, windowId),
      lastOnlineCheckAt: record?.lastOnlineCheckAt ?? null,
      offline: d.allowed ? { allowed: true, daysLeft: d.daysLeft, reason: null, message: d.message } : { allowed: false, daysLeft: null, reason: d.reason, message: d.message },
      attemptsLeft: slot.attemptsLeft,
      ...(slot.lockedUntil ? { lockedUntil: slot.lockedUntil } : {}),
    };
    return {
      mode: this.session ? 'logged-in' : 'logged-out',
      windowId,
      clerk: this.session,
      candidates: [candidate],
      offlineLoginDays: days,
      ended: this.session ? null : this.ended,
    };
  }

  private end(why: Exclude<Ended, null>): void {
    this.session = null;
    this.ended = why;
  }

  /** Log in with the clerk slot's certificate and PIN (one login at a time). */
  login(pin: string): Promise<LoginStatus> {
    this.loggingIn ??= this.doLogin(pin).finally(() => {
      this.loggingIn = null;
    });
    return this.loggingIn;
  }

  private async doLogin(pin: string): Promise<LoginStatus> {
    const der = await this.o.keystore.certificate('clerk');
    if (!der) throw new ClerkApiError('failed', '本机尚未导入受理人证书：请在“设置 → 证书与电子印章”中导入后登录 (no clerk certificate imported)', 'role');
    const windowId = await this.windowId();
    const holder = holderId(der);
    const problem = clerkWindowProblem(holder, windowId);
    if (problem) throw new ClerkApiError('failed', problem, 'certificate');
    const status = await this.o.keystore.status();
    const cert = status.slots.find((s) => s.role === 'clerk')?.certificate;
    if (!cert) throw new ClerkApiError('failed', '受理人证书无法读取，请重新导入 (clerk certificate unreadable)', 'certificate');

    // Online check first: a fresh CRL from the center, which the unlock below validates against.
    let online = true;
    let offlineWhy = '';
    try {
      await this.o.centerCheck();
    } catch (e) {
      online = false;
      offlineWhy = e instanceof Error ? e.message : String(e);
    }
    const now = this.now();
    const record = await this.checks.get(cert.sha256);
    if (!online) {
      const d = offlineLoginDecision(record, now, await this.days());
      if (!d.allowed) throw new ClerkApiError('failed', `${d.message}（未能连接省级中心：${offlineWhy}）`, 'offline');
    }
    try {
      await this.o.keystore.unlock('clerk', pin);
    } catch (e) {
      if (e instanceof KeystoreError && (e.rule === 'certificate' || e.rule === 'trust-root')) {
        const hint = online ? '' : '；本机未能连接省级中心，请连接网络后重新登录';
        throw new ClerkApiError('failed', `登录失败：${e.message}${hint}`, 'certificate');
      }
      throw e;
    }
    await this.checks.put(cert.sha256, holder ?? null, recordLogin(record, now, online));
    const after = await this.checks.get(cert.sha256);
    this.session = {
      clerkId: holder!,
      name: clerkNameFromCommonName(cert.commonName),
      commonName: cert.commonName,
      certSha256: cert.sha256,
      notAfter: cert.notAfter,
      loggedInAt: now.toISOString(),
      via: online ? 'online' : 'offline',
      lastOnlineCheckAt: after?.lastOnlineCheckAt ?? null,
    };
    this.ended = null;
    return this.status();
  }

  /** Log out: the keystore locks (clerk key and window seal). */
  async logout(): Promise<LoginStatus> {
    await this.o.keystore.lock();
    if (this.session) this.end('logout');
    return this.status();
  }

  /** The logged-in clerk, or null (for main's own use). */
  get current(): LoggedInClerk | null {
    return this.session;
  }
}

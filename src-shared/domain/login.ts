/**
 * Clerk login rules (issue 5, Identity): a clerk logs in with their certificate and PIN.
 *
 *  - Online, main has the certificate checked against the center (the root, the validity,
 *    the center's current CRL) and records when that check succeeded.
 *  - Offline, the login is allowed only within `offlineLoginDays` (settings, 0–30, default 7)
 *    of the last successful online check of that certificate. A clock that stands before a
 *    time already recorded (moved backwards, beyond a small tolerance) proves nothing about
 *    how long the PC has been offline: the login is treated as expired, and the message says
 *    why.
 *  - A clerk logs in only at their own window: the clerk's certificate carries the clerk id
 *    (subject serialNumber `c-<window>-<n>`) and the window's id is `w-<window>`; the same
 *    naming the keystore uses to tell a clerk certificate from a window seal.
 *
 * Pure: the caller passes the clock.
 */
import { z } from 'zod';

export const OFFLINE_LOGIN_DAYS_DEFAULT = 7;
export const OFFLINE_LOGIN_DAYS_MIN = 0;
export const OFFLINE_LOGIN_DAYS_MAX = 30;

/** How many days after the last online check a clerk may still log in offline (0 = never offline). */
export const OfflineLoginDays = z
  .number()
  .int('离线登录天数必须是整数 (offline login days: an integer)')
  .min(OFFLINE_LOGIN_DAYS_MIN, `离线登录天数不能小于 ${OFFLINE_LOGIN_DAYS_MIN} (offline login days: at least ${OFFLINE_LOGIN_DAYS_MIN})`)
  .max(OFFLINE_LOGIN_DAYS_MAX, `离线登录天数不能超过 ${OFFLINE_LOGIN_DAYS_MAX} (offline login days: at most ${OFFLINE_LOGIN_DAYS_MAX})`);

/** Clock adjustments smaller than this (NTP corrections, a daylight-saving mistake) are not "moved backwards". */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

const DAY_MS = 86_400_000;

/** What main remembers per certificate. */
export interface OnlineCheckRecord {
  /** The last successful online check of the certificate (ISO instant, this PC's clock). */
  lastOnlineCheckAt: string;
  /** The latest time this PC's clock showed at a login with this certificate (ISO instant). */
  lastSeenAt?: string | undefined;
}

export type OfflineLoginRefusal = 'never-checked' | 'disabled' | 'expired' | 'clock-backwards';

export type OfflineLoginDecision =
  | {
      allowed: true;
      /** Whole days left, rounded up (the last day counts as 1). */
      daysLeft: number;
      /** When offline login stops being allowed (ISO instant). */
      expiresAt: string;
      message: string;
    }
  | {
      allowed: false;
      reason: OfflineLoginRefusal;
      /** Whole days since the last online check, when known and meaningful. */
      daysSince: number | null;
      expiresAt: string | null;
      /** Chinese first, English in parentheses: what happened and what to do. */
      message: string;
    };

function instant(iso: string | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}

/** `YYYY-MM-DD HH:mm` in China time (UTC+8), the clerk's wall clock. */
export function chinaTime(ms: number): string {
  const t = new Date(ms + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

const CONNECT = '请连接网络（省级中心）后登录';

/**
 * May the clerk whose certificate has `record` log in offline at `now`, with the window's
 * `offlineLoginDays`? Allowed iff 0 ≤ now − lastOnlineCheckAt < days × 24 h (a clock up to
 * CLOCK_TOLERANCE_MS behind the records counts as no time passed).
 */
export function offlineLoginDecision(record: OnlineCheckRecord | null | undefined, now: Date, offlineLoginDays: number): OfflineLoginDecision {
  const days = OfflineLoginDays.parse(offlineLoginDays);
  const nowMs = now.getTime();
  const checked = instant(record?.lastOnlineCheckAt);
  if (checked === null) {
    return {
      allowed: false,
      reason: 'never-checked',
      daysSince: null,
      expiresAt: null,
      message: `此证书尚未在线验证过，不能离线登录：${CONNECT} (this certificate was never checked online: connect to the network to log in)`,
    };
  }
  const expiresMs = checked + days * DAY_MS;
  const expiresAt = new Date(expiresMs).toISOString();
  const seen = Math.max(checked, instant(record?.lastSeenAt) ?? checked);
  if (nowMs < seen - CLOCK_TOLERANCE_MS) {
    return {
      allowed: false,
      reason: 'clock-backwards',
      daysSince: null,
      expiresAt,
      message:
        `本机时间 ${chinaTime(nowMs)} 早于上次记录的时间 ${chinaTime(seen)}，时钟可能被调回，离线登录按已过期处理：请校准本机时间并连接网络（省级中心）后登录 ` +
        `(the clock is behind the last recorded time: offline login is treated as expired; correct the clock and connect to the network)`,
    };
  }
  const elapsed = Math.max(0, nowMs - checked);
  const daysSince = Math.floor(elapsed / DAY_MS);
  if (days === 0) {
    return {
      allowed: false,
      reason: 'disabled',
      daysSince,
      expiresAt,
      message: `本窗口不允许离线登录（设置：离线登录天数为 0）：${CONNECT} (offline login is disabled in the settings: connect to the network)`,
    };
  }
  if (elapsed >= days * DAY_MS) {
    return {
      allowed: false,
      reason: 'expired',
      daysSince,
      expiresAt,
      message:
        `距上次在线验证证书（${chinaTime(checked)}）已 ${daysSince} 天，超过离线登录期限 ${days} 天：${CONNECT}，验证后可再离线使用 ${days} 天 ` +
        `(last online check ${daysSince} days ago, beyond the ${days}-day offline limit: connect to the network to log in)`,
    };
  }
  const daysLeft = Math.ceil((expiresMs - Math.max(nowMs, checked)) / DAY_MS);
  return {
    allowed: true,
    daysLeft,
    expiresAt,
    message: `离线登录：距上次在线验证已 ${daysSince} 天，还可离线登录 ${daysLeft} 天（至 ${chinaTime(expiresMs)}） (offline login: ${daysLeft} days left)`,
  };
}

/** The record after a login at `now`: an online check resets it, an offline login moves lastSeenAt forward only. */
export function recordLogin(record: OnlineCheckRecord | null | undefined, now: Date, online: boolean): OnlineCheckRecord | null {
  const iso = now.toISOString();
  if (online) return { lastOnlineCheckAt: iso, lastSeenAt: iso };
  if (!record) return null;
  const seen = instant(record.lastSeenAt) ?? instant(record.lastOnlineCheckAt) ?? 0;
  return { lastOnlineCheckAt: record.lastOnlineCheckAt, lastSeenAt: now.getTime() > seen ? iso : new Date(seen).toISOString() };
}

/**
 * Why the certificate holder `holderId` may not log in at window `windowId`, or null when
 * they may: the holder must be a clerk (`c-…`) of this window (`w-X` → `c-X-<n>`).
 */
export function clerkWindowProblem(holderId: string | undefined, windowId: string): string | null {
  if (!holderId) return '证书中没有受理人编号（主题 serialNumber），不能用于登录 (the certificate names no clerk id)';
  if (!holderId.startsWith('c-')) return `该证书属于 ${holderId}，不是受理人证书，不能用于登录（规则：受理人证书）(not a clerk certificate)`;
  const seat = windowId.startsWith('w-') ? windowId.slice(2) : null;
  if (!seat || !holderId.startsWith(`c-${seat}-`) || holderId.length <= seat.length + 3) {
    return `受理人 ${holderId} 不属于本窗口 ${windowId}，不能在本窗口登录（规则：受理人所属窗口）(the clerk does not belong to this window)`;
  }
  return null;
}

/** The clerk's name from the certificate's common name: `窗口受理员 张三` → `张三`, `张三` → `张三`. */
export function clerkNameFromCommonName(commonName: string): string {
  const parts = commonName.trim().split(/\s+/u);
  return parts[parts.length - 1] || commonName.trim();
}

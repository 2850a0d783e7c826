/**
 * The clerk login rules as a clerk meets them: offline login within N days of the last
 * online check (boundaries to the millisecond), a clock moved backwards treated as
 * expired and said so, and the clerk-of-this-window rule.
 */
import { describe, expect, it } from 'vitest';
import {
  CLOCK_TOLERANCE_MS,
  clerkNameFromCommonName,
  clerkWindowProblem,
  OfflineLoginDays,
  offlineLoginDecision,
  recordLogin,
} from '../../../src-shared/domain/login';

const DAY = 86_400_000;
const checkedAt = Date.parse('2026-03-02T01:00:00.000Z'); // 09:00 in Beijing
const at = (ms: number) => new Date(checkedAt + ms);
const rec = { lastOnlineCheckAt: new Date(checkedAt).toISOString() };

describe('offline login window', () => {
  it('allows a login right after the online check, with all N days left', () => {
    const d = offlineLoginDecision(rec, at(0), 7);
    expect(d).toMatchObject({ allowed: true, daysLeft: 7, expiresAt: new Date(checkedAt + 7 * DAY).toISOString() });
    expect(d.message).toMatch(/还可离线登录 7 天/);
  });

  it('counts days left rounded up, and allows the last millisecond before N days', () => {
    expect(offlineLoginDecision(rec, at(DAY + 1), 7)).toMatchObject({ allowed: true, daysLeft: 6 });
    expect(offlineLoginDecision(rec, at(6.5 * DAY), 7)).toMatchObject({ allowed: true, daysLeft: 1 });
    expect(offlineLoginDecision(rec, at(7 * DAY - 1), 7)).toMatchObject({ allowed: true, daysLeft: 1 });
  });

  it('refuses at exactly N days and after, saying how many days and what to do', () => {
    const edge = offlineLoginDecision(rec, at(7 * DAY), 7);
    expect(edge).toMatchObject({ allowed: false, reason: 'expired', daysSince: 7 });
    const late = offlineLoginDecision(rec, at(12 * DAY + 3_600_000), 7);
    expect(late).toMatchObject({ allowed: false, reason: 'expired', daysSince: 12 });
    if (late.allowed) throw new Error('unreachable');
    expect(late.message).toContain('已 12 天');
    expect(late.message).toContain('超过离线登录期限 7 天');
    expect(late.message).toContain('请连接网络');
    // The time of the last check is shown on the clerk's (Beijing) clock.
    expect(late.message).toContain('2026-03-02 09:00');
  });

  it('follows the configured number of days (1 and 30)', () => {
    expect(offlineLoginDecision(rec, at(DAY - 1), 1)).toMatchObject({ allowed: true, daysLeft: 1 });
    expect(offlineLoginDecision(rec, at(DAY), 1)).toMatchObject({ allowed: false, reason: 'expired' });
    expect(offlineLoginDecision(rec, at(29 * DAY), 30)).toMatchObject({ allowed: true, daysLeft: 1 });
    expect(offlineLoginDecision(rec, at(30 * DAY), 30)).toMatchObject({ allowed: false, reason: 'expired' });
  });

  it('with 0 days never allows an offline login, and says it is the setting', () => {
    const d = offlineLoginDecision(rec, at(1000), 0);
    expect(d).toMatchObject({ allowed: false, reason: 'disabled' });
    expect(d.message).toMatch(/离线登录天数为 0/);
  });

  it('refuses a certificate never checked online', () => {
    for (const r of [null, undefined, { lastOnlineCheckAt: 'not a date' }]) {
      const d = offlineLoginDecision(r, at(0), 7);
      expect(d).toMatchObject({ allowed: false, reason: 'never-checked' });
      expect(d.message).toMatch(/尚未在线验证/);
    }
  });

  it('refuses out-of-range day settings instead of guessing', () => {
    expect(() => offlineLoginDecision(rec, at(0), 31)).toThrow(/不能超过 30/);
    expect(() => offlineLoginDecision(rec, at(0), -1)).toThrow(/不能小于 0/);
    expect(() => offlineLoginDecision(rec, at(0), 2.5)).toThrow(/整数/);
    expect(OfflineLoginDays.safeParse(7).success).toBe(true);
  });
});

describe('a clock moved backwards', () => {
  it('is treated as expired and says the clock went back', () => {
    const d = offlineLoginDecision(rec, at(-CLOCK_TOLERANCE_MS - 1), 7);
    expect(d).toMatchObject({ allowed: false, reason: 'clock-backwards' });
    if (d.allowed) throw new Error('unreachable');
    expect(d.message).toMatch(/时钟可能被调回/);
    expect(d.message).toMatch(/按已过期处理/);
  });

  it('tolerates a small correction (NTP) as no time passed', () => {
    expect(offlineLoginDecision(rec, at(-CLOCK_TOLERANCE_MS), 7)).toMatchObject({ allowed: true, daysLeft: 7 });
  });

  it('compares with the latest login seen, so turning the clock back to extend the window fails', () => {
    // Checked online, then logged in offline on day 6; someone sets the clock back to day 1.
    const afterDay6 = recordLogin(rec, at(6 * DAY), false)!;
    expect(afterDay6.lastOnlineCheckAt).toBe(rec.lastOnlineCheckAt);
    expect(offlineLoginDecision(afterDay6, at(1 * DAY), 7)).toMatchObject({ allowed: false, reason: 'clock-backwards' });
    // Forward is fine.
    expect(offlineLoginDecision(afterDay6, at(6 * DAY + 60_000), 7)).toMatchObject({ allowed: true, daysLeft: 1 });
  });

  it('an offline login never moves lastSeenAt backwards; an online check starts afresh', () => {
    const seen = recordLogin(rec, at(3 * DAY), false)!;
    expect(recordLogin(seen, at(2 * DAY), false)!.lastSeenAt).toBe(seen.lastSeenAt);
    const online = recordLogin(seen, at(DAY), true)!;
    expect(online).toEqual({ lastOnlineCheckAt: at(DAY).toISOString(), lastSeenAt: at(DAY).toISOString() });
    expect(recordLogin(null, at(0), false)).toBeNull();
  });
});

describe('clerk of this window', () => {
  it('accepts the window’s own clerks', () => {
    expect(clerkWindowProblem('c-130102-01-1', 'w-130102-01')).toBeNull();
    expect(clerkWindowProblem('c-130102-01-12', 'w-130102-01')).toBeNull();
  });

  it('refuses another window’s clerk, a window seal and a certificate without a clerk id', () => {
    expect(clerkWindowProblem('c-130104-01-1', 'w-130102-01')).toMatch(/不属于本窗口 w-130102-01/);
    expect(clerkWindowProblem('c-130102-011-1', 'w-130102-01')).toMatch(/不属于本窗口/);
    expect(clerkWindowProblem('c-130102-01-', 'w-130102-01')).toMatch(/不属于本窗口/);
    expect(clerkWindowProblem('w-130102-01', 'w-130102-01')).toMatch(/不是受理人证书/);
    expect(clerkWindowProblem(undefined, 'w-130102-01')).toMatch(/没有受理人编号/);
  });

  it('takes the clerk’s name from the common name, rare characters included', () => {
    expect(clerkNameFromCommonName('窗口受理员 王𠈌')).toBe('王𠈌');
    expect(clerkNameFromCommonName('张三')).toBe('张三');
  });
});

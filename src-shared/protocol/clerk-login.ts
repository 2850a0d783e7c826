/**
 * The clerk login part of the clerk-api (renderer <-> main): the clerk logs in with the
 * certificate in the keystore's clerk slot and its PIN; main checks the certificate with
 * the center when it can, and otherwise applies the offline-login rule of
 * src-shared/domain/login.ts. Without a clerk certificate on this PC the app runs in the
 * demo mode (not logged in, clerk from the settings).
 */
import { z } from 'zod';
import { OfflineLoginDays } from '../domain/login';

const Pin = z.string().min(1, 'PIN 不能为空 (PIN is required)').max(64, 'PIN 最多 64 个字符 (PIN: at most 64 characters)');

/** A clerk certificate on this PC, as the login page shows it (no key material). */
export const LoginCandidate = z.object({
  /** The keystore slot it is in. */
  role: z.literal('clerk'),
  clerkId: z.string().nullable(),
  /** The clerk's name from the certificate. */
  name: z.string(),
  commonName: z.string(),
  serial: z.string(),
  notAfter: z.string(),
  certSha256: z.string(),
  /** Why this certificate cannot log in at this window (not a clerk's, another window's), or null. */
  problem: z.string().nullable(),
  lastOnlineCheckAt: z.string().nullable(),
  /** Whether a login without the center would be allowed now, and the message saying so. */
  offline: z.object({
    allowed: z.boolean(),
    daysLeft: z.number().int().nonnegative().nullable(),
    reason: z.enum(['never-checked', 'disabled', 'expired', 'clock-backwards']).nullable(),
    message: z.string(),
  }),
  /** Wrong PINs locked the slot until then. */
  lockedUntil: z.string().optional(),
  attemptsLeft: z.number().int().nonnegative(),
});
export type LoginCandidate = z.infer<typeof LoginCandidate>;

export const LoggedInClerk = z.object({
  clerkId: z.string(),
  name: z.string(),
  commonName: z.string(),
  certSha256: z.string(),
  notAfter: z.string(),
  loggedInAt: z.string(),
  /** Was the certificate checked with the center at this login? */
  via: z.enum(['online', 'offline']),
  lastOnlineCheckAt: z.string().nullable(),
});
export type LoggedInClerk = z.infer<typeof LoggedInClerk>;

export const LoginStatus = z.object({
  /** demo: no clerk certificate on this PC (clerk from the settings); logged-out: log in first. */
  mode: z.enum(['demo', 'logged-out', 'logged-in']),
  /** The window this PC is (enrolled device, else the settings). */
  windowId: z.string(),
  clerk: LoggedInClerk.nullable(),
  candidates: z.array(LoginCandidate),
  offlineLoginDays: OfflineLoginDays,
  /** Why the last session ended, to say so on the login page. */
  ended: z.enum(['logout', 'locked', 'certificate-changed']).nullable(),
});
export type LoginStatus = z.infer<typeof LoginStatus>;

export const LoginArgs = z.object({ role: z.literal('clerk'), pin: Pin }).strict();
export type LoginArgs = z.infer<typeof LoginArgs>;

/** The channels, for clerk-api.ts to spread into its table. */
export const clerkLoginApi = {
  /** Who is logged in, and the clerk certificates the login page offers (no network). */
  'session:status': { args: z.object({}).strict(), result: LoginStatus },
  /** Log in: check the certificate (center when reachable, else the offline rule), unlock the clerk key. */
  'session:login': { args: LoginArgs, result: LoginStatus },
  /** Log out: locks the keystore. */
  'session:logout': { args: z.object({}).strict(), result: LoginStatus },
} as const;

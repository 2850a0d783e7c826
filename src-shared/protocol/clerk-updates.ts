/**
 * The app-update part of the clerk-api (renderer <-> main). An update of the app is held
 * while anything is unsent (issue 5, Engine behaviour): the renderer, which owns the
 * outbox, reports its unsent counts after every sync cycle and every outbox change; main's
 * update gate downloads and installs only while the last fresh report says zero.
 * Drafts are not unsent work (they live on the PC and survive an update).
 */
import { z } from 'zod';

const Count = z.number().int('必须是整数 (must be an integer)').min(0, '不能为负数 (must not be negative)').max(10_000_000, '数量过大 (too large)');
const Instant = z.iso.datetime({ offset: true, message: '必须是 ISO 8601 时间 (must be an ISO 8601 date-time)' });

/** What the renderer reports: outbox records pending and rejected, and the oldest one's creation time. */
export const UnsentReport = z
  .object({
    pending: Count,
    rejected: Count,
    /** createdAt of the oldest unsent record; null exactly when nothing is unsent. */
    oldestAt: Instant.nullable(),
  })
  .strict()
  .refine((r) => (r.pending + r.rejected === 0) === (r.oldestAt === null), {
    message: '有未上报记录时须给出最早记录时间，没有时须为 null (oldestAt: required when anything is unsent, null otherwise)',
    path: ['oldestAt'],
  });
export type UnsentReport = z.infer<typeof UnsentReport>;

export const UpdateState = z.enum([
  /** Browser mode: the app is served by the host; updates are the host's business. */
  'host-managed',
  /** No update feed (YICHUANG_UPDATE_URL unset) or an unpackaged build. */
  'disabled',
  'idle',
  'checking',
  /** A newer version exists; not downloaded yet. */
  'available',
  'downloading',
  /** Downloaded: installs (restart) when nothing is unsent and the clerk says so. */
  'downloaded',
  'error',
]);
export type UpdateState = z.infer<typeof UpdateState>;

export const UpdateStatus = z.object({
  state: UpdateState,
  currentVersion: z.string(),
  availableVersion: z.string().nullable(),
  downloadPercent: z.number().min(0).max(100).nullable(),
  /** The last report, with when main received it; null before the first. */
  unsent: z
    .object({ pending: Count, rejected: Count, oldestAt: z.string().nullable(), reportedAt: z.string() })
    .nullable(),
  /** Why the gate is closed now: unsent work, no report yet, or a report too old to trust; null = open. */
  closedBy: z.enum(['unsent', 'no-report', 'stale-report']).nullable(),
  /** An update is available or downloaded and waits for the unsent work. */
  held: z.boolean(),
  /** Downloaded and the gate is open: it may be installed now (the app restarts). */
  ready: z.boolean(),
  lastCheckedAt: z.string().nullable(),
  error: z.string().nullable(),
  /** One line for the clerk, Chinese first. */
  message: z.string(),
});
export type UpdateStatus = z.infer<typeof UpdateStatus>;

/** The channels, for clerk-api.ts to spread into its table. */
export const clerkUpdatesApi = {
  'updates:status': { args: z.object({}).strict(), result: UpdateStatus },
  /** The renderer's unsent counts (after every sync cycle and outbox change). */
  'updates:report-unsent': { args: UnsentReport, result: UpdateStatus },
  /** Install the downloaded update now (restarts the app); refused while anything is unsent. */
  'updates:install': { args: z.object({}).strict(), result: UpdateStatus },
} as const;

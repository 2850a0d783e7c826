/**
 * When each clerk certificate was last checked with the center, and the latest time this
 * PC's clock showed at a login with it: `<dataDir>/session/online-checks.json`, keyed by
 * the certificate's SHA-256. Written atomically (temp file + rename). A damaged file is
 * kept aside and read as empty — which only ever refuses an offline login, never allows one.
 */
import crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { OnlineCheckRecord } from '../../../src-shared/domain/login';

const Entry = z.object({
  clerkId: z.string().nullable(),
  lastOnlineCheckAt: z.string(),
  lastSeenAt: z.string().optional(),
});
const FileShape = z.object({ version: z.literal(1), certificates: z.record(z.string(), Entry) });
type FileShape = z.infer<typeof FileShape>;

export class OnlineChecks {
  private readonly file: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'session', 'online-checks.json');
  }

  private async read(): Promise<FileShape> {
    let raw: string;
    try {
      raw = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, certificates: {} };
      throw e;
    }
    try {
      return FileShape.parse(JSON.parse(raw));
    } catch {
      await fs.rename(this.file, `${this.file}.corrupt-${Date.now()}`).catch(() => undefined);
      return { version: 1, certificates: {} };
    }
  }

  async get(certSha256: string): Promise<OnlineCheckRecord | null> {
    const e = (await this.read()).certificates[certSha256];
    return e ? { lastOnlineCheckAt: e.lastOnlineCheckAt, ...(e.lastSeenAt ? { lastSeenAt: e.lastSeenAt } : {}) } : null;
  }

  /** Stores `record` for the certificate (null: leaves it as it is). One write at a time. */
  put(certSha256: string, clerkId: string | null, record: OnlineCheckRecord | null): Promise<void> {
    const run = this.queue.then(async () => {
      if (!record) return;
      const all = await this.read();
      all.certificates[certSha256] = { clerkId, ...record };
      await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      const tmp = `${this.file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      await fs.writeFile(tmp, JSON.stringify(all, null, 1), { mode: 0o600 });
      await fs.rename(tmp, this.file);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

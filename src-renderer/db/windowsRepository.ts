/** The province's service windows, cached to name this window, its region and clerks. */
import type { ServiceWindow } from '../../src-shared/domain/catalog';
import type { YichuangDb } from './database';
import { setMeta } from './meta';

export class WindowsRepository {
  constructor(private readonly db: YichuangDb) {}

  async replaceAll(windows: readonly ServiceWindow[], fetchedAt: string): Promise<void> {
    const db = this.db;
    await db.transaction('rw', db.windows, db.meta, async () => {
      await db.windows.clear();
      await db.windows.bulkPut([...windows]);
      await setMeta(db, 'windowsFetchedAt', fetchedAt);
    });
  }

  async get(id: string): Promise<ServiceWindow | undefined> {
    return this.db.windows.get(id);
  }

  async all(): Promise<ServiceWindow[]> {
    return this.db.windows.toArray();
  }

  async clerkName(windowId: string, clerkId: string): Promise<string | undefined> {
    return (await this.get(windowId))?.clerks.find((c) => c.id === clerkId)?.name;
  }
}

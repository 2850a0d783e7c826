/**
 * Intakes in progress. The form autosaves here as the clerk types; attached scans are
 * stored at once (by draft and SHA-256) so a reload or crash loses nothing. `commit` of
 * the cases repository removes the draft in the same transaction that saves the case.
 */
import type { YichuangDb } from './database';
import type { DraftBlobRow, DraftRow } from './casesSchema';

export class DraftsRepository {
  constructor(private readonly db: YichuangDb) {}

  async save(draft: Omit<DraftRow, 'updatedAt'>): Promise<DraftRow> {
    const row: DraftRow = { ...draft, updatedAt: new Date().toISOString() };
    await this.db.drafts.put(row);
    return row;
  }

  async get(id: string): Promise<DraftRow | undefined> {
    return this.db.drafts.get(id);
  }

  async list(): Promise<DraftRow[]> {
    return this.db.drafts.orderBy('updatedAt').reverse().toArray();
  }

  /** Store a scan for a draft (idempotent by content). */
  async putBlob(draftId: string, blob: { sha256: string; blob: Blob; mediaType: string; name: string }): Promise<void> {
    const row: DraftBlobRow = { key: `${draftId}:${blob.sha256}`, draftId, sha256: blob.sha256, blob: blob.blob, mediaType: blob.mediaType, size: blob.blob.size, name: blob.name };
    await this.db.draftBlobs.put(row);
  }

  async removeBlob(draftId: string, sha256: string): Promise<void> {
    await this.db.draftBlobs.delete(`${draftId}:${sha256}`);
  }

  async blobs(draftId: string): Promise<DraftBlobRow[]> {
    return this.db.draftBlobs.where('draftId').equals(draftId).toArray();
  }

  /** Throw a draft away with its scans. */
  async discard(id: string): Promise<void> {
    const db = this.db;
    await db.transaction('rw', db.drafts, db.draftBlobs, async () => {
      await db.drafts.delete(id);
      await db.draftBlobs.where('draftId').equals(id).delete();
    });
  }
}

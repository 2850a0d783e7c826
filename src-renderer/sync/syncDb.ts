/**
 * The sync engine's own small database (IndexedDB `yichuang-sync`), beside the window's
 * database: the center's receipts for records that left the outbox, the blobs the center
 * confirmed complete, the changes pulled, the center's view of each case folded from them
 * (centerCases), and the engine's state (pull cursor, last success). Nothing here is
 * needed to recover a case; losing it only costs a re-check and a pull from the start.
 *
 * Versions:
 *   1  receipts, changes (caseId on case-event rows only), blobsDone, state
 *   2  caseId also on case-progress and result rows (filled in for rows pulled under 1);
 *      centerCases: the center's status, clock and open requests per case (see centerCases.ts)
 */
import Dexie, { type DexieOptions, type EntityTable, type Transaction } from 'dexie';
import type { Change, Receipt } from '../../src-shared/protocol/sync';
import { caseIdOf, foldCaseProgress, foldProgress, foldsInOrder, type CaseProgressChange, type CenterCaseRow } from './centerCases';

export type { CenterCaseRow } from './centerCases';

export const SYNC_DB_NAME = 'yichuang-sync';

export interface ReceiptRow {
  recordId: string;
  caseId: string;
  deviceSeq: number;
  status: 'accepted' | 'duplicate';
  receipt: Receipt;
  /** When the window learnt it (ISO). */
  at: string;
}

export interface ChangeRow {
  n?: number;
  position: string;
  kind: Change['kind'];
  /** The case it concerns (case-event, case-progress and result rows). */
  caseId?: string;
  change: Change;
}

export interface BlobDoneRow {
  sha256: string;
  at: string;
}

export interface StateRow {
  key: string;
  value: unknown;
}

export class SyncStateDb extends Dexie {
  receipts!: EntityTable<ReceiptRow, 'recordId'>;
  changes!: EntityTable<ChangeRow, 'n'>;
  blobsDone!: EntityTable<BlobDoneRow, 'sha256'>;
  state!: EntityTable<StateRow, 'key'>;
  centerCases!: EntityTable<CenterCaseRow, 'caseId'>;

  constructor(name: string = SYNC_DB_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      receipts: 'recordId, caseId, deviceSeq',
      changes: '++n, &position, kind, caseId',
      blobsDone: 'sha256',
      state: 'key',
    });
    this.version(2)
      .stores({ centerCases: 'caseId, status' })
      .upgrade((tx) => upgradeTo2(tx));
  }

  /**
   * Keeps one page of pulled changes (those not held yet) and the cursor after it, and
   * folds the case-progress changes into centerCases — one transaction, so a crash leaves
   * either the whole page with its cursor or none of it.
   */
  async storePulled(changes: readonly Change[], cursor: string): Promise<ChangeRow[]> {
    return this.transaction('rw', this.changes, this.centerCases, this.state, async () => {
      const added: ChangeRow[] = [];
      const held = new Set((await this.changes.where('position').anyOf(changes.map((c) => c.position)).toArray()).map((r) => r.position));
      for (const c of changes) {
        if (held.has(c.position)) continue;
        held.add(c.position);
        const caseId = caseIdOf(c);
        const row: ChangeRow = { position: c.position, kind: c.kind, ...(caseId ? { caseId } : {}), change: c };
        await this.changes.add(row);
        added.push(row);
        if (c.kind === 'case-progress') await this.foldIn(c);
      }
      await this.state.put({ key: 'cursor', value: cursor });
      return added;
    });
  }

  /** Folds one more progress into its case's projection; one the center numbered earlier than what is folded refolds the case. */
  private async foldIn(c: CaseProgressChange): Promise<void> {
    const prev = await this.centerCases.get(c.caseId);
    if (foldsInOrder(prev, c)) {
      await this.centerCases.put(foldProgress(prev, c));
      return;
    }
    const all = (await this.changes.where('caseId').equals(c.caseId).sortBy('n'))
      .map((r) => r.change)
      .filter((x): x is CaseProgressChange => x.kind === 'case-progress');
    const row = foldCaseProgress(all);
    if (row) await this.centerCases.put(row);
  }

  /** The center's pulled changes about one case (its progress and results, and its events as the center holds them), oldest first. */
  async changesOfCase(caseId: string): Promise<Change[]> {
    return (await this.changes.where('caseId').equals(caseId).sortBy('n')).map((r) => r.change);
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.state.get(key))?.value as T | undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.state.put({ key, value });
  }
}

/** Version 2: caseId on the progress and result rows pulled under version 1, and their projection. */
async function upgradeTo2(tx: Transaction): Promise<void> {
  const changes = tx.table<ChangeRow, number>('changes');
  const centerCases = tx.table<CenterCaseRow, string>('centerCases');
  await changes.toCollection().modify((row) => {
    const caseId = caseIdOf(row.change);
    if (caseId && row.caseId !== caseId) row.caseId = caseId;
  });
  // Each case's progress in pull order (n), folded in the center's order.
  const byCase = new Map<string, CaseProgressChange[]>();
  await changes.orderBy('n').each((row) => {
    const c = row.change;
    if (c.kind === 'case-progress') byCase.set(c.caseId, [...(byCase.get(c.caseId) ?? []), c]);
  });
  const folded = [...byCase.values()].map(foldCaseProgress).filter((r): r is CenterCaseRow => r !== undefined);
  if (folded.length) await centerCases.bulkPut(folded);
}

/** Reading the center's view of cases (sync/centerCases) for the case list and detail. */
import type { CenterCaseStatus } from '../../../src-shared/protocol/workflow';
import type { CenterCaseRow } from '../../sync/centerCases';
import type { SyncStateDb } from '../../sync/syncDb';
import type { CenterLookup } from './caseList';

/** The center's view of these cases, by case id (one indexed read). */
export async function centersOf(db: SyncStateDb, caseIds: readonly string[]): Promise<Map<string, CenterCaseRow>> {
  if (!caseIds.length) return new Map();
  const rows = await db.centerCases.bulkGet([...caseIds]);
  return new Map(rows.filter((r): r is CenterCaseRow => !!r).map((r) => [r.caseId, r]));
}

/** A lookup over the rows already read, and the status index for the filter. */
export function centerLookup(db: SyncStateDb, known: ReadonlyMap<string, CenterCaseRow>): CenterLookup {
  return {
    of: (caseId) => known.get(caseId),
    withStatus: async (status: CenterCaseStatus) => (await db.centerCases.where('status').equals(status).primaryKeys()) as string[],
  };
}

/**
 * Reading 出件 from the local databases: the pulled `result` changes (sync database; read
 * by kind and filtered here) and, per result, its case with its events when this window
 * accepted the case, else this window's result log for it (ResultLogRepository). Also the
 * bytes of a downloaded result.
 */
import type { CasesRepository } from '../../db/casesRepository';
import type { ResultLogRepository } from '../../db/resultLogRepository';
import type { SyncStateDb } from '../../sync/syncDb';
import { foldResultChanges, toEntry, type ResultEntry } from './resultsModel';

/**
 * This window's results: those of cases it accepted, and those it is the collect window of
 * (`windowId`, this PC's window; null: only the accepted ones). A result of another window
 * of the county — neither accepted nor collected here — is not this window's to print.
 */
export async function loadResultEntries(state: SyncStateDb, cases: CasesRepository, resultLog: Pick<ResultLogRepository, 'of'>, windowId: string | null): Promise<ResultEntry[]> {
  const rows = await state.changes.where('kind').equals('result').toArray();
  const infos = foldResultChanges(rows.map((r) => r.change));
  const entries = await Promise.all(
    infos.map(async (info) => {
      const kase = (await cases.get(info.caseId)) ?? null;
      if (kase) return toEntry(info, kase, await cases.events(info.caseId));
      if (!windowId || info.collectWindowId !== windowId) return null;
      const log = await resultLog.of(info.resultId);
      return toEntry(info, null, log, log);
    }),
  );
  return entries.filter((e): e is ResultEntry => e !== null);
}

/** The stored PDF of a downloaded result, or null when it is not on this PC. */
export async function resultBytes(cases: CasesRepository, e: ResultEntry): Promise<Uint8Array<ArrayBuffer> | null> {
  const sha = e.history.received?.sha256;
  if (!sha) return null;
  const row = await cases.blob(sha);
  return row ? new Uint8Array(await row.blob.arrayBuffer()) : null;
}

/**
 * Where the window writes what it does with a result: into the case's own hash-chained log
 * when it accepted the case (CasesRepository.append: the events sync as records), or into
 * its result log when it only collects it (ResultLogRepository: sent as signed result-log
 * entries). Callers say what happened; this decides where it goes.
 */
import type { ResultLogEntry, ResultLogType } from '../../../src-shared/protocol/result-log';
import type { CasesRepository } from '../../db/casesRepository';
import type { ResultLogBlob, ResultLogRepository } from '../../db/resultLogRepository';
import type { ResultEntry } from './resultsModel';

export interface LedgerDeps {
  cases: Pick<CasesRepository, 'append'>;
  resultLog: Pick<ResultLogRepository, 'add'>;
}

type DataOf<T extends ResultLogType> = Extract<ResultLogEntry, { type: T }>['data'];

export async function recordResultEvent<T extends ResultLogType>(
  d: LedgerDeps,
  e: Pick<ResultEntry, 'kase' | 'info'>,
  ev: { type: T; at: string; actor: string; data: DataOf<T> },
  blob?: ResultLogBlob,
): Promise<void> {
  if (e.kase) {
    await d.cases.append(e.info.caseId, ev, blob ? { blobs: [blob] } : {});
    return;
  }
  await d.resultLog.add({ resultId: e.info.resultId, caseId: e.info.caseId, type: ev.type, at: ev.at, actor: ev.actor, data: ev.data } as Parameters<ResultLogRepository['add']>[0], blob);
}

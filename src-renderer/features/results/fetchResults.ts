/**
 * Download the results that arrived by pull: for every valid result not downloaded yet,
 * main fetches it from the center (signed request) and checks its SHA-256 against the
 * published one; the page checks it again, then keeps it — with the case when this window
 * accepted it (the event 'result-received' and the blob in one transaction,
 * CasesRepository.append; the blob, already at the center under the same SHA-256, is not
 * uploaded again), else in this window's result log (results it only collects).
 *
 * One download round at a time per page, and per machine where Web Locks exist (two tabs
 * never both record the same result).
 */
import { PRINT_MESSAGES, RESULT_EVENTS, resultHistory, type ResultReceivedData } from '../../../src-shared/domain/printing';
import type { ClerkClient } from '../../../src-shared/protocol/clerk-api';
import type { CasesRepository } from '../../db/casesRepository';
import { sha256OfBlob } from '../../db/hashing';
import type { ResultLogRepository } from '../../db/resultLogRepository';
import { recordResultEvent } from './resultLedger';
import type { SyncStateDb } from '../../sync/syncDb';
import { loadResultEntries } from './resultsData';
import type { ResultEntry } from './resultsModel';

export interface FetchDeps {
  clerk: Pick<ClerkClient, 'sync:result-pdf'>;
  cases: CasesRepository;
  resultLog: ResultLogRepository;
  state: SyncStateDb;
  /** This PC's window: results it is the collect window of are fetched too. */
  windowId: string | null;
  /** Who records the download (the clerk at the window, else 'system'). */
  actor: string;
  now?: () => Date;
}

export interface FetchReport {
  fetched: string[];
  failed: { resultId: string; caseNumber: string; message: string }[];
}

let running: Promise<FetchReport> | null = null;

/** The file name a downloaded result is kept under. */
export function resultFileName(e: Pick<ResultEntry['info'], 'caseNumber' | 'title'>): string {
  return `${e.caseNumber}-${e.title}`.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 120) + '.pdf';
}

async function fetchOne(d: FetchDeps, e: ResultEntry): Promise<'fetched' | 'skipped'> {
  const r = await d.clerk['sync:result-pdf']({ resultId: e.info.resultId, sha256: e.info.sha256 });
  if (!r.ok) throw new Error(r.error.message);
  const blob = new Blob([r.value.pdf as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
  const sha = await sha256OfBlob(blob);
  if (sha !== e.info.sha256) throw new Error(PRINT_MESSAGES.notPublishedBytes);
  // Recorded meanwhile (another round, another tab)? Then nothing to do.
  const events = e.kase ? await d.cases.events(e.info.caseId) : await d.resultLog.of(e.info.resultId);
  if (resultHistory(events, e.info.resultId).received) return 'skipped';
  const data: ResultReceivedData = { resultId: e.info.resultId, verificationCode: e.info.verificationCode, sha256: sha, title: e.info.title };
  await recordResultEvent(
    d,
    e,
    { type: RESULT_EVENTS.received, at: (d.now?.() ?? new Date()).toISOString(), actor: d.actor || 'system', data },
    { sha256: sha, blob, mediaType: 'application/pdf', name: resultFileName(e.info) },
  );
  return 'fetched';
}

async function round(d: FetchDeps): Promise<FetchReport> {
  const report: FetchReport = { fetched: [], failed: [] };
  const pending = (await loadResultEntries(d.state, d.cases, d.resultLog, d.windowId)).filter((e) => e.stage === 'awaiting-download');
  for (const e of pending) {
    try {
      if ((await fetchOne(d, e)) === 'fetched') report.fetched.push(e.info.resultId);
    } catch (err) {
      report.failed.push({ resultId: e.info.resultId, caseNumber: e.info.caseNumber, message: (err as Error).message });
    }
  }
  return report;
}

type LockManager = { request<T>(name: string, cb: () => Promise<T>): Promise<T> };

export function fetchPendingResults(d: FetchDeps): Promise<FetchReport> {
  running ??= (async () => {
    try {
      const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
      return locks ? await locks.request('yichuang-results-fetch', () => round(d)) : await round(d);
    } finally {
      running = null;
    }
  })();
  return running;
}

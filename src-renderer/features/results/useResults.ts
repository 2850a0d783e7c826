/**
 * The results of this window, live (pulled changes + the cases' events), and the download
 * of those not yet here: started when the list shows one awaiting download, again when
 * the set changes, and every minute while some remain (the center may have been offline).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAppSelector } from '../../app/hooks';
import { useServices } from '../../app/services';
import { syncStateDb } from '../sync/runtime';
import { fetchPendingResults, type FetchReport } from './fetchResults';
import { loadResultEntries } from './resultsData';
import type { ResultEntry } from './resultsModel';

export function useResultEntries(): ResultEntry[] | undefined {
  const { cases, resultLog } = useServices();
  const windowId = useAppSelector((s) => s.session.settings?.windowId) ?? null;
  return useLiveQuery(() => loadResultEntries(syncStateDb(), cases, resultLog, windowId), [cases, resultLog, windowId]);
}

export function useResultsDownload(entries: ResultEntry[] | undefined): { report: FetchReport | null; busy: boolean; run: () => void } {
  const { clerk, cases, resultLog } = useServices();
  const actor = useAppSelector((s) => s.session.settings?.clerkId) ?? 'system';
  const windowId = useAppSelector((s) => s.session.settings?.windowId) ?? null;
  const [report, setReport] = useState<FetchReport | null>(null);
  const [busy, setBusy] = useState(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(() => {
    setBusy(true);
    void fetchPendingResults({ clerk, cases, resultLog, state: syncStateDb(), actor, windowId })
      .then((r) => mounted.current && setReport(r))
      .catch((err: unknown) => mounted.current && setReport({ fetched: [], failed: [{ resultId: '', caseNumber: '', message: (err as Error).message }] }))
      .finally(() => mounted.current && setBusy(false));
  }, [clerk, cases, resultLog, actor, windowId]);
  const waiting = (entries ?? []).filter((e) => e.stage === 'awaiting-download').map((e) => e.info.resultId).join(',');
  useEffect(() => {
    if (!waiting) return;
    const first = window.setTimeout(run, 0);
    const timer = window.setInterval(run, 60_000);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(timer);
    };
  }, [waiting, run]);
  return { report, busy, run };
}

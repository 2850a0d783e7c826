/**
 * Tells main's update gate what is unsent: after every outbox change (a live query), after
 * every sync cycle, and once a minute so that the gate's last report stays fresh. Renders
 * nothing. A failed report only leaves the gate closed (main treats silence as "unknown").
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef } from 'react';
import type { UnsentReport } from '../../../src-shared/protocol/clerk-updates';
import { useServices } from '../../app/services';
import { useSync } from '../sync/useSync';
import { readUnsent } from './unsentReport';
import { setUpdateStatus } from './updateStatus';

const EVERY_MS = 60_000;

export function UnsentReporter() {
  const services = useServices();
  const { status } = useSync();
  const report = useLiveQuery(() => readUnsent(services.db), [services]);
  const latest = useRef<UnsentReport | null>(null);
  const cycle = `${status?.lastAttemptAt ?? ''}|${status?.lastSuccessAt ?? ''}|${status?.phase ?? ''}`;

  useEffect(() => {
    if (!report) return;
    latest.current = report;
    services.clerk['updates:report-unsent'](report).then(setUpdateStatus, (e: unknown) => console.warn('updates:report-unsent', e));
  }, [services, report, cycle]);

  useEffect(() => {
    const timer = setInterval(() => {
      void readUnsent(services.db)
        .then((r) => services.clerk['updates:report-unsent'](r))
        .then(setUpdateStatus, (e: unknown) => console.warn('updates:report-unsent', e));
    }, EVERY_MS);
    return () => clearInterval(timer);
  }, [services]);

  return null;
}

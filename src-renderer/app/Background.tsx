/**
 * Work that runs while the app is open and renders nothing: the center health poller
 * (every 10 s, and at once on the browser's online/offline events) and the catalog
 * pull (at start, when the center comes back, and every few minutes while online),
 * the queue of applicant checks against the province's shared data, the download of
 * results the province issued for this window, and the result log of those it only collects.
 */
import { useEffect, useRef } from 'react';
import { runCatalogSync } from '../features/catalog/catalogSlice';
import { useVerificationQueue } from '../features/verification/runtime';
import { useResultLogSync } from '../features/results/resultLogSync';
import { useResultEntries, useResultsDownload } from '../features/results/useResults';
import { checkCenterHealth } from '../sync/center';
import { centerOffline, centerOnline, centerReset } from './connectivitySlice';
import { useAppDispatch, useAppSelector } from './hooks';
import { useServices } from './services';
import { translate } from './i18n';

export const HEALTH_INTERVAL_MS = 10_000;
export const HEALTH_TIMEOUT_MS = 4_000;
export const CATALOG_INTERVAL_MS = 5 * 60_000;

export function Background() {
  const dispatch = useAppDispatch();
  const services = useServices();
  const centerUrl = useAppSelector((s) => s.session.settings?.centerUrl);
  const windowId = useAppSelector((s) => s.session.settings?.windowId);
  const locale = useAppSelector((s) => s.session.settings?.locale ?? 'zh-CN');
  const center = useAppSelector((s) => s.connectivity.center);
  // Applicant checks queued while offline are asked as soon as a sync succeeds, whatever screen is open.
  useVerificationQueue();
  // Prints and hand-overs of results collected here for cases accepted elsewhere go up after each successful sync.
  useResultLogSync();
  // Results issued for this window are fetched (and their hash checked) as they arrive, not only while 出件 is open.
  useResultsDownload(useResultEntries());
  const localeRef = useRef(locale);
  useEffect(() => {
    localeRef.current = locale;
  }, [locale]);

  // Health poller.
  useEffect(() => {
    if (!centerUrl) return;
    let stopped = false;
    let seq = 0;
    dispatch(centerReset());
    const check = async () => {
      const my = ++seq;
      const at = () => new Date().toISOString();
      if (typeof navigator !== 'undefined' && navigator.onLine === false) {
        dispatch(centerOffline({ at: at(), kind: 'unreachable', error: translate(localeRef.current, 'center.browserOffline') }));
        return;
      }
      const r = await checkCenterHealth(centerUrl, { timeoutMs: HEALTH_TIMEOUT_MS, fetch: services.fetch });
      if (stopped || my !== seq) return; // a newer check superseded this one
      if (r.ok) dispatch(centerOnline({ at: at(), version: r.health.version }));
      else dispatch(centerOffline({ at: at(), kind: r.kind, error: r.error }));
    };
    void check();
    const timer = window.setInterval(() => void check(), HEALTH_INTERVAL_MS);
    const onNet = () => void check();
    window.addEventListener('online', onNet);
    window.addEventListener('offline', onNet);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      window.removeEventListener('online', onNet);
      window.removeEventListener('offline', onNet);
    };
  }, [centerUrl, dispatch, services.fetch]);

  // Catalog: at start and whenever the center or the window changes.
  useEffect(() => {
    if (!centerUrl || !windowId) return;
    void dispatch(runCatalogSync());
  }, [centerUrl, windowId, dispatch]);

  // ... when the center comes back after being offline.
  const prev = useRef(center);
  useEffect(() => {
    if (prev.current === 'offline' && center === 'online') void dispatch(runCatalogSync());
    prev.current = center;
  }, [center, dispatch]);

  // ... and every few minutes while online.
  useEffect(() => {
    if (center !== 'online') return;
    const timer = window.setInterval(() => void dispatch(runCatalogSync()), CATALOG_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [center, dispatch]);

  return null;
}

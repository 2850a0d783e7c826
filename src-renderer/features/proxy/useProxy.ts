/**
 * The page's proxy state (帮办代办): the window's cached authorisation list, refreshed
 * from the center when the item step opens (at most every few minutes) or on request;
 * and one target region's catalog, from the cache or fetched. Shared by every component
 * of the page through one small store.
 */
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { SyncFailure } from '../../../src-shared/protocol/clerk-sync';
import { shanghaiDate } from '../../../src-shared/protocol/proxy';
import { useAppSelector } from '../../app/hooks';
import { useServices, type AppServices } from '../../app/services';
import { toCached, type CachedCatalogItem } from '../../db/catalogSearch';
import { syncHandle, syncStateDb } from '../sync/runtime';
import { memoryKeyValue, ProxyCache, type CachedRegions } from './proxyCache';
import type { CachedAuthorisations } from './proxyModel';
import { fetchRegionCatalog, fetchRegions, refreshProxy, type ProxySyncDeps } from './proxySync';

/** How long a fetched list counts as fresh for the automatic refresh (after a failure: none). */
export const PROXY_REFRESH_MS = 5 * 60_000;

export interface ProxyState {
  windowId: string | null;
  /** The cache was read for windowId. */
  loaded: boolean;
  cached: CachedAuthorisations | null;
  refreshing: boolean;
  /** The last refresh failed (the cached list, if any, is still used). */
  failure: Pick<SyncFailure, 'kind' | 'message'> | null;
  lastAttemptAt: number | null;
}

let cache: ProxyCache | null = null;
/** The cache, in the sync engine's own IndexedDB (or memory where there is none). */
export function proxyCache(): ProxyCache {
  cache ??= new ProxyCache(typeof indexedDB === 'undefined' ? memoryKeyValue() : syncStateDb());
  return cache;
}

let state: ProxyState = { windowId: null, loaded: false, cached: null, refreshing: false, failure: null, lastAttemptAt: null };
const listeners = new Set<() => void>();
const set = (patch: Partial<ProxyState>) => {
  state = { ...state, ...patch };
  for (const fn of listeners) fn();
};
const subscribe = (fn: () => void) => {
  listeners.add(fn);
  return () => listeners.delete(fn);
};

function depsOf(services: AppServices, centerUrl: string): ProxySyncDeps {
  return { api: services.clerk, cache: proxyCache(), centerUrl, ...(services.fetch ? { center: { fetch: services.fetch } } : {}) };
}

async function load(windowId: string): Promise<void> {
  if (state.windowId === windowId && state.loaded) return;
  set({ windowId, loaded: false, cached: null, failure: null, lastAttemptAt: null });
  const cached = await proxyCache().authorisations(windowId);
  if (state.windowId === windowId) set({ loaded: true, cached });
}

async function refresh(services: AppServices, centerUrl: string, windowId: string): Promise<void> {
  if (state.refreshing) return;
  await load(windowId);
  set({ refreshing: true, lastAttemptAt: Date.now() });
  try {
    const r = await refreshProxy(depsOf(services, centerUrl), windowId);
    if (state.windowId !== windowId) return;
    // A list fetched for another window (the device is enrolled elsewhere) does not apply here.
    if (r.ok) set({ cached: r.cached.data.windowId === windowId ? r.cached : null, failure: null });
    else set({ cached: r.cached ?? state.cached, failure: r.failure });
  } finally {
    set({ refreshing: false });
  }
}

/** The window's proxy state; refreshes when stale unless `auto` is false. */
export function useProxy(auto = true): ProxyState & { refresh: () => void; windowId: string | null } {
  const services = useServices();
  const settings = useAppSelector((s) => s.session.settings);
  const windowId = settings?.windowId ?? null;
  const centerUrl = settings?.centerUrl ?? null;
  const snap = useSyncExternalStore(subscribe, () => state);
  useEffect(() => {
    if (!windowId) return;
    void load(windowId);
    if (!auto || !centerUrl) return;
    // Fresh enough unless the last attempt failed (e.g. before the PC was enrolled): then ask again.
    const last = state.windowId === windowId ? state.lastAttemptAt : null;
    if (last === null || state.failure !== null || Date.now() - last > PROXY_REFRESH_MS) void refresh(services, centerUrl, windowId);
  }, [services, windowId, centerUrl, auto]);
  // The PC just got enrolled, or the center came back: a failed list is asked for again.
  useEffect(() => {
    if (!auto || !windowId || !centerUrl) return;
    let prev: string | null = null;
    return syncHandle(services).subscribe((st) => {
      const now = st ? `${st.enrolled}|${st.online}` : null;
      if (prev !== null && now !== prev && st?.enrolled && st.online && state.failure) void refresh(services, centerUrl, windowId);
      prev = now;
    });
  }, [services, windowId, centerUrl, auto]);
  const doRefresh = useCallback(() => {
    if (windowId && centerUrl) void refresh(services, centerUrl, windowId);
  }, [services, windowId, centerUrl]);
  const mine = snap.windowId === windowId ? snap : { ...snap, loaded: false, cached: null };
  return { ...mine, windowId, refresh: doRefresh };
}

export interface TargetCatalog {
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: CachedCatalogItem[];
  fetchedAt: string | null;
  error: string | null;
}

const IDLE: TargetCatalog = { status: 'idle', items: [], fetchedAt: null, error: null };
const LOADING: TargetCatalog = { ...IDLE, status: 'loading' };

/**
 * One target region's catalog: the cached copy at once, then the center's (limited to
 * `codes`, or the whole region when null). Offline, the cached copy stays; with none,
 * the error says why.
 */
export function useTargetCatalog(regionCode: string | null, codes: readonly string[] | null): TargetCatalog {
  const services = useServices();
  const settings = useAppSelector((s) => s.session.settings);
  const windowId = settings?.windowId ?? null;
  const centerUrl = settings?.centerUrl ?? null;
  const [result, setResult] = useState<{ key: string; scope: string; value: TargetCatalog } | null>(null);
  const codesKey = codes ? [...codes].sort().join(',') : '*';
  const scope = `${windowId}|${regionCode}`;
  const key = `${scope}|${codesKey}`;
  useEffect(() => {
    if (!regionCode || !windowId) return;
    let cancelled = false;
    const wanted = codesKey === '*' ? null : codesKey.split(',');
    const show = (value: TargetCatalog) => {
      if (!cancelled) setResult({ key, scope, value });
    };
    void (async () => {
      const held = await proxyCache().catalog(windowId, regionCode);
      const limit = (items: CachedCatalogItem[]) => (wanted ? items.filter((it) => wanted.includes(it.itemCode)) : items);
      const heldItems = held ? limit(held.items.map(toCached)) : [];
      show({ status: held ? 'ready' : 'loading', items: heldItems, fetchedAt: held?.fetchedAt ?? null, error: null });
      if (!centerUrl) return;
      try {
        const fresh = await fetchRegionCatalog(depsOf(services, centerUrl), windowId, regionCode, wanted);
        show({ status: 'ready', items: limit(fresh.items.map(toCached)), fetchedAt: fresh.fetchedAt, error: null });
      } catch (e) {
        const message = String((e as Error)?.message ?? e);
        show(held ? { status: 'ready', items: heldItems, fetchedAt: held.fetchedAt, error: message } : { status: 'error', items: [], fetchedAt: null, error: message });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [services, windowId, centerUrl, regionCode, codesKey, key, scope]);
  return useMemo<TargetCatalog>(() => {
    if (!regionCode) return IDLE;
    if (result?.key === key) return result.value;
    // The authorised items changed (the list was refreshed): the region's list stays on screen,
    // limited to what is authorised now, until the new one is in.
    if (result?.scope === scope && result.value.items.length) {
      const wanted = codesKey === '*' ? null : new Set(codesKey.split(','));
      return { ...result.value, status: 'loading', items: wanted ? result.value.items.filter((it) => wanted.has(it.itemCode)) : result.value.items };
    }
    return LOADING;
  }, [regionCode, result, key, scope, codesKey]);
}

/** The province's regions, cached (for picking a target when no authorisation list could be had). */
export function useRegions(enabled: boolean): CachedRegions | null {
  const services = useServices();
  const centerUrl = useAppSelector((s) => s.session.settings?.centerUrl ?? null);
  const [regions, setRegions] = useState<CachedRegions | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    void (async () => {
      const held = await proxyCache().regions();
      if (!cancelled && held) setRegions(held);
      if (!centerUrl) return;
      try {
        const fresh = await fetchRegions(depsOf(services, centerUrl));
        if (!cancelled) setRegions(fresh);
      } catch {
        // Offline: the cached list (if any) stays.
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [enabled, services, centerUrl]);
  return regions;
}

/** Today in China time (YYYY-MM-DD), updated when the day changes while the page is open. */
export function useShanghaiToday(): string {
  const [today, setToday] = useState(() => shanghaiDate(Date.now())!);
  useEffect(() => {
    const timer = window.setInterval(() => {
      const now = shanghaiDate(Date.now())!;
      setToday((prev) => (prev === now ? prev : now));
    }, 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return today;
}

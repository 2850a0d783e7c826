/**
 * Load data for a key (the request it stands for): keeps the last answer while a new one
 * loads, ignores answers to requests no longer wanted, reload() asks again.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  /** The key the data answers (the previous key's while a new one loads). */
  dataKey: string | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  /** Replace the data without asking (an action answered with the new state). */
  set(data: T): void;
}

export function useLoad<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const latest = useRef(load);
  useLayoutEffect(() => {
    latest.current = load;
  });
  const [nonce, setNonce] = useState(0);
  const [result, setResult] = useState<{ key: string; dataKey?: string; data?: T; error?: unknown } | null>(null);
  const wanted = `${key}#${nonce}`;

  useEffect(() => {
    let alive = true;
    const dataKey = wanted.slice(0, wanted.lastIndexOf('#'));
    latest.current().then(
      (data) => alive && setResult({ key: wanted, dataKey, data }),
      (error: unknown) => alive && setResult((r) => ({ key: wanted, dataKey: r?.dataKey, data: r?.data, error })),
    );
    return () => {
      alive = false;
    };
  }, [wanted]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const set = useCallback((data: T) => setResult((r) => ({ key: r?.key ?? '', dataKey: r?.dataKey, data })), []);
  return { data: result?.data, dataKey: result?.dataKey, error: result?.key === wanted ? result.error : undefined, loading: result?.key !== wanted, reload, set };
}

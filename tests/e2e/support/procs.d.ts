// Types for the plain-JS process helpers the start script and the e2e tests share.
declare module '*/scripts/lib/procs.js' {
  import type { ChildProcess } from 'node:child_process';
  export const root: string;
  export function startTs(
    entry: string,
    opts?: { env?: Record<string, string>; name?: string; timeoutMs?: number; quiet?: boolean },
  ): Promise<{ child: ChildProcess; url: string }>;
  export function stop(child: ChildProcess | null | undefined, signal?: NodeJS.Signals): Promise<void>;
}

/** The last update status main gave (updates:status / updates:report-unsent), shared by the tag, the card and the reporter. */
import { useSyncExternalStore } from 'react';
import type { UpdateStatus } from '../../../src-shared/protocol/clerk-updates';

let current: UpdateStatus | null = null;
const listeners = new Set<() => void>();

export function setUpdateStatus(s: UpdateStatus): void {
  current = s;
  for (const fn of listeners) fn();
}

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function useUpdateStatus(): UpdateStatus | null {
  return useSyncExternalStore(subscribe, () => current);
}

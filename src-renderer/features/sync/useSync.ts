import { useEffect, useState } from 'react';
import { useServices } from '../../app/services';
import type { SyncStatus } from '../../sync/engine';
import type { SyncHandle } from '../../sync/owner';
import { syncHandle } from './runtime';

/** The sync status (of this page's engine, or relayed from the page that runs it) and the handle. */
export function useSync(): { status: SyncStatus | null; handle: SyncHandle } {
  const services = useServices();
  const handle = syncHandle(services);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => handle.subscribe(setStatus), [handle]);
  return { status, handle };
}

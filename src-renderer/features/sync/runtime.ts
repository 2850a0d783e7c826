/**
 * The app's one sync handle: started the first time the header asks for it, for the life
 * of the page (startSyncOwner makes sure only one page per machine runs the engine).
 */
import type { AppServices } from '../../app/services';
import type { Change } from '../../../src-shared/protocol/sync';
import { startSyncOwner, type SyncHandle } from '../../sync/owner';
import { SyncStateDb } from '../../sync/syncDb';

let handle: SyncHandle | null = null;
const changeListeners = new Set<(c: Change) => void>();

function browserNetwork() {
  return {
    isOnline: () => typeof navigator === 'undefined' || navigator.onLine !== false,
    subscribe(fn: () => void) {
      window.addEventListener('online', fn);
      window.addEventListener('offline', fn);
      return () => {
        window.removeEventListener('online', fn);
        window.removeEventListener('offline', fn);
      };
    },
  };
}

export function syncHandle(services: AppServices): SyncHandle {
  handle ??= startSyncOwner({
    db: services.db,
    state: new SyncStateDb(),
    api: services.clerk,
    network: browserNetwork(),
    onChange: (c) => {
      for (const fn of changeListeners) fn(c);
    },
  });
  return handle;
}

/** Changes pulled from the center (catalog versions, calendar years…), for whoever refreshes what. */
export function onSyncChange(fn: (c: Change) => void): () => void {
  changeListeners.add(fn);
  return () => changeListeners.delete(fn);
}

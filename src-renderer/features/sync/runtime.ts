/**
 * The app's one sync handle: started the first time the header asks for it, for the life
 * of the page (startSyncOwner makes sure only one page per machine runs the engine).
 */
import type { AppServices } from '../../app/services';
import type { Change } from '../../../src-shared/protocol/sync';
import { startSyncOwner, type SyncHandle } from '../../sync/owner';
import { SyncStateDb } from '../../sync/syncDb';

let handle: SyncHandle | null = null;
let stateDb: SyncStateDb | null = null;
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

/** The page's one handle on the sync database (pulled changes, the center's view of cases). */
export function syncStateDb(): SyncStateDb {
  stateDb ??= new SyncStateDb();
  return stateDb;
}

export function syncHandle(services: AppServices): SyncHandle {
  handle ??= startSyncOwner({
    db: services.db,
    state: syncStateDb(),
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

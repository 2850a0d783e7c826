/** Catalog sync status (the catalog itself lives in Dexie). */
import { createAsyncThunk, createSlice } from '@reduxjs/toolkit';
import type { AppServices } from '../../app/services';
import { CenterError, type CenterErrorKind } from '../../sync/center';
import type { SessionState } from '../../app/sessionSlice';
import { syncCatalog, type CatalogSyncOutcome } from './catalogSync';

export interface CatalogSyncState {
  status: 'idle' | 'syncing' | 'ok' | 'error';
  lastAttemptAt: string | null;
  lastOutcome: Omit<CatalogSyncOutcome, 'window'> | null;
  /** message: full bilingual text; detail: the technical cause, for UIs that word the kind themselves. */
  error: { kind: CenterErrorKind | 'other'; message: string; detail: string } | null;
}

const initialState: CatalogSyncState = { status: 'idle', lastAttemptAt: null, lastOutcome: null, error: null };

type State = { session: SessionState; catalogSync: CatalogSyncState };

export const runCatalogSync = createAsyncThunk<
  Omit<CatalogSyncOutcome, 'window'>,
  void,
  { extra: AppServices; state: State; rejectValue: CatalogSyncState['error'] }
>(
  'catalog/sync',
  async (_, { extra, getState, rejectWithValue }) => {
    const settings = getState().session.settings;
    if (!settings) return rejectWithValue({ kind: 'other', message: 'settings not loaded', detail: 'settings not loaded' });
    try {
      const { window: _w, ...outcome } = await syncCatalog({
        centerUrl: settings.centerUrl,
        windowId: settings.windowId,
        catalog: extra.catalog,
        windows: extra.windows,
        calendar: extra.calendar,
        center: extra.fetch ? { fetch: extra.fetch } : undefined,
      });
      void _w;
      return outcome;
    } catch (e) {
      if (e instanceof CenterError) return rejectWithValue({ kind: e.kind, message: e.message, detail: e.detail });
      const message = String((e as Error)?.message ?? e);
      return rejectWithValue({ kind: 'other', message, detail: message });
    }
  },
  // One sync at a time.
  { condition: (_, { getState }) => getState().catalogSync.status !== 'syncing' },
);

const slice = createSlice({
  name: 'catalogSync',
  initialState,
  reducers: {},
  extraReducers: (b) => {
    b.addCase(runCatalogSync.pending, (s) => {
      s.status = 'syncing';
      s.lastAttemptAt = new Date().toISOString();
    });
    b.addCase(runCatalogSync.fulfilled, (s, a) => {
      s.status = 'ok';
      s.lastOutcome = a.payload;
      s.error = null;
    });
    b.addCase(runCatalogSync.rejected, (s, a) => {
      s.status = 'error';
      const message = a.error.message ?? 'error';
      s.error = a.payload ?? { kind: 'other', message, detail: message };
    });
  },
});

export default slice.reducer;

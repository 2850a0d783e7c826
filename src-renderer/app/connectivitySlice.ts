/** Is the provincial center answering? Fed by the poller in ./Background. */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { CenterErrorKind } from '../sync/center';

export interface ConnectivityState {
  center: 'unknown' | 'online' | 'offline';
  /** Last check (ISO). */
  checkedAt: string | null;
  /** Last time the center answered (ISO). */
  lastOnlineAt: string | null;
  /** Why the last check failed: the kind (worded by the UI) and the technical detail. */
  errorKind: CenterErrorKind | null;
  error: string | null;
  /** The center's version string from /health. */
  centerVersion: string | null;
}

const initialState: ConnectivityState = { center: 'unknown', checkedAt: null, lastOnlineAt: null, errorKind: null, error: null, centerVersion: null };

const slice = createSlice({
  name: 'connectivity',
  initialState,
  reducers: {
    centerOnline(s, a: PayloadAction<{ at: string; version: string }>) {
      s.center = 'online';
      s.checkedAt = a.payload.at;
      s.lastOnlineAt = a.payload.at;
      s.error = null;
      s.errorKind = null;
      s.centerVersion = a.payload.version;
    },
    centerOffline(s, a: PayloadAction<{ at: string; kind: CenterErrorKind; error: string }>) {
      s.center = 'offline';
      s.checkedAt = a.payload.at;
      s.errorKind = a.payload.kind;
      s.error = a.payload.error;
    },
    centerReset() {
      return initialState;
    },
  },
});

export const { centerOnline, centerOffline, centerReset } = slice.actions;
export default slice.reducer;

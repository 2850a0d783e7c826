/** Settings and app info from main (clerk-api), and the locale that follows them. */
import { createAsyncThunk, createSlice } from '@reduxjs/toolkit';
import type { AppInfo, Locale, Settings, SettingsPatch } from '../../src-shared/protocol/clerk-api';
import { ClerkApiError } from '../../src-shared/protocol/clerk-api';
import type { AppServices } from './services';

export interface SessionState {
  status: 'loading' | 'ready' | 'error';
  settings: Settings | null;
  appInfo: AppInfo | null;
  error: string | null;
  /** The host rejected our token (browser mode). */
  forbidden: boolean;
}

const initialState: SessionState = { status: 'loading', settings: null, appInfo: null, error: null, forbidden: false };

type ThunkConfig = { extra: AppServices; rejectValue: { message: string; code?: string; field?: string } };

function rejection(e: unknown) {
  if (e instanceof ClerkApiError) return { message: e.message, code: e.code, field: e.field };
  return { message: (e as Error)?.message ?? String(e) };
}

export const loadSession = createAsyncThunk<{ settings: Settings; appInfo: AppInfo }, void, ThunkConfig>(
  'session/load',
  async (_, { extra, rejectWithValue }) => {
    try {
      const [settings, appInfo] = await Promise.all([extra.clerk['settings:get']({}), extra.clerk['app:info']({})]);
      return { settings, appInfo };
    } catch (e) {
      return rejectWithValue(rejection(e));
    }
  },
);

export const saveSettings = createAsyncThunk<Settings, SettingsPatch, ThunkConfig>(
  'session/saveSettings',
  async (patch, { extra, rejectWithValue }) => {
    try {
      return await extra.clerk['settings:set'](patch);
    } catch (e) {
      return rejectWithValue(rejection(e));
    }
  },
);

/** Switch language: persisted through main (settings:set), applied when main confirms. */
export const setLocale = createAsyncThunk<Settings, Locale, ThunkConfig>('session/setLocale', async (locale, { extra, rejectWithValue }) => {
  try {
    return await extra.clerk['settings:set']({ locale });
  } catch (e) {
    return rejectWithValue(rejection(e));
  }
});

const sessionSlice = createSlice({
  name: 'session',
  initialState,
  reducers: {
    forbidden(state) {
      state.forbidden = true;
    },
  },
  extraReducers: (b) => {
    b.addCase(loadSession.pending, (s) => {
      s.status = 'loading';
      s.error = null;
    });
    b.addCase(loadSession.fulfilled, (s, a) => {
      s.status = 'ready';
      s.settings = a.payload.settings;
      s.appInfo = a.payload.appInfo;
    });
    b.addCase(loadSession.rejected, (s, a) => {
      s.status = 'error';
      s.error = a.payload?.message ?? a.error.message ?? 'error';
      if (a.payload?.code === 'forbidden') s.forbidden = true;
    });
    b.addCase(saveSettings.fulfilled, (s, a) => {
      s.settings = a.payload;
    });
    b.addCase(setLocale.fulfilled, (s, a) => {
      s.settings = a.payload;
    });
  },
});

export const { forbidden } = sessionSlice.actions;
export default sessionSlice.reducer;

/**
 * Settings and app info from main (clerk-api), the locale that follows them, and the clerk
 * login (session:*). While a clerk is logged in, `settings.clerkId` is the logged-in
 * clerk's id (from the certificate) — what intake records — and `configuredClerkId` keeps
 * the settings' own value (the demo-mode clerk).
 */
import { createAsyncThunk, createSlice } from '@reduxjs/toolkit';
import type { AppInfo, Locale, Settings, SettingsPatch } from '../../src-shared/protocol/clerk-api';
import type { LoginStatus } from '../../src-shared/protocol/clerk-login';
import { ClerkApiError } from '../../src-shared/protocol/clerk-api';
import type { AppServices } from './services';

export interface SessionState {
  status: 'loading' | 'ready' | 'error';
  settings: Settings | null;
  appInfo: AppInfo | null;
  error: string | null;
  /** The host rejected our token (browser mode). */
  forbidden: boolean;
  /** Who is logged in (null until main answered). */
  login: LoginStatus | null;
  /** The clerk id in the settings, whatever the login says. */
  configuredClerkId: string | null;
}

const initialState: SessionState = { status: 'loading', settings: null, appInfo: null, error: null, forbidden: false, login: null, configuredClerkId: null };

/** Settings as the app uses them: the logged-in clerk replaces the configured one. */
function applySettings(s: SessionState, settings: Settings): void {
  s.configuredClerkId = settings.clerkId;
  s.settings = s.login?.mode === 'logged-in' && s.login.clerk ? { ...settings, clerkId: s.login.clerk.clerkId } : settings;
}

function applyLogin(s: SessionState, login: LoginStatus): void {
  s.login = login;
  if (s.settings) s.settings = { ...s.settings, clerkId: login.mode === 'logged-in' && login.clerk ? login.clerk.clerkId : (s.configuredClerkId ?? s.settings.clerkId) };
}

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

export const loadLogin = createAsyncThunk<LoginStatus, void, ThunkConfig>('session/loadLogin', async (_, { extra, rejectWithValue }) => {
  try {
    return await extra.clerk['session:status']({});
  } catch (e) {
    return rejectWithValue(rejection(e));
  }
});

/** Log in with the clerk certificate's PIN; a refusal comes back with main's message and field. */
export const loginClerk = createAsyncThunk<LoginStatus, { pin: string }, ThunkConfig>('session/login', async ({ pin }, { extra, rejectWithValue }) => {
  try {
    return await extra.clerk['session:login']({ role: 'clerk', pin });
  } catch (e) {
    return rejectWithValue(rejection(e));
  }
});

export const logoutClerk = createAsyncThunk<LoginStatus, void, ThunkConfig>('session/logout', async (_, { extra, rejectWithValue }) => {
  try {
    return await extra.clerk['session:logout']({});
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
      applySettings(s, a.payload.settings);
      s.appInfo = a.payload.appInfo;
    });
    b.addCase(loadSession.rejected, (s, a) => {
      s.status = 'error';
      s.error = a.payload?.message ?? a.error.message ?? 'error';
      if (a.payload?.code === 'forbidden') s.forbidden = true;
    });
    b.addCase(saveSettings.fulfilled, (s, a) => {
      applySettings(s, a.payload);
    });
    b.addCase(setLocale.fulfilled, (s, a) => {
      applySettings(s, a.payload);
    });
    for (const thunk of [loadLogin, loginClerk, logoutClerk]) b.addCase(thunk.fulfilled, (s, a) => applyLogin(s, a.payload));
  },
});

export const { forbidden } = sessionSlice.actions;
export default sessionSlice.reducer;

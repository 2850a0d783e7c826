/**
 * The reviewer's session: checked on load (GET /v1/console/session), set by login,
 * ended by logout or by any 401 (the center forgot it, or it expired).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ConsoleSession } from '../../src-shared/protocol/console';
import { createConsoleApi, type ConsoleApi } from '../api/client';

export type SignedOutReason = 'expired' | 'logged-out' | null;

export type SessionState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'signed-out'; reason: SignedOutReason }
  | { status: 'signed-in'; session: ConsoleSession };

interface SessionContextValue {
  api: ConsoleApi;
  state: SessionState;
  check(): void;
  signedIn(session: ConsoleSession): void;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [api] = useState(() =>
    createConsoleApi({ onUnauthorized: () => setState((s) => (s.status === 'signed-in' ? { status: 'signed-out', reason: 'expired' } : s)) }),
  );

  const load = useCallback(() => {
    api.session().then(
      (session) => setState(session ? { status: 'signed-in', session } : { status: 'signed-out', reason: null }),
      (error: unknown) => setState({ status: 'error', error }),
    );
  }, [api]);

  useEffect(() => load(), [load]);

  const check = useCallback(() => {
    setState({ status: 'loading' });
    load();
  }, [load]);

  const signedIn = useCallback((session: ConsoleSession) => setState({ status: 'signed-in', session }), []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      /* the session is forgotten here whatever the center answered */
    }
    setState({ status: 'signed-out', reason: 'logged-out' });
  }, [api]);

  const value = useMemo(() => ({ api, state, check, signedIn, logout }), [api, state, check, signedIn, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

export function useApi(): ConsoleApi {
  return useSession().api;
}

/** The signed-in session (only used below the login gate). */
export function useReviewerSession(): ConsoleSession {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('not signed in');
  return state.session;
}

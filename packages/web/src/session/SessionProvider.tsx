/**
 * The session as the console sees it: loading, signed out, or signed in (possibly with a
 * session that has just ended).
 *
 * When a session ends mid-shift (idle timeout, revoked by an admin), the screen stays mounted
 * under a sign-in dialog, so a half-typed form or a triage in progress survives. If the same
 * person signs back in, they carry on; if someone else does, everything of the previous user's
 * is dropped (cached queries and the mounted screens) before the new user sees anything.
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, onUnauthenticated, setCsrfToken } from '../api/client.js';
import type { Principal } from './principal.js';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; notice: string | null }
  | { status: 'signed-in'; principal: Principal; ended: string | null; generation: number };

interface SessionApi {
  state: SessionState;
  completeSignIn(principal: Principal): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    api
      .get<Principal>('/api/auth/me')
      .then((principal) => {
        if (cancelled) return;
        setCsrfToken(principal.csrfToken);
        setState({ status: 'signed-in', principal, ended: null, generation: 0 });
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        const notice = err instanceof ApiError && err.status === 0 ? err.message : null;
        setState({ status: 'signed-out', notice });
      });
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    onUnauthenticated((message) =>
      setState((s) => (s.status === 'signed-in' && s.ended === null ? { ...s, ended: message } : s)),
    );
    return () => onUnauthenticated(null);
  }, []);

  const completeSignIn = useCallback(
    (principal: Principal) => {
      const { recoveryCodes: _shownOnce, ...kept } = principal;
      setCsrfToken(kept.csrfToken);
      setState((s) => {
        if (s.status === 'signed-in' && s.principal.user.id === kept.user.id) {
          void queryClient.invalidateQueries();
          return { ...s, principal: kept, ended: null };
        }
        queryClient.clear();
        const generation = s.status === 'signed-in' ? s.generation + 1 : 0;
        return { status: 'signed-in', principal: kept, ended: null, generation };
      });
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } catch {
      // The session may already be gone; signing out locally is what matters now.
    }
    setCsrfToken(null);
    queryClient.clear();
    setState({ status: 'signed-out', notice: 'You have signed out.' });
  }, [queryClient]);

  const value = useMemo(() => ({ state, completeSignIn, signOut }), [state, completeSignIn, signOut]);
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession needs a SessionProvider');
  return s;
}

/** The signed-in principal; only for screens rendered inside the shell. */
export function usePrincipal(): Principal {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('usePrincipal outside a signed-in shell');
  return state.principal;
}

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, setOnUnauthorized, type SessionUser } from './api';

interface AuthState {
  /** undefined while the session is being checked on page load. */
  user: SessionUser | null | undefined;
  /** Expiry of a session started in this tab (the login answer carries it; /me does not). */
  expiresAt: string | null;
  /** True after the user signed out on purpose (no "return to" address on the login page then). */
  signedOut: boolean;
  login(username: string, password: string): Promise<SessionUser>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

let probe: Promise<SessionUser | null> | null = null;

const EXPIRY_KEY = 'shouwen.sessionExpiresAt';

/**
 * Is there a session? The cookie is HttpOnly, so only the server can say. Asked once, as early
 * as possible (main.tsx calls this before React renders), so the answer is on its way while the
 * app's code is still starting.
 */
export function probeSession(): Promise<SessionUser | null> {
  probe ??= api.me().then(
    (r) => {
      // A reloaded tab learns its session's expiry from the server, not only from the sign-in.
      if (r.user && r.expiresAt) sessionStorage.setItem(EXPIRY_KEY, r.expiresAt);
      return r.user;
    },
    (e) => {
      if (!(e instanceof ApiError) || e.status !== 401) console.warn('session check failed', e);
      return null;
    },
  );
  return probe;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [signedOut, setSignedOut] = useState(false);
  const [expiresAt, setExpiresAt] = useState<string | null>(() => sessionStorage.getItem(EXPIRY_KEY));

  const adopt = useCallback((u: SessionUser | null) => {
    setCsrfToken(u?.csrfToken ?? null);
    setUser(u);
  }, []);

  useEffect(() => {
    let live = true;
    void probeSession().then((u) => {
      if (!live) return;
      if (u) setExpiresAt(sessionStorage.getItem(EXPIRY_KEY));
      adopt(u);
    });
    setOnUnauthorized(() => adopt(null));
    return () => {
      live = false;
      setOnUnauthorized(null);
    };
  }, [adopt]);

  const login = useCallback(
    async (username: string, password: string) => {
      const r = await api.login(username, password);
      sessionStorage.setItem(EXPIRY_KEY, r.expiresAt);
      setExpiresAt(r.expiresAt);
      setSignedOut(false);
      adopt(r.user);
      return r.user;
    },
    [adopt],
  );

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      sessionStorage.removeItem(EXPIRY_KEY);
      setExpiresAt(null);
      setSignedOut(true);
      adopt(null);
    }
  }, [adopt]);

  const value = useMemo(() => ({ user, expiresAt, signedOut, login, logout }), [user, expiresAt, signedOut, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** The signed-in user; only for screens behind the login guard. */
export function useUser(): SessionUser {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a session');
  return user;
}

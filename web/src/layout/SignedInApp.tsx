/**
 * Everything past the login form, in its own chunk: the route registry (with its menu icons), the
 * staff and phone layouts, antd's App (modal, message, notification) and the feature areas'
 * catalogues. The login page, the first thing a cold browser shows, downloads none of it; every
 * other page starts fetching it at once, in parallel with the session check (main.tsx).
 */
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { App as AntApp } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { matchPath, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useAuth } from '../auth';
import { useLocale } from '../hooks';
import { homePathFor, preloadScreen, ROUTES, routesFor, type RouteDef } from '../routes';
import { addAreaCatalogues } from '../i18n/areas';
import { FullPageSpin } from '../components/FullPageSpin';
import { AppLayout } from './AppLayout';
import { BareLayout } from './BareLayout';
import type { UiLocale } from '../format';

// Before any signed-in screen renders: the areas' default-language keys (the login needs none).
addAreaCatalogues();

export { homePathFor, preloadScreen };

// Rarely shown, and antd Result carries large illustrations: its own chunk.
const NotFound = lazy(() => import('../components/NotFound'));

// zh-TW is registered with dayjs when that language's catalogue is fetched (i18n/index.ts).
const DAYJS_LOCALES: Record<UiLocale, string> = { 'zh-CN': 'zh-cn', 'zh-TW': 'zh-tw', en: 'en' };

function RequireAuth({ children }: { children: ReactNode }) {
  const { user, signedOut } = useAuth();
  const loc = useLocation();
  if (!user) {
    // After an expired session, come back to the same screen; after signing out, start afresh.
    const next = signedOut ? '' : loc.pathname + loc.search;
    return <Navigate to={next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'} replace />;
  }
  return <>{children}</>;
}

/** Screens anyone may open, signed in or not (the resident's rating link). */
const PUBLIC_ROUTES = ROUTES.filter((r) => r.public);

const screenElement = (r: RouteDef) => (
  <Suspense fallback={<FullPageSpin />}>
    <r.component />
  </Suspense>
);

export default function SignedInApp() {
  const locale = useLocale();
  useEffect(() => {
    dayjs.locale(DAYJS_LOCALES[locale]);
  }, [locale]);
  return (
    <AntApp>
      <AppRoutes />
    </AntApp>
  );
}

function AppRoutes() {
  const { user } = useAuth();
  const { pathname } = useLocation();
  // A public page does not wait for the session check: it needs no session.
  const isPublic = PUBLIC_ROUTES.some((r) => matchPath({ path: r.path, end: true }, pathname));
  if (user === undefined && !isPublic) return <FullPageSpin />;
  const allowed = user ? routesFor(user) : [];
  return (
    <Routes>
      <Route element={<BareLayout />}>
        {PUBLIC_ROUTES.map((r) => (
          <Route key={r.id} path={r.path} element={screenElement(r)} />
        ))}
      </Route>
      <Route
        element={
          <RequireAuth>
            <BareLayout />
          </RequireAuth>
        }
      >
        {allowed
          .filter((r) => r.bare && !r.public)
          .map((r) => (
            <Route key={r.id} path={r.path} element={screenElement(r)} />
          ))}
      </Route>
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to={homePathFor(user ?? null)} replace />} />
        {allowed
          .filter((r) => !r.bare && !r.public)
          .map((r) => (
            <Route key={r.id} path={r.path} element={screenElement(r)} />
          ))}
        <Route
          path="*"
          element={
            <Suspense fallback={<FullPageSpin />}>
              <NotFound />
            </Suspense>
          }
        />
      </Route>
    </Routes>
  );
}

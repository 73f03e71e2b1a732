import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import zhTW from 'antd/locale/zh_TW';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/zh-tw';
import { BrowserRouter, matchPath, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth';
import { useLocale } from './hooks';
import { homePathFor, ROUTES, routesFor, type RouteDef } from './routes';
import { LoginPage } from './pages/LoginPage';
import { FullPageSpin } from './components/FullPageSpin';
import type { UiLocale } from './format';

// Rarely shown, and antd Result carries large illustrations: its own chunk.
const NotFound = lazy(() => import('./components/NotFound'));

// The signed-in shells (menu, drawer, user menu) are their own chunks, so the login page, the
// first thing a cold browser shows, does not download them. Off the login page they are fetched
// at once, in parallel with the session check.
const loadAppLayout = () => import('./layout/AppLayout');
const loadBareLayout = () => import('./layout/BareLayout');
const AppLayout = lazy(() => loadAppLayout().then((m) => ({ default: m.AppLayout })));
const BareLayout = lazy(() => loadBareLayout().then((m) => ({ default: m.BareLayout })));
if (typeof window !== 'undefined' && !window.location.pathname.startsWith('/login')) {
  void loadAppLayout();
  void loadBareLayout();
}

const ANTD_LOCALES = { 'zh-CN': zhCN, 'zh-TW': zhTW, en: enUS } as const;
const DAYJS_LOCALES: Record<UiLocale, string> = { 'zh-CN': 'zh-cn', 'zh-TW': 'zh-tw', en: 'en' };

export function App() {
  const locale = useLocale();
  useEffect(() => {
    dayjs.locale(DAYJS_LOCALES[locale]);
  }, [locale]);
  return (
    // autoInsertSpace off: antd would space two-character Chinese labels (接 单), which reads as a typo.
    <ConfigProvider locale={ANTD_LOCALES[locale]} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#1668dc', borderRadius: 6 } }}>
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

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

const Shell = ({ children }: { children: ReactNode }) => <Suspense fallback={<FullPageSpin />}>{children}</Suspense>;

const screenElement = (r: RouteDef) => (
  <Suspense fallback={<FullPageSpin />}>
    <r.component />
  </Suspense>
);

function AppRoutes() {
  const { user } = useAuth();
  const { pathname } = useLocation();
  // A public page does not wait for the session check: it needs no session.
  const isPublic = PUBLIC_ROUTES.some((r) => matchPath({ path: r.path, end: true }, pathname));
  if (user === undefined && !isPublic) return <FullPageSpin />;
  const allowed = user ? routesFor(user) : [];
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<Shell><BareLayout /></Shell>}>
        {PUBLIC_ROUTES.map((r) => (
          <Route key={r.id} path={r.path} element={screenElement(r)} />
        ))}
      </Route>
      <Route
        element={
          <RequireAuth>
            <Shell>
              <BareLayout />
            </Shell>
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
            <Shell>
              <AppLayout />
            </Shell>
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

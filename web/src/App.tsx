import { lazy, Suspense } from 'react';
import { ConfigProvider } from 'antd';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth';
import { useLocale } from './hooks';
import { antdLocale } from './i18n';
import { LoginPage } from './pages/LoginPage';
import { FullPageSpin } from './components/FullPageSpin';
import { loadSignedInApp } from './layout/loadSignedIn';
import { ANTD_THEME } from './theme';

/**
 * The signed-in app (route registry, layouts, menus, antd App, the areas' catalogues) is its own
 * chunk, so the login page, the first thing a cold browser shows, does not download it. Off the
 * login page it is fetched at once, with the screen being opened, while the session is checked;
 * the login form fetches it when submitted.
 */
const SignedInApp = lazy(loadSignedInApp);

export function App() {
  const locale = useLocale();
  return (
    // autoInsertSpace off: antd would space two-character Chinese labels (接 单), which reads as a typo.
    <ConfigProvider locale={antdLocale(locale)} button={{ autoInsertSpace: false }} theme={ANTD_THEME}>
      <AuthProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route
              path="*"
              element={
                <Suspense fallback={<FullPageSpin />}>
                  <SignedInApp />
                </Suspense>
              }
            />
          </Routes>
        </BrowserRouter>
      </AuthProvider>
    </ConfigProvider>
  );
}

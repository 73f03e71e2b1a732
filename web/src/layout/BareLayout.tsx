import { Suspense, useEffect, useMemo, useState } from 'react';
import { Button, Drawer, theme } from 'antd';
import { MenuOutlined } from '@ant-design/icons';
import { Outlet, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth';
import { ROUTES, routesFor } from '../routes';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { FullPageSpin } from '../components/FullPageSpin';
import { activeRoute, MainMenu } from './MainMenu';
import { Brand, UserMenu } from './UserMenu';

/**
 * Phone-first pages (resident portal, technician's jobs, the public rating link): a slim top bar
 * and one centred column, no side menu. Signed-in users still reach their other screens through
 * the menu drawer; on a public page without a session the bar holds only the brand and language.
 */
export function BareLayout() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { pathname } = useLocation();
  const { token } = theme.useToken();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const routes = useMemo(() => (user ? routesFor(user) : []), [user]);
  const current = activeRoute(user ? routes : ROUTES.filter((r) => r.public), pathname);
  const selectedKey = current ? (current.menuParent ?? current.id) : '';

  useEffect(() => {
    document.title = current ? `${t(current.titleKey)} · ${t('app.name')}` : t('app.name');
  }, [current, t]);
  useEffect(() => setDrawerOpen(false), [pathname]);

  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <header
        style={{
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
          height: 52,
          padding: '0 8px',
          display: 'flex',
          alignItems: 'center',
          gap: 6,
          position: 'sticky',
          top: 0,
          zIndex: 10,
        }}
      >
        {user && <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.openMenu')} onClick={() => setDrawerOpen(true)} data-testid="menu-button" />}
        <Brand withName />
        <div style={{ flex: 1 }} />
        <LanguageSwitch compact />
        <UserMenu showName={false} />
      </header>
      {user && (
        <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} width={260} title={<Brand withName />} styles={{ body: { padding: 0 } }} data-testid="menu-drawer">
          <nav aria-label={t('nav.mainMenu')}>
            <MainMenu routes={routes} selectedKey={selectedKey} />
          </nav>
        </Drawer>
      )}
      <main style={{ width: '100%', maxWidth: 720, margin: '0 auto', padding: 12, boxSizing: 'border-box', flex: 1 }}>
        <ErrorBoundary key={pathname}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}

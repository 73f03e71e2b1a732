import { Suspense, useEffect, useMemo, useState } from 'react';
import { Button, Drawer, Grid, Layout, theme } from 'antd';
import { MenuOutlined } from '@ant-design/icons';
import { Outlet, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth';
import { routesFor } from '../routes';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { FullPageSpin } from '../components/FullPageSpin';
import { activeRoute, MainMenu } from './MainMenu';
import { Brand, UserMenu } from './UserMenu';

const { Header, Sider, Content } = Layout;

/** The staff layout: side menu (a drawer on phones), top bar with language and user menu. */
export function AppLayout() {
  const { t } = useTranslation();
  const user = useUser();
  const { pathname } = useLocation();
  const screens = Grid.useBreakpoint();
  // Below the md breakpoint (phones) the side menu becomes a drawer behind a menu button.
  const mobile = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const { token } = theme.useToken();

  const routes = useMemo(() => routesFor(user), [user]);
  const current = activeRoute(routes, pathname);
  const selectedKey = current ? (current.menuParent ?? current.id) : '';

  useEffect(() => {
    document.title = current ? `${t(current.titleKey)} · ${t('app.name')}` : t('app.name');
  }, [current, t]);
  useEffect(() => setDrawerOpen(false), [pathname]);

  const menu = <MainMenu routes={routes} selectedKey={selectedKey} />;
  const brand = <Brand withName={!(mobile === false && collapsed)} />;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!mobile && (
        <Sider
          width={220}
          theme="light"
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          trigger={null}
          // Sticky so the menu stays in view while long lists scroll.
          style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}`, position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          <div style={{ height: 56, display: 'flex', alignItems: 'center', padding: '0 20px' }}>{brand}</div>
          <nav aria-label={t('nav.mainMenu')}>{menu}</nav>
        </Sider>
      )}
      <Layout>
        <Header
          style={{
            background: token.colorBgContainer,
            padding: mobile ? '0 8px' : '0 16px',
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            height: 56,
            lineHeight: '56px',
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          {mobile ? (
            <>
              <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.openMenu')} onClick={() => setDrawerOpen(true)} data-testid="menu-button" />
              {brand}
            </>
          ) : (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={collapsed ? t('nav.expandMenu') : t('nav.collapseMenu')}
              onClick={() => setCollapsed((c) => !c)}
            />
          )}
          <div style={{ flex: 1 }} />
          <LanguageSwitch compact={mobile} />
          <UserMenu showName={!mobile} />
        </Header>
        {mobile && (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            width={260}
            title={brand}
            styles={{ body: { padding: 0 } }}
            data-testid="menu-drawer"
          >
            <nav aria-label={t('nav.mainMenu')}>{menu}</nav>
          </Drawer>
        )}
        <Content style={{ padding: mobile ? 8 : 16, minWidth: 0 }}>
          <main>
            <ErrorBoundary key={pathname}>
              <Suspense fallback={<FullPageSpin />}>
                <Outlet />
              </Suspense>
            </ErrorBoundary>
          </main>
        </Content>
      </Layout>
    </Layout>
  );
}

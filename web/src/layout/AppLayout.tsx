import { Suspense, useEffect, useMemo, useState } from 'react';
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Typography, theme, type MenuProps } from 'antd';
import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { matchPath, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser, useAuth } from '../auth';
import { MENU_GROUPS, routesFor, type RouteDef } from '../routes';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { FullPageSpin } from '../components/FullPageSpin';

const { Header, Sider, Content } = Layout;

/** The route the current path belongs to (detail pages highlight their list in the menu). */
function activeRoute(routes: RouteDef[], pathname: string): RouteDef | undefined {
  return routes.find((r) => matchPath({ path: r.path, end: true }, pathname));
}

export function AppLayout() {
  const { t } = useTranslation();
  const user = useUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
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

  const items: MenuProps['items'] = useMemo(() => {
    const entry = (r: RouteDef) => ({ key: r.id, icon: r.icon, label: t(r.titleKey) });
    const out: NonNullable<MenuProps['items']> = [];
    for (const g of MENU_GROUPS) {
      const children = routes.filter((r) => r.menu?.group === g.id).map(entry);
      if (children.length) out.push({ key: `group:${g.id}`, icon: g.icon, label: t(g.titleKey), children });
    }
    for (const r of routes.filter((x) => x.menu && x.menu.group === null)) out.push(entry(r));
    return out;
  }, [routes, t]);

  const onMenu: MenuProps['onClick'] = ({ key }) => {
    const r = routes.find((x) => x.id === key);
    if (r) navigate(r.path);
  };

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selectedKey]}
      defaultOpenKeys={MENU_GROUPS.map((g) => `group:${g.id}`)}
      items={items}
      onClick={onMenu}
      style={{ borderInlineEnd: 'none' }}
      data-testid="main-menu"
    />
  );

  const userMenu: MenuProps = {
    items: [
      { key: 'account', icon: <UserOutlined />, label: t('nav.account') },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'account') navigate('/account');
      if (key === 'logout') void logout(); // the sign-in guard then shows the login page
    },
  };

  const brand = (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
      <span aria-hidden style={{ fontWeight: 700, fontSize: 20, color: token.colorPrimary }}>
        {t('app.mark')}
      </span>
      {!(mobile === false && collapsed) && (
        <Typography.Text strong ellipsis style={{ fontSize: 16 }}>
          {t('app.name')}
        </Typography.Text>
      )}
    </div>
  );

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
          <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
            <Button type="text" aria-label={t('nav.userMenu')} data-testid="user-menu" style={{ paddingInline: 6 }}>
              <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: token.colorPrimary }} />
              {!mobile && <span style={{ marginInlineStart: 6 }}>{user.displayName}</span>}
            </Button>
          </Dropdown>
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

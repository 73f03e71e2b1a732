import { useMemo } from 'react';
import { Menu, type MenuProps } from 'antd';
import { matchPath, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { MENU_GROUPS, type RouteDef } from '../routes';

/** The route the current path belongs to (detail pages highlight their list in the menu). */
export function activeRoute(routes: readonly RouteDef[], pathname: string): RouteDef | undefined {
  return routes.find((r) => matchPath({ path: r.path, end: true }, pathname));
}

/**
 * The side menu (or the phone drawer's menu): groups in registry order, then top-level entries.
 * A group with a single screen is shown as that screen, not as a sub-menu of one.
 */
export function MainMenu({ routes, selectedKey }: { routes: readonly RouteDef[]; selectedKey: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const items: MenuProps['items'] = useMemo(() => {
    const entry = (r: RouteDef) => ({ key: r.id, icon: r.icon, label: t(r.titleKey) });
    const out: NonNullable<MenuProps['items']> = [];
    for (const g of MENU_GROUPS) {
      const children = routes.filter((r) => r.menu?.group === g.id);
      if (children.length === 1) out.push(entry(children[0]));
      else if (children.length) out.push({ key: `group:${g.id}`, icon: g.icon, label: t(g.titleKey), children: children.map(entry) });
    }
    for (const r of routes.filter((x) => x.menu && x.menu.group === null)) out.push(entry(r));
    return out;
  }, [routes, t]);

  const onClick: MenuProps['onClick'] = ({ key }) => {
    const r = routes.find((x) => x.id === key);
    if (r) navigate(r.path);
  };

  return (
    <Menu
      mode="inline"
      selectedKeys={[selectedKey]}
      defaultOpenKeys={MENU_GROUPS.map((g) => `group:${g.id}`)}
      items={items}
      onClick={onClick}
      style={{ borderInlineEnd: 'none' }}
      data-testid="main-menu"
    />
  );
}

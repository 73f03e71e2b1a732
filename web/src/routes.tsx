/**
 * The route registry: every screen of the app, who may see it, and where it sits in the menu.
 * Each screen is loaded lazily (its own chunk), so adding a module does not grow the initial
 * download. Later modules (desk 受理台, orders 工单, dispatch board 派单看板, return visits 回访,
 * WFM 话务排班, billing 收费, inspections 巡检, dashboard 看板) add an entry here when their
 * screen works — not before.
 */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { ParseKeys } from 'i18next';
import { ApartmentOutlined, CarOutlined, CloudUploadOutlined, HomeOutlined, IdcardOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { matchPath } from 'react-router-dom';
import type { SessionUser } from './api';
import { canAccess, type AccessRule } from './access';

export type TranslationKey = ParseKeys;

/** Menu groups (sub-menus), in menu order. */
export const MENU_GROUPS = [{ id: 'registry', titleKey: 'nav.registry', icon: <ApartmentOutlined /> }] as const satisfies readonly {
  id: string;
  titleKey: TranslationKey;
  icon: ReactNode;
}[];
export type MenuGroupId = (typeof MENU_GROUPS)[number]['id'];

export interface RouteDef extends AccessRule {
  /** Stable id; also the menu key. */
  id: string;
  /** Absolute path as react-router matches it (may hold `:params`). */
  path: string;
  /** Title in the menu, the page header and the browser tab. */
  titleKey: TranslationKey;
  icon?: ReactNode;
  /** Where the screen appears in the side menu: a group, the top level, or not at all (detail pages). */
  menu: { group: MenuGroupId | null } | null;
  /** For pages outside the menu: the menu entry to highlight. */
  menuParent?: string;
  component: LazyExoticComponent<ComponentType>;
  /** Fetch the screen's code without rendering it (started early for the page being opened). */
  preload: () => Promise<unknown>;
}

type ScreenModule = Promise<{ default: ComponentType }>;

/** A lazily loaded screen: one loader shared by React.lazy and preloading. */
function screen(load: () => ScreenModule): Pick<RouteDef, 'component' | 'preload'> {
  let started: ScreenModule | null = null;
  const once = () => (started ??= load());
  return { component: lazy(once), preload: once };
}

const STAFF_ONLY = ['resident'] as const;

export const ROUTES: readonly RouteDef[] = [
  {
    id: 'registry.projects',
    path: '/registry/projects',
    titleKey: 'nav.projects',
    icon: <HomeOutlined />,
    permissions: ['registry.read'],
    excludeRoles: STAFF_ONLY,
    menu: { group: 'registry' },
    ...screen(() => import('./pages/registry/ProjectsPage')),
  },
  {
    id: 'registry.project',
    path: '/registry/projects/:id',
    titleKey: 'project.detailTitle',
    permissions: ['registry.read'],
    excludeRoles: STAFF_ONLY,
    menu: null,
    menuParent: 'registry.projects',
    ...screen(() => import('./pages/registry/ProjectDetailPage')),
  },
  {
    id: 'registry.units',
    path: '/registry/units',
    titleKey: 'nav.units',
    icon: <ApartmentOutlined />,
    permissions: ['registry.read'],
    menu: { group: 'registry' },
    ...screen(() => import('./pages/registry/UnitsPage')),
  },
  {
    id: 'registry.parties',
    path: '/registry/parties',
    titleKey: 'nav.parties',
    icon: <TeamOutlined />,
    permissions: ['registry.read'],
    excludeRoles: STAFF_ONLY,
    menu: { group: 'registry' },
    ...screen(() => import('./pages/registry/PartiesPage')),
  },
  {
    id: 'registry.parking',
    path: '/registry/parking',
    titleKey: 'nav.parking',
    icon: <CarOutlined />,
    permissions: ['registry.read'],
    excludeRoles: STAFF_ONLY,
    menu: { group: 'registry' },
    ...screen(() => import('./pages/registry/ParkingPage')),
  },
  {
    id: 'registry.import',
    path: '/registry/import',
    titleKey: 'nav.import',
    icon: <CloudUploadOutlined />,
    permissions: ['registry.import'],
    menu: { group: null },
    ...screen(() => import('./pages/import/ImportPage')),
  },
  {
    id: 'account',
    path: '/account',
    titleKey: 'nav.account',
    icon: <UserOutlined />,
    menu: { group: null },
    ...screen(() => import('./pages/AccountPage')),
  },
];

/** Screens this user may open. */
export function routesFor(user: Pick<SessionUser, 'permissions' | 'role'> | null): RouteDef[] {
  return ROUTES.filter((r) => canAccess(user, r));
}

/** Start downloading the screen at `pathname` (called before the session check has answered). */
export function preloadScreen(pathname: string): void {
  const r = ROUTES.find((x) => matchPath({ path: x.path, end: true }, pathname));
  void r?.preload().catch(() => undefined); // a failure shows up when the screen renders
}

/** Where to land after signing in: the first menu entry the user may open. */
export function homePathFor(user: Pick<SessionUser, 'permissions' | 'role'> | null): string {
  const first = routesFor(user).find((r) => r.menu);
  return first?.path ?? '/account';
}

export const ACCOUNT_ICON = <IdcardOutlined />;

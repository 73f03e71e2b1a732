/**
 * The route registry: every screen of the app, who may see it, and where it sits in the menu.
 * Each screen is loaded lazily (its own chunk), so adding a module does not grow the initial
 * download. Feature areas keep their screens in their own files (routes.desk.tsx, routes.wfm.tsx,
 * routes.ops.tsx) and add an entry when the screen works — not before.
 */
import { ApartmentOutlined, CarOutlined, CloudUploadOutlined, HomeOutlined, IdcardOutlined, SafetyCertificateOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { matchPath } from 'react-router-dom';
import type { Role, SessionUser } from './api';
import { canAccess } from './access';
import { screen, STAFF_ONLY, type MenuGroup, type RouteDef } from './routeKit';
import { DESK_GROUPS, DESK_ROUTES } from './routes.desk';
import { WFM_GROUPS, WFM_ROUTES } from './routes.wfm';
import { OPS_GROUPS, OPS_ROUTES } from './routes.ops';
import { KNOWLEDGE_GROUPS, KNOWLEDGE_ROUTES } from './routes.knowledge';
import { QUALITY_GROUPS, QUALITY_ROUTES } from './routes.quality';
import { REPORTS_GROUPS, REPORTS_ROUTES } from './routes.reports';
import { FIELD_GROUPS, FIELD_ROUTES } from './routes.field';

export type { MenuGroupId, RouteDef, TranslationKey } from './routeKit';

/** Menu groups (sub-menus), in menu order. */
export const MENU_GROUPS: readonly MenuGroup[] = [...DESK_GROUPS, ...KNOWLEDGE_GROUPS, { id: 'registry', titleKey: 'nav.registry', icon: <ApartmentOutlined /> }, ...WFM_GROUPS, ...OPS_GROUPS, ...QUALITY_GROUPS, ...REPORTS_GROUPS, ...FIELD_GROUPS];


const CORE_ROUTES: readonly RouteDef[] = [
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
    permissions: ['parties.read'],
    excludeRoles: STAFF_ONLY,
    menu: { group: 'registry' },
    ...screen(() => import('./pages/registry/PartiesPage')),
  },
  {
    id: 'registry.parking',
    path: '/registry/parking',
    titleKey: 'nav.parking',
    icon: <CarOutlined />,
    permissions: ['parties.read'],
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
    id: 'users',
    path: '/users',
    titleKey: 'nav.users',
    icon: <SafetyCertificateOutlined />,
    permissions: ['users.manage'],
    excludeRoles: STAFF_ONLY,
    menu: { group: null },
    ...screen(() => import('./pages/UsersPage')),
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

// Knowledge, quality and report screens come last: they are nobody's landing page.
export const ROUTES: readonly RouteDef[] = [...FIELD_ROUTES, ...DESK_ROUTES, ...CORE_ROUTES, ...WFM_ROUTES, ...OPS_ROUTES, ...KNOWLEDGE_ROUTES, ...QUALITY_ROUTES, ...REPORTS_ROUTES];

/** Screens this user may open. */
export function routesFor(user: Pick<SessionUser, 'permissions' | 'role'> | null): RouteDef[] {
  return ROUTES.filter((r) => canAccess(user, r));
}

/** Start downloading the screen at `pathname` (called before the session check has answered). */
export function preloadScreen(pathname: string): void {
  const r = ROUTES.find((x) => matchPath({ path: x.path, end: true }, pathname));
  void r?.preload().catch(() => undefined); // a failure shows up when the screen renders
}

/**
 * Where each role's work is (route ids, best first): the landing page is the first of these the
 * user may open, so a screen that is not built yet (or a narrowed API token) falls through to the
 * next. The inspector's phone app (`inspect`) falls back to the inspection task list; a collector
 * starts on the arrears work list (催缴), an admin on the dashboard, else user management.
 */
export const HOME_PREFERENCE: Readonly<Record<Role, readonly string[]>> = {
  admin: ['dashboard', 'users'],
  manager: ['dashboard'],
  supervisor: ['dashboard'],
  agent: ['desk'],
  front_desk: ['desk'],
  dispatcher: ['dispatch', 'desk'],
  technician: ['tech'],
  collector: ['billing.dunning', 'billing.bills', 'billing.payments'],
  inspector: ['inspect', 'inspections.tasks'],
  qa: ['quality.workbench', 'quality.evaluations'],
  resident: ['portal'],
};

/** Where to land after signing in: the role's preferred screen, else the first menu entry the user may open. */
export function homePathFor(user: Pick<SessionUser, 'permissions' | 'role'> | null): string {
  const allowed = routesFor(user);
  for (const id of (user && HOME_PREFERENCE[user.role]) ?? []) {
    const r = allowed.find((x) => x.id === id);
    if (r) return r.path;
  }
  const first = allowed.find((r) => r.menu);
  return first?.path ?? '/account';
}

export const ACCOUNT_ICON = <IdcardOutlined />;

/** Screens of plans, targets and generated reports (docs/reports.md): the report centre, one report, plan vs actual, report templates. */
import { AimOutlined, FileTextOutlined, FundOutlined, LayoutOutlined, ReadOutlined } from '@ant-design/icons';
import type { Role } from './api';
import { ALL_ROLES } from './routes.desk';
import { screen, STAFF_ONLY, type MenuGroup, type RouteDef } from './routeKit';

export const REPORTS_GROUPS: readonly MenuGroup[] = [{ id: 'reports', titleKey: 'reports.nav.group', icon: <ReadOutlined /> }];

// The roles whose figures are not on a dashboard they can open (it needs reports.read).
const WITHOUT_DASHBOARD: readonly Role[] = ['agent', 'front_desk', 'technician', 'inspector'];

export const REPORTS_ROUTES: readonly RouteDef[] = [
  {
    // GET /api/reports/role-targets is open to every signed-in staff member for their own role.
    id: 'reports.mine',
    path: '/my-targets',
    titleKey: 'reports.nav.mine',
    icon: <FundOutlined />,
    excludeRoles: ALL_ROLES.filter((r) => !WITHOUT_DASHBOARD.includes(r)),
    menu: { group: null },
    ...screen(() => import('./pages/reports/MyTargetsPage')),
  },
  {
    id: 'reports.documents',
    path: '/reports/documents',
    titleKey: 'reports.nav.documents',
    icon: <FileTextOutlined />,
    permissions: ['reports.read'],
    excludeRoles: STAFF_ONLY,
    menu: { group: 'reports' },
    ...screen(() => import('./pages/reports/ReportsPage')),
  },
  {
    id: 'reports.document',
    path: '/reports/documents/:id',
    titleKey: 'reports.nav.document',
    permissions: ['reports.read'],
    excludeRoles: STAFF_ONLY,
    menu: null,
    menuParent: 'reports.documents',
    ...screen(() => import('./pages/reports/ReportPage')),
  },
  {
    id: 'reports.targets',
    path: '/reports/targets',
    titleKey: 'reports.nav.targets',
    icon: <AimOutlined />,
    permissions: ['reports.read'],
    excludeRoles: STAFF_ONLY,
    menu: { group: 'reports' },
    ...screen(() => import('./pages/reports/TargetsPage')),
  },
  {
    id: 'reports.templates',
    path: '/reports/templates',
    titleKey: 'reports.nav.templates',
    icon: <LayoutOutlined />,
    permissions: ['reports.manage'],
    excludeRoles: STAFF_ONLY,
    menu: { group: 'reports' },
    ...screen(() => import('./pages/reports/TemplatePage')),
  },
];

/** Screens of plans, targets and generated reports (docs/reports.md): the report centre, one report, plan vs actual, report templates. */
import { AimOutlined, FileTextOutlined, LayoutOutlined, ReadOutlined } from '@ant-design/icons';
import { screen, STAFF_ONLY, type MenuGroup, type RouteDef } from './routeKit';

export const REPORTS_GROUPS: readonly MenuGroup[] = [{ id: 'reports', titleKey: 'reports.nav.group', icon: <ReadOutlined /> }];

export const REPORTS_ROUTES: readonly RouteDef[] = [
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

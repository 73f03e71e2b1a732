/**
 * The inspector's phone app (巡检): today's route, checkpoint scan (QR link or typed code), checklist, hazards.
 */
import { ScanOutlined } from '@ant-design/icons';
import type { Role } from './api';
import { screen, type MenuGroup, type RouteDef } from './routeKit';

const ALL_ROLES: readonly Role[] = ['admin', 'manager', 'supervisor', 'agent', 'front_desk', 'dispatcher', 'technician', 'collector', 'inspector', 'qa', 'resident'];

export const FIELD_GROUPS: readonly MenuGroup[] = [];

export const FIELD_ROUTES: readonly RouteDef[] = [
  {
    id: 'inspect',
    path: '/inspect',
    titleKey: 'inspectApp.nav.today',
    icon: <ScanOutlined />,
    permissions: ['inspections.read', 'inspections.write'],
    // The patrol officer's own phone screen; leads keep the task list and the checkpoint register.
    excludeRoles: ALL_ROLES.filter((r) => r !== 'inspector'),
    menu: { group: 'inspections' },
    bare: true,
    ...screen(() => import('./pages/inspect/InspectPage')),
  },
  {
    // The link inside every checkpoint's QR label. Anyone signed in may open it (a phone camera
    // app does not know who scans): inspectors check in, other staff see the point read-only or a
    // plain explanation instead of "page not found".
    id: 'inspect.checkpoint',
    path: '/m/checkpoint/:token',
    titleKey: 'inspectApp.nav.checkpoint',
    menu: null,
    menuParent: 'inspect',
    bare: true,
    ...screen(() => import('./pages/inspect/CheckpointPage')),
  },
];

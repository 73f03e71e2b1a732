/** Screens of workforce planning 话务排班. */
import { CalculatorOutlined, CustomerServiceOutlined, FieldTimeOutlined, LineChartOutlined, ScheduleOutlined, TeamOutlined } from '@ant-design/icons';
import { screen, STAFF_ONLY, type MenuGroup, type RouteDef } from './routeKit';

export const WFM_GROUPS: readonly MenuGroup[] = [{ id: 'wfm', titleKey: 'wfm.nav.group', icon: <CustomerServiceOutlined /> }];

export const WFM_ROUTES: readonly RouteDef[] = [
  {
    id: 'wfm.queues',
    path: '/wfm/queues',
    titleKey: 'wfm.nav.queues',
    icon: <LineChartOutlined />,
    permissions: ['wfm.read'],
    excludeRoles: STAFF_ONLY,
    menu: { group: 'wfm' },
    ...screen(() => import('./pages/wfm/QueuesPage')),
  },
  {
    id: 'wfm.queue',
    path: '/wfm/queues/:id',
    titleKey: 'wfm.nav.queue',
    permissions: ['wfm.read'],
    excludeRoles: STAFF_ONLY,
    menu: null,
    menuParent: 'wfm.queues',
    ...screen(() => import('./pages/wfm/QueueDetailPage')),
  },
  {
    id: 'wfm.erlang',
    path: '/wfm/erlang',
    titleKey: 'wfm.nav.erlang',
    icon: <CalculatorOutlined />,
    permissions: ['wfm.read'],
    excludeRoles: STAFF_ONLY,
    menu: { group: 'wfm' },
    ...screen(() => import('./pages/wfm/ErlangPage')),
  },
  {
    id: 'wfm.schedule',
    path: '/wfm/schedule',
    titleKey: 'wfm.nav.schedule',
    icon: <ScheduleOutlined />,
    permissions: ['wfm.read', 'wfm.write'],
    excludeRoles: STAFF_ONLY,
    menu: { group: 'wfm' },
    ...screen(() => import('./pages/wfm/ScheduleDesignPage')),
  },
  {
    id: 'wfm.roster',
    path: '/wfm/roster',
    titleKey: 'wfm.nav.roster',
    icon: <TeamOutlined />,
    permissions: ['wfm.read', 'wfm.write'],
    excludeRoles: STAFF_ONLY,
    menu: { group: 'wfm' },
    ...screen(() => import('./pages/wfm/RosterPage')),
  },
  {
    id: 'wfm.capacity',
    path: '/wfm/capacity',
    titleKey: 'wfm.nav.capacity',
    icon: <FieldTimeOutlined />,
    permissions: ['wfm.read', 'wfm.write'],
    excludeRoles: STAFF_ONLY,
    menu: { group: 'wfm' },
    ...screen(() => import('./pages/wfm/CapacityPage')),
  },
];

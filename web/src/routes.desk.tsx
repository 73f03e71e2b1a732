/** Screens of the service desk: desk 受理台, orders 工单, dispatch 派单看板, technician and resident views, return visits 回访, dashboard 看板. */
import { CustomerServiceOutlined, DashboardOutlined, FileTextOutlined, HomeOutlined, PhoneOutlined, ScheduleOutlined, StarOutlined, ToolOutlined } from '@ant-design/icons';
import type { Role } from './api';
import { screen, type MenuGroup, type RouteDef } from './routeKit';

/** Every role but the ones named (RouteDef only knows exclusions). */
const ALL_ROLES: readonly Role[] = ['admin', 'manager', 'supervisor', 'agent', 'front_desk', 'dispatcher', 'technician', 'collector', 'inspector', 'qa', 'resident'];
const allBut = (...keep: Role[]) => ALL_ROLES.filter((r) => !keep.includes(r));

export const DESK_GROUPS: readonly MenuGroup[] = [
  { id: 'dashboard', titleKey: 'nav.dashboard', icon: <DashboardOutlined /> },
  { id: 'desk', titleKey: 'nav.deskGroup', icon: <CustomerServiceOutlined /> },
  { id: 'orders', titleKey: 'nav.ordersGroup', icon: <FileTextOutlined /> },
];

/**
 * Order matters twice: it is the menu order within a group, and the first entry a user may open
 * is where they land after signing in — residents on their portal, technicians on their jobs,
 * managers and supervisors on the dashboard, agents and front desk on the desk.
 */
export const DESK_ROUTES: readonly RouteDef[] = [
  {
    id: 'portal',
    path: '/portal',
    titleKey: 'nav.portal',
    icon: <HomeOutlined />,
    permissions: ['orders.read', 'orders.create'],
    excludeRoles: allBut('resident'),
    menu: { group: null },
    bare: true,
    ...screen(() => import('./pages/portal/PortalPage')),
  },
  {
    id: 'portal.new',
    path: '/portal/new',
    titleKey: 'nav.portalNew',
    permissions: ['orders.create'],
    excludeRoles: allBut('resident'),
    menu: null,
    menuParent: 'portal',
    bare: true,
    ...screen(() => import('./pages/portal/PortalNewPage')),
  },
  {
    id: 'portal.order',
    path: '/portal/orders/:id',
    titleKey: 'nav.portalOrder',
    permissions: ['orders.read'],
    excludeRoles: allBut('resident'),
    menu: null,
    menuParent: 'portal',
    bare: true,
    ...screen(() => import('./pages/portal/PortalOrderPage')),
  },
  {
    id: 'tech',
    path: '/tech',
    titleKey: 'nav.tech',
    icon: <ToolOutlined />,
    permissions: ['orders.work'],
    excludeRoles: allBut('technician'),
    menu: { group: 'orders' },
    bare: true,
    ...screen(() => import('./pages/tech/TechPage')),
  },
  {
    id: 'tech.order',
    path: '/tech/orders/:id',
    titleKey: 'nav.techOrder',
    permissions: ['orders.work'],
    excludeRoles: allBut('technician'),
    menu: null,
    menuParent: 'tech',
    bare: true,
    ...screen(() => import('./pages/tech/TechOrderPage')),
  },
  {
    id: 'dashboard',
    path: '/dashboard',
    titleKey: 'nav.dashboard',
    icon: <DashboardOutlined />,
    permissions: ['reports.read'],
    excludeRoles: ['resident'],
    menu: { group: 'dashboard' },
    ...screen(() => import('./pages/dashboard/DashboardPage')),
  },
  {
    id: 'desk',
    path: '/desk',
    titleKey: 'nav.desk',
    icon: <PhoneOutlined />,
    permissions: ['contacts.write'],
    excludeRoles: ['resident'],
    menu: { group: 'desk' },
    ...screen(() => import('./pages/desk/DeskPage')),
  },
  {
    id: 'visits',
    path: '/visits',
    titleKey: 'nav.visits',
    icon: <StarOutlined />,
    permissions: ['orders.visit'],
    excludeRoles: ['resident'],
    menu: { group: 'desk' },
    ...screen(() => import('./pages/visits/VisitsPage')),
  },
  {
    id: 'dispatch',
    path: '/dispatch',
    titleKey: 'nav.dispatch',
    icon: <ScheduleOutlined />,
    permissions: ['orders.dispatch'],
    excludeRoles: ['resident'],
    menu: { group: 'orders' },
    ...screen(() => import('./pages/dispatch/DispatchPage')),
  },
  {
    id: 'orders',
    path: '/orders',
    titleKey: 'nav.orders',
    icon: <FileTextOutlined />,
    permissions: ['orders.read'],
    excludeRoles: ['resident'],
    menu: { group: 'orders' },
    ...screen(() => import('./pages/orders/OrdersPage')),
  },
  {
    id: 'orders.detail',
    path: '/orders/:id',
    titleKey: 'nav.orderDetail',
    permissions: ['orders.read'],
    excludeRoles: ['resident'],
    menu: null,
    menuParent: 'orders',
    ...screen(() => import('./pages/orders/OrderDetailPage')),
  },
  {
    id: 'rate',
    path: '/rate/:token',
    titleKey: 'nav.rate',
    menu: null,
    bare: true,
    public: true,
    ...screen(() => import('./pages/portal/RatePage')),
  },
];

/** Screens of the service desk: desk 受理台, orders 工单, dispatch 派单看板, technician and resident views, return visits 回访, dashboard 看板. */
import type { MenuGroup, RouteDef } from './routeKit';

export const DESK_GROUPS: readonly MenuGroup[] = [];
export const DESK_ROUTES: readonly RouteDef[] = [];

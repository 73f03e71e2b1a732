/** Screens of workforce planning 话务排班. */
import type { MenuGroup, RouteDef } from './routeKit';

export const WFM_GROUPS: readonly MenuGroup[] = [];
export const WFM_ROUTES: readonly RouteDef[] = [];

/** Screens of property operations: billing 收费, inspections 巡检, renovation 装修, front-desk ledgers 前台台账. */
import type { MenuGroup, RouteDef } from './routeKit';

export const OPS_GROUPS: readonly MenuGroup[] = [];
export const OPS_ROUTES: readonly RouteDef[] = [];

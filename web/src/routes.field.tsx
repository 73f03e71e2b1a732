/**
 * The inspector's phone app (巡检): today's route, checkpoint scan (QR link or typed code), checklist, hazards.
 */
import type { MenuGroup, RouteDef } from './routeKit';

export const FIELD_GROUPS: readonly MenuGroup[] = [];

export const FIELD_ROUTES: readonly RouteDef[] = [];

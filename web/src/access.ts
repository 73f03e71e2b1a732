/**
 * Who may open which screen. Pure, so the menu logic is tested without a browser; the server
 * enforces the same permissions on every request, this only decides what to show.
 */
import type { Permission, Role, SessionUser } from './api';

export interface AccessRule {
  /** The user needs every one of these permissions. */
  permissions?: readonly Permission[];
  /** …and at least one of these (a screen two kinds of staff use with different rights). */
  anyPermissions?: readonly Permission[];
  /** Roles that never see the screen even with the permission (residents get their own portal). */
  excludeRoles?: readonly Role[];
}

export function hasPermission(user: Pick<SessionUser, 'permissions'> | null | undefined, p: Permission): boolean {
  return !!user && user.permissions.includes(p);
}

export function canAccess(user: Pick<SessionUser, 'permissions' | 'role'> | null | undefined, rule: AccessRule): boolean {
  if (!user) return false;
  if (rule.excludeRoles?.includes(user.role)) return false;
  if (rule.anyPermissions && !rule.anyPermissions.some((p) => user.permissions.includes(p))) return false;
  return (rule.permissions ?? []).every((p) => user.permissions.includes(p));
}

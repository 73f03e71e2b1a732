import { describe, expect, it } from 'vitest';
import { catalogues } from './i18n/catalogues';
import { homePathFor, MENU_GROUPS, ROUTES, routesFor } from './routes';
import { ROLE_PERMISSIONS, ROLES } from '../../src/modules/auth/permissions';
import type { Permission, Role } from './api';

/** A user of a role with exactly the permissions the server grants that role. */
const userOf = (role: Role) => ({ role, permissions: [...ROLE_PERMISSIONS[role]] as Permission[] });

const hasKey = (key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], catalogues['zh-CN']) !== undefined;

describe('route registry', () => {
  it('has unique ids and paths and a translated title for every screen and group', () => {
    expect(new Set(ROUTES.map((r) => r.id)).size).toBe(ROUTES.length);
    expect(new Set(ROUTES.map((r) => r.path)).size).toBe(ROUTES.length);
    for (const r of ROUTES) expect(hasKey(r.titleKey), r.titleKey).toBe(true);
    for (const g of MENU_GROUPS) expect(hasKey(g.titleKey), g.titleKey).toBe(true);
  });

  it('asks only for permissions the server knows', () => {
    const known = new Set(ROLE_PERMISSIONS.admin);
    for (const r of ROUTES) for (const p of [...(r.permissions ?? []), ...(r.anyPermissions ?? [])]) expect(known.has(p), `${r.id}: ${p}`).toBe(true);
  });

  it('shows each role exactly the screens its permissions allow', () => {
    for (const role of ROLES) {
      const user = userOf(role);
      const visible = new Set(routesFor(user).map((r) => r.id));
      for (const r of ROUTES) {
        const allowed =
          (r.permissions ?? []).every((p) => user.permissions.includes(p)) &&
          (!r.anyPermissions || r.anyPermissions.some((p) => user.permissions.includes(p))) &&
          !(r.excludeRoles ?? []).includes(role);
        expect(visible.has(r.id), `${role} → ${r.id}`).toBe(allowed);
      }
      expect(visible.has('account'), role).toBe(true);
      expect(visible.has('registry.import'), role).toBe(user.permissions.includes('registry.import'));
      // Landing page: the first menu entry the role may open.
      expect(routesFor(user).some((r) => r.path === homePathFor(user) && r.menu)).toBe(true);
    }
  });

  it('keeps residents to their own units: no staff registry screens', () => {
    const ids = routesFor(userOf('resident')).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['registry.units', 'account']));
    for (const staff of ['registry.projects', 'registry.parties', 'registry.parking', 'registry.import']) expect(ids).not.toContain(staff);
  });

  it('shows nothing to someone not signed in', () => {
    expect(routesFor(null)).toEqual([]);
  });
});

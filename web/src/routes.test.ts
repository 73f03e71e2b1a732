import { describe, expect, it } from 'vitest';
import { catalogues } from './i18n/catalogues';
import { HOME_PREFERENCE, homePathFor, MENU_GROUPS, ROUTES, routesFor } from './routes';
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

describe('role home pages', () => {
  const has = (id: string) => ROUTES.some((r) => r.id === id);
  // The inspector's phone app is built in its own route file; until it is, the task list is the home.
  const inspectorHome = has('inspect') ? ROUTES.find((r) => r.id === 'inspect')!.path : '/inspections/tasks';
  const EXPECTED: Record<Role, string> = {
    admin: '/dashboard',
    manager: '/dashboard',
    supervisor: '/dashboard',
    agent: '/desk',
    front_desk: '/desk',
    dispatcher: '/dispatch',
    technician: '/tech',
    collector: '/billing/dunning',
    inspector: inspectorHome,
    qa: '/quality/workbench',
    resident: '/portal',
  };

  it('lands each role where its work is', () => {
    for (const role of ROLES) expect(homePathFor(userOf(role)), role).toBe(EXPECTED[role]);
  });

  it("makes every role's home a screen that role may open", () => {
    for (const role of ROLES) {
      const user = userOf(role);
      const home = homePathFor(user);
      expect(routesFor(user).some((r) => r.path === home), `${role} → ${home}`).toBe(true);
      // The preference list names real screens only (a typo would silently fall through).
      for (const id of HOME_PREFERENCE[role]) if (id !== 'inspect') expect(has(id), `${role}: ${id}`).toBe(true);
    }
  });

  it('falls through the preference list to the first screen the user may open', () => {
    // An admin token narrowed to user management: no dashboard, so the user list.
    expect(homePathFor({ role: 'admin', permissions: ['users.manage', 'users.read'] })).toBe('/users');
    // A dispatcher token without dispatch rights lands on the desk.
    expect(homePathFor({ role: 'dispatcher', permissions: ['contacts.write', 'contacts.read'] })).toBe('/desk');
    // A collector without billing rights gets the first menu entry, never a refused screen.
    expect(homePathFor({ role: 'collector', permissions: ['registry.read'] })).toBe('/registry/projects');
    expect(homePathFor({ role: 'collector', permissions: [] })).toBe('/account');
  });

  it('offers no menu entry the server would refuse the role', () => {
    // Compared with the server's own role table, not with the web's copy of it.
    // inspect.checkpoint: the QR link; anyone who scans it gets the point or a plain explanation.
    // reports.mine: the role's own figures (GET /api/reports/role-targets is open to every signed-in staff member).
    const OPEN_TO_ALL = new Set(['account', 'rate', 'portal.faq', 'inspect.checkpoint', 'reports.mine']);
    for (const role of ROLES) {
      const held = ROLE_PERMISSIONS[role];
      for (const r of routesFor(userOf(role))) {
        const needs = [...(r.permissions ?? [])];
        if (!OPEN_TO_ALL.has(r.id)) expect(needs.length + (r.anyPermissions?.length ?? 0), `${r.id} declares no permission`).toBeGreaterThan(0);
        for (const p of needs) expect(held.has(p), `${role} offered ${r.id} needing ${p}`).toBe(true);
        if (r.anyPermissions) expect(r.anyPermissions.some((p) => held.has(p)), `${role} offered ${r.id}`).toBe(true);
      }
    }
  });
});

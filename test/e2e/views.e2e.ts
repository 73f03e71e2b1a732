/**
 * Every screen of the route registry renders with the demo data for a role that may open it:
 * no console or page error, no failed load, no "no permission" or "page error" screen. Each
 * view is saved as screenshots/view-<id>.png.
 */
import { describe, expect, inject, it } from 'vitest';
import zh from '../../web/src/i18n/zh-CN.json';
import { ROUTES, routesFor } from '../../web/src/routes';
import { ROLE_PERMISSIONS } from '../../src/modules/auth/permissions';
import type { Permission, Role } from '../../web/src/api';
import { baseUrl, openPage, shot, signIn, useBrowser } from './browser';

const browser = useBrowser();

/** Demo accounts, in the order a screen is tried: the first role that may open it shows it. */
const ACCOUNTS: [Role, string][] = [
  ['agent', 'agent1'],
  ['dispatcher', 'dispatcher'],
  ['technician', 'tech1'],
  ['collector', 'collector'],
  ['inspector', 'inspector'],
  ['front_desk', 'frontdesk'],
  ['resident', 'resident'],
  ['supervisor', 'supervisor'],
  ['manager', 'manager'],
  ['admin', 'admin'],
];

const userOf = (role: Role) => ({ role, permissions: [...ROLE_PERMISSIONS[role]] as Permission[] });

/** Screens with a fixed path (detail screens need an id and are opened by the flows that lead to them). */
const plan = new Map<string, string[]>();
for (const r of ROUTES.filter((x) => !x.path.includes(':'))) {
  const account = ACCOUNTS.find(([role]) => routesFor(userOf(role)).some((x) => x.id === r.id));
  if (!account) continue;
  plan.set(account[1], [...(plan.get(account[1]) ?? []), r.id]);
}

describe('every screen renders with the demo data', () => {
  it('has a role for every fixed-path screen', () => {
    const planned = [...plan.values()].flat();
    const fixed = ROUTES.filter((x) => !x.path.includes(':')).map((x) => x.id);
    expect(planned.sort()).toEqual(fixed.sort());
  });

  for (const [username, ids] of plan) {
    it(`as ${username}: ${ids.join(', ')}`, async () => {
      const { page } = await openPage(browser());
      await signIn(page, username, username === 'admin' ? inject('adminPassword') : undefined);
      for (const id of ids) {
        const route = ROUTES.find((r) => r.id === id)!;
        await page.goto(`${baseUrl()}${route.path}`);
        await page.locator('main, #root > *').first().waitFor();
        // Settle: the screen's code and its first requests are in.
        await page.waitForLoadState('networkidle', { timeout: 20_000 }).catch(() => undefined);
        const text = await page.locator('body').innerText();
        expect(text, `${id}: permission screen`).not.toContain(zh.error.forbiddenTitle);
        expect(text, `${id}: error screen`).not.toContain(zh.error.screenTitle);
        expect(text, `${id}: not found`).not.toContain(zh.error.notFoundTitle);
        expect(await page.getByText(zh.error.loadFailed, { exact: true }).count(), `${id}: a load failed`).toBe(0);
        await shot(page, `view-${id.replace(/\./g, '-')}`);
      }
    });
  }
});

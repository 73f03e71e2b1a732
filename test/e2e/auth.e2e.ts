import { describe, expect, it } from 'vitest';
import zhCN from '../../web/src/i18n/zh-CN.json';
import { apiSession, baseUrl, buttonName, eventually, loginViaUi, openPage, shot, useBrowser } from './browser';

const browser = useBrowser();

/** The server's own message for a wrong password, in the language asked for. */
async function serverMessage(lang: string): Promise<string> {
  const r = await fetch(`${baseUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': lang },
    body: JSON.stringify({ username: 'nobody-e2e', password: 'x' }),
  });
  expect(r.status).toBe(401);
  return ((await r.json()) as { error: { message: string } }).error.message;
}

const menuTexts = async (page: import('playwright-core').Page) =>
  (await page.getByTestId('main-menu').locator('.ant-menu-title-content').allInnerTexts()).map((s) => s.trim());

describe('sign in', () => {
  it('rejects a wrong password with the server message and stays on the login page', async () => {
    const g = await openPage(browser());
    g.allowHttpError('/api/auth/login');
    const { page } = g;
    await page.goto(`${baseUrl()}/registry/units`);
    // Not signed in: sent to the login page, which remembers where the user wanted to go.
    await page.waitForURL(/\/login\?next=/);
    await eventually(() => page.getByLabel(zhCN.auth.username).isVisible()).toBe(true);
    await shot(page, 'login');
    await page.getByLabel(zhCN.auth.username).fill('agent3');
    await page.getByLabel(zhCN.auth.password).fill('wrong-password');
    await page.getByRole('button', { name: buttonName(zhCN.auth.submit) }).click();
    const alert = page.getByTestId('login-error');
    await alert.waitFor();
    expect((await alert.innerText()).trim()).toBe(await serverMessage('zh-CN'));
    expect(new URL(page.url()).pathname).toBe('/login');
    await shot(page, 'login-error');
  });

  it('signs in with the keyboard, returns to the page asked for, shows the role-aware menu, and signs out', async () => {
    const { page } = await openPage(browser());
    await page.goto(`${baseUrl()}/registry/parties`);
    await page.waitForURL(/\/login/);
    // The boot script ran on the signed-in URL it was opened at: antd's prebuilt styles are in (vite.config.ts).
    const prebuiltStyles = () => page.evaluate(() => document.querySelector('link[data-antd-static]') !== null);
    expect(await prebuiltStyles()).toBe(true);
    // Keyboard only: focus starts in the username field; Tab to the password, Enter submits.
    await eventually(() => page.evaluate(() => document.activeElement?.id)).toBe('username');
    await page.keyboard.type('supervisor');
    await page.keyboard.press('Tab');
    await page.keyboard.type('shouwen-demo');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl()}/registry/parties`);
    await page.getByTestId('parties-table').locator('.ant-table-row').first().waitFor();
    const menu = await menuTexts(page);
    for (const item of [zhCN.nav.registry, zhCN.nav.projects, zhCN.nav.units, zhCN.nav.parties, zhCN.nav.parking, zhCN.nav.import, zhCN.nav.account]) expect(menu).toContain(item);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: zhCN.auth.logout }).click();
    await page.waitForURL(/\/login$/);
    await page.reload();
    await eventually(() => page.getByLabel(zhCN.auth.username).isVisible()).toBe(true);
    // Opened at /login, the boot script leaves the login page light.
    expect(await prebuiltStyles()).toBe(false);
  });

  it('hides what a role may not use: a technician has no import, and the import URL answers 403', async () => {
    const { page } = await openPage(browser());
    await loginViaUi(page, 'tech1');
    // Technicians land on their phone-first job list; the full menu is behind the menu button.
    await page.waitForURL(`${baseUrl()}/tech`);
    await page.getByTestId('menu-button').click();
    await page.getByTestId('main-menu').waitFor();
    const menu = await menuTexts(page);
    expect(menu).toContain(zhCN.nav.units);
    expect(menu).not.toContain(zhCN.nav.import);
    await page.goto(`${baseUrl()}/registry/import`);
    await page.getByText(zhCN.error.forbiddenTitle).waitFor();
    await page.goto(`${baseUrl()}/account`);
    expect((await page.getByTestId('account-role').innerText()).trim()).toBe(zhCN.role.technician);
    await shot(page, 'account');
  });

  it('shows a resident only their own units and the account page', async () => {
    const { page } = await openPage(browser());
    await loginViaUi(page, 'resident');
    // Residents land on their portal (no staff layout); other screens are behind the menu button.
    await page.waitForURL(`${baseUrl()}/portal`);
    await page.getByTestId('menu-button').click();
    await page.getByTestId('main-menu').waitFor();
    const menu = await menuTexts(page);
    expect(menu).toContain(zhCN.nav.units);
    expect(menu).toContain(zhCN.nav.portal);
    for (const hidden of [zhCN.nav.projects, zhCN.nav.parties, zhCN.nav.parking, zhCN.nav.import, zhCN.nav.desk, zhCN.nav.orders, zhCN.nav.dispatch]) expect(menu).not.toContain(hidden);
    const own = await (await apiSession('resident')).get<{ items: { number: string }[]; total: number }>('/api/units?pageSize=100');
    expect(own.total).toBeGreaterThan(0);
    await page.goto(`${baseUrl()}/registry/units`);
    const rows = page.getByTestId('units-table').locator('.ant-table-row');
    await rows.first().waitFor();
    // Exactly the resident's own units, no one else's.
    const shown = await rows.locator('td button').allInnerTexts();
    expect(shown.map((s) => s.trim()).sort()).toEqual(own.items.map((u) => u.number).sort());
  });
});

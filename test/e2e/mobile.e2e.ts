import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import zhCN from '../../web/src/i18n/zh-CN.json';
import { baseUrl, eventually, loginViaUi, openPage, shot, signIn, useBrowser } from './browser';

const browser = useBrowser();

/** Nothing wider than the screen: no sideways scrolling of the whole page. */
const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('phone-sized screen (390 px)', () => {
  it('collapses the side menu into a drawer that navigates', async () => {
    const { page } = await openPage(browser(), { width: 390, height: 844, isMobile: true });
    await signIn(page, 'supervisor');
    await page.goto(`${baseUrl()}/registry/units`);
    await page.getByTestId('units-table').locator('.ant-table-row').first().waitFor();
    expect(await page.locator('.ant-layout-sider').count()).toBe(0);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'mobile-units');

    await page.getByTestId('menu-button').click();
    const drawer = page.locator('.ant-drawer-content').filter({ has: page.getByTestId('main-menu') });
    await drawer.waitFor();
    const items = (await drawer.locator('.ant-menu-title-content').allInnerTexts()).map((s) => s.trim());
    expect(items).toEqual(expect.arrayContaining([zhCN.nav.units, zhCN.nav.parties, zhCN.nav.import, zhCN.nav.account]));
    await shot(page, 'mobile-menu');

    await drawer.getByText(zhCN.nav.parties, { exact: true }).click();
    await page.waitForURL(`${baseUrl()}/registry/parties`);
    await eventually(() => drawer.isVisible()).toBe(false);
    await page.getByTestId('parties-table').locator('.ant-table-row').first().waitFor();
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'mobile-parties');
  });

  it('keeps the login and import screens within the width', async () => {
    const { page } = await openPage(browser(), { width: 390, height: 844, isMobile: true });
    await page.goto(`${baseUrl()}/login`);
    await page.locator('button[type=submit]').waitFor();
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'mobile-login');
    await loginViaUi(page, 'supervisor');
    await page.goto(`${baseUrl()}/registry/import`);
    await page.getByTestId('template-download').waitFor();
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'mobile-import', true);
  });
});

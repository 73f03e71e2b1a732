import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import zhCN from '../../web/src/i18n/zh-CN.json';
import zhTW from '../../web/src/i18n/zh-TW.json';
import en from '../../web/src/i18n/en.json';
import { baseUrl, eventually, loginViaUi, openPage, shot, useBrowser } from './browser';

const browser = useBrowser();

async function switchTo(page: Page, label: string) {
  await page.getByTestId('language-switch').first().click();
  await page.locator('.ant-select-item-option').filter({ hasText: label }).click();
}

const submitText = (page: Page) => page.locator('button[type=submit]').innerText();

describe('languages', () => {
  it('switches zh-CN → en → zh-TW, changing visible text each time, and keeps the choice across reloads', async () => {
    const { page } = await openPage(browser());
    await page.goto(`${baseUrl()}/login`);
    await page.locator('button[type=submit]').waitFor();
    // antd spaces two-character CJK button labels ("登 录"); compare without spaces.
    const norm = (s: string) => s.replace(/\s+/g, '');
    expect(norm(await submitText(page))).toBe(zhCN.auth.submit);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');

    await switchTo(page, 'English');
    await eventually(async () => norm(await submitText(page))).toBe(norm(en.auth.submit));
    expect(await page.getByLabel(en.auth.username).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await shot(page, 'login-en');

    await switchTo(page, '繁體中文');
    await eventually(async () => norm(await submitText(page))).toBe(zhTW.auth.submit);
    expect(await page.getByLabel(zhTW.auth.username).isVisible()).toBe(true);

    await page.reload();
    await page.locator('button[type=submit]').waitFor();
    expect(norm(await submitText(page))).toBe(zhTW.auth.submit);
    expect(await page.evaluate(() => localStorage.getItem('shouwen.lang'))).toBe('zh-TW');
  });

  it('localises the app, antd widgets and server messages in English', async () => {
    const { page } = await openPage(browser());
    await page.goto(`${baseUrl()}/login`);
    await switchTo(page, 'English');
    const apiLanguages = new Set<string>();
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) apiLanguages.add(r.headers()['accept-language'] ?? '(none)');
    });
    await loginViaUi(page, 'agent1');
    await page.goto(`${baseUrl()}/registry/units`);
    await page.getByTestId('units-table').locator('.ant-table-row').first().waitFor();
    await eventually(() => page.locator('h1').innerText()).toBe(en.nav.units);
    const menu = await page.getByTestId('main-menu').innerText();
    expect(menu).toContain(en.nav.registry);
    expect(menu).not.toContain(zhCN.nav.registry);
    // antd's own strings follow the language through ConfigProvider (pagination size changer).
    expect(await page.locator('.ant-pagination-options').innerText()).toMatch(/\/ page/);
    // Numbers are formatted for the locale: the total uses a thousands separator.
    expect(await page.locator('.ant-pagination-total-text').innerText()).toMatch(/^\d{1,3}(,\d{3})+ in total$/);
    await page.locator('.ant-table-row').first().click();
    await page.getByTestId('unit-drawer').locator('.ant-descriptions').waitFor();
    expect(await page.getByTestId('unit-drawer').innerText()).toContain(en.unit.occupants);
    // Every API call said which language to answer in, so server messages come back in English.
    expect(apiLanguages.size).toBeGreaterThan(0);
    expect([...apiLanguages]).toEqual(['en']);
    await shot(page, 'units-en');
  });
});

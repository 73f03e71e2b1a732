/**
 * The resident app on a phone (390×844): a supervisor publishes an announcement on the staff
 * screen → the resident sees it unread → opens it → the supervisor sees one reader; the bills tab
 * shows the same arrears as the API; a published owners' bulletin opens. No English words or raw
 * codes on any resident screen.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import residentCN from '../../web/src/i18n/residentApp.zh-CN.json';
import { apiSession, baseUrl, buttonName, eventually, openPage, shot, signIn, useBrowser } from './browser';

const browser = useBrowser();
const R = residentCN.residentApp;
const PHONE = { width: 390, height: 844, isMobile: true };

/** Latin words in what the screen shows (numbers such as 单号 BX2026… are not words and pass). */
async function latinWords(page: Page): Promise<string[]> {
  const text = await page.locator('main').innerText();
  return text.match(/\b[A-Za-z][A-Za-z_.]{2,}\b/g) ?? [];
}
const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const yuan = (fen: number) => new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY', minimumFractionDigits: 2 }).format(fen / 100);

describe('resident app', () => {
  it('staff publish → resident reads → staff see the read; bills equal the API; a bulletin opens', async () => {
    const title = `停水通知 e2e-${Date.now() % 100000}`;

    // --- a supervisor writes and publishes on the staff screen
    const staff = await openPage(browser());
    await signIn(staff.page, 'supervisor');
    await staff.page.goto(`${baseUrl()}/announcements`);
    await staff.page.getByTestId('announcements-table').waitFor();
    await staff.page.getByTestId('announcement-new').click();
    await staff.page.getByTestId('announcement-title').fill(title);
    await staff.page.getByTestId('announcement-body').fill('本周六 9:00—15:00 清洗水箱，2 号楼停水，请提前储水。');
    await staff.page.getByTestId('announcement-save').click();
    const drawer = staff.page.getByTestId('announcement-drawer');
    await drawer.getByTestId('announcement-publish').click();
    await staff.page.locator('.ant-popconfirm').getByRole('button', { name: buttonName(R.staff.publish) }).click();
    await eventually(() => drawer.getByTestId('announcement-status').first().getAttribute('data-status')).toBe('published');
    await shot(staff.page, 'announcements-staff');

    // --- the resident on a phone: unread on the home page, opened, then read
    const { page } = await openPage(browser(), PHONE);
    await signIn(page, 'resident');
    await page.goto(`${baseUrl()}/portal`);
    const item = page.getByTestId('home-unread').getByTestId('notice-item').filter({ hasText: title });
    await item.waitFor();
    expect(await item.getAttribute('data-unread')).toBe('1');
    expect(Number(await page.getByTestId('tab-notices').innerText().then((s) => s.replace(/\D/g, '') || '0'))).toBeGreaterThan(0);
    expect(await latinWords(page)).toEqual([]);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'resident-home');
    await item.click();
    await page.waitForURL(/\/portal\/notices\/[^/]+$/);
    await page.getByTestId('notice-detail').getByText('清洗水箱', { exact: false }).waitFor();
    expect(await latinWords(page)).toEqual([]);
    await shot(page, 'resident-notice');
    await page.getByTestId('tab-notices').click();
    await page.waitForURL(`${baseUrl()}/portal/notices`);
    const listed = page.getByTestId('notice-item').filter({ hasText: title });
    await eventually(() => listed.getAttribute('data-unread')).toBe('0');
    // The demo's own announcements are there too, the pinned 停水 one first.
    expect(await page.getByTestId('notice-item').count()).toBeGreaterThan(2);
    expect(await latinWords(page)).toEqual([]);
    await shot(page, 'resident-notices');

    // --- the supervisor sees one reader
    const sup = await apiSession('supervisor');
    const list = await sup.get<{ items: { id: string; title: string; readers: number }[] }>(`/api/announcements?q=${encodeURIComponent(title)}`);
    expect(list.items).toHaveLength(1);
    expect(list.items[0].readers).toBe(1);
    await staff.page.goto(`${baseUrl()}/announcements`);
    const row = staff.page.locator(`[data-id="${list.items[0].id}"]`);
    await eventually(() => row.getByTestId('read-stat').getAttribute('data-readers')).toBe('1');
    await row.click();
    await staff.page.getByTestId('readers').locator('.ant-table-row').first().waitFor();
    expect(await staff.page.getByTestId('readers').locator('.ant-table-row').count()).toBe(1);
    await shot(staff.page, 'announcements-reads');

    // --- bills: the arrears shown are the API's, in 元
    const res = await apiSession('resident');
    const units = await res.get<{ items: { id: string }[] }>('/api/units?pageSize=50');
    const accounts = await Promise.all(units.items.map((u) => res.get<{ outstandingFen: number; overdueFen: number }>(`/api/billing/accounts/${u.id}`)));
    const owed = accounts.reduce((s, a) => s + a.outstandingFen, 0);
    const overdue = accounts.reduce((s, a) => s + a.overdueFen, 0);
    await page.getByTestId('tab-bills').click();
    await page.waitForURL(`${baseUrl()}/portal/bills`);
    const total = page.getByTestId('bills-total');
    await total.waitFor();
    expect(Number(await total.getAttribute('data-fen'))).toBe(owed);
    expect(await total.innerText()).toContain(yuan(owed).replace(/^¥/, ''));
    expect(Number(await page.getByTestId('bills-overdue').getAttribute('data-fen'))).toBe(overdue);
    await page.getByTestId('bill-period').first().waitFor();
    await page.getByTestId('how-to-pay').getByText('户名', { exact: false }).waitFor();
    expect(await latinWords(page)).toEqual([]);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'resident-bills', true);

    // The home page's summary agrees.
    await page.getByTestId('tab-home').click();
    await eventually(() => page.getByTestId('home-arrears').getAttribute('data-fen')).toBe(String(owed));

    // --- a published owners' bulletin of the resident's project opens
    const mgr = await apiSession('manager');
    const projects = await res.get<{ items: { id: string; code: string }[] }>('/api/projects');
    const ht = projects.items.find((p) => p.code === 'HT')!;
    let bulletins = await res.get<{ items: { id: string }[] }>('/api/bulletins');
    if (!bulletins.items.length) {
      // Last month's bulletin, generated, approved and published by the manager.
      const d = new Date();
      const prev = d.getMonth() === 0 ? `${d.getFullYear() - 1}-12` : `${d.getFullYear()}-${String(d.getMonth()).padStart(2, '0')}`;
      const doc = await mgr.post<{ id: string }>('/api/reports/documents', { type: 'bulletin', period: prev, projectId: ht.id });
      await mgr.post(`/api/reports/documents/${doc.id}/approve`, {});
      await mgr.post(`/api/reports/documents/${doc.id}/publish`, {});
      bulletins = await res.get<{ items: { id: string }[] }>('/api/bulletins');
    }
    expect(bulletins.items.length).toBeGreaterThan(0);
    await page.getByTestId('tab-bulletins').click();
    await page.waitForURL(`${baseUrl()}/portal/bulletins`);
    await page.getByTestId('bulletin-item').first().click();
    await page.waitForURL(/\/portal\/bulletins\/[^/]+$/);
    const frame = page.frameLocator('[data-testid=bulletin-frame]');
    await eventually(async () => (await frame.locator('body').innerText()).includes('物业服务月报')).toBe(true);
    await shot(page, 'resident-bulletin');

    // --- the repairs tab lists the resident's requests
    await page.getByTestId('tab-repairs').click();
    await page.waitForURL(`${baseUrl()}/portal/repairs`);
    await page.locator('.ant-card').first().waitFor();
    expect(await latinWords(page)).toEqual([]);
  });
});

/**
 * Every demo role, at desk size and phone size: signs in, lands on its own home screen, then opens
 * every screen its menu offers and checks what a person would see there — no error box, no
 * permission or not-found page, no English word or raw catalogue key in the Chinese interface, no
 * browser-native date or time field. One browser context per role and size keeps the run short.
 * Then the dispatcher gives an order to a technician with the keyboard alone.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession, baseUrl, eventually, openPage, shot, signIn, useBrowser } from './browser';
import { ROUTES } from '../../web/src/routes';

const browser = useBrowser();

// The inspector's phone app lands as it is built; until then the inspection task list is the home.
const INSPECTOR_HOME = ROUTES.find((r) => r.id === 'inspect')?.path ?? '/inspections/tasks';

const ROLES: readonly { username: string; home: string }[] = [
  { username: 'manager', home: '/dashboard' },
  { username: 'supervisor', home: '/dashboard' },
  { username: 'agent1', home: '/desk' },
  { username: 'frontdesk', home: '/desk' },
  { username: 'dispatcher', home: '/dispatch' },
  { username: 'tech1', home: '/tech' },
  { username: 'collector', home: '/billing/dunning' },
  { username: 'inspector', home: INSPECTOR_HOME },
  { username: 'qa', home: '/quality/workbench' },
  { username: 'admin', home: '/dashboard' },
  { username: 'resident', home: '/portal' },
];

const SIZES = [
  { name: 'desk', width: 1366, height: 900, isMobile: false },
  { name: 'phone', width: 390, height: 844, isMobile: true },
] as const;

/**
 * Latin words allowed in the Chinese interface: the brand, units, and abbreviations a Chinese
 * property office uses as they are. Anything else of three letters or more is an untranslated word.
 */
const ALLOWED_WORDS = new Set([
  'Shouwen', 'kWh', 'QR', 'PDF', 'XLSX', 'DOCX', 'CSV', 'SLA', 'KPI', 'ID',
  // Product and courier names used as they are in China, and key caps named in shortcut hints.
  'Excel', 'Word', 'EMS', 'Ctrl', 'Enter', 'Esc',
]);

/**
 * Data, not words: record codes (BX20260312-0001, CP-…), model codes (MFZ/ABC4), file names and
 * extensions (.xlsx), e-mail addresses.
 */
const CODE = /\b[A-Z]{1,4}-?\d[\w-]*\b|\b[A-Z0-9]+(?:[/-][A-Z0-9]+)+\b|[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const FILE_NAME = /\S*\.(?:csv|xlsx|docx|pdf|png|json)\b/gi;
/** The signed-in user's own login name (agent1), and the user agent of the test's API sign-in ("node") in the session list. */
const isData = (username: string, word: string) => username.includes(word) || word === 'node';
/** The user list shows login names, which are data too. */
const LOGIN_NAMES = new Set(['admin', 'manager', 'supervisor', 'agent', 'htagent', 'frontdesk', 'dispatcher', 'tech', 'collector', 'inspector', 'resident']);
const RAW_KEY = /\b[a-z]+(\.[a-zA-Z]+)+\b/g;

/** Let the screen finish loading: no spinner, no skeleton, then a moment for late renders. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('domcontentloaded');
  await eventually(() => page.locator('.ant-spin-spinning, .ant-skeleton-active').count()).toBe(0);
  await page.waitForTimeout(250);
}

/** What is wrong on the screen shown now (empty when nothing is). */
async function problemsOnScreen(page: Page, username: string): Promise<string[]> {
  const where = new URL(page.url()).pathname;
  const out: string[] = [];
  const errorBoxes = await page.locator('.ant-alert-error:visible, .ant-result-403:visible, .ant-result-404:visible').allInnerTexts();
  for (const t of errorBoxes) out.push(`${where}: error box «${t.trim().slice(0, 80)}»`);
  // Text set as code (placeholders such as {noticeNo} that a user types as they are) is syntax, not a word to translate.
  const text = await page.evaluate(() => {
    let t = document.body.innerText;
    for (const c of Array.from(document.querySelectorAll('code, kbd'))) t = t.split((c as HTMLElement).innerText).join(' ');
    return t;
  });
  for (const phrase of ['没有权限', '页面不存在']) if (text.includes(phrase)) out.push(`${where}: shows ${phrase}`);
  const words = new Set(text.replace(FILE_NAME, ' ').replace(CODE, ' ').match(/[A-Za-z]{3,}/g) ?? []);
  for (const w of words) if (!ALLOWED_WORDS.has(w) && !isData(username, w) && !(where === '/users' && LOGIN_NAMES.has(w))) out.push(`${where}: English word «${w}»`);
  for (const k of new Set(text.match(RAW_KEY) ?? [])) out.push(`${where}: raw key «${k}»`);
  const native = await page.locator('input[type=date], input[type=time], input[type=month], input[type=datetime-local]').count();
  if (native) out.push(`${where}: ${native} native date/time input(s)`);
  return out;
}

/** The side menu's entries (opening the drawer on a phone), as { label, path } by clicking each. */
async function menuLabels(page: Page, phone: boolean): Promise<string[]> {
  if (phone) {
    await page.getByTestId('menu-button').click();
    await page.getByTestId('menu-drawer').locator('.ant-menu-item').first().waitFor();
  }
  const menu = phone ? page.getByTestId('menu-drawer').getByTestId('main-menu') : page.getByTestId('main-menu');
  const labels = (await menu.locator('.ant-menu-item .ant-menu-title-content').allInnerTexts()).map((s) => s.trim());
  if (phone) await page.keyboard.press('Escape');
  return labels;
}

async function clickMenu(page: Page, label: string, phone: boolean): Promise<void> {
  if (phone) {
    await page.getByTestId('menu-button').click();
    await page.getByTestId('menu-drawer').locator('.ant-menu-item').first().waitFor();
  }
  const menu = phone ? page.getByTestId('menu-drawer').getByTestId('main-menu') : page.getByTestId('main-menu');
  await menu.locator('.ant-menu-item').filter({ has: page.getByText(label, { exact: true }) }).first().click();
}

/** `ROLES_ONLY=collector,qa` / `ROLES_SIZES=phone` narrow a run while fixing what it found. */
const only = (v: string | undefined) => (v ? new Set(v.split(',')) : null);
const ONLY_ROLES = only(process.env.ROLES_ONLY);
const ONLY_SIZES = only(process.env.ROLES_SIZES);

for (const size of SIZES.filter((s) => !ONLY_SIZES || ONLY_SIZES.has(s.name))) {
  describe(`every role at ${size.name} size (${size.width}×${size.height})`, () => {
    for (const role of ROLES.filter((r) => !ONLY_ROLES || ONLY_ROLES.has(r.username))) {
      // No retries: the sweep is deterministic, and a rerun of a long menu only costs time.
      it(`${role.username}: lands on its home and every menu screen is clean`, { retry: 0, timeout: 400_000 }, async () => {
        const { page } = await openPage(browser(), size);
        await signIn(page, role.username, role.username === 'admin' ? inject('adminPassword') : undefined);
        await page.goto(`${baseUrl()}/`);
        await page.waitForURL((u) => u.pathname !== '/');
        expect(new URL(page.url()).pathname, 'landing page').toBe(role.home);
        await settle(page);
        const problems = await problemsOnScreen(page, role.username);
        if (problems.length) console.log(`[roles] ${size.name} ${role.username} home:\n  ${problems.join('\n  ')}`);
        await shot(page, `roles-${size.name}-${role.username}-home`);

        // The staff menu lives in the signed-in layout; the account screen is in every role's menu.
        await page.goto(`${baseUrl()}/account`);
        await settle(page);
        const labels = await menuLabels(page, size.isMobile);
        expect(labels.length, 'menu entries').toBeGreaterThan(0);
        const visited: string[] = [];
        for (const label of labels) {
          await clickMenu(page, label, size.isMobile);
          await settle(page);
          visited.push(new URL(page.url()).pathname);
          const found = await problemsOnScreen(page, role.username);
          if (found.length) console.log(`[roles] ${size.name} ${role.username}:\n  ${found.join('\n  ')}`);
          problems.push(...found);
          // A bare (phone-app) screen has no menu: come back to the layout for the next entry.
          if (!(await page.getByTestId(size.isMobile ? 'menu-button' : 'main-menu').count())) {
            await page.goto(`${baseUrl()}/account`);
            await settle(page);
          }
        }
        expect(new Set(visited).size, `distinct screens for ${labels.join('、')}`).toBe(labels.length);
        expect(problems).toEqual([]);
      });
    }
  });
}

describe('dispatch board by keyboard', () => {
  it('gives an order to a technician with the keyboard alone', async () => {
    const { page } = await openPage(browser(), { width: 1366, height: 900 });
    await signIn(page, 'dispatcher');
    await page.goto(`${baseUrl()}/dispatch`);
    const todo = page.getByTestId('board-unassigned');
    await todo.getByTestId('order-card').first().waitFor();

    // ? shows the shortcuts; Esc closes them.
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-help').getByText('快捷键').first().waitFor();
    await shot(page, 'dispatch-shortcuts');
    await page.keyboard.press('Escape');
    await eventually(() => page.getByTestId('shortcut-help').isVisible()).toBe(false);

    // j focuses the first card of the first column (to dispatch), visibly and with the browser's focus.
    await page.keyboard.press('j');
    const first = todo.getByTestId('order-card').first();
    await eventually(() => first.getAttribute('data-focused')).toBe('true');
    expect(await first.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await first.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    await page.keyboard.press('j');
    const second = todo.getByTestId('order-card').nth(1);
    await eventually(() => second.getAttribute('data-focused')).toBe('true');
    await page.keyboard.press('k');
    await eventually(() => first.getAttribute('data-focused')).toBe('true');
    const number = (await first.getAttribute('data-number'))!;
    const id = (await first.getAttribute('data-id'))!;

    // d: dispatch this one; the technician list takes the focus and shows its numbers.
    await page.keyboard.press('d');
    await page.getByTestId('dispatch-selected').getByText(number).waitFor();
    await eventually(() => page.evaluate(() => !!document.activeElement?.closest('[data-testid="board-technicians"]'))).toBe(true);
    const slots = page.getByTestId('tech-slot');
    await eventually(() => page.getByTestId('tech-number').count()).toBeGreaterThan(0);
    // The first listed technician who is on duty and under the cap (reading the screen is allowed; acting is by key).
    const atCap = await slots.evaluateAll((els) => els.slice(0, 9).map((e) => e.getAttribute('data-at-cap') === 'true' || !!e.textContent?.includes('不在岗')));
    const pick = atCap.indexOf(false);
    expect(pick, 'a technician free to take the order').toBeGreaterThanOrEqual(0);
    const name = (await slots.nth(pick).getAttribute('data-name'))!;
    await shot(page, 'dispatch-keyboard');
    await page.keyboard.press(String(pick + 1));
    await page.locator('.ant-message-success').filter({ hasText: number }).waitFor();

    const dispatcher = await apiSession('dispatcher');
    const order = await dispatcher.get<{ assigneeName?: string | null; status: string }>(`/api/orders/${id}`);
    expect(order.assigneeName).toBe(name);
    await eventually(() => todo.locator(`[data-number="${number}"]`).count()).toBe(0);

    // Esc clears the focus; / goes to the search box; Enter on a card opens it.
    await page.keyboard.press('/');
    await eventually(() => page.evaluate(() => !!document.activeElement?.closest('[data-testid="filter-search"]'))).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    const focused = page.locator('[data-testid="order-card"][data-focused="true"]');
    await focused.waitFor();
    const openId = await focused.getAttribute('data-id');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl()}/orders/${openId}`);
  });
});

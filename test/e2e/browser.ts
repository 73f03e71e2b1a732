/**
 * Playwright (playwright-core) on the system Chromium, with a guard that fails the running test
 * on any console error or uncaught page error, and screenshots of the main views.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, onTestFinished } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOTS = path.join(ROOT, 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const DEMO_PASSWORD = 'shouwen-demo';

export const baseUrl = () => inject('baseUrl');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** One browser for the test file (each test opens its own context): started before, closed after. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser has not started');
    return browser;
  };
}

export interface GuardedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and page errors seen so far. */
  problems: string[];
  /** Accept the browser's "Failed to load resource" line for an HTTP error the test provokes on purpose. */
  allowHttpError(url: string | RegExp): void;
}

/**
 * The app asks GET /api/auth/me on every page load to learn whether the HttpOnly session cookie
 * is valid; without a session the answer is 401 and Chromium logs the status as a console error.
 * That one is expected; anything else is a defect.
 */
const EXPECTED_HTTP_ERRORS: RegExp[] = [/\/api\/auth\/me$/];

/**
 * A fresh context (own cookies and localStorage) and page. When the test finishes the context
 * closes, and the test fails if the page logged a console error or threw.
 */
export async function openPage(browser: Browser, opts: { width?: number; height?: number; isMobile?: boolean } = {}): Promise<GuardedPage> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1366, height: opts.height ?? 768 },
    isMobile: opts.isMobile ?? false,
    hasTouch: opts.isMobile ?? false,
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const allowed = [...EXPECTED_HTTP_ERRORS];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location().url ?? '';
    if (/^Failed to load resource/.test(msg.text()) && allowed.some((re) => re.test(url.split('?')[0]))) return;
    problems.push(`console.error: ${msg.text()} (${url})`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  onTestFinished(async () => {
    await context.close();
    expect(problems, 'console errors or page errors during the test').toEqual([]);
  });
  return {
    page,
    context,
    problems,
    allowHttpError: (u) => allowed.push(typeof u === 'string' ? new RegExp(u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$') : u),
  };
}

/** Save a screenshot of the current view as screenshots/<name>.png. */
export async function shot(page: Page, name: string, fullPage = false): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  // Let animations (drawers, fades) settle so the picture shows the resting state.
  await page.waitForTimeout(350);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** Sign in through the login form, as a person would (labels, Enter). */
export async function loginViaUi(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl()}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#password').press('Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/**
 * Start a session without the login form (tests that are not about signing in): log in through
 * the API and hand the session cookie to the browser context.
 */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  const r = await fetch(`${baseUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!r.ok) throw new Error(`login ${username}: ${r.status}`);
  const [pair] = (r.headers.get('set-cookie') ?? '').split(';');
  const eq = pair.indexOf('=');
  await page.context().addCookies([{ name: pair.slice(0, eq), value: pair.slice(eq + 1), url: baseUrl(), httpOnly: true, sameSite: 'Lax' }]);
}

/** A signed-in API session from Node, for arranging test data without the UI. */
export async function apiSession(username: string, password = DEMO_PASSWORD) {
  const r = await fetch(`${baseUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
  const { user } = (await r.json()) as { user: { csrfToken: string } };
  const raw = (method: string, url: string, body?: unknown, lang = 'zh-CN') =>
    fetch(`${baseUrl()}${url}`, {
      method,
      headers: { cookie, 'accept-language': lang, 'x-csrf-token': user.csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  const call = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await raw(method, url, body);
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return { raw, get: <T>(url: string) => call<T>('GET', url), post: <T>(url: string, body: unknown) => call<T>('POST', url, body) };
}

/** antd puts a space between the two characters of a two-character CJK button label ("保 存"). */
export function buttonName(label: string): RegExp {
  return new RegExp(`^${[...label].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s?')}$`);
}

/** expect.poll with a patience that suits page loads on a busy machine (vitest's default is 1 s). */
export function eventually<T>(fn: () => T | Promise<T>) {
  return expect.poll(fn, { timeout: 20_000, interval: 100 });
}

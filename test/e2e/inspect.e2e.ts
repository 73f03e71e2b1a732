import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import zhCN from '../../web/src/i18n/inspectApp.zh-CN.json';
import { apiSession, baseUrl, eventually, loginViaUi, openPage, shot, useBrowser } from './browser';

const browser = useBrowser();
const L = zhCN.inspectApp;
const PHONE = { width: 390, height: 844, isMobile: true };

/** A 1×1 PNG: the photo an inspector takes of what is wrong. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Shanghai 'HH:MM' of an instant. */
const hhmm = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
const shanghaiDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** No catalogue key, untranslated English word or raw code on the screen (checkpoint codes are upper case). */
async function expectNoRawText(page: Page) {
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/\b(inspectApp|ops|inspections)\.[\w.]+/);
  expect(text).not.toMatch(/\b[a-z]{3,}\b/);
  expect(await page.locator('.ant-alert-error').count()).toBe(0);
}

interface Arranged {
  title: string;
  codes: [string, string];
  tokens: [string, string];
  names: [string, string];
}

/** A route of two checkpoints and a round starting in five minutes, set up as the inspector would through the API. */
async function arrange(): Promise<Arranged> {
  const api = await apiSession('inspector');
  const some = await api.get<{ items: { projectId: string }[] }>('/api/inspections/checkpoints?pageSize=1');
  const projectId = some.items[0].projectId;
  // Digits only: a Latin run in a shown name would read as an untranslated word in the role sweep.
  const tag = String(Date.now() % 100_000);
  const cl = await api.post<{ id: string }>('/api/inspections/checklists', {
    projectId,
    name: `水泵房检查${tag}`,
    items: [
      { code: 'door', label: '门锁完好', type: 'check' },
      { code: 'pressure', label: '出水压力', type: 'number', min: 0.2, max: 0.6, unit: 'MPa' },
    ],
  });
  const names: [string, string] = [`水泵房${tag}`, `配电室${tag}`];
  const codes: [string, string] = [`P${tag}1`, `P${tag}2`];
  const cps = [];
  for (let i = 0; i < 2; i++) cps.push(await api.post<{ id: string; qrPayload: string }>('/api/inspections/checkpoints', { projectId, code: codes[i], name: names[i], location: '地下一层', checklistId: cl.id }));
  const route = await api.post<{ id: string }>('/api/inspections/routes', { projectId, name: `设备房路线${tag}`, checkpointIds: cps.map((c) => c.id) });
  const title = `设备房巡检${tag}`;
  const start = new Date(Date.now() + 5 * 60_000);
  await api.post('/api/inspections/plans', { projectId, name: title, kind: 'patrol', routeId: route.id, checklistId: cl.id, schedule: { type: 'daily', times: [hhmm(start)] }, windowMinutes: 60, graceMinutes: 30 });
  await api.post('/api/inspections/tasks/generate', { projectId, from: shanghaiDate(start), to: shanghaiDate(start) });
  const token = (c: { qrPayload: string }) => decodeURIComponent(c.qrPayload.split('/').pop()!);
  return { title, codes, names, tokens: [token(cps[0]), token(cps[1])] };
}

describe('inspector phone app (390 px)', () => {
  it('signs in to today’s route, starts a round, checks a typed code with an abnormal item and a photo → hazard', async () => {
    const a = await arrange();
    const { page } = await openPage(browser(), PHONE);
    await loginViaUi(page, 'inspector');
    await page.waitForURL(`${baseUrl()}/inspect`);
    const card = page.getByTestId('day-task').filter({ hasText: a.title });
    await card.waitFor();
    expect(await page.locator('.ant-layout-sider').count()).toBe(0);
    await expect(card.getByTestId('task-progress').innerText()).resolves.toBe('0/2');
    await expectNoRawText(page);
    await shot(page, 'inspect-today');

    await card.getByTestId('task-start').click();
    await card.getByTestId('task-complete').waitFor();

    const codeInput = page.getByPlaceholder(L.scan.placeholder);
    await codeInput.fill(a.codes[0].toLowerCase());
    await codeInput.press('Enter');
    await page.waitForURL((u) => u.pathname === `/m/checkpoint/${a.tokens[0]}`);
    await page.getByTestId('cp-round').waitFor();
    expect(await page.getByTestId('cp-round').innerText()).toContain(a.title);
    await expect(page.getByTestId('cp-head').innerText()).resolves.toContain(a.names[0]);

    await page.getByTestId('item-door').getByText(L.cp.abnormal, { exact: true }).click();
    // antd puts the test id on the <input> itself or on its wrapper, depending on the addon.
    await page.locator('input[data-testid=item-pressure], [data-testid=item-pressure] input').first().fill('0.4');
    await page.getByTestId('hazard-fields').waitFor();
    // Before the photo: its file name is the user's, shown as picked.
    await expectNoRawText(page);
    await page.locator('input[type=file]').setInputFiles({ name: 'door.png', mimeType: 'image/png', buffer: PHOTO });
    await page.getByTestId('hazard-description').fill('门锁损坏，无法上锁');
    await shot(page, 'inspect-checkpoint-abnormal', true);
    await page.getByTestId('cp-submit').click();

    await page.waitForURL(`${baseUrl()}/inspect`);
    await eventually(() => card.getByTestId('task-progress').innerText()).toBe('1/2');
    await expectNoRawText(page);
    await shot(page, 'inspect-progress');

    // The hazard exists, carries the photo, and is linked to the round's result.
    const api = await apiSession('inspector');
    const day = await api.get<{ tasks: { id: string; title: string; checkedCount: number; abnormalCount: number }[] }>('/api/inspections/today');
    const task = day.tasks.find((t) => t.title === a.title)!;
    expect(task).toMatchObject({ checkedCount: 1, abnormalCount: 1 });
    const detail = await api.get<{ results: { hazardOrderId: string | null; checkpointId: string; viaQr: boolean }[] }>(`/api/inspections/tasks/${task.id}`);
    expect(detail.results).toHaveLength(1);
    // Typed, not scanned: not counted as proof of presence.
    expect(detail.results[0].viaQr).toBe(false);
    const hazard = await api.get<{ kind: string; description: string; attachments: unknown[] }>(`/api/orders/${detail.results[0].hazardOrderId}`);
    expect(hazard.kind).toBe('hazard');
    expect(hazard.description).toContain('门锁损坏');
    expect(hazard.attachments).toHaveLength(1);
  });

  it('a QR link opened while signed out goes through the login and comes back', async () => {
    const a = await arrange();
    const { page } = await openPage(browser(), PHONE);
    await page.goto(`${baseUrl()}/m/checkpoint/${a.tokens[1]}`);
    await page.waitForURL((u) => u.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/m/checkpoint/${a.tokens[1]}`);
    await page.locator('#username').fill('inspector');
    await page.locator('#password').fill('shouwen-demo');
    await page.locator('#password').press('Enter');
    await page.waitForURL((u) => u.pathname === `/m/checkpoint/${a.tokens[1]}`);
    await expect(page.getByTestId('cp-head').innerText()).resolves.toContain(a.names[1]);
    await page.getByTestId('cp-submit').waitFor();
    await expectNoRawText(page);
  });

  it('other staff get the point read-only or a plain message, never “page not found”', async () => {
    const a = await arrange();
    const sup = await openPage(browser(), PHONE);
    await loginViaUi(sup.page, 'supervisor');
    await sup.page.goto(`${baseUrl()}/m/checkpoint/${a.tokens[0]}`);
    await sup.page.getByTestId('cp-read-only').waitFor();
    await expect(sup.page.getByTestId('cp-head').innerText()).resolves.toContain(a.names[0]);
    expect(await sup.page.getByTestId('cp-submit').count()).toBe(0);
    await expectNoRawText(sup.page);

    const col = await openPage(browser(), PHONE);
    await loginViaUi(col.page, 'collector');
    await col.page.goto(`${baseUrl()}/m/checkpoint/${a.tokens[0]}`);
    await col.page.getByTestId('cp-not-inspector').waitFor();
    expect(await col.page.getByTestId('cp-not-inspector').innerText()).toContain(L.cp.notInspector);
    await expectNoRawText(col.page);
  });
});

/**
 * The technician's phone app (issue 11) at 390 × 844: duty as the server has it, one primary step
 * per state, a material and a before photo, then completion with the customer's signature while
 * OFFLINE — queued as 待同步 1, synced when back online — and a conflict (a dispatcher changed the
 * order meanwhile) reported by order number. No English word or raw code on screen.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import techCN from '../../web/src/i18n/techApp.zh-CN.json';
import { apiSession, baseUrl, eventually, openPage, shot, signIn, useBrowser } from './browser';

const browser = useBrowser();
const PHONE = { width: 390, height: 844, isMobile: true };
const T = techCN.techApp;
// A 1×1 PNG: the photo the camera hands over.
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

interface OrderView {
  id: string;
  number: string;
  state: string;
  version: number;
  attachments: { phase: string | null; signerName: string | null; mime: string }[];
  materialsUsed: { name: string; quantity: number; unit: string | null; unitPriceFen: number | null }[];
}
type Session = Awaited<ReturnType<typeof apiSession>>;
const sessions = new Map<string, Promise<Session>>();
const as = (user: string) => {
  let s = sessions.get(user);
  if (!s) sessions.set(user, (s = apiSession(user)));
  return s;
};

/** A repair logged at the desk and dispatched to tech1 (a supervisor may exceed the cap, with a reason). */
async function repairFor(title: string): Promise<OrderView> {
  const agent = await as('agent1');
  const units = await agent.get<{ items: { id: string; projectId: string }[] }>('/api/units?pageSize=1&q=1-8');
  const u = units.items[0];
  const r = await agent.post<{ orderId: string }>('/api/contacts', {
    projectId: u.projectId, channel: 'phone', category: 'unit_repair', callerName: '王先生', callerPhone: '13900002222', unitId: u.id, summary: title, order: { category: '管道' },
  });
  const sup = await as('supervisor');
  const techs = await sup.get<{ items: { id: string; username: string }[] }>('/api/users?role=technician');
  const tech1 = techs.items.find((x) => x.username === 'tech1')!;
  const o = await sup.get<OrderView>(`/api/orders/${r.orderId}`);
  await sup.post(`/api/orders/${o.id}/actions/dispatch`, { expectedVersion: o.version, assigneeId: tech1.id, capOverrideReason: '测试：指定师傅' });
  return sup.get<OrderView>(`/api/orders/${o.id}`);
}

/** No catalogue key, English word or error box on the screen (order numbers are data). */
async function expectNoRawText(page: Page, allowErrors = false) {
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/\b(techApp|tech|orders)\.[\w.]+/);
  expect(text.replace(/\b[A-Z]{1,4}-?\d[\w-]*\b/g, '')).not.toMatch(/\b[a-zA-Z]{3,}\b/);
  if (!allowErrors) expect(await page.locator('.ant-alert-error').count()).toBe(0);
}

const state = (page: Page) => page.getByTestId('tech-state').getAttribute('data-state');
const onServer = async (page: Page, id: string) => (await (await page.request.get(`${baseUrl()}/api/orders/${id}`)).json()) as OrderView;

/** Sign on the canvas with the mouse: a few strokes. */
async function sign(page: Page) {
  const pad = page.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 20 + i * 20, box.y + box.height / 2 + (i % 2 ? -25 : 25), { steps: 2 });
  await page.mouse.up();
}

async function completeOffline(page: Page, note: string, signed: boolean, afterPhoto = false) {
  await page.getByTestId('step-complete').click();
  const form = page.getByTestId('complete-form');
  await form.waitFor();
  await page.getByTestId('complete-note').fill(note);
  if (afterPhoto) {
    await page.getByTestId('complete-photo-input').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: PHOTO });
    await form.getByTestId('picked-photo').waitFor();
  }
  if (signed) await sign(page);
  else await form.getByText(T.completeDialog.noSignature).click();
  await page.getByTestId('complete-submit').click();
  await form.waitFor({ state: 'detached' });
}

describe('technician phone app', () => {
  it('works a job from accept to a signed completion made offline and synced later', async () => {
    const job = await repairFor(`卫生间角阀漏水 ${Date.now() % 100000}`);
    const tech = await as('tech1');
    const g = await openPage(browser(), PHONE);
    const { page, context } = g;
    // Offline requests fail in the browser's console by design.
    g.allowHttpError(/\/api\//);
    await signIn(page, 'tech1');

    // Duty is what the server says, on any device.
    const duty = await tech.get<{ onDuty: boolean }>('/api/me/duty');
    await page.goto(`${baseUrl()}/tech`);
    await eventually(() => page.getByTestId('duty').getAttribute('data-on-duty')).toBe(String(duty.onDuty));
    await tech.post('/api/technicians/me/duty', { onDuty: !duty.onDuty });
    await page.reload();
    await eventually(() => page.getByTestId(duty.onDuty ? 'duty-off' : 'duty-on').getAttribute('aria-pressed')).toBe('true');
    await tech.post('/api/technicians/me/duty', { onDuty: true });

    // The new job waits under 待接单.
    await page.getByTestId('tab-toAccept').click();
    const card = page.locator(`[data-section=toAccept] [data-testid=order-card][data-number="${job.number}"]`);
    await card.waitFor();
    await shot(page, 'tech-today');
    await expectNoRawText(page);
    await card.click();
    await page.waitForURL(`${baseUrl()}/tech/orders/${job.id}`);

    // One primary step per state.
    await page.getByTestId('step-accept').click();
    await eventually(() => state(page)).toBe('accepted');
    await page.getByTestId('step-start').click();
    await eventually(() => state(page)).toBe('in_progress');
    expect(await page.getByTestId('step-complete').getAttribute('class')).toContain('ant-btn-primary');
    expect(await page.getByTestId('step-hold').getAttribute('class')).not.toContain('ant-btn-primary');
    expect(await page.getByTestId('navigate').getAttribute('href')).toMatch(/^https:\/\/uri\.amap\.com\/search\?keyword=/);

    // A material and a before photo, online.
    await page.getByTestId('material-name').fill('角阀');
    await page.getByTestId('material-quantity').fill('2');
    await page.getByTestId('material-unit').fill('个');
    await page.getByTestId('material-price').fill('15.5');
    await page.getByTestId('material-add').click();
    await page.getByTestId('materials-card').getByText('角阀').waitFor();
    await page.getByTestId('before-photo-input').setInputFiles({ name: 'before.png', mimeType: 'image/png', buffer: PHOTO });
    await page.getByTestId('photo-before').first().waitFor();
    await expectNoRawText(page);
    await shot(page, 'tech-working', true);

    // Offline: the completion with the customer's signature waits on the phone.
    await context.setOffline(true);
    await page.getByTestId('offline-banner').waitFor();
    await completeOffline(page, '更换角阀，已试水无渗漏', true);
    await eventually(() => page.getByTestId('sync-pending').innerText()).toContain(T.pending.replace('{{count}}', '1'));
    expect(await state(page)).toBe('completed');
    await shot(page, 'tech-offline-queued');
    await expectNoRawText(page);
    expect((await tech.get<OrderView>(`/api/orders/${job.id}`)).state).toBe('in_progress');

    // Back online: it syncs by itself (the button is there too).
    await context.setOffline(false);
    await eventually(() => page.getByTestId('sync-pending').count()).toBe(0);
    const done = await onServer(page, job.id);
    expect(['completed', 'awaiting_visit']).toContain(done.state);
    expect(done.attachments.filter((a) => a.phase === 'signature')).toEqual([expect.objectContaining({ signerName: '王先生', mime: 'image/png' })]);
    expect(done.attachments.filter((a) => a.phase === 'before')).toHaveLength(1);
    expect(done.materialsUsed).toEqual([expect.objectContaining({ name: '角阀', quantity: 2, unit: '个', unitPriceFen: 1550 })]);
    await page.getByTestId('signature').waitFor();
    await expectNoRawText(page);
    await shot(page, 'tech-synced', true);
  });

  it('reports a queued completion the server refuses because the order changed meanwhile', async () => {
    const job = await repairFor(`厨房水龙头滴水 ${Date.now() % 100000}`);
    const tech = await as('tech1');
    await tech.post(`/api/fieldwork/orders/${job.id}/steps/accept`, { key: `e2e-accept-${job.id}` });
    await tech.post(`/api/fieldwork/orders/${job.id}/steps/start`, { key: `e2e-start-${job.id}` });
    const g = await openPage(browser(), PHONE);
    const { page, context } = g;
    g.allowHttpError(/\/api\//);
    await signIn(page, 'tech1');
    await page.goto(`${baseUrl()}/tech/orders/${job.id}`);
    await eventually(() => state(page)).toBe('in_progress');

    await context.setOffline(true);
    await completeOffline(page, '已处理', false, true);
    // The after photo and the completion wait, in that order.
    await eventually(() => page.getByTestId('sync-pending').innerText()).toContain(T.pending.replace('{{count}}', '2'));
    // Meanwhile the dispatcher puts the order on hold.
    const sup = await as('supervisor');
    const now = await sup.get<OrderView>(`/api/orders/${job.id}`);
    await sup.post(`/api/orders/${job.id}/actions/hold`, { expectedVersion: now.version, holdReason: 'waiting_parts', reason: '等配件' });

    await context.setOffline(false);
    const conflict = page.getByTestId('sync-conflict');
    await conflict.waitFor();
    const text = await conflict.innerText();
    expect(text).toContain(job.number);
    expect(text).toContain(T.step.complete);
    expect(text).toMatch(/已被他人修改|不能/);
    expect(await page.getByTestId('sync-pending').count()).toBe(0);
    await eventually(() => state(page)).toBe('on_hold');
    await expectNoRawText(page, true);
    await shot(page, 'tech-conflict');
    await conflict.getByRole('button').click();
    await eventually(() => conflict.count()).toBe(0);
    // The photo went through (the order is still the technician's work); only the completion was refused.
    const after = await onServer(page, job.id);
    expect(after.state).toBe('on_hold');
    expect(after.attachments.filter((a) => a.phase === 'after')).toHaveLength(1);
  });
});

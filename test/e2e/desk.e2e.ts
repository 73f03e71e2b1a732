/**
 * The service desk end to end, in a real browser against the real server with demo data:
 * desk intake → order; dispatch board → technician on a phone → return visit; resident portal;
 * the rating link; the dashboard. One browser for the file; each test its own context.
 */
import zlib from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import deskCN from '../../web/src/i18n/desk.zh-CN.json';
import { LIFECYCLE_LABELS } from '../../src/modules/workorders/lifecycle/labels';
import { apiSession, baseUrl, eventually, openPage, shot, signIn, useBrowser } from './browser';

const L = LIFECYCLE_LABELS['zh-CN'];
const PHONE = { width: 390, height: 844, isMobile: true };

const browser = useBrowser();

type Session = Awaited<ReturnType<typeof apiSession>>;
interface OrderView {
  id: string;
  number: string;
  state: string;
  version: number;
  kind: string;
  category: string | null;
  title: string;
  unitId: string | null;
  partyId: string | null;
  areaScope: string | null;
  assigneeId: string | null;
  attachments: { id: string; mime: string }[];
  visits: { status: string; outcome: string | null; channel: string | null; scores: { speed: number | null; attitude: number | null; quality: number | null } }[];
}
interface PartyView {
  id: string;
  name: string;
  phones: { digits: string; kind: string }[];
  units: { unitId: string; projectId: string; unitNumber: string; moveOutDate: string | null }[];
}

const sessions = new Map<string, Promise<Session>>();
const as = (user: string) => {
  let s = sessions.get(user);
  if (!s) sessions.set(user, (s = apiSession(user)));
  return s;
};
const order = async (id: string) => (await as('supervisor')).get<OrderView>(`/api/orders/${id}`);

/** Perform an action through the API as `user` with the version the order has now. */
async function act(user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const s = await as(user);
  const o = await s.get<OrderView>(`/api/orders/${id}`);
  await s.post(`/api/orders/${id}/actions/${action}`, { expectedVersion: o.version, ...body });
}

/** A small valid PNG (a solid colour), as a phone camera would hand over a photo. */
function png(width = 24, height = 16, rgb: [number, number, number] = [30, 144, 255]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Nothing wider than the screen: no sideways scrolling of the whole page. */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
/** antd radio buttons by their exact visible text (满意 must not match 基本满意). */
const radio = (page: Page, text: string) => page.locator('label.ant-radio-button-wrapper').filter({ hasText: new RegExp(`^${text}$`) });
/** Give every star row in a form `n` stars. */
async function stars(page: Page, scope: string, n: number) {
  const rows = page.locator(`${scope} .ant-rate`);
  const count = await rows.count();
  expect(count).toBe(3);
  for (let i = 0; i < count; i++) await rows.nth(i).locator('.ant-rate-star').nth(n - 1).click();
}

/** An order logged at the desk through the API (the UI path is tested in its own test). */
async function loggedRepair(title: string): Promise<OrderView> {
  const s = await as('agent1');
  const units = await s.get<{ items: { id: string; projectId: string }[] }>('/api/units?pageSize=1&q=1-8');
  const u = units.items[0];
  const r = await s.post<{ orderId: string }>('/api/contacts', {
    projectId: u.projectId,
    channel: 'phone',
    category: 'unit_repair',
    callerName: 'E2E',
    callerPhone: '13900001111',
    unitId: u.id,
    summary: title,
    order: { category: '管道' },
  });
  return order(r.orderId);
}

describe('desk 受理台', () => {
  it('logs a caller’s repair as a work order in three actions: look up, say it, to order', async () => {
    const { page } = await openPage(browser());
    await signIn(page, 'agent1');
    // A caller whose number identifies exactly one person living in exactly one unit.
    const agent = await as('agent1');
    const parties = await agent.get<{ items: PartyView[] }>('/api/parties?pageSize=60');
    let caller: PartyView | undefined;
    for (const p of parties.items) {
      const mobile = p.phones.find((x) => x.kind === 'mobile');
      if (!mobile || p.units.filter((u) => !u.moveOutDate).length !== 1) continue;
      const screen = await agent.get<{ parties: unknown[] }>(`/api/desk/caller?phone=${mobile.digits}`);
      if (screen.parties.length === 1) {
        caller = p;
        break;
      }
    }
    expect(caller, 'a demo caller with one phone and one unit').toBeDefined();
    const digits = caller!.phones.find((x) => x.kind === 'mobile')!.digits;
    const unit = caller!.units.find((u) => !u.moveOutDate)!;

    await page.goto(`${baseUrl()}/`);
    // Agents land on the desk, with the cursor in the number field.
    await page.waitForURL(`${baseUrl()}/desk`);
    await eventually(() => page.evaluate(() => document.activeElement?.id)).toBe('desk-phone');

    // Action 1: the number and Enter.
    await page.keyboard.type(digits);
    await page.keyboard.press('Enter');
    const result = page.getByTestId('caller-result');
    await result.getByText(caller!.name, { exact: true }).first().waitFor();
    expect(await page.getByTestId('caller-units').locator('.ant-radio-wrapper-checked').innerText()).toContain(unit.unitNumber);
    await shot(page, 'desk-caller');

    // Action 2: what the caller says (the cursor is already in the request field).
    await eventually(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    const summary = `卫生间水管漏水 e2e-${Date.now() % 100000}`;
    await page.keyboard.type(summary);
    await eventually(() => page.locator('[data-testid=desk-category] .ant-radio-button-wrapper-checked').innerText()).toBe(deskCN.desk.category.unit_repair);

    // Action 3: turn it into an order.
    await page.getByTestId('desk-to-order').click();
    const done = page.getByTestId('desk-result');
    await done.waitFor();
    const number = /([A-Z]{2}\d{12})/.exec(await done.innerText())?.[1];
    expect(number).toBeTruthy();
    await shot(page, 'desk-order-created');

    // The order carries everything the three actions implied.
    const found = await agent.get<{ items: OrderView[] }>(`/api/orders?queue=all&q=${number}`);
    const o = found.items.find((x) => x.number === number)!;
    expect(o).toMatchObject({ kind: 'repair', areaScope: 'unit', unitId: unit.unitId, partyId: caller!.id, title: summary, category: '水电', state: 'awaiting_dispatch' });
    // Ready for the next caller: the form is empty and the number field has the cursor.
    await eventually(() => page.evaluate(() => document.activeElement?.id)).toBe('desk-phone');
    expect(await page.getByTestId('desk-summary').inputValue()).toBe('');

    // An enquiry answered on the spot is logged without an order.
    await page.keyboard.type(digits);
    await page.keyboard.press('Enter');
    await result.waitFor();
    await eventually(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.type('请问物业费可以微信缴纳吗');
    await eventually(() => page.locator('[data-testid=desk-category] .ant-radio-button-wrapper-checked').innerText()).toBe(deskCN.desk.category.enquiry);
    await page.getByTestId('desk-spot').click();
    await expect.poll(() => done.innerText()).toContain(deskCN.desk.loggedSpot);
    const mine = await agent.get<{ items: { summary: string; handledOnSpot: boolean; orderId: string | null }[] }>('/api/contacts?mine=1&pageSize=5');
    expect(mine.items[0]).toMatchObject({ summary: '请问物业费可以微信缴纳吗', handledOnSpot: true, orderId: null });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
  });
});

describe('dispatch → technician → return visit', () => {
  it('dispatches by drag and by click, the technician completes on a phone with a photo, the agent records the return visit', async () => {
    const first = await loggedRepair(`厨房下水管道漏水 e2e-甲-${Date.now() % 100000}`);
    const second = await loggedRepair(`阳台地漏堵塞 e2e-乙-${Date.now() % 100000}`);
    const techs = await (await as('dispatcher')).get<{ items: { id: string; username: string; displayName: string }[] }>('/api/users?role=technician');
    const tech1 = techs.items.find((x) => x.username === 'tech1')!;
    const tech4 = techs.items.find((x) => x.username === 'tech4')!;

    // --- the dispatcher's board (1366 × 768)
    const d = await openPage(browser());
    await signIn(d.page, 'dispatcher');
    await d.page.goto(`${baseUrl()}/dispatch`);
    const card = (n: string) => d.page.locator(`[data-testid=board-unassigned] [data-testid=order-card][data-number="${n}"]`);
    // The columns are paged by urgency (a fresh order sorts after the overdue ones): search narrows
    // the board, and the filter is kept in the address.
    await d.page.locator('[data-testid=board-unassigned] [data-testid=order-card]').first().waitFor();
    await d.page.getByTestId('filter-search').fill('e2e-');
    await d.page.getByTestId('filter-search').press('Enter');
    await d.page.waitForURL(/[?&]q=e2e-/);
    await card(first.number).waitFor();
    await card(first.number).scrollIntoViewIfNeeded();
    await shot(d.page, 'dispatch-board');
    // Drag the card onto the technician.
    await card(first.number).dragTo(d.page.locator(`[data-testid=tech-slot][data-name="${tech1.displayName}"]`));
    await eventually(async () => (await order(first.id)).assigneeId).toBe(tech1.id);
    expect((await order(first.id)).state).toBe('dispatched');
    // Or pick a card (Space on the focused card; Enter would open it) and press the technician's button.
    await card(second.number).waitFor();
    await card(second.number).focus();
    await d.page.keyboard.press('Space');
    await d.page.getByTestId('dispatch-selected').waitFor();
    await shot(d.page, 'dispatch-selected');
    await d.page.locator(`[data-testid=tech-slot][data-name="${tech4.displayName}"] [data-testid=assign-button]`).click();
    await eventually(async () => (await order(second.id)).assigneeId).toBe(tech4.id);
    await eventually(() => card(first.number).count()).toBe(0);

    // --- the technician's phone (390 × 844)
    const tp = await openPage(browser(), PHONE);
    const page = tp.page;
    await signIn(page, 'tech1');
    await page.goto(`${baseUrl()}/`);
    await page.waitForURL(`${baseUrl()}/tech`);
    await page.getByTestId('duty-on').click();
    await eventually(() => page.getByTestId('duty-on').getAttribute('aria-pressed')).toBe('true');
    const job = page.locator(`[data-testid=tech-mine] [data-testid=order-card][data-number="${first.number}"]`);
    await job.waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'tech-jobs');
    await job.click();
    await page.waitForURL(`${baseUrl()}/tech/orders/${first.id}`);
    // One primary step per state in the technician app (accepting, then arriving and starting in one tap).
    for (const [step, state] of [
      ['accept', 'accepted'],
      ['start', 'in_progress'],
    ] as const) {
      await page.getByTestId(`step-${step}`).click();
      await eventually(() => page.getByTestId('order-state').first().getAttribute('data-state')).toBe(state);
    }
    expect(await page.getByTestId('step-accept').count()).toBe(0);
    await page.getByTestId('step-complete').click();
    const form = page.getByTestId('complete-form');
    await form.waitFor();
    await page.getByTestId('complete-note').fill('更换了三通接头，已试水无渗漏');
    await page.getByTestId('complete-photo-input').setInputFiles({ name: 'after-repair.png', mimeType: 'image/png', buffer: png() });
    await form.getByTestId('picked-photo').waitFor();
    // The customer is not at home: completion without a signature (tech.e2e.ts covers the signed one).
    await form.getByText('客户不在场，不签字').click();
    await shot(page, 'tech-complete');
    await page.getByTestId('complete-submit').click();
    // Nothing is owed, so completion queues the return visit by itself: no 转回访 button to press.
    await eventually(() => page.getByTestId('order-state').first().getAttribute('data-state')).toBe('awaiting_visit');
    await page.getByTestId('photo-after').first().waitFor();
    expect(await page.getByTestId('step-complete').count()).toBe(0);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'tech-done', true);
    const afterTech = await order(first.id);
    expect(afterTech.state).toBe('awaiting_visit');
    expect(afterTech.visits[0]).toMatchObject({ status: 'pending' });
    expect(afterTech.attachments).toHaveLength(1);
    expect(afterTech.attachments[0].mime).toBe('image/png');

    // --- the agent's return-visit queue
    const ap = await openPage(browser());
    await signIn(ap.page, 'agent1');
    await ap.page.goto(`${baseUrl()}/visits`);
    // The queue holds the demo's pending visits too: find this one by its number.
    await ap.page.getByTestId('visits-table').locator('.ant-table-row').first().waitFor();
    await ap.page.getByTestId('visits-search').fill(first.number);
    await ap.page.getByTestId('visits-search').press('Enter');
    const row = ap.page.getByTestId('visits-table').locator('tr', { hasText: first.number });
    await row.waitFor();
    await shot(ap.page, 'visits-queue');
    await row.getByTestId('visit-start').click();
    const drawer = ap.page.getByTestId('visit-drawer');
    await drawer.getByTestId('visit-script').waitFor();
    expect(await drawer.getByTestId('visit-script').innerText()).toContain(first.title);
    await radio(ap.page, L.outcomes.satisfied).click();
    await stars(ap.page, '[data-testid=visit-form]', 5);
    await drawer.getByLabel(deskCN.orders.field.comment).fill('师傅很细心');
    await shot(ap.page, 'visit-call');
    await ap.page.getByTestId('visit-submit').click();
    await eventually(async () => (await order(first.id)).state).toBe('closed');
    const closed = await order(first.id);
    expect(closed.visits[0]).toMatchObject({ status: 'done', outcome: 'satisfied', channel: 'phone', scores: { speed: 5, attitude: 5, quality: 5 } });
    await eventually(() => row.count()).toBe(0);
  });
});

describe('resident portal', () => {
  it('reports a repair with a photo from a phone and sees it in the list', async () => {
    const { page } = await openPage(browser(), PHONE);
    await signIn(page, 'resident');
    await page.goto(`${baseUrl()}/`);
    // A resident's home is the portal, without the staff layout.
    await page.waitForURL(`${baseUrl()}/portal`);
    await page.getByTestId('portal-new').waitFor();
    expect(await page.locator('.ant-layout-sider').count()).toBe(0);
    await shot(page, 'portal-home');
    await page.getByTestId('portal-new').click();
    await page.waitForURL(`${baseUrl()}/portal/new`);
    const title = `卧室空调不制冷 e2e-${Date.now() % 100000}`;
    await page.getByTestId('portal-title').fill(title);
    await page.getByLabel(deskCN.portal.description).fill('开了一小时还是热风');
    await page.getByTestId('photo-input').setInputFiles({ name: 'aircon.png', mimeType: 'image/png', buffer: png(32, 32, [200, 60, 60]) });
    await page.getByTestId('photo-thumb').waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'portal-new');
    await page.getByTestId('portal-submit').click();
    await page.waitForURL(/\/portal\/orders\/[^/]+$/);
    const id = page.url().split('/').pop()!;
    await page.getByTestId('attachment-photo').first().waitFor();
    expect(await page.getByTestId('order-title').innerText()).toBe(title);
    await shot(page, 'portal-order', true);

    const o = await order(id);
    const me = await (await as('resident')).get<{ user: { unitIds: string[] } }>('/api/auth/me');
    expect(o).toMatchObject({ kind: 'repair', areaScope: 'unit', title, unitId: me.user.unitIds[0] });
    expect(o.attachments).toHaveLength(1);

    await page.goto(`${baseUrl()}/portal`);
    const item = page.locator(`[data-testid=portal-order][data-number="${o.number}"]`);
    await item.waitFor();
    expect(await item.innerText()).toContain(title);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
  });
});

describe('rating link', () => {
  it('shows the order when opened without recording anything, and rates only on confirm', async () => {
    const o = await loggedRepair(`热水器不出热水 e2e-评价-${Date.now() % 100000}`);
    const tech1 = (await (await as('dispatcher')).get<{ items: { id: string; username: string }[] }>('/api/users?role=technician')).items.find((x) => x.username === 'tech1')!;
    await act('dispatcher', o.id, 'dispatch', { assigneeId: tech1.id });
    for (const a of ['accept', 'arrive', 'start_work', 'complete']) await act('tech1', o.id, a, a === 'complete' ? { note: '更换温控阀' } : {});
    // The link goes out through the message gateway, as the resident's text message would.
    let link = '';
    await eventually(async () => {
      const r = await fetch(`${inject('messagesUrl')}/rating-link/${o.id}`);
      if (r.ok) link = ((await r.json()) as { link: string }).link;
      return !!link;
    }).toBe(true);

    // Opened by someone not signed in, on a phone: the order is shown, nothing is recorded.
    const { page } = await openPage(browser(), PHONE);
    await page.goto(`${baseUrl()}${link}`);
    await page.getByTestId('rate-order').waitFor();
    expect(await page.getByTestId('rate-order').innerText()).toContain(o.number);
    await page.reload();
    await page.getByTestId('rate-form').waitFor();
    await shot(page, 'rate-open');
    let now = await order(o.id);
    expect(now.state).toBe('awaiting_visit');
    expect(now.visits.map((v) => v.status)).toEqual(['pending']);

    await radio(page, L.outcomes.basically_satisfied).click();
    await stars(page, '[data-testid=rate-form]', 4);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.getByTestId('rate-confirm').click();
    await page.getByTestId('rate-done').waitFor();
    await shot(page, 'rate-done');
    now = await order(o.id);
    expect(now.state).toBe('closed');
    expect(now.visits[0]).toMatchObject({ status: 'done', channel: 'link', scores: { speed: 4, attitude: 4, quality: 4 } });
    // Opening it again says it was rated and offers no form.
    await page.reload();
    await page.getByTestId('rate-done').waitFor();
    expect(await page.getByTestId('rate-form').count()).toBe(0);
  });
});

describe('dashboard', () => {
  it('shows the KPIs with their numerators and denominators, queue counters and a trend chart, and drills into records', async () => {
    const { page } = await openPage(browser());
    await signIn(page, 'supervisor');
    await page.goto(`${baseUrl()}/`);
    await page.waitForURL(`${baseUrl()}/dashboard`);
    const cards = page.getByTestId('kpi-card');
    await cards.first().waitFor();
    await page.locator('[data-testid=trend-chart][data-ready="1"] canvas').waitFor();
    await page.locator('[data-testid=volume-chart][data-ready="1"] canvas').waitFor();
    await shot(page, 'dashboard', true);

    // The same figures as the API for the range shown (last 30 days in Beijing time).
    const sup = await as('supervisor');
    const codes = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes).toEqual(expect.arrayContaining(['first_contact_resolution', 'callback_rate', 'satisfaction', 'complaint_handling_rate', 'on_time_rate']));
    for (const code of ['satisfaction', 'callback_rate']) {
      const ratio = (await page.locator(`[data-testid=kpi-card][data-code=${code}] [data-testid=kpi-ratio]`).innerText()).replace(/[,\s]/g, '');
      expect(ratio).toMatch(/^\d+\/\d+$/);
      const [num, den] = ratio.split('/').map(Number);
      expect(den).toBeGreaterThan(0);
      const value = Number((await page.locator(`[data-testid=kpi-card][data-code=${code}] [data-testid=kpi-value]`).innerText()).replace('%', ''));
      expect(Math.abs(value - (num / den) * 100)).toBeLessThanOrEqual(0.05);
    }
    // Queues that only actions change (the SLA sweeper may move near-breach and breached meanwhile).
    for (const q of ['open', 'awaiting_visit']) {
      const total = (await sup.get<{ total: number }>(`/api/orders?queue=${q}&pageSize=1`)).total;
      await eventually(async () => (await page.getByTestId(`counter-${q}`).innerText()).replace(/[,\s]/g, '').replace(/\D+/, '')).toBe(String(total));
    }

    // Drill into satisfaction: the records behind it, each order one click away.
    await page.locator('[data-testid=kpi-card][data-code=satisfaction]').click();
    const drawer = page.getByTestId('kpi-drawer');
    await drawer.locator('.ant-table-row').first().waitFor();
    await shot(page, 'dashboard-drill');
    const number = (await drawer.getByTestId('record-order').first().innerText()).trim();
    await drawer.getByTestId('record-order').first().click();
    await page.waitForURL(/\/orders\/[^/]+$/);
    await eventually(async () => (await page.getByTestId('order-number').innerText()).trim()).toBe(number);
  });
});

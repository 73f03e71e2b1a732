/**
 * Issue 11, server side: the paged dispatch board with its cap and live events, the desk's
 * duplicate check, "add to this order" and chasers, phone forms at the caller screen, return
 * visits queued on completion (due in business hours, link re-sendable), and a sweeper that
 * leaves closed orders alone. Runs on SQLite and on PostgreSQL (DATABASE_URL).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, type Session, type TestEnv } from '../../../test/helpers';
import { createUser } from '../auth/service';
import { createCalendar, describeDay } from '../sla';
import { defaultCalendarConfig, writeSetting } from './slaSettings';
import { sweepSla } from './sweeper';
import { visitDueAt } from './visits';

let env: TestEnv;
let agent: Session;
let dispatcher: Session;
let supervisor: Session;
let tech: Session;
let techBId: string;
beforeAll(async () => {
  env = await createTestEnv();
  techBId = await createUser(env.ctx.store.db, { orgId: env.fx.orgId, username: 'tech_b', displayName: '乙师傅', role: 'technician', password: 'test-password-1', skills: ['门窗'], onDuty: true });
  agent = await login(env.app, 'agent_a');
  dispatcher = await login(env.app, 'dispatcher');
  supervisor = await login(env.app, 'supervisor');
  tech = await login(env.app, 'tech');
});
afterAll(async () => env?.close());

const repair = async (body: Record<string, unknown>) => {
  const r = await agent.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'repair', areaScope: 'unit', ...body });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
};
const act = async (s: Session, id: string, action: string, body: Record<string, unknown> = {}) => s.inject('POST', `/api/orders/${id}/actions/${action}`, body);

describe('dispatch board', () => {
  it('pages each column on the server, breached first, one card per order, with filters', async () => {
    const db = env.ctx.store.db;
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await repair({ title: `门锁坏了 ${i}`, category: '门窗', buildingId: env.fx.buildingA }));
    const water = await repair({ title: '厨房漏水', category: '水电', unitId: env.fx.unitA2 });
    // One old order that breached, one at warning: they lead the column whatever their age.
    await db.updateTable('work_orders').set({ sla_breached: 1 }).where('id', '=', made[5].id).execute();
    await db.updateTable('work_orders').set({ sla_warning: 1 }).where('id', '=', made[6].id).execute();
    await db.updateTable('work_orders').set({ created_at: new Date(Date.now() - 50 * 3600_000).toISOString() }).where('id', '=', made[0].id).execute();
    expect((await act(dispatcher, water.id, 'dispatch', { assigneeId: env.fx.users.tech })).statusCode).toBe(200);

    const board = (await dispatcher.inject('GET', '/api/dispatch/board?pageSize=3')).json();
    expect(board.columns.map((c: any) => c.key)).toEqual(['unassigned', 'dispatched', 'working', 'on_hold']);
    const un = board.columns[0];
    expect(un.items).toHaveLength(3);
    expect(un.items[0].id).toBe(made[5].id);
    expect(un.items[0].slaBreached).toBe(true);
    expect(un.items[1].id).toBe(made[6].id);
    expect(un.items[2].id).toBe(made[0].id); // then the oldest
    expect(un.items[0].buildingName).toBe('1号楼');
    expect(board.columns[1].items.map((x: any) => x.id)).toContain(water.id);
    // Page through the column: every order once, in no other column.
    const ids: string[] = [];
    for (let page = 1; page <= Math.ceil(un.total / 3); page++) {
      const r = (await dispatcher.inject('GET', `/api/dispatch/board?column=unassigned&pageSize=3&page=${page}`)).json();
      expect(r.columns).toHaveLength(1);
      ids.push(...r.columns[0].items.map((x: any) => x.id));
    }
    expect(new Set(ids).size).toBe(un.total);
    expect(ids).not.toContain(water.id);
    const all = board.columns.flatMap((c: any) => c.items.map((x: any) => x.id));
    expect(new Set(all).size).toBe(all.length);

    const f = async (q: string) => (await dispatcher.inject('GET', `/api/dispatch/board?column=unassigned&pageSize=100&${q}`)).json().columns[0];
    expect((await f('skill=门窗')).items.every((x: any) => x.category === '门窗')).toBe(true);
    expect((await f('skill=电梯')).total).toBe(0);
    expect((await f('minAgeHours=24')).items.map((x: any) => x.id)).toEqual([made[0].id]);
    expect((await f(`buildingId=${env.fx.buildingB}`)).total).toBe(0);
    expect((await f(`q=${encodeURIComponent('门锁坏了 3')}`)).items.map((x: any) => x.id)).toEqual([made[3].id]);
    expect(board.buildings.find((b: any) => b.buildingId === env.fx.buildingA).open).toBeGreaterThanOrEqual(7);
    const t = board.technicians.find((x: any) => x.id === env.fx.users.tech);
    expect(t).toMatchObject({ skills: ['水电'], onDuty: true, openOrders: 1, cap: 8, atCap: false });
    // A project-B-only agent has no board.
    expect((await (await login(env.app, 'agent_b')).inject('GET', '/api/dispatch/board')).statusCode).toBe(403);
  });

  it('lists today\'s appointments with each technician', async () => {
    const at = new Date(Date.now() + 3600_000);
    const o = await repair({ title: '预约上门修水管', category: '水电', appointmentAt: at.toISOString() });
    await act(dispatcher, o.id, 'dispatch', { assigneeId: env.fx.users.tech });
    const techs = (await dispatcher.inject('GET', '/api/dispatch/technicians')).json().items;
    const today = techs.find((x: any) => x.id === env.fx.users.tech).today;
    const localDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    if (localDay(at) === localDay(new Date())) expect(today.map((x: any) => x.orderId)).toContain(o.id);
    else expect(today.map((x: any) => x.orderId)).not.toContain(o.id);
  });

  it('refuses manual dispatch over the cap; a supervisor may override with a reason, recorded on the event', async () => {
    await writeSetting(env.ctx.store.db, env.fx.orgId, 'dispatch', { maxOpenPerTechnician: 2 });
    try {
      const a = await repair({ title: '窗户关不上', category: '门窗' });
      const b = await repair({ title: '门禁失灵', category: '门窗' });
      const c = await repair({ title: '推拉门卡住', category: '门窗' });
      expect((await act(dispatcher, a.id, 'dispatch', { assigneeId: techBId })).statusCode).toBe(200);
      expect((await act(dispatcher, b.id, 'dispatch', { assigneeId: techBId })).statusCode).toBe(200);
      const refused = await act(dispatcher, c.id, 'dispatch', { assigneeId: techBId });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('orders.dispatch_cap');
      expect(refused.json().error.message).toContain('乙师傅');
      expect((await act(dispatcher, c.id, 'dispatch', { assigneeId: techBId, capOverrideReason: '唯一门窗师傅' })).statusCode).toBe(403);
      const forced = await act(supervisor, c.id, 'dispatch', { assigneeId: techBId, capOverrideReason: '唯一门窗师傅，业主急' });
      expect(forced.statusCode, forced.body).toBe(200);
      const ev = (await supervisor.inject('GET', `/api/orders/${c.id}`)).json().events.find((e: any) => e.action === 'dispatch');
      expect(ev.capOverride).toMatchObject({ reason: '唯一门窗师傅，业主急', load: 2, cap: 2 });
    } finally {
      await writeSetting(env.ctx.store.db, env.fx.orgId, 'dispatch', {});
    }
  });

  it('streams board changes over SSE to another dispatcher (real listening server)', async () => {
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = env.app.server.address() as AddressInfo;
    const o = await repair({ title: '插座没电', category: '水电' });
    const got: string[] = [];
    let res: http.IncomingMessage | undefined;
    const req = http.get({ host: '127.0.0.1', port, path: '/api/dispatch/events', headers: { cookie: dispatcher.headers.cookie, accept: 'text/event-stream' } });
    const open = new Promise<void>((resolve, reject) => {
      req.on('response', (r) => {
        res = r;
        r.setEncoding('utf8');
        r.on('data', (chunk: string) => {
          got.push(chunk);
          if (chunk.includes(': connected')) resolve();
        });
      });
      req.on('error', reject);
    });
    await open;
    expect(res!.statusCode).toBe(200);
    expect(res!.headers['content-type']).toContain('text/event-stream');
    expect((await act(supervisor, o.id, 'dispatch', { assigneeId: env.fx.users.tech })).statusCode).toBe(200);
    await tech.inject('POST', '/api/technicians/me/duty', { onDuty: true });
    await supervisor.inject('POST', '/api/dispatch/focus', { orderId: o.id });
    const deadline = Date.now() + 3000;
    while (!got.join('').includes('event: focus') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    req.destroy();
    const text = got.join('');
    const orderEvents = text.split('\n\n').filter((b) => b.includes('event: order')).map((b) => JSON.parse(b.split('data: ')[1]));
    expect(orderEvents).toContainEqual(expect.objectContaining({ orderId: o.id, action: 'dispatch', state: 'dispatched', assigneeId: env.fx.users.tech, actorId: env.fx.users.supervisor }));
    expect(text).toMatch(/event: focus\ndata: .*"actorName":"supervisor"/);
    expect(text).toMatch(/event: technician\ndata: .*"action":"on_duty".*"actorName":"tech"/);
    // Anonymous: refused before any stream opens.
    const anon = await new Promise<number>((resolve) => http.get({ host: '127.0.0.1', port, path: '/api/dispatch/events', headers: { accept: 'text/event-stream' } }, (r) => { r.resume(); resolve(r.statusCode!); }));
    expect(anon).toBe(401);
    // Without the stream's Accept header: the missed events as JSON (polling fallback), only this org's and scope's.
    const polled = (await dispatcher.inject('GET', '/api/dispatch/events?lastEventId=0')).json();
    expect(polled.events.map((e: any) => e.orderId)).toContain(o.id);
    expect(polled.events.every((e: any) => e.orgId === undefined)).toBe(true);
  });
});

describe('desk duplicates and chasers', () => {
  it('reports open orders of the same unit and category, or similar text, before and on creating', async () => {
    const first = await repair({ title: '卫生间水管漏水', description: '卫生间地面积水', category: '水电', unitId: env.fx.unitA1, partyId: env.fx.partyA1 });
    const q = (s: string) => agent.inject('GET', `/api/orders/similar?${s}`).then((r) => r.json().items);
    const sameUnit = await q(`unitId=${env.fx.unitA1}&category=${encodeURIComponent('水电')}`);
    expect(sameUnit.map((x: any) => x.id)).toContain(first.id);
    expect(sameUnit.find((x: any) => x.id === first.id).reasons).toContain('same_unit_category');
    expect((await q(`partyId=${env.fx.partyA1}&category=${encodeURIComponent('水电')}`)).map((x: any) => x.id)).toContain(first.id);
    expect((await q(`unitId=${env.fx.unitA1}&category=${encodeURIComponent('电梯')}`)).map((x: any) => x.id)).not.toContain(first.id);
    const byText = await q(`projectId=${env.fx.projectA}&text=${encodeURIComponent('业主说卫生间水管又漏水了')}`);
    expect(byText.find((x: any) => x.id === first.id).reasons).toContain('similar_text');
    expect((await q(`projectId=${env.fx.projectA}&text=${encodeURIComponent('绿化带被占用')}`)).map((x: any) => x.id)).not.toContain(first.id);
    // Another project's agent sees nothing of project A.
    const agentB = await login(env.app, 'agent_b');
    expect((await agentB.inject('GET', `/api/orders/similar?unitId=${env.fx.unitA1}&category=${encodeURIComponent('水电')}`)).json().items).toEqual([]);
    // Creating a second order for the same leak reports the first.
    const second = await repair({ title: '卫生间漏水', category: '水电', unitId: env.fx.unitA1 });
    expect(second.similar.map((x: any) => x.id)).toContain(first.id);
  });

  it('"add to this order" logs the contact on it; a chase counts, raises priority and notifies the assignee', async () => {
    const o = await repair({ title: '阳台推拉门卡住', category: '门窗', unitId: env.fx.unitA2 });
    await act(dispatcher, o.id, 'dispatch', { assigneeId: techBId });
    const linked = await agent.inject('POST', '/api/contacts', { projectId: env.fx.projectA, channel: 'phone', category: 'unit_repair', unitId: env.fx.unitA2, summary: '再次来电：推拉门还是打不开', linkOrderId: o.id });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.json()).toMatchObject({ orderId: o.id, linked: true });
    let d = (await agent.inject('GET', `/api/orders/${o.id}`)).json();
    expect(d).toMatchObject({ chaseCount: 0, priority: 'normal' });
    expect(d.events.at(-1)).toMatchObject({ action: 'link_contact', note: '再次来电：推拉门还是打不开' });

    const chased = await agent.inject('POST', '/api/contacts', { projectId: env.fx.projectA, channel: 'phone', category: 'unit_repair', unitId: env.fx.unitA2, summary: '催单：今天能来吗', linkOrderId: o.id, chase: true });
    expect(chased.statusCode, chased.body).toBe(201);
    d = (await agent.inject('GET', `/api/orders/${o.id}`)).json();
    expect(d).toMatchObject({ chaseCount: 1, priority: 'high' });
    expect(d.events.at(-1)).toMatchObject({ action: 'chase', patch: { priority: 'high' } });
    const again = await agent.inject('POST', `/api/orders/${o.id}/chase`, { note: '第三次来电', expectedVersion: d.version });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ chaseCount: 2, priority: 'urgent' });
    // A stale version is a conflict, not a silent overwrite.
    expect((await agent.inject('POST', `/api/orders/${o.id}/chase`, { expectedVersion: d.version })).statusCode).toBe(409);
    const msgs = await env.ctx.store.db.selectFrom('outbox').select(['recipient_id', 'payload_json']).where('topic', '=', 'order.chased').execute();
    const mine = msgs.filter((m) => JSON.parse(m.payload_json).orderId === o.id);
    expect(mine).toHaveLength(2);
    expect(mine.every((m) => m.recipient_id === techBId)).toBe(true);
    const list = (await agent.inject('GET', `/api/orders?q=${encodeURIComponent('阳台推拉门')}`)).json().items;
    expect(list.find((x: any) => x.id === o.id).chaseCount).toBe(2);
    // The KPI: chasers per order created in the range (per 100 orders on screen).
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const kpis = (await (await login(env.app, 'admin')).inject('GET', `/api/kpi?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)).json().kpis;
    const chaseRate = kpis.find((k: any) => k.code === 'chase_rate');
    expect(chaseRate.numerator).toBe(2);
    expect(chaseRate.denominator).toBeGreaterThan(2);
    // A closed order cannot be chased.
    await act(agent, o.id, 'cancel', { reason: '业主自行修好' }).catch(() => undefined);
    const cancelled = (await agent.inject('GET', `/api/orders/${o.id}`)).json();
    if (cancelled.state === 'cancelled') expect((await agent.inject('POST', `/api/orders/${o.id}/chase`, {})).json().error.code).toBe('orders.not_open');
    // Chase without an order is bad input.
    expect((await agent.inject('POST', '/api/contacts', { projectId: env.fx.projectA, channel: 'phone', category: 'unit_repair', summary: 'x', chase: true })).statusCode).toBe(400);
  });
});

describe('phones at the desk', () => {
  it('stores 021 6234 5678 as a party phone and finds callers however the number is written', async () => {
    const admin = await login(env.app, 'admin');
    const p = await admin.inject('POST', '/api/parties', { kind: 'person', name: '钱多多', phones: ['021 6234 5678', '+86 21 5017 4063'], units: [{ unitId: env.fx.unitA1, role: 'tenant' }] });
    expect(p.statusCode, p.body).toBe(201);
    const pid = p.json().id;
    for (const n of ['+86 21 5017 4063', '50174063-300', '021-5017-4063', '(021) 6234 5678', '62345678', '0086 21 6234 5678 转 12']) {
      const r = (await agent.inject('GET', `/api/desk/caller?phone=${encodeURIComponent(n)}`)).json();
      expect(r.parties.map((x: any) => x.id), n).toContain(pid);
    }
  });
});

describe('return visits', () => {
  it('completion queues the visit by the category rule, due within a working day of the calendar', async () => {
    const o = await repair({ title: '热水器不出热水', category: '水电' });
    await act(dispatcher, o.id, 'dispatch', { assigneeId: env.fx.users.tech });
    for (const a of ['accept', 'arrive', 'start_work']) expect((await act(tech, o.id, a)).statusCode).toBe(200);
    const done = await act(tech, o.id, 'complete', { note: '更换温控器' });
    expect(done.json().state).toBe('awaiting_visit');
    const v = await env.ctx.store.db.selectFrom('return_visits').selectAll().where('order_id', '=', o.id).executeTakeFirstOrThrow();
    const d = (await agent.inject('GET', `/api/orders/${o.id}`)).json();
    const cal = createCalendar(defaultCalendarConfig());
    expect(v.due_at).toBe(new Date(visitDueAt(cal, defaultCalendarConfig(), Date.parse(d.completedAt))).toISOString());
    expect(d.events.map((e: any) => e.action).slice(-2)).toEqual(['complete', 'request_visit']);
    // The queue carries the names the call script uses.
    const item = (await agent.inject('GET', `/api/visits?q=${d.number}`)).json().items[0];
    expect(item).toMatchObject({ orderId: o.id, projectName: '阳光花园' });
    expect(item.organisationName).toBeTruthy();
  });

  it('a Friday completion is due Monday and 春节 is skipped', () => {
    const cfg = defaultCalendarConfig();
    const cal = createCalendar(cfg);
    const local = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);
    expect(local(visitDueAt(cal, cfg, Date.parse('2026-12-04T16:00:00+08:00')))).toBe('2026-12-07T16:00');
    // 16:00 Friday: 1.5 h that day, 6 h on Monday (08:30–12:00, 13:30–16:00).
    // Saturday 14 Feb 2026 is a make-up workday; 15–23 Feb are the Spring Festival holidays.
    const due = visitDueAt(cal, cfg, Date.parse('2026-02-14T16:00:00+08:00'));
    expect(local(due).slice(0, 10)).toBe('2026-02-24');
    expect(describeDay(cal, local(due).slice(0, 10)).working).toBe(true);
    expect(describeDay(cal, '2026-02-18').working).toBe(false);
  });

  it('re-sends the rating link: the new token works, the old one no longer does', async () => {
    const o = await repair({ title: '马桶水箱漏水', category: '水电' });
    await act(dispatcher, o.id, 'dispatch', { assigneeId: env.fx.users.tech });
    for (const a of ['accept', 'arrive', 'start_work', 'complete']) await act(tech, o.id, a, a === 'complete' ? { note: '换浮球阀' } : {});
    const msg = await env.ctx.store.db.selectFrom('outbox').select('payload_json').where('dedupe_key', '=', `visit:${o.id}:0`).executeTakeFirstOrThrow();
    const oldToken = JSON.parse(msg.payload_json).ratingLink.split('/').pop();
    const anon = (url: string) => env.app.inject({ method: 'GET', url });
    expect((await anon(`/api/visits/link/${oldToken}`)).statusCode).toBe(200);
    const v = await env.ctx.store.db.selectFrom('return_visits').select('id').where('order_id', '=', o.id).executeTakeFirstOrThrow();
    const re = await agent.inject('POST', `/api/visits/${v.id}/link`, {});
    expect(re.statusCode, re.body).toBe(200);
    const newToken = re.json().link.split('/').pop();
    expect(newToken).not.toBe(oldToken);
    expect((await anon(`/api/visits/link/${oldToken}`)).statusCode).toBe(404);
    expect((await anon(`/api/visits/link/${newToken}`)).json()).toMatchObject({ number: o.number, alreadyRated: false });
    expect((await (await login(env.app, 'agent_b')).inject('POST', `/api/visits/${v.id}/link`, {})).statusCode).toBe(403);
  });
});

describe('SLA sweeper', () => {
  it('ignores closed and cancelled orders and takes them off its watch list', async () => {
    const o = await repair({ title: '楼道灯不亮', category: '水电' });
    expect((await act(agent, o.id, 'cancel', { reason: '重复登记' })).statusCode).toBe(200);
    const db = env.ctx.store.db;
    await db.updateTable('work_orders').set({ sla_next_check_at: new Date(Date.now() - 86_400_000).toISOString() }).where('id', '=', o.id).execute();
    const before = await db.selectFrom('sla_firings').select('order_id').where('order_id', '=', o.id).execute();
    await sweepSla(env.ctx, new Date(Date.now() + 30 * 86_400_000), 1000);
    expect(await db.selectFrom('sla_firings').select('order_id').where('order_id', '=', o.id).execute()).toEqual(before);
    expect((await db.selectFrom('work_orders').select('sla_next_check_at').where('id', '=', o.id).executeTakeFirstOrThrow()).sla_next_check_at).toBeNull();
  });
});

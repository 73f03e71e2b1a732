import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, multipart, type Session, type TestEnv } from '../../../test/helpers';
import { createUser } from '../auth/service';
import { claimDue, markSent } from '../notifications/outbox';
import { deliverDue, type Sender } from '../notifications/sender';
import { writeSetting } from './slaSettings';

let env: TestEnv;
let agent: Session;
let dispatcher: Session;
let tech: Session;
let tech2Id: string;
let tech3Id: string;
beforeAll(async () => {
  env = await createTestEnv();
  const db = env.ctx.store.db;
  tech2Id = await createUser(db, { orgId: env.fx.orgId, username: 'tech2', displayName: '二号师傅', role: 'technician', password: 'test-password-1', skills: ['水电', '门窗'], onDuty: true });
  tech3Id = await createUser(db, { orgId: env.fx.orgId, username: 'tech3', displayName: '三号师傅', role: 'technician', password: 'test-password-1', skills: ['电梯'], onDuty: false });
  agent = await login(env.app, 'agent_a');
  dispatcher = await login(env.app, 'dispatcher');
  tech = await login(env.app, 'tech');
});
afterAll(async () => env?.close());

const newRepair = async (category: string, title = '报修') =>
  (await agent.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'repair', title, category, areaScope: 'public' })).json();

describe('dispatch', () => {
  it('grab: on duty with the skill succeeds; without the skill, or when the order is gone, fails', async () => {
    const water = await newRepair('水电', '厨房漏水');
    const lift = await newRepair('电梯', '电梯按钮失灵');
    const noSkill = await tech.inject('POST', `/api/orders/${lift.id}/grab`);
    expect(noSkill.statusCode).toBe(403);
    expect(noSkill.json().error.message).toContain('电梯');
    const ok = await tech.inject('POST', `/api/orders/${water.id}/grab`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'accepted', assigneeId: env.fx.users.tech, ownerId: env.fx.users.agent_a });
    const tech2 = await login(env.app, 'tech2');
    expect((await tech2.inject('POST', `/api/orders/${water.id}/grab`)).statusCode).toBe(409);
    await tech.inject('POST', '/api/technicians/me/duty', { onDuty: false });
    const off = await tech.inject('POST', `/api/orders/${(await newRepair('水电')).id}/grab`);
    expect(off.statusCode).toBe(409);
    expect(off.json().error.code).toBe('orders.grab_off_duty');
    await tech.inject('POST', '/api/technicians/me/duty', { onDuty: true });
  });

  it('auto-assignment respects skills and duty: least-loaded picks the emptier technician, round-robin rotates', async () => {
    // tech holds one open order from the test above; tech2 none; tech3 is off duty.
    const a = await newRepair('水电');
    const r1 = await dispatcher.inject('POST', `/api/orders/${a.id}/auto-assign`, { strategy: 'least_loaded' });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json().assigneeId).toBe(tech2Id);
    const lift = await newRepair('电梯');
    const none = await dispatcher.inject('POST', `/api/orders/${lift.id}/auto-assign`, { strategy: 'round_robin' });
    expect(none.statusCode).toBe(409);
    expect(none.json().error.code).toBe('orders.no_eligible_technician');
    const picks: string[] = [];
    for (let i = 0; i < 4; i++) {
      const o = await newRepair('水电');
      picks.push((await dispatcher.inject('POST', `/api/orders/${o.id}/auto-assign`, { strategy: 'round_robin' })).json().assigneeId);
    }
    // Whoever waited longer goes first; then they alternate.
    expect(picks).toEqual([env.fx.users.tech, tech2Id, env.fx.users.tech, tech2Id]);
    expect(tech3Id).toBeTruthy();
  });

  it('caps open orders per technician', async () => {
    await writeSetting(env.ctx.store.db, env.fx.orgId, 'dispatch', { maxOpenPerTechnician: 1, autoAssign: 'off' });
    const o = await newRepair('水电');
    const res = await dispatcher.inject('POST', `/api/orders/${o.id}/auto-assign`, { strategy: 'least_loaded' });
    expect(res.statusCode).toBe(409);
    await writeSetting(env.ctx.store.db, env.fx.orgId, 'dispatch', { maxOpenPerTechnician: 8, autoAssign: 'off' });
  });

  it('the dispatch board lists unassigned orders and technicians with their load', async () => {
    const board = (await dispatcher.inject('GET', '/api/dispatch/board')).json();
    expect(board.columns.find((c: any) => c.key === 'unassigned').total).toBeGreaterThanOrEqual(1);
    const t = board.technicians.find((x: any) => x.id === env.fx.users.tech);
    expect(t.openOrders).toBeGreaterThanOrEqual(2);
    expect(t.skills).toEqual(['水电']);
  });
});

describe('attachments', () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
  it('stores a photo, serves it only to people who may see the order, and refuses other types', async () => {
    const r1 = await login(env.app, 'resident_a1');
    const o = (await r1.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'repair', title: '窗户关不上', unitId: env.fx.unitA1, areaScope: 'unit' })).json();
    const m = multipart({ name: '窗户.png', content: png, type: 'image/png' });
    const up = await env.app.inject({ method: 'POST', url: `/api/orders/${o.id}/attachments`, payload: m.payload, headers: { ...r1.headers, ...m.headers } });
    expect(up.statusCode, up.body).toBe(201);
    const got = await r1.inject('GET', up.json().url);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(png)).toBe(true);
    const r2 = await login(env.app, 'resident_a2');
    expect([403, 404]).toContain((await r2.inject('GET', up.json().url)).statusCode);
    const agentB = await login(env.app, 'agent_b');
    expect([403, 404]).toContain((await agentB.inject('GET', up.json().url)).statusCode);
    const fake = multipart({ name: 'x.png', content: Buffer.from('<script>alert(1)</script>'), type: 'image/png' });
    const bad = await env.app.inject({ method: 'POST', url: `/api/orders/${o.id}/attachments`, payload: fake.payload, headers: { ...r1.headers, ...fake.headers } });
    expect(bad.statusCode).toBe(415);
    const detail = (await agent.inject('GET', `/api/orders/${o.id}`)).json();
    expect(detail.attachments).toHaveLength(1);
  });
});

describe('return visits by link', () => {
  it('opening the link records nothing; only an explicit confirmation rates', async () => {
    const o = await newRepair('水电', '水龙头滴水');
    await dispatcher.inject('POST', `/api/orders/${o.id}/actions/dispatch`, { assigneeId: env.fx.users.tech });
    for (const a of ['accept', 'arrive', 'start_work']) expect((await tech.inject('POST', `/api/orders/${o.id}/actions/${a}`, {})).statusCode).toBe(200);
    await tech.inject('POST', `/api/orders/${o.id}/actions/complete`, { note: '更换水龙头' });
    const msg = await env.ctx.store.db.selectFrom('outbox').selectAll().where('topic', '=', 'visit.due').where('dedupe_key', '=', `visit:${o.id}:0`).executeTakeFirstOrThrow();
    const link = JSON.parse(msg.payload_json).ratingLink as string;
    const token = link.split('/').pop()!;
    // The agents' queue finds it by number and by a word of the title, and not by other text.
    const queued = (q: string) => agent.inject('GET', `/api/visits?q=${encodeURIComponent(q)}`).then((r) => r.json().items.map((v: { orderId: string }) => v.orderId));
    expect(await queued(o.number)).toEqual([o.id]);
    expect(await queued('水龙头滴')).toContain(o.id);
    expect(await queued('没有这样的工单%')).toEqual([]);
    for (let i = 0; i < 3; i++) {
      const view = await env.app.inject({ method: 'GET', url: `/api/visits/link/${token}` });
      expect(view.statusCode).toBe(200);
      expect(view.json().alreadyRated).toBe(false);
    }
    expect((await agent.inject('GET', `/api/orders/${o.id}`)).json().state).toBe('awaiting_visit');
    const noConfirm = await env.app.inject({ method: 'POST', url: `/api/visits/link/${token}`, payload: { outcome: 'satisfied', scoreSpeed: 5, scoreAttitude: 5, scoreQuality: 5 } });
    expect(noConfirm.statusCode).toBe(400);
    const rate = await env.app.inject({ method: 'POST', url: `/api/visits/link/${token}`, payload: { confirm: true, outcome: 'satisfied', scoreSpeed: 5, scoreAttitude: 4, scoreQuality: 5, comment: '师傅很专业' } });
    expect(rate.statusCode, rate.body).toBe(200);
    const after = (await agent.inject('GET', `/api/orders/${o.id}`)).json();
    expect(after.state).toBe('closed');
    expect(after.visits[0]).toMatchObject({ outcome: 'satisfied', channel: 'link', scores: { speed: 5, attitude: 4, quality: 5 } });
    const again = await env.app.inject({ method: 'POST', url: `/api/visits/link/${token}`, payload: { confirm: true, outcome: 'dissatisfied', scoreSpeed: 1, scoreAttitude: 1, scoreQuality: 1 } });
    expect(again.statusCode).toBe(409);
    expect((await env.app.inject({ method: 'GET', url: '/api/visits/link/not-a-real-token-123' })).statusCode).toBe(404);
  });
});

describe('notification outbox', () => {
  it('a crash between commit and send loses nothing; recovery sends each message once even with two workers', async () => {
    const o = await newRepair('水电', '停电');
    await dispatcher.inject('POST', `/api/orders/${o.id}/actions/dispatch`, { assigneeId: env.fx.users.tech });
    // The change committed with its notification; the process "crashed" before sending anything.
    const pendingBefore = await env.ctx.store.db.selectFrom('outbox').select(['id', 'dedupe_key']).where('status', '=', 'pending').execute();
    expect(pendingBefore.map((p) => p.dedupe_key)).toContain(`assigned:${o.id}:3`);
    // A worker that claimed a batch and died holds a lease; nobody else sends those until it expires.
    const claimed = await claimDue(env.ctx.store.db, env.ctx.store.dialect, 1, 60_000);
    expect(claimed).toHaveLength(1);
    const sent: string[] = [];
    const sender: Sender = async (m) => {
      sent.push(m.dedupe_key);
    };
    await Promise.all([deliverDue(env.ctx, sender), deliverDue(env.ctx, sender)]);
    expect(sent).not.toContain(claimed[0].dedupe_key);
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.length).toBe(pendingBefore.length - 1);
    // The lease expires (simulated by clearing it); the message goes out exactly once.
    await env.ctx.store.db.updateTable('outbox').set({ claimed_until: '2000-01-01T00:00:00.000Z' }).where('id', '=', claimed[0].id).execute();
    await Promise.all([deliverDue(env.ctx, sender), deliverDue(env.ctx, sender)]);
    expect(sent.filter((k) => k === claimed[0].dedupe_key)).toHaveLength(1);
    await deliverDue(env.ctx, sender);
    expect(new Set(sent).size).toBe(sent.length);
    void markSent;
  });
});

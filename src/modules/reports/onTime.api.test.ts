import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, type Session, type TestEnv } from '../../../test/helpers';
import { newId } from '../../db/ids';
import { createUser } from '../auth/service';
import { DEFAULT_SLA_POLICY } from '../sla';
import { sweepSla } from '../workorders/sweeper';
import { backfillSlaTargets, saveSlaTargets } from '../workorders/slaTargets';
import { onTimeRate, type KpiValue } from './kpi';

/**
 * The on-time rate reads work_order_sla_targets (issue 17) instead of parsing sla_json. These
 * tests hold it to the figures the JSON gives — computed here the way /api/kpi did before — and
 * hold the table to sla_json after every kind of write: create, transitions, a policy change that
 * drops a target, the sweeper's breach, a cancellation, and the migration's backfill.
 */
let env: TestEnv;
let admin: Session;
let agent: Session;
let dispatcher: Session;
let tech: Session;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await login(env.app, 'admin');
  agent = await login(env.app, 'agent_a');
  dispatcher = await login(env.app, 'dispatcher');
  tech = await login(env.app, 'tech');
});
afterAll(async () => env?.close());

type Range = { from: string; to: string; projectId?: string };
const q = (r: Range) => `from=${encodeURIComponent(r.from)}&to=${encodeURIComponent(r.to)}${r.projectId ? `&projectId=${r.projectId}` : ''}`;

/** The on-time rate as /api/kpi computed it before the table: every order created from 60 days before, its sla_json parsed. */
async function reference(r: Range, projectIds?: string[]) {
  const lookback = new Date(Date.parse(r.from) - 60 * 86_400_000).toISOString();
  let sel = env.ctx.store.db.selectFrom('work_orders').select(['id', 'sla_json']).where('org_id', '=', env.fx.orgId).where('created_at', '>=', lookback).where('created_at', '<', r.to).where('sla_json', 'is not', null);
  if (r.projectId) sel = sel.where('project_id', '=', r.projectId);
  if (projectIds) sel = sel.where('project_id', 'in', projectIds);
  const orders = (await sel.execute()).map((o) => ({ id: o.id, targets: JSON.parse(o.sla_json!).targets ?? [] }));
  const now = new Date().toISOString();
  const perOrder = orders.map((o) => ({ id: o.id, k: onTimeRate([o], r.from, r.to, now) })).filter((o) => o.k.denominator > 0);
  return { kpi: onTimeRate(orders, r.from, r.to, now), records: perOrder.map((o) => ({ id: o.id, counted: o.k.numerator === 1 })) };
}

const shape = (k: KpiValue) => ({
  numerator: k.numerator,
  denominator: k.denominator,
  value: k.value,
  parts: Object.fromEntries((k.parts ?? []).map((p) => [p.code, [p.numerator, p.denominator]])),
});
const byId = (xs: Array<{ id: string; counted: boolean }>) => Object.fromEntries(xs.map((x) => [x.id, x.counted]));

/** /api/kpi's on-time rate and its drill-down equal the sla_json reference for the range. */
async function expectSameFigures(r: Range, who: Session = admin, projectIds?: string[]) {
  const ref = await reference(r, projectIds);
  const res = await who.inject('GET', `/api/kpi?${q(r)}`);
  expect(res.statusCode, res.body).toBe(200);
  const k = res.json().kpis.find((x: KpiValue) => x.code === 'on_time_rate');
  expect(shape(k)).toEqual(shape(ref.kpi));
  // Parts in policy order, whatever order the rows came in.
  const order = ['response', 'dispatch', 'on_site', 'resolution'];
  expect(k.parts.map((p: KpiValue) => p.label)).toEqual(order.filter((t) => k.parts.some((p: KpiValue) => p.label === t)));
  const rec = await who.inject('GET', `/api/kpi/on_time_rate/records?${q(r)}`);
  expect(rec.statusCode, rec.body).toBe(200);
  expect(byId(rec.json().records)).toEqual(byId(ref.records));
  for (const x of rec.json().records) expect(x.number).toMatch(/\S/);
  return ref.kpi;
}

/** Every order's rows in work_order_sla_targets are exactly its sla_json targets. */
async function expectMirror() {
  const db = env.ctx.store.db;
  const orders = await db.selectFrom('work_orders').select(['id', 'org_id', 'project_id', 'created_at', 'sla_json']).execute();
  const want = orders
    .flatMap((o) => ((o.sla_json ? JSON.parse(o.sla_json).targets : []) ?? []).map((t: any) => [o.id, o.org_id, o.project_id, o.created_at, t.target, t.status, t.deadline].join('|')))
    .sort();
  const have = (await db.selectFrom('work_order_sla_targets').selectAll().execute()).map((t) => [t.order_id, t.org_id, t.project_id, t.order_created_at, t.target, t.status, t.deadline].join('|')).sort();
  expect(have).toEqual(want);
  return have.length;
}

const act = async (s: Session, id: string, action: string, body: any = {}) => {
  const r = await s.inject('POST', `/api/orders/${id}/actions/${action}`, body);
  expect(r.statusCode, `${action} ${r.body}`).toBe(200);
  return r.json();
};
const newOrder = async (projectId: string, title: string, s: Session = dispatcher) => {
  const r = await s.inject('POST', '/api/orders', { projectId, kind: 'repair', title, areaScope: 'public' });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
};

/** An order written straight into the table (as an import or an older version would), with its targets mirrored. */
async function backdated(projectId: string, createdAt: string, targets: Array<{ target: string; status: string; deadline: string | null }>) {
  const db = env.ctx.store.db;
  const id = newId();
  await db
    .insertInto('work_orders')
    .values({ id, org_id: env.fx.orgId, project_id: projectId, number: `BD${id.slice(-6)}`, kind: 'repair', category: null, priority: 'normal', state: 'processing', version: 1, title: '测试', description: null, area_scope: 'unit', building_id: null, unit_id: null, location: null, party_id: null, contact_name: '张伟', contact_phone: '13812345678', channel: 'phone', source_contact_id: null, reporter_id: null, owner_id: env.fx.users.agent_a, assignee_id: null, department: null, appointment_at: null, paid: 0, warranty: 0, amount_fen: null, hold_reason: null, reopen_count: 0, chase_count: 0, last_chased_at: null, customer_informed_at: null, severity: null, due_date: null, completed_at: null, closed_at: null, sla_json: JSON.stringify({ cycle: 0, targets }), sla_next_check_at: null, sla_breached: 0, sla_warning: 0, extra_json: null, created_at: createdAt, updated_at: createdAt })
    .execute();
  await saveSlaTargets(db, env.fx.orgId, id, targets, { created: { projectId, createdAt } });
  return id;
}

describe('on-time rate from work_order_sla_targets', () => {
  it('equals the sla_json figures for targets inside and outside the range, met, breached, pending, cancelled and running', async () => {
    const { projectA, projectB } = env.fx;
    const oct = { from: '2025-09-30T16:00:00.000Z', to: '2025-10-31T16:00:00.000Z' };
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const past = new Date(Date.now() - 2 * 86_400_000).toISOString();
    // Inside October: all met; one met and one breached; pending and cancelled (never counted).
    await backdated(projectA, '2025-10-02T01:00:00.000Z', [
      { target: 'response', status: 'met', deadline: '2025-10-02T01:15:00.000Z' },
      { target: 'dispatch', status: 'met', deadline: '2025-10-02T01:30:00.000Z' },
    ]);
    await backdated(projectA, '2025-10-03T01:00:00.000Z', [
      { target: 'dispatch', status: 'met', deadline: '2025-10-03T01:30:00.000Z' },
      { target: 'resolution', status: 'breached', deadline: '2025-10-06T01:00:00.000Z' },
    ]);
    await backdated(projectB, '2025-10-04T01:00:00.000Z', [
      { target: 'response', status: 'met', deadline: '2025-10-04T01:15:00.000Z' },
      { target: 'on_site', status: 'pending', deadline: '2025-10-04T03:00:00.000Z' },
      { target: 'resolution', status: 'cancelled', deadline: '2025-10-07T01:00:00.000Z' },
    ]);
    // Due at the range's edges: from is inside, to is outside.
    await backdated(projectB, '2025-09-30T15:00:00.000Z', [
      { target: 'response', status: 'breached', deadline: '2025-09-30T16:00:00.000Z' },
      { target: 'resolution', status: 'met', deadline: '2025-10-31T16:00:00.000Z' },
    ]);
    // Created in September, resolution due in October: counted; created 70 days before: left out, as before.
    await backdated(projectA, '2025-09-20T01:00:00.000Z', [
      { target: 'dispatch', status: 'met', deadline: '2025-09-20T01:30:00.000Z' },
      { target: 'resolution', status: 'breached', deadline: '2025-10-10T01:00:00.000Z' },
    ]);
    await backdated(projectA, '2025-07-22T01:00:00.000Z', [{ target: 'resolution', status: 'breached', deadline: '2025-10-12T01:00:00.000Z' }]);
    // Still running: past its deadline counts as missed, a future deadline does not count yet; no deadline never counts.
    await backdated(projectA, past, [
      { target: 'response', status: 'met', deadline: past },
      { target: 'resolution', status: 'running', deadline: new Date(Date.parse(past) + 86_400_000).toISOString() },
    ]);
    await backdated(projectB, past, [{ target: 'resolution', status: 'running', deadline: soon }]);
    await backdated(projectB, past, [{ target: 'resolution', status: 'paused', deadline: null }]);
    expect(await expectMirror()).toBe(16);

    const k = await expectSameFigures(oct);
    // Written out once, so the reference itself is held to DESIGN.md §4: orders 1, 2, 3, 4 and 5
    // have a target due in October (the 70-day-old one is out); 1 and 3 met all theirs.
    expect([k.numerator, k.denominator]).toEqual([2, 5]);
    expect(shape(k).parts).toEqual({ 'on_time_rate.response': [2, 3], 'on_time_rate.dispatch': [2, 2], 'on_time_rate.resolution': [0, 2] });
    await expectSameFigures({ ...oct, projectId: projectB });
    await expectSameFigures({ from: '2025-10-03T00:00:00.000Z', to: '2025-10-06T01:00:00.000Z' });
    const live = await expectSameFigures({ from: new Date(Date.now() - 5 * 86_400_000).toISOString(), to: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    expect([live.numerator, live.denominator]).toEqual([0, 1]);
    // A user scoped to project B sees only its orders (3 and 4: one of two met).
    await createUser(env.ctx.store.db, { orgId: env.fx.orgId, username: 'dispatcher_b', displayName: '调度B', role: 'dispatcher', password: 'secret-pass-123', projectIds: [projectB] });
    const scoped = await expectSameFigures(oct, await login(env.app, 'dispatcher_b', 'secret-pass-123'), [projectB]);
    expect([scoped.numerator, scoped.denominator]).toEqual([1, 2]);
  });

  it('stays equal after creation, transitions, a policy that drops a target, cancellation and the sweeper\'s breach', async () => {
    const { projectA, projectB, users } = env.fx;
    // Office hours would make deadlines depend on when the test runs; round the clock they do not.
    expect((await admin.inject('PUT', '/api/settings/sla/calendar', { id: 'always', mode: '24x7', timeZone: 'Asia/Shanghai' })).statusCode).toBe(200);
    const start = Date.now();
    const done = await newOrder(projectA, '水管爆裂');
    const open = await newOrder(projectA, '门禁失灵');
    const cancelled = await newOrder(projectB, '路灯不亮');
    const dropped = await newOrder(projectB, '电梯异响');
    const before = await expectMirror();
    await act(dispatcher, done, 'dispatch', { assigneeId: users.tech });
    await act(tech, done, 'accept');
    await act(tech, done, 'arrive');
    await act(dispatcher, cancelled, 'cancel', { reason: '业主已自行处理' });
    await expectMirror();
    const wide = { from: new Date(start - 3600_000).toISOString(), to: new Date(start + 30 * 86_400_000).toISOString() };
    await expectSameFigures(wide);

    // A policy without the on-site target: open orders are recomputed and lose that row.
    const policy = structuredClone(DEFAULT_SLA_POLICY);
    const repair = policy.rules.find((r) => r.id === 'repair')!;
    delete (repair.targets as Record<string, unknown>).on_site;
    const put = await admin.inject('PUT', '/api/settings/sla/policy', policy);
    expect(put.statusCode, put.body).toBe(200);
    const after = await expectMirror();
    expect(after).toBeLessThan(before);
    const rows = await env.ctx.store.db.selectFrom('work_order_sla_targets').select('target').where('order_id', '=', dropped).execute();
    expect(rows.map((r) => r.target)).not.toContain('on_site');
    expect(rows.length).toBeGreaterThan(0);

    // Two days on, the sweeper finds the open orders' clocks run out and breaches them.
    const later = new Date(start + 2 * 86_400_000);
    await sweepSla(env.ctx, later);
    await expectMirror();
    const breached = await env.ctx.store.db.selectFrom('work_order_sla_targets').select('status').where('order_id', '=', open).execute();
    expect(breached.map((r) => r.status)).toContain('breached');
    const k = await expectSameFigures(wide);
    expect(k.denominator).toBeGreaterThanOrEqual(3);
    expect(k.numerator).toBeLessThan(k.denominator);
    await expectSameFigures({ ...wide, projectId: projectB });
  });

  it('the migration\'s backfill from sla_json gives the rows the writes gave', async () => {
    const db = env.ctx.store.db;
    const written = await expectMirror();
    expect(written).toBeGreaterThan(20);
    await db.deleteFrom('work_order_sla_targets').execute();
    await backfillSlaTargets(db);
    expect(await expectMirror()).toBe(written);
  });
});

/**
 * The demo organisation keeps the promises the product makes about its own data: orders waiting
 * for a return visit have one queued, the year of bills is collected at about 90 % with some
 * households chronically behind, and the property-operations ledgers are populated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestContext } from '../../../test/helpers';
import type { AppContext } from '../../core/context';
import '../register';
import { collectionReportFor } from '../billing/reports';
import { seedDemo } from './index';
import { workStates } from '../workorders/board';
import { technicians, DEFAULT_DISPATCH } from '../workorders/dispatch';
import { terminalStates, sweepSla } from '../workorders/sweeper';

let ctx: AppContext;
let cleanup: () => Promise<void>;
let orgId: string;

beforeAll(async () => {
  ({ ctx, cleanup } = await openTestContext());
  ctx.config.adminPassword = 'demo-admin-password';
  await seedDemo(ctx, () => {});
  orgId = (await ctx.store.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
}, 300_000);
afterAll(async () => cleanup?.());

const count = async (table: 'renovations' | 'visitors' | 'meter_readings') =>
  Number((await ctx.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('demo data', () => {
  it('queues exactly one pending return visit for every order waiting for one, and none for other orders', async () => {
    const db = ctx.store.db;
    const waiting = await db.selectFrom('work_orders').select('id').where('org_id', '=', orgId).where('state', '=', 'awaiting_visit').execute();
    const pending = await db.selectFrom('return_visits').select(['order_id']).where('org_id', '=', orgId).where('status', '=', 'pending').execute();
    expect(waiting.length).toBeGreaterThan(0);
    expect(pending.map((p) => p.order_id).sort()).toEqual(waiting.map((w) => w.id).sort());
  });

  it('collects the year of bills at about 90 %, with some households behind', async () => {
    const projects = await ctx.store.db.selectFrom('projects').select('id').where('org_id', '=', orgId).execute();
    const report = await collectionReportFor(ctx.store.db, orgId, { projectIds: projects.map((p) => p.id), groupBy: ['projectId'] });
    expect(report.total.receivableFen).toBeGreaterThan(0);
    expect(report.total.rate).toBeGreaterThan(0.85);
    expect(report.total.rate).toBeLessThan(0.95);
    // Chronic arrears: not every billed household is paid up.
    expect(report.total.householdRate).toBeLessThan(1);
  });

  it('fills the property-operations ledgers', async () => {
    expect(await count('meter_readings')).toBeGreaterThan(0);
    const hazards = await ctx.store.db.selectFrom('work_orders').select('id').where('org_id', '=', orgId).where('kind', '=', 'hazard').execute();
    expect(hazards.length).toBeGreaterThan(0);
    expect(await count('renovations')).toBeGreaterThan(0);
    expect(await count('visitors')).toBeGreaterThan(0);
  });

  it('has a realistic present: few open orders breaching, every trade covered on duty, loads under the cap', async () => {
    const db = ctx.store.db;
    const open = await db.selectFrom('work_orders').select(['state', 'sla_breached', 'assignee_id']).where('org_id', '=', orgId).where('state', 'in', workStates()).execute();
    expect(open.length).toBeGreaterThan(10);
    expect(open.filter((o) => o.sla_breached).length).toBeLessThanOrEqual(Math.ceil(open.length * 0.15));
    const techs = await technicians(db, orgId);
    const cats = await db.selectFrom('order_categories').select('skill').where('org_id', '=', orgId).where('kind', '=', 'repair').execute();
    for (const c of cats) expect(techs.some((t) => t.onDuty && t.skills.includes(c.skill!)), `skill ${c.skill}`).toBe(true);
    for (const t of techs) expect(t.openOrders, t.name).toBeLessThan(DEFAULT_DISPATCH.maxOpenPerTechnician);
  });

  it('first start announces nothing about closed orders', async () => {
    const db = ctx.store.db;
    const watched = await db.selectFrom('work_orders').select('id').where('org_id', '=', orgId).where('state', 'in', terminalStates()).where('sla_next_check_at', 'is not', null).execute();
    expect(watched).toEqual([]);
    for (let i = 0; i < 20; i++) if (!(await sweepSla(ctx, new Date(), 500)).checked) break;
    const fired = await db
      .selectFrom('sla_firings')
      .innerJoin('work_orders', 'work_orders.id', 'sla_firings.order_id')
      .select('work_orders.state')
      .where('sla_firings.org_id', '=', orgId)
      .execute();
    expect(fired.filter((f) => terminalStates().includes(f.state))).toEqual([]);
    const open = await db.selectFrom('work_orders').select((eb) => eb.fn.countAll().as('n')).where('org_id', '=', orgId).where('state', 'not in', terminalStates()).executeTakeFirstOrThrow();
    expect(fired.length).toBeLessThanOrEqual(Number(open.n));
  });
});

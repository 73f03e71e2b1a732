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
});

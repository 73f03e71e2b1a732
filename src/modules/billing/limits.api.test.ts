/**
 * Sanity limits (issue 12): prices and amounts per fee type are bounded, a unit's area must be
 * above 0, and an arithmetic overflow is reported as an overflow — not as a missing area.
 * Bounds (src/modules/billing/limits.ts): area ≤ 100 元/㎡·月, metered ≤ 100 元, service ≤ 100 000 元,
 * fixed ≤ 1 000 000 元 a month, one bill line ≤ 1 亿元.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, PASSWORD, type Session, type TestEnv } from '../../../test/helpers';
import { newId, nowIso } from '../../db/ids';
import { createUser } from '../auth/service';
import { areaMonthlyFen, BillingError, planBillRun } from './core';

let env: TestEnv;
let manager: Session;
let admin: Session;

beforeAll(async () => {
  env = await createTestEnv();
  await createUser(env.ctx.store.db, { orgId: env.fx.orgId, username: 'mgr', displayName: '经理', role: 'manager', password: PASSWORD });
  manager = await login(env.app, 'mgr');
  admin = await login(env.app, 'admin');
});
afterAll(async () => env.close());

const item = (over: Record<string, unknown>) => ({ projectId: env.fx.projectA, code: `X${newId().slice(-6)}`, name: '测试', kind: 'area', category: 'property', ...over });

describe('fee item bounds', () => {
  it('refuses an area price above 100 元/㎡·月 with a message that names the bound, accepts the bound itself', async () => {
    const bad = await manager.inject('POST', '/api/billing/fee-items', item({ unitPrice: '10000.01' }));
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().error.code).toBe('billing.fee_limit.area');
    expect(bad.json().error.message).toContain('100 元/㎡·月');
    // The finding: 99,999,999,999 fen/m² was accepted.
    expect((await manager.inject('POST', '/api/billing/fee-items', item({ unitPrice: '99999999999' }))).statusCode).toBe(400);
    const ok = await manager.inject('POST', '/api/billing/fee-items', item({ unitPrice: '10000' }));
    expect(ok.statusCode, ok.body).toBe(201);
    // Editing the price is held to the same bound.
    const patched = await manager.inject('PATCH', `/api/billing/fee-items/${ok.json().id}`, { unitPrice: '20000' });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().error.code).toBe('billing.fee_limit.area');
  });

  it('bounds fixed, metered and service items by their own limits', async () => {
    const fixedBad = await manager.inject('POST', '/api/billing/fee-items', item({ kind: 'fixed', category: 'parking', monthlyFen: 100_000_001 }));
    expect(fixedBad.statusCode).toBe(400);
    expect(fixedBad.json().error.message).toContain('1,000,000');
    expect((await manager.inject('POST', '/api/billing/fee-items', item({ kind: 'fixed', category: 'parking', monthlyFen: 100_000_000 }))).statusCode).toBe(201);
    expect((await manager.inject('POST', '/api/billing/fee-items', item({ kind: 'metered', category: 'water', unitPrice: '10001' }))).json().error.code).toBe('billing.fee_limit.metered');
    expect((await manager.inject('POST', '/api/billing/fee-items', item({ kind: 'service', category: 'service', unitPrice: '10000001' }))).json().error.code).toBe('billing.fee_limit.service');
    expect((await manager.inject('POST', '/api/billing/fee-items', item({ kind: 'service', category: 'service', unitPrice: '5000' }))).statusCode).toBe(201);
  });
});

describe('unit area', () => {
  it('must be greater than 0 on create and on update', async () => {
    const zero = await admin.inject('POST', '/api/units', { buildingId: env.fx.buildingA, number: 'Z-1', areaM2: 0, type: 'residence', state: 'vacant' });
    expect(zero.statusCode, zero.body).toBe(400);
    expect(zero.body).toContain('面积必须大于 0');
    expect((await admin.inject('POST', '/api/units', { buildingId: env.fx.buildingA, number: 'Z-2', areaM2: '0.00', type: 'residence', state: 'vacant' })).statusCode).toBe(400);
    const upd = await admin.inject('PATCH', `/api/units/${env.fx.unitA1}`, { areaM2: 0 });
    expect(upd.statusCode).toBe(400);
    const row = await env.ctx.store.db.selectFrom('units').select('area_centi_m2').where('id', '=', env.fx.unitA1).executeTakeFirstOrThrow();
    expect(row.area_centi_m2).toBe(8935);
    expect((await admin.inject('POST', '/api/units', { buildingId: env.fx.buildingA, number: 'Z-3', areaM2: '0.01', type: 'residence', state: 'vacant' })).statusCode).toBe(201);
  });
});

describe('overflow', () => {
  it('the arithmetic reports an overflow as AMOUNT_OVERFLOW', () => {
    let err: unknown;
    try {
      areaMonthlyFen('9999999.99', '9999999999.9999');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BillingError);
    expect((err as BillingError).code).toBe('AMOUNT_OVERFLOW');
  });

  it('a bill run names an overflowing line amount_overflow, never missing_area, and bills nothing for it', () => {
    const units = [{ id: 'U', projectId: 'P', kind: 'residence', areaM2: '9999999.99' }];
    const occ = [{ id: 'O', unitId: 'U', partyId: 'X', start: '2026-01-01', end: null }];
    const items = [{ id: 'F', projectId: 'P', name: 'fee', category: 'property', kind: 'area' as const, cycle: 'monthly' as const, unitPriceFen: '9999999999.9999' }];
    const plan = planBillRun('2026-03', units as never, occ as never, items, []);
    expect(plan.lines).toHaveLength(0);
    expect(plan.issues.map((i) => i.code)).toEqual(['amount_overflow']);
  });

  it('a stored price that slipped past the bounds does not become a bill of 1 万亿元', async () => {
    // As found: 99,999,999,999 fen/m² on a unit of 89.35 m², written before the bounds existed.
    const db = env.ctx.store.db;
    const ts = nowIso();
    const id = newId();
    await db.insertInto('fee_items').values({ id, org_id: env.fx.orgId, project_id: env.fx.projectA, code: 'BIG', name: '错价', kind: 'area', category: 'property', cycle: 'monthly', unit_price: '99999999999', monthly_fen: null, unit_kinds_json: null, valid_from: null, valid_to: null, due_days: 0, active: 1, created_at: ts, updated_at: ts }).execute();
    await db.insertInto('fee_liabilities').values({ id: newId(), org_id: env.fx.orgId, project_id: env.fx.projectA, target_kind: 'unit', target_id: env.fx.unitA1, account_id: env.fx.unitA1, party_id: env.fx.partyA1, role: 'owner', start_date: '2026-01-01', end_date: null, created_at: ts, updated_at: ts }).execute();
    const run = await manager.inject('POST', '/api/billing/runs', { projectId: env.fx.projectA, period: '2026-03' });
    expect(run.statusCode, run.body).toBeLessThan(300);
    const issues = run.json().issues as { code: string; feeItemId?: string }[];
    expect(issues.filter((i) => i.feeItemId === id).map((i) => i.code)).toContain('amount_overflow');
    const bills = await db.selectFrom('bills').select('amount_fen').where('fee_item_id', '=', id).execute();
    expect(bills).toEqual([]);
    await db.updateTable('fee_items').set({ active: 0 }).where('id', '=', id).execute();
  });
});

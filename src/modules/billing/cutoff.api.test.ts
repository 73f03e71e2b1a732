/**
 * Cut-off semantics (issue 12): a bill run made after its period pays the new bills from credit;
 * that credit counts as of when it existed, not as of the run day.
 *
 * Hand-computed fixture: project A, units C1 and C2 of 100 m² each, property fee 2.00 元/㎡·月
 * (unit price 200 fen), due 10 days after the period starts. March 2025: each bill 20 000 fen,
 * due 2025-03-11. Before any bill exists:
 *   C1 prepays 30 000 on 2025-02-15 (before the period)      → its March bill is paid as of 1 March;
 *   C2 pays    20 000 on 2025-04-10 (after the 31 March cut-off) → paid as of 10 April.
 * The March run is made later (today). Then:
 *   cut-off 2025-03-31: receivable 40 000, received 20 000 → 收费率 50 %; C2 in arrears → 户收费率 1/2.
 *   cut-off 2025-04-30: received 40 000 → 100 %, 2/2.
 *   Late fees as of 2025-04-30 at 0.05 %/day, no grace: C1 none; C2 accrues 12 March–9 April
 *   (20 + 9 = 29 days; the payment of 10 April stops that day) → 20 000 × 29 × 0.0005 = 290 fen.
 * Dated on the run day instead, both would be unpaid at 31 March (0 %) and both charged 500 fen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, PASSWORD, type Session, type TestEnv, ok } from '../../../test/helpers';
import { newId, nowIso } from '../../db/ids';
import { createUser } from '../auth/service';
import { today } from './store';

let env: TestEnv;
let manager: Session;
const u: Record<string, string> = {};

beforeAll(async () => {
  env = await createTestEnv();
  const { orgId, projectA, buildingA, partyA1 } = env.fx;
  const db = env.ctx.store.db;
  const ts = nowIso();
  await createUser(db, { orgId, username: 'mgr', displayName: '经理', role: 'manager', password: PASSWORD });
  manager = await login(env.app, 'mgr');
  for (const name of ['C1', 'C2']) {
    u[name] = newId();
    await db.insertInto('units').values({ id: u[name], org_id: orgId, project_id: projectA, building_id: buildingA, number: name, floor: 1, area_centi_m2: 10_000, type: 'residence', state: 'occupied', created_at: ts, updated_at: ts }).execute();
    await db.insertInto('fee_liabilities').values({ id: newId(), org_id: orgId, project_id: projectA, target_kind: 'unit', target_id: u[name], account_id: u[name], party_id: partyA1, role: 'owner', start_date: '2025-01-01', end_date: null, created_at: ts, updated_at: ts }).execute();
  }
  await ok(await manager.inject('POST', '/api/billing/fee-items', { projectId: projectA, code: 'WY', name: '物业服务费', kind: 'area', category: 'property', unitPrice: '200', dueDays: 10 }), 201);
  await ok(await manager.inject('PUT', `/api/billing/settings/${projectA}`, { lateFee: { enabled: true, dailyRatePercent: '0.05', graceDays: 0 } }));
  // Money first, bills later: both payments become credit.
  expect((await ok(await manager.inject('POST', '/api/billing/payments', { accountId: u.C1, amountFen: 30_000, method: 'cash', paidOn: '2025-02-15' }), 201)).creditedFen).toBe(30_000);
  expect((await ok(await manager.inject('POST', '/api/billing/payments', { accountId: u.C2, amountFen: 20_000, method: 'cash', paidOn: '2025-04-10' }), 201)).creditedFen).toBe(20_000);
  const run = await ok(await manager.inject('POST', '/api/billing/runs', { projectId: projectA, period: '2025-03' }), 201);
  expect(run.createdCount).toBe(2);
});
afterAll(async () => env.close());

const report = (q: string) => manager.inject('GET', `/api/billing/reports/collection?projectId=${env.fx.projectA}&fromMonth=2025-03&toMonth=2025-03&groupBy=projectId${q}`);

describe('credit counts as of when it existed', () => {
  it('credit applied by a later run is dated when both the money and the bill existed', async () => {
    const rows = await env.ctx.store.db.selectFrom('bill_settlements').select(['account_id', 'source', 'settled_on', 'fen']).where('account_id', 'in', [u.C1, u.C2]).orderBy('account_id').execute();
    const by = Object.fromEntries(rows.map((r) => [r.account_id, r]));
    expect(by[u.C1]).toMatchObject({ source: 'credit', settled_on: '2025-03-01', fen: 20_000 });
    expect(by[u.C2]).toMatchObject({ source: 'credit', settled_on: '2025-04-10', fen: 20_000 });
    // C1 keeps the rest of its prepayment as credit.
    const acc = await ok(await manager.inject('GET', `/api/billing/accounts/${u.C1}`));
    expect(acc.creditFen).toBe(10_000);
  });

  it('the collection rate at the 31 March cut-off counts the prepayment, not the April payment', async () => {
    const r = await ok(await report('&cutoff=2025-03-31'));
    expect(r.cutoff).toBe('2025-03-31');
    expect(r.total).toMatchObject({ receivableFen: 40_000, receivedFen: 20_000, outstandingFen: 20_000, unitsBilled: 2, unitsInArrears: 1 });
    expect(r.total.rate).toBeCloseTo(0.5, 10);
    expect(r.total.householdRate).toBeCloseTo(0.5, 10);
    const april = await ok(await report('&cutoff=2025-04-30'));
    expect(april.total).toMatchObject({ receivedFen: 40_000, unitsInArrears: 0 });
    expect(april.total.rate).toBe(1);
  });

  it('the report always states its cut-off (today when none is asked for)', async () => {
    const r = await ok(await report(''));
    expect(r.cutoff).toBe(today());
  });

  it('no late fee for the household that had prepaid; the late payer is charged for the days it was late', async () => {
    const r = await ok(await manager.inject('POST', '/api/billing/late-fees/assess', { projectId: env.fx.projectA, asOf: '2025-04-30' }));
    expect(r).toEqual({ bills: 1, totalFen: 290 });
    const fees = await env.ctx.store.db.selectFrom('bills').select(['account_id', 'amount_fen']).where('kind', '=', 'late_fee').where('account_id', 'in', [u.C1, u.C2]).execute();
    expect(fees).toEqual([{ account_id: u.C2, amount_fen: 290 }]);
  });
});

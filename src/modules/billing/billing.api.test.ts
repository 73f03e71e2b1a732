import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, PASSWORD, type Session, type TestEnv, ok } from '../../../test/helpers';
import { createUser } from '../auth/service';
import { insertParty } from '../registry/queries';
import { replayLedger, type LedgerEvent } from './core';

let env: TestEnv;
let collector: Session;
let manager: Session;
let admin: Session;
let feeProperty: string;
let feeWater: string;
let newOwner: string;

beforeAll(async () => {
  env = await createTestEnv();
  const { orgId, projectA } = env.fx;
  await createUser(env.ctx.store.db, { orgId, username: 'collector', displayName: '何红梅', role: 'collector', password: PASSWORD, projectIds: [projectA] });
  await createUser(env.ctx.store.db, { orgId, username: 'manager', displayName: '周经理', role: 'manager', password: PASSWORD });
  collector = await login(env.app, 'collector');
  manager = await login(env.app, 'manager');
  admin = await login(env.app, 'admin');
  newOwner = await insertParty(env.ctx.store.db, env.ctx.secrets, orgId, { kind: 'person', name: '王强', phones: ['13900001111'] });
});
afterAll(async () => env?.close());

describe('fees, liabilities and the bill run', () => {
  it('sets up fee items, a discount, liabilities with a mid-month move-out / move-in, and a reading', async () => {
    const { projectA, unitA1, unitA2, partyA1, partyA2 } = env.fx;
    // Only those with the approval right configure fees.
    expect((await collector.inject('POST', '/api/billing/fee-items', { projectId: projectA, code: 'WY', name: '物业服务费', kind: 'area', category: 'property', unitPrice: '280' })).statusCode).toBe(403);
    feeProperty = (await ok(await manager.inject('POST', '/api/billing/fee-items', { projectId: projectA, code: 'WY', name: '物业服务费', kind: 'area', category: 'property', unitPrice: '280', unitKinds: ['residence'] }), 201)).id;
    feeWater = (await ok(await manager.inject('POST', '/api/billing/fee-items', { projectId: projectA, code: 'SF', name: '水费', kind: 'metered', category: 'water', unitPrice: '345', dueDays: 10 }), 201)).id;
    // Over-precise prices are refused, not rounded.
    expect((await manager.inject('POST', '/api/billing/fee-items', { projectId: projectA, code: 'X', name: 'x', kind: 'area', category: 'property', unitPrice: '2.801234' })).statusCode).toBe(400);
    await ok(await manager.inject('POST', '/api/billing/discounts', { projectId: projectA, name: '三月减免', kind: 'fixed', amountFen: 1000, feeItemIds: [feeProperty], unitIds: [unitA1], validFrom: '2025-03-01', validTo: '2025-03-31' }), 201);

    await ok(await collector.inject('POST', '/api/billing/liabilities', { targetId: unitA1, partyId: partyA1, startDate: '2025-03-01' }), 201);
    await ok(await collector.inject('POST', '/api/billing/liabilities', { targetId: unitA2, partyId: partyA2, startDate: '2025-03-01' }), 201);
    // A sale on 15 March: the previous owner's liability ends on the 14th.
    await ok(await collector.inject('POST', '/api/billing/liabilities', { targetId: unitA2, partyId: newOwner, startDate: '2025-03-15' }), 201);
    const list = await ok(await collector.inject('GET', `/api/billing/liabilities?targetId=${unitA2}`));
    expect(list.items.map((l: any) => [l.partyId, l.startDate, l.endDate])).toEqual([
      [partyA2, '2025-03-01', '2025-03-14'],
      [newOwner, '2025-03-15', null],
    ]);
    // An overlapping liability that does not start later is refused.
    expect((await collector.inject('POST', '/api/billing/liabilities', { targetId: unitA1, partyId: partyA2, startDate: '2024-12-01', closePrevious: true })).statusCode).toBe(409);

    // The first reading of a meter needs its start value; a lower reading is refused.
    expect((await collector.inject('POST', '/api/billing/readings', { unitId: unitA1, feeItemId: feeWater, readDate: '2025-02-25', current: '100' })).statusCode).toBe(400);
    await ok(await collector.inject('POST', '/api/billing/readings', { unitId: unitA1, feeItemId: feeWater, readDate: '2025-02-25', previous: '90', current: '100' }), 201);
    const down = await collector.inject('POST', '/api/billing/readings', { unitId: unitA1, feeItemId: feeWater, readDate: '2025-03-25', current: '99.5' });
    expect(down.statusCode).toBe(400);
    expect(down.json().error.code).toBe('billing.reading.reading_decreased');
    const r = await ok(await collector.inject('POST', '/api/billing/readings', { unitId: unitA1, feeItemId: feeWater, readDate: '2025-03-25', current: '108.5' }), 201);
    expect(r.previous).toBe('100');
  });

  it('bills March by hand-computed amounts: 89.35 m² × 2.80 元, the move split, water 8.5 t × 3.45 元', async () => {
    const { projectA, unitA1, unitA2 } = env.fx;
    const dry = await ok(await collector.inject('POST', '/api/billing/runs', { projectId: projectA, period: '2025-03', dryRun: true }));
    expect(dry.createdCount).toBe(0);
    const run = await ok(await collector.inject('POST', '/api/billing/runs', { projectId: projectA, period: '2025-03' }), 201);
    // M = R(89.35 × 280) = 25 018; A1: 25 018 − 1 000 discount; A2 split on the 14th of 31 days:
    // R(25 018 × 14 / 31) = R(11 298.45) = 11 298 and 25 018 − 11 298 = 13 720; water R(8.5 × 345) = 2 933.
    expect(run).toMatchObject({ createdCount: 4, existingCount: 0, createdFen: 24_018 + 13_720 + 11_298 + 2_933 });
    expect(dry.createdFen).toBe(run.createdFen);
    const bills = (await ok(await collector.inject('GET', `/api/billing/bills?projectId=${projectA}&month=2025-03&pageSize=50`))).items;
    const a2 = bills.filter((b: any) => b.accountId === unitA2).sort((x: any, y: any) => (x.coverStart < y.coverStart ? -1 : 1));
    expect(a2.map((b: any) => [b.coverStart, b.coverEnd, b.amountFen, b.partyId])).toEqual([
      ['2025-03-01', '2025-03-14', 11_298, env.fx.partyA2],
      ['2025-03-15', '2025-03-31', 13_720, newOwner],
    ]);
    const a1 = bills.filter((b: any) => b.accountId === unitA1);
    expect(a1.find((b: any) => b.category === 'property')).toMatchObject({ grossFen: 25_018, discountFen: 1_000, amountFen: 24_018, dueDate: '2025-03-01' });
    expect(a1.find((b: any) => b.category === 'water')).toMatchObject({ amountFen: 2_933, dueDate: '2025-04-04' });
    const detail = await ok(await collector.inject('GET', `/api/billing/bills/${a1.find((b: any) => b.category === 'water').id}`));
    expect(detail.basis).toMatchObject({ kind: 'metered', previous: '100', current: '108.5', consumption: '8.5' });
  });

  it('running the period again creates nothing', async () => {
    const again = await ok(await collector.inject('POST', '/api/billing/runs', { projectId: env.fx.projectA, period: '2025-03' }), 201);
    expect(again).toMatchObject({ createdCount: 0, existingCount: 4, createdFen: 0 });
    // A quarter run after the month run adds nothing for March either.
    // (January and February have no liable party; the February reading is reported, not billed.)
    const q1 = await ok(await collector.inject('POST', '/api/billing/runs', { projectId: env.fx.projectA, period: '2025-Q1' }), 201);
    expect(q1).toMatchObject({ createdCount: 0, existingCount: 4 });
    expect(q1.issues.map((i: any) => i.code)).toContain('no_occupant');
  });

  it('two runs of the same period racing each other create every line once', async () => {
    const { projectA } = env.fx;
    const [r1, r2] = await Promise.all([
      collector.inject('POST', '/api/billing/runs', { projectId: projectA, period: '2025-04' }),
      manager.inject('POST', '/api/billing/runs', { projectId: projectA, period: '2025-04' }),
    ]);
    expect(r1.statusCode, r1.body).toBe(201);
    expect(r2.statusCode, r2.body).toBe(201);
    // April: A1 25 018 and the new owner of A2 25 018 — two lines between both runs.
    expect(r1.json().createdCount + r2.json().createdCount).toBe(2);
    expect(r1.json().createdFen + r2.json().createdFen).toBe(50_036);
    const rows = await env.ctx.store.db.selectFrom('bills').select(['line_key']).where('project_id', '=', projectA).where('account_month', '=', '2025-04').execute();
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.line_key)).size).toBe(2);
    const runs = (await ok(await collector.inject('GET', `/api/billing/runs?projectId=${projectA}&period=2025-04`))).items;
    expect(runs).toHaveLength(2);
    expect(runs.reduce((s: number, r: any) => s + r.existingCount, 0)).toBe(2);
  });

  it('and a run racing at the service level (two transactions) does the same', async () => {
    const { runBills } = await import('./billRuns');
    const who = { orgId: env.fx.orgId, userId: null };
    const [x, y] = await Promise.all([runBills(env.ctx, who, { projectId: env.fx.projectA, period: '2025-06' }), runBills(env.ctx, who, { projectId: env.fx.projectA, period: '2025-06' })]);
    expect(x.createdCount + y.createdCount).toBe(2);
    expect(x.existingCount + y.existingCount).toBe(2);
  });
});

describe('payments, receipts, credit, refunds and write-offs', () => {
  it('pays oldest first, keeps the rest as credit, and numbers receipts per day', async () => {
    const { unitA1 } = env.fx;
    const p1 = await ok(await collector.inject('POST', '/api/billing/payments', { accountId: unitA1, amountFen: 20_000, method: 'cash', paidOn: '2025-04-10' }), 201);
    expect(p1.receiptNo).toMatch(/^SK\d{8}000001$/);
    expect(p1).toMatchObject({ allocatedFen: 20_000, creditedFen: 0 });
    // Oldest first by due date: March property (due 03-01) 4 018, April property (04-01) 25 018,
    // then water (due 04-04) 964 of 2 933.
    const p2 = await ok(await collector.inject('POST', '/api/billing/payments', { accountId: unitA1, amountFen: 30_000, method: 'wechat_pay', reference: 'WX4200001', paidOn: '2025-04-12' }), 201);
    expect(p2.receiptNo).toMatch(/000002$/);
    expect(p2.allocations.map((x: any) => x.fen)).toEqual([4_018, 25_018, 964]);
    // The same WeChat notification cannot be booked twice; non-cash needs its reference.
    const dup = await collector.inject('POST', '/api/billing/payments', { accountId: unitA1, amountFen: 30_000, method: 'wechat_pay', reference: 'WX4200001' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toContain('WX4200001');
    const noRef = await collector.inject('POST', '/api/billing/payments', { accountId: unitA1, amountFen: 100, method: 'alipay' });
    expect(noRef.statusCode).toBe(400);
    expect(noRef.json().error.code).toBe('billing.core.MISSING_REFERENCE');
    // June is still open (25 018): 5 000 + 25 000 pays water 1 969, June 25 018 and leaves 3 013 credit.
    const p3 = await ok(await collector.inject('POST', '/api/billing/payments', { accountId: unitA1, amountFen: 30_000, method: 'bank_transfer', reference: 'B20250415-77', paidOn: '2025-04-15' }), 201);
    expect(p3).toMatchObject({ allocatedFen: 26_987, creditedFen: 3_013, creditFen: 3_013 });
    const acc = await ok(await collector.inject('GET', `/api/billing/accounts/${unitA1}?asOf=2025-04-20`));
    expect(acc).toMatchObject({ creditFen: 3_013, outstandingFen: 0, monthsInArrears: 0 });
    const html = await collector.inject('GET', `/api/billing/payments/${p2.id}/receipt.html`);
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('收款收据');
    expect(html.body).toContain('叁佰元整');
  });

  it('stores exactly what replaying the account through the core ledger gives', async () => {
    const { unitA1 } = env.fx;
    const db = env.ctx.store.db;
    const bills = await db.selectFrom('bills').selectAll().where('account_id', '=', unitA1).execute();
    const payments = await db.selectFrom('payments').selectAll().where('account_id', '=', unitA1).execute();
    const events: (LedgerEvent & { at: string })[] = [
      ...bills.map((b) => ({ at: b.created_at, type: 'bill' as const, bill: { id: b.id, issuedOn: b.issued_on, dueDate: b.due_date, amountFen: Number(b.amount_fen), coverStart: b.cover_start, coverEnd: b.cover_end } })),
      ...payments.map((p) => ({ at: p.created_at, type: 'payment' as const, payment: { id: p.id, date: p.paid_on, amountFen: Number(p.amount_fen), method: p.method as any, reference: p.reference ?? undefined } })),
    ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const state = replayLedger(events);
    const stored = await db.selectFrom('billing_accounts').select('credit_fen').where('id', '=', unitA1).executeTakeFirstOrThrow();
    expect(state.creditFen).toBe(Number(stored.credit_fen));
    for (const b of state.bills) expect(Number(bills.find((x) => x.id === b.bill.id)!.outstanding_fen)).toBe(b.outstandingFen);
  });

  it('applies credit to a newly issued bill', async () => {
    const run = await ok(await collector.inject('POST', '/api/billing/runs', { projectId: env.fx.projectA, period: '2025-05' }), 201);
    expect(run.createdCount).toBe(2);
    const may = (await ok(await collector.inject('GET', `/api/billing/bills?accountId=${env.fx.unitA1}&month=2025-05`))).items[0];
    expect(may).toMatchObject({ amountFen: 25_018, paidFen: 3_013, outstandingFen: 22_005, status: 'partly_paid' });
    expect((await ok(await collector.inject('GET', `/api/billing/accounts/${env.fx.unitA1}`))).creditFen).toBe(0);
  });

  it('refunds come out of credit and need someone else to approve', async () => {
    const { unitA2 } = env.fx;
    // Owed: 11 298 + 13 720 + April, May, June 25 018 each = 100 072; 120 000 leaves 19 928 credit.
    await ok(await collector.inject('POST', '/api/billing/payments', { accountId: unitA2, amountFen: 120_000, method: 'cash', paidOn: '2025-05-20' }), 201);
    const credit = (await ok(await collector.inject('GET', `/api/billing/accounts/${unitA2}`))).creditFen;
    expect(credit).toBe(19_928);
    const tooMuch = await collector.inject('POST', '/api/billing/refunds', { accountId: unitA2, amountFen: credit + 1, method: 'cash', reason: '多交' });
    expect(tooMuch.statusCode).toBe(409);
    const req = await ok(await collector.inject('POST', '/api/billing/refunds', { accountId: unitA2, amountFen: 1_000, method: 'cash', reason: '多交退回' }), 201);
    expect((await collector.inject('POST', `/api/billing/refunds/${req.id}/decide`, { approve: true })).statusCode).toBe(403);
    const mine = await ok(await manager.inject('POST', '/api/billing/refunds', { accountId: unitA2, amountFen: 500, method: 'cash', reason: '测试' }), 201);
    const self = await manager.inject('POST', `/api/billing/refunds/${mine.id}/decide`, { approve: true });
    expect(self.statusCode).toBe(403);
    const done = await ok(await manager.inject('POST', `/api/billing/refunds/${req.id}/decide`, { approve: true }));
    expect(done).toMatchObject({ status: 'approved', creditFen: credit - 1_000 });
    expect((await manager.inject('POST', `/api/billing/refunds/${req.id}/decide`, { approve: true })).statusCode).toBe(409);
  });

  it('write-offs take effect only when approved by someone other than the requester', async () => {
    const { unitA1 } = env.fx;
    const svc = await ok(
      await collector.inject('POST', '/api/billing/service-bills', {
        accountId: unitA1,
        description: '有偿维修：更换门锁',
        items: [
          { description: '人工', quantity: 1, unitPriceFen: 5000 },
          { description: '线材', quantity: '2.5', unitPriceFen: 1280 },
          { description: '配件', quantity: 3, unitPriceFen: '333.5' },
        ],
      }),
      201,
    );
    // 5 000 + 3 200 + R(1 000.5) = 9 201.
    expect(svc).toMatchObject({ amountFen: 9_201, outstandingFen: 9_201 });
    const open = 9_201;
    const w = await ok(await collector.inject('POST', '/api/billing/write-offs', { billId: svc.id, amountFen: open, reason: '维修质量问题，经理同意减免' }), 201);
    const byCollector = await collector.inject('POST', `/api/billing/write-offs/${w.id}/decide`, { approve: true });
    expect(byCollector.statusCode).toBe(403);
    // Deciding is declared billing.approve: the gate refuses a collector before the core is asked.
    expect(byCollector.json().error.code).toBe('auth.forbidden');
    const own = await ok(await manager.inject('POST', '/api/billing/write-offs', { billId: svc.id, amountFen: 1, reason: 'x' }), 201);
    const self = await manager.inject('POST', `/api/billing/write-offs/${own.id}/decide`, { approve: true });
    expect(self.json().error.code).toBe('billing.core.WRITE_OFF_SELF_APPROVAL');
    await ok(await manager.inject('POST', `/api/billing/write-offs/${w.id}/decide`, { approve: true }));
    const after = await ok(await collector.inject('GET', `/api/billing/bills/${svc.id}`));
    expect(after).toMatchObject({ writtenOffFen: open, outstandingFen: 0, status: 'settled' });
    // Approving the second request now would exceed what is owed.
    expect((await admin.inject('POST', `/api/billing/write-offs/${own.id}/decide`, { approve: true })).statusCode).toBe(409);
  });

  it('keeps residents to their own accounts', async () => {
    const res = await login(env.app, 'resident_a1');
    expect((await res.inject('GET', `/api/billing/accounts/${env.fx.unitA1}`)).statusCode).toBe(200);
    expect((await res.inject('GET', `/api/billing/accounts/${env.fx.unitA2}`)).statusCode).toBe(403);
    const bills = (await ok(await res.inject('GET', '/api/billing/bills?pageSize=100'))).items;
    expect(bills.length).toBeGreaterThan(0);
    expect(bills.every((b: any) => b.unitId === env.fx.unitA1)).toBe(true);
    expect((await res.inject('POST', '/api/billing/payments', { accountId: env.fx.unitA1, amountFen: 100, method: 'cash' })).statusCode).toBe(403);
  });

  it('shows arrears on the desk caller screen', async () => {
    const agent = await login(env.app, 'agent_a');
    const screen = await ok(await agent.inject('GET', '/api/desk/caller?phone=13812345678'));
    expect(screen.arrears).toEqual(expect.arrayContaining([expect.objectContaining({ unitId: env.fx.unitA1, outstandingFen: 22_005 })]));
  });
});

describe('paid repairs become bills, and settling the bill confirms payment on the order', () => {
  it('bills a completed paid repair once and moves the order on when paid', async () => {
    const { projectA, unitA1, partyA1, users } = env.fx;
    const agent = await login(env.app, 'agent_a');
    const tech = await login(env.app, 'tech');
    const dispatcher = await login(env.app, 'dispatcher');
    const order = await ok(await agent.inject('POST', '/api/orders', { projectId: projectA, kind: 'repair', title: '更换水龙头', unitId: unitA1, partyId: partyA1, areaScope: 'unit', paid: true }), 201);
    await ok(await dispatcher.inject('POST', `/api/orders/${order.id}/actions/dispatch`, { assigneeId: users.tech }));
    for (const a of ['accept', 'arrive', 'start_work']) await ok(await tech.inject('POST', `/api/orders/${order.id}/actions/${a}`, {}));
    await ok(await tech.inject('POST', `/api/orders/${order.id}/actions/complete`, { chargeFen: 8_800, note: '更换水龙头一个' }));
    const bill = await ok(await collector.inject('POST', `/api/billing/service-bills/from-order/${order.id}`), 201);
    expect(bill).toMatchObject({ amountFen: 8_800, kind: 'service', sourceOrderId: order.id });
    const again = await ok(await collector.inject('POST', `/api/billing/service-bills/from-order/${order.id}`), 200);
    expect(again.id).toBe(bill.id);
    expect((await ok(await agent.inject('GET', `/api/orders/${order.id}`))).state).toBe('awaiting_payment');
    await ok(await collector.inject('POST', '/api/billing/payments', { accountId: unitA1, amountFen: 22_005 + 8_800, method: 'cash' }), 201);
    const o = await ok(await agent.inject('GET', `/api/orders/${order.id}`));
    expect(['awaiting_visit', 'closed']).toContain(o.state);
    expect(o.events.map((e: any) => e.action)).toContain('confirm_payment');
  });
});

describe('meter reading import', () => {
  it('imports a CSV of readings, or nothing when a row is bad', async () => {
    const { projectA } = env.fx;
    const { multipart } = await import('../../../test/helpers');
    const send = async (csv: string, dryRun = '0') => {
      const m = multipart({ name: 'readings.csv', content: Buffer.from(csv, 'utf8'), type: 'text/csv' }, { projectId: projectA, dryRun });
      return env.app.inject({ method: 'POST', url: '/api/billing/readings/import', payload: m.payload, headers: { ...collector.headers, ...m.headers } });
    };
    const bad = await send('房号,费目,抄表日期,本次读数\n1-1201,SF,2025/7/25,120\n1-1299,SF,2025-07-25,5\n1-1201,SF,2025-08-25,110\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((e: any) => [e.line, e.code])).toEqual([
      [3, 'unknown_unit'],
      [4, 'reading_decreased'],
    ]);
    expect(await env.ctx.store.db.selectFrom('meter_readings').select('id').where('read_date', '>=', '2025-07-01').execute()).toHaveLength(0);
    const good = await ok(await send('房号,费目,抄表日期,上次读数,本次读数\n1-1201,SF,2025/7/25,,120\n1-1202,水费,2025-07-25,0,12.5\n'));
    expect(good).toMatchObject({ imported: 2, errors: [] });
    const readings = await env.ctx.store.db.selectFrom('meter_readings').select(['previous_reading', 'current_reading']).where('read_date', '=', '2025-07-25').execute();
    expect(readings).toHaveLength(2);
    expect(readings).toEqual(expect.arrayContaining([
      { previous_reading: '108.5', current_reading: '120' },
      { previous_reading: '0', current_reading: '12.5' },
    ]));
  });
});

describe('parking rent, late fees, settings and XLSX readings', () => {
  it('bills a rented parking space to the flat it belongs to, prorated from the start of the lease', async () => {
    const { orgId, projectA, unitA1, partyA1 } = env.fx;
    const spaceId = `sp${Date.now()}`;
    const ts = new Date().toISOString();
    await env.ctx.store.db.insertInto('parking_spaces').values({ id: spaceId, org_id: orgId, project_id: projectA, code: 'B1-001', kind: 'rented', state: 'occupied', unit_id: unitA1, party_id: partyA1, plate: '沪A12345', created_at: ts, updated_at: ts }).execute();
    await ok(await manager.inject('POST', '/api/billing/fee-items', { projectId: projectA, code: 'CW', name: '车位租金', kind: 'fixed', category: 'parking', monthlyFen: 30_000, unitKinds: ['parking'] }), 201);
    const l = await ok(await collector.inject('POST', '/api/billing/liabilities', { targetKind: 'parking', targetId: spaceId, partyId: partyA1, role: 'renter', startDate: '2025-09-10' }), 201);
    expect(l.accountId).toBe(unitA1);
    await ok(await collector.inject('POST', '/api/billing/runs', { projectId: projectA, period: '2025-09' }), 201);
    const lines = (await ok(await collector.inject('GET', `/api/billing/bills?accountId=${unitA1}&month=2025-09`))).items;
    // September has 30 days; from the 10th: 30 000 − R(30 000 × 9 / 30) = 21 000.
    expect(lines.find((b: any) => b.category === 'parking')).toMatchObject({ spaceId, amountFen: 21_000, coverStart: '2025-09-10', coverEnd: '2025-09-30' });
  });

  it('assesses late fees by the project rule, incrementally and only once a day', async () => {
    const { projectB, unitB1, partyB1 } = env.fx;
    expect((await manager.inject('POST', '/api/billing/late-fees/assess', { projectId: projectB, asOf: '2025-03-31' })).statusCode).toBe(409);
    await ok(await manager.inject('PUT', `/api/billing/settings/${projectB}`, { lateFee: { enabled: true, dailyRatePercent: '0.05', graceDays: 15, retroactive: false, capPercentOfPrincipal: '100' } }));
    await ok(await manager.inject('POST', '/api/billing/fee-items', { projectId: projectB, code: 'ZJ', name: '物业管理费', kind: 'fixed', category: 'property', monthlyFen: 100_000 }), 201);
    await ok(await manager.inject('POST', '/api/billing/liabilities', { targetId: unitB1, partyId: partyB1, role: 'company', startDate: '2025-03-01' }), 201);
    await ok(await manager.inject('POST', '/api/billing/runs', { projectId: projectB, period: '2025-03' }), 201);
    await ok(await manager.inject('POST', '/api/billing/payments', { accountId: unitB1, amountFen: 40_000, method: 'bank_transfer', reference: 'B-LF-1', paidOn: '2025-03-20' }), 201);
    // docs/billing.md §5: 17–19 March on 100 000, 20–31 March on 60 000 → 1 020 000 × 0.05 % = 510.
    expect(await ok(await manager.inject('POST', '/api/billing/late-fees/assess', { projectId: projectB, asOf: '2025-03-31' }))).toEqual({ bills: 1, totalFen: 510 });
    expect(await ok(await manager.inject('POST', '/api/billing/late-fees/assess', { projectId: projectB, asOf: '2025-03-31' }))).toEqual({ bills: 0, totalFen: 0 });
    // Ten more days on 60 000: + 300.
    expect(await ok(await manager.inject('POST', '/api/billing/late-fees/assess', { projectId: projectB, asOf: '2025-04-10' }))).toEqual({ bills: 1, totalFen: 300 });
    const fees = (await ok(await manager.inject('GET', `/api/billing/bills?accountId=${unitB1}&kind=late_fee`))).items;
    expect(fees.map((f: any) => f.amountFen).sort()).toEqual([300, 510]);
    // Late fees are not part of the collection rate unless asked for.
    const rep = await ok(await manager.inject('GET', `/api/billing/reports/collection?projectId=${projectB}&groupBy=projectId`));
    expect(rep.total.receivableFen).toBe(100_000);
  });

  it('stores a project’s own dunning ladder, validated by the core', async () => {
    const { projectB } = env.fx;
    const ladder = { entry: { minMonthsInArrears: 1 }, steps: [{ code: 'call', dayOfMonth: 1, action: 'reminder' }, { code: 'lawyer', dayOfMonth: 25, action: 'measures', requiresApproval: true, approverRoles: ['manager'] }] };
    const s = await ok(await manager.inject('PUT', `/api/billing/settings/${projectB}`, { ladder, receiptPrefix: 'SF' }));
    expect(s).toMatchObject({ ladder, receiptPrefix: 'SF', lateFee: { enabled: true } });
    const dup = await manager.inject('PUT', `/api/billing/settings/${projectB}`, { ladder: { ...ladder, steps: [ladder.steps[0], ladder.steps[0]] } });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.code).toBe('billing.core.INVALID_LADDER');
    const p = await ok(await manager.inject('POST', '/api/billing/payments', { accountId: env.fx.unitB1, amountFen: 100, method: 'cash' }), 201);
    expect(p.receiptNo).toMatch(/^SF\d{14}$/);
  });

  it('imports readings from an XLSX sheet', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const { multipart } = await import('../../../test/helpers');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('抄表');
    ws.addRow(['房号', '费目', '抄表日期', '本次读数']);
    ws.addRow(['1-1201', 'SF', new Date(Date.UTC(2025, 7, 25)), 131.25]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const m = multipart({ name: '八月抄表.xlsx', content: buf, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, { projectId: env.fx.projectA });
    const res = await env.app.inject({ method: 'POST', url: '/api/billing/readings/import', payload: m.payload, headers: { ...collector.headers, ...m.headers } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 1 });
    const r = await env.ctx.store.db.selectFrom('meter_readings').select(['previous_reading', 'current_reading']).where('read_date', '=', '2025-08-25').executeTakeFirstOrThrow();
    expect(r).toEqual({ previous_reading: '120', current_reading: '131.25' });
  });
});

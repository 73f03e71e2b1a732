import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, PASSWORD, type Session, type TestEnv } from '../../../test/helpers';
import { newId, nowIso } from '../../db/ids';
import { createUser } from '../auth/service';
import { insertParty } from '../registry/queries';

/**
 * Both collection rates on a small fixture computed by hand (DESIGN.md §4):
 *   phase 一期, building B1: U1 50 m², U2 60 m²; phase 二期, building B2: U3 40 m², U4 45 m².
 *   Property fee 2.00 元/m² (due on the 1st), garbage 10 元 a month (due on the 6th), March 2025.
 *   Receivable: U1 10 000 + 1 000, U2 12 000 + 1 000, U3 8 000 + 1 000, U4 9 000 + 1 000 = 43 000.
 *   Paid: U1 11 000 on 10 March, U2 6 000 on 20 March (property first), U3 9 000 on 5 March,
 *   U4 10 000 on 2 April.
 *   By 31 March: received 26 000 → 收费率 26 000 / 43 000; units in arrears U2, U4 → 户收费率 2 / 4.
 */
let env: TestEnv;
let collector: Session;
let manager: Session;
const u: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  env = await createTestEnv();
  const { orgId, projectA } = env.fx;
  const db = env.ctx.store.db;
  const ts = nowIso();
  ids.c1 = await createUser(db, { orgId, username: 'collector1', displayName: '收费员甲', role: 'collector', password: PASSWORD, projectIds: [projectA] });
  ids.c2 = await createUser(db, { orgId, username: 'collector2', displayName: '收费员乙', role: 'collector', password: PASSWORD, projectIds: [projectA] });
  await createUser(db, { orgId, username: 'manager', displayName: '经理', role: 'manager', password: PASSWORD });
  collector = await login(env.app, 'collector1');
  manager = await login(env.app, 'manager');
  ids.p1 = newId();
  ids.p2 = newId();
  await db.insertInto('phases').values([
    { id: ids.p1, org_id: orgId, project_id: projectA, name: '一期', seq: 1, created_at: ts, updated_at: ts },
    { id: ids.p2, org_id: orgId, project_id: projectA, name: '二期', seq: 2, created_at: ts, updated_at: ts },
  ]).execute();
  ids.b1 = newId();
  ids.b2 = newId();
  await db.insertInto('buildings').values([
    { id: ids.b1, org_id: orgId, project_id: projectA, phase_id: ids.p1, name: 'B1', floors: 6, created_at: ts, updated_at: ts },
    { id: ids.b2, org_id: orgId, project_id: projectA, phase_id: ids.p2, name: 'B2', floors: 6, created_at: ts, updated_at: ts },
  ]).execute();
  const spec = [['U1', ids.b1, 5000], ['U2', ids.b1, 6000], ['U3', ids.b2, 4000], ['U4', ids.b2, 4500]] as const;
  for (const [name, building, area] of spec) {
    u[name] = newId();
    await db.insertInto('units').values({ id: u[name], org_id: orgId, project_id: projectA, building_id: building, number: name, floor: 1, area_centi_m2: area, type: 'residence', state: 'occupied', created_at: ts, updated_at: ts }).execute();
    const party = await insertParty(db, env.ctx.secrets, orgId, { kind: 'person', name: `业主${name}` });
    const r = await collector.inject('POST', '/api/billing/liabilities', { targetId: u[name], partyId: party, startDate: '2025-03-01' });
    expect(r.statusCode, r.body).toBe(201);
  }
  for (const body of [
    { projectId: projectA, code: 'WY', name: '物业服务费', kind: 'area', category: 'property', unitPrice: '200' },
    { projectId: projectA, code: 'LJ', name: '垃圾清运费', kind: 'fixed', category: 'garbage', monthlyFen: 1000, dueDays: 5 },
  ]) {
    const r = await manager.inject('POST', '/api/billing/fee-items', body);
    expect(r.statusCode, r.body).toBe(201);
    ids[body.code] = r.json().id;
  }
  for (const [building, c] of [[ids.b1, ids.c1], [ids.b2, ids.c2]]) {
    expect((await manager.inject('POST', '/api/billing/collector-assignments', { projectId: projectA, buildingId: building, collectorId: c })).statusCode).toBe(201);
  }
  const run = await collector.inject('POST', '/api/billing/runs', { projectId: projectA, period: '2025-03' });
  expect(run.json()).toMatchObject({ createdCount: 8, createdFen: 43_000 });
  for (const [unit, fen, date] of [['U1', 11_000, '2025-03-10'], ['U2', 6_000, '2025-03-20'], ['U3', 9_000, '2025-03-05'], ['U4', 10_000, '2025-04-02']] as const) {
    const p = await collector.inject('POST', '/api/billing/payments', { accountId: u[unit], amountFen: fen, method: 'cash', paidOn: date });
    expect(p.statusCode, p.body).toBe(201);
  }
  await manager.inject('PUT', '/api/billing/plans', { projectId: projectA, targetRate: '0.93', plannedFen: 40_000 });
});
afterAll(async () => env?.close());

const report = async (q: string) => {
  const r = await manager.inject('GET', `/api/billing/reports/collection?projectId=${env.fx.projectA}&fromMonth=2025-03&toMonth=2025-03&${q}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

describe('collection rate 收费率 and household collection rate 户收费率', () => {
  it('totals: 26 000 / 43 000 and (4 − 2) / 4 by the end of March', async () => {
    const r = await report('groupBy=projectId&cutoff=2025-03-31');
    expect(r.total).toMatchObject({ receivableFen: 43_000, receivedFen: 26_000, outstandingFen: 17_000, unitsBilled: 4, unitsInArrears: 2 });
    expect(r.total.rate).toBeCloseTo(26_000 / 43_000, 12);
    expect(r.total.householdRate).toBe(0.5);
    // Plan vs actual for the project row: target 93 %, planned 40 000.
    expect(r.rows[0].plan.targetRate).toBe(0.93);
    expect(r.rows[0].plan.rateGap).toBeCloseTo(26_000 / 43_000 - 0.93, 12);
    expect(r.rows[0].plan.amountGapFen).toBe(26_000 - 40_000);
  });

  it('by phase and by collector: 一期 17 000 / 24 000, 二期 9 000 / 19 000, each 1 of 2 households in arrears', async () => {
    for (const dim of ['phaseId', 'collectorId']) {
      const r = await report(`groupBy=${dim}&cutoff=2025-03-31`);
      const rows = Object.fromEntries(r.rows.map((x: any) => [x.labels[dim], x]));
      const first = dim === 'phaseId' ? '一期' : '收费员甲';
      const second = dim === 'phaseId' ? '二期' : '收费员乙';
      expect(rows[first]).toMatchObject({ receivableFen: 24_000, receivedFen: 17_000, unitsBilled: 2, unitsInArrears: 1, householdRate: 0.5 });
      expect(rows[first].rate).toBeCloseTo(17_000 / 24_000, 12);
      expect(rows[second]).toMatchObject({ receivableFen: 19_000, receivedFen: 9_000, unitsBilled: 2, unitsInArrears: 1, householdRate: 0.5 });
      expect(rows[second].rate).toBeCloseTo(9_000 / 19_000, 12);
    }
  });

  it('by fee item and building: the part payment of U2 went to its property fee first', async () => {
    const r = await report('groupBy=feeItemId&cutoff=2025-03-31');
    const rows = Object.fromEntries(r.rows.map((x: any) => [x.labels.feeItemId, x]));
    expect(rows['物业服务费']).toMatchObject({ receivableFen: 39_000, receivedFen: 24_000, unitsBilled: 4, unitsInArrears: 2 });
    expect(rows['垃圾清运费']).toMatchObject({ receivableFen: 4_000, receivedFen: 2_000, unitsBilled: 4, unitsInArrears: 2, rate: 0.5 });
    const byBuilding = await report('groupBy=buildingId,month&cutoff=2025-03-31');
    expect(byBuilding.rows.map((x: any) => [x.labels.buildingId, x.labels.month, x.receivedFen])).toEqual([
      ['B1', '2025-03', 17_000],
      ['B2', '2025-03', 9_000],
    ]);
  });

  it('a later cut-off counts U4’s April payment: 36 000 / 43 000 and 3 / 4', async () => {
    const r = await report('groupBy=projectId&cutoff=2025-04-30');
    expect(r.total).toMatchObject({ receivedFen: 36_000, unitsInArrears: 1, householdRate: 0.75 });
    expect(r.total.rate).toBeCloseTo(36_000 / 43_000, 12);
  });

  it('an approved write-off leaves the receivable (or stays unpaid with writeOffs=keep)', async () => {
    const bill = (await (await collector.inject('GET', `/api/billing/bills?accountId=${u.U2}&status=open`)).json()).items.find((b: any) => b.category === 'garbage');
    const w = await collector.inject('POST', '/api/billing/write-offs', { billId: bill.id, amountFen: 1_000, reason: '垃圾费减免' });
    expect((await manager.inject('POST', `/api/billing/write-offs/${w.json().id}/decide`, { approve: true })).statusCode).toBe(200);
    const excl = await report('groupBy=projectId');
    expect(excl.total).toMatchObject({ receivableFen: 42_000, receivedFen: 36_000, writtenOffFen: 1_000, unitsInArrears: 1 });
    const keep = await report('groupBy=projectId&writeOffs=keep');
    expect(keep.total).toMatchObject({ receivableFen: 43_000, receivedFen: 36_000 });
  });

  it('exports the report as XLSX with the same figures', async () => {
    const res = await manager.inject('GET', `/api/billing/reports/collection?projectId=${env.fx.projectA}&fromMonth=2025-03&toMonth=2025-03&cutoff=2025-03-31&groupBy=phaseId&format=xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as any);
    const ws = wb.worksheets[0];
    const rows: any[][] = [];
    ws.eachRow((row) => rows.push((row.values as any[]).slice(1)));
    const header = rows.find((r) => r.includes('收费率'))!;
    const phase1 = rows.find((r) => r[0] === '一期')!;
    expect(phase1[header.indexOf('应收（元）')]).toBe(240);
    expect(phase1[header.indexOf('实收（元）')]).toBe(170);
    expect(phase1[header.indexOf('收费率')]).toBeCloseTo(17_000 / 24_000, 12);
    expect(phase1[header.indexOf('户收费率')]).toBe(0.5);
    expect(rows.find((r) => r[0] === '合计')![header.indexOf('应收户数')]).toBe(4);
  });

  it('aging and the arrears list agree with the bills', async () => {
    const aging = (await manager.inject('GET', `/api/billing/reports/aging?projectId=${env.fx.projectA}&asOf=2025-04-15&by=building`)).json();
    // U2 6 000 open since 1 March (45 days) — the garbage share was written off.
    expect(aging.total.overdueFen).toBe(6_000);
    expect(aging.total.buckets.find((b: any) => b.label === '31-60').fen).toBe(6_000);
    const arrears = (await collector.inject('GET', `/api/billing/arrears?projectId=${env.fx.projectA}&asOf=2025-04-15`)).json();
    expect(arrears.items.map((x: any) => [x.unitNumber, x.overdueFen, x.collectorId])).toEqual([['U2', 6_000, ids.c1]]);
  });

  it('refuses bad groupings and keeps residents out', async () => {
    expect((await manager.inject('GET', `/api/billing/reports/collection?groupBy=unitId`)).statusCode).toBe(400);
    const resident = await login(env.app, 'resident_a1');
    expect((await resident.inject('GET', `/api/billing/reports/collection?groupBy=projectId`)).statusCode).toBe(403);
  });
});

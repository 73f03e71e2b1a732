/**
 * Bill runs for 2,000 units × 12 months, then the collection report over them.
 *
 * Each repetition starts from a fresh database: 2,000 flats in 20 buildings (3 phases) with an
 * owner each (2 % sold mid-year, so prorated), a property fee (area × 2.50 元), a garbage fee
 * (10 元) and water from monthly readings (24,000 readings). Timed: twelve monthly runs through
 * the same service the API calls (`runBills`: plan with the core, insert with ON CONFLICT DO
 * NOTHING, credit applied), a repeated run (idempotent, creates nothing), then ~90 % of the
 * bills are paid (oldest first, in memory, batch-inserted — not timed) and the collection
 * report is computed grouped by project, by building × month, and by collector, and exported
 * to XLSX. Aim: the twelve runs < 10 s.
 *
 * Run: npx tsx bench/billing-run.ts [repetitions=3]
 *      DATABASE_URL=postgres://… npx tsx bench/billing-run.ts   (throw-away schema per repetition)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config';
import type { AppContext } from '../src/core/context';
import { Secrets } from '../src/core/secrets';
import { openStore, type Store } from '../src/db';
import { newId, nowIso } from '../src/db/ids';
import { runBills } from '../src/modules/billing/billRuns';
import { allocateOldestFirst, formatReceiptNo } from '../src/modules/billing/core';
import { collectionReportFor, collectionXlsx } from '../src/modules/billing/reports';
import { insertBatches } from '../src/modules/billing/store';
import { Rng } from '../src/modules/demo/random';

const reps = Number(process.argv[2] ?? 3);
const url = process.env.DATABASE_URL;
const UNITS = 2000;
const YEAR = 2025;
const months = Array.from({ length: 12 }, (_, i) => `${YEAR}-${String(i + 1).padStart(2, '0')}`);

interface Figures {
  runsMs: number;
  perRunMs: number[];
  rerunMs: number;
  bills: number;
  reportProjectMs: number;
  reportBuildingMonthMs: number;
  reportCollectorMs: number;
  xlsxMs: number;
  rate: number;
  householdRate: number;
}

async function seed(store: Store, r: Rng) {
  const db = store.db;
  const ts = nowIso();
  const orgId = newId();
  await db.insertInto('organisations').values({ id: orgId, name: '基准物业', code: `b${orgId.slice(-6)}`, created_at: ts, updated_at: ts }).execute();
  const projectId = newId();
  await db.insertInto('projects').values({ id: projectId, org_id: orgId, code: 'BENCH', name: '基准小区', kind: 'residential', address: null, time_zone: 'Asia/Shanghai', created_at: ts, updated_at: ts }).execute();
  const phases = [1, 2, 3].map((n) => ({ id: newId(), org_id: orgId, project_id: projectId, name: `${n}期`, seq: n, created_at: ts, updated_at: ts }));
  await insertBatches(db, 'phases', phases);
  const buildings = Array.from({ length: 20 }, (_, i) => ({ id: newId(), org_id: orgId, project_id: projectId, phase_id: phases[i % 3].id, name: `${i + 1}号楼`, floors: 20, created_at: ts, updated_at: ts }));
  await insertBatches(db, 'buildings', buildings);
  const units = Array.from({ length: UNITS }, (_, i) => ({ id: newId(), org_id: orgId, project_id: projectId, building_id: buildings[i % 20].id, number: `${(i % 20) + 1}-${Math.floor(i / 20) + 101}`, floor: 1, area_centi_m2: r.int(7000, 14000), type: 'residence' as const, state: 'occupied' as const, created_at: ts, updated_at: ts }));
  await insertBatches(db, 'units', units);
  const parties = Array.from({ length: UNITS + 40 }, (_, i) => ({ id: newId(), org_id: orgId, kind: 'person' as const, name: `业主${i}`, id_number_cipher: null, id_number_hash: null, id_number_masked: null, note: null, created_at: ts, updated_at: ts }));
  await insertBatches(db, 'parties', parties);
  const liabilities: any[] = [];
  units.forEach((u, i) => {
    const base = { org_id: orgId, project_id: projectId, target_kind: 'unit', target_id: u.id, account_id: u.id, role: 'owner', created_at: ts, updated_at: ts };
    if (i % 50 === 7) {
      const sale = `${YEAR}-${String(r.int(2, 11)).padStart(2, '0')}-${String(r.int(2, 27)).padStart(2, '0')}`;
      const end = new Date(Date.parse(`${sale}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      liabilities.push({ ...base, id: newId(), party_id: parties[i].id, start_date: `${YEAR}-01-01`, end_date: end });
      liabilities.push({ ...base, id: newId(), party_id: parties[UNITS + (i % 40)].id, start_date: sale, end_date: null });
    } else liabilities.push({ ...base, id: newId(), party_id: parties[i].id, start_date: `${YEAR}-01-01`, end_date: null });
  });
  await insertBatches(db, 'fee_liabilities', liabilities);
  const item = (code: string, name: string, kind: string, category: string, extra: object) => ({ id: newId(), org_id: orgId, project_id: projectId, code, name, kind, category, cycle: 'monthly', unit_price: null, monthly_fen: null, unit_kinds_json: null, valid_from: null, valid_to: null, due_days: 0, active: 1, created_at: ts, updated_at: ts, ...extra });
  const water = item('SF', '水费', 'metered', 'water', { unit_price: '345', due_days: 10 });
  await insertBatches(db, 'fee_items', [item('WY', '物业服务费', 'area', 'property', { unit_price: '250' }), item('LJ', '垃圾清运费', 'fixed', 'garbage', { monthly_fen: 1000 }), water]);
  const readings: any[] = [];
  for (const u of units) {
    let v = r.int(0, 2000);
    for (const m of months) {
      const next = v + r.int(5, 30);
      readings.push({ id: newId(), org_id: orgId, project_id: projectId, unit_id: u.id, fee_item_id: water.id, read_date: `${m}-25`, previous_reading: String(v), current_reading: String(next), multiplier: '1', old_final: null, new_initial: null, source: 'import', created_by: null, created_at: ts });
      v = next;
    }
  }
  await insertBatches(db, 'meter_readings', readings, 400);
  const collectors = await Promise.all([0, 1, 2].map(async (n) => {
    const id = newId();
    await db.insertInto('users').values({ id, org_id: orgId, username: `bench_c${n}_${id.slice(-6)}`, display_name: `收费员${n + 1}`, role: 'collector', password_hash: 'x', party_id: null, phone: null, skills: null, on_duty: 0, active: 1, locale: null, created_at: ts, updated_at: ts }).execute();
    return id;
  }));
  await insertBatches(db, 'collector_assignments', buildings.map((b, i) => ({ id: newId(), org_id: orgId, project_id: projectId, building_id: b.id, unit_id: null, scope_key: `${projectId}|${b.id}|`, collector_id: collectors[i % 3], created_at: ts })));
  return { orgId, projectId };
}

/** Pays ~90 % of what was billed: most accounts in full each month, some partly, some never. */
async function pay(store: Store, orgId: string, projectId: string, r: Rng) {
  const db = store.db;
  const bills = await db.selectFrom('bills').select(['id', 'account_id', 'due_date', 'cover_start', 'outstanding_fen', 'account_month']).where('project_id', '=', projectId).execute();
  const byAccount = new Map<string, typeof bills>();
  for (const b of bills) byAccount.set(b.account_id, [...(byAccount.get(b.account_id) ?? []), b]);
  const ts = nowIso();
  const payments: any[] = [];
  const settlements: any[] = [];
  const paid = new Map<string, number>();
  const seq = new Map<string, number>();
  for (const [account, list] of byAccount) {
    const habit = r.next();
    if (habit > 0.95) continue;
    for (const m of months) {
      if (habit > 0.85 && r.chance(0.6)) continue;
      const date = `${m}-${String(r.int(1, 28)).padStart(2, '0')}`;
      const open = list.filter((b) => b.account_month <= m).map((b) => ({ id: b.id, dueDate: b.due_date, coverStart: b.cover_start, outstandingFen: Number(b.outstanding_fen) - (paid.get(b.id) ?? 0) }));
      const owed = open.reduce((s, b) => s + b.outstandingFen, 0);
      if (owed <= 0) continue;
      const id = newId();
      const { allocations } = allocateOldestFirst(open, owed);
      const n = (seq.get(date) ?? 0) + 1;
      seq.set(date, n);
      payments.push({ id, org_id: orgId, project_id: projectId, account_id: account, party_id: null, payer_name: null, receipt_no: formatReceiptNo(date, n), paid_on: date, received_at: `${date}T03:00:00.000Z`, amount_fen: owed, allocated_fen: owed, credited_fen: 0, method: 'cash', reference: null, reference_key: null, note: null, collector_id: null, created_at: ts });
      for (const a of allocations) {
        paid.set(a.billId, (paid.get(a.billId) ?? 0) + a.fen);
        settlements.push({ id: newId(), org_id: orgId, account_id: account, bill_id: a.billId, source: 'payment', source_id: id, settled_on: date, fen: a.fen, created_at: ts });
      }
    }
  }
  await db.transaction().execute(async (trx) => {
    await insertBatches(trx, 'payments', payments);
    await insertBatches(trx, 'bill_settlements', settlements, 500);
    for (const [id, fen] of paid) await trx.updateTable('bills').set((eb) => ({ paid_fen: fen, outstanding_fen: eb('amount_fen', '-', fen) })).where('id', '=', id).execute();
  });
}

async function once(rep: number): Promise<Figures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-bill-'));
  const schema = url ? `bench_bill_${newId().slice(-10)}` : undefined;
  const store = await openStore({ databaseUrl: url, pgSchema: schema, sqliteFile: path.join(dir, 'bench.db') });
  const ctx: AppContext = { store, config: { ...loadConfig({}), dataDir: dir }, secrets: new Secrets('bench') };
  try {
    const r = new Rng(7 + rep);
    const { orgId, projectId } = await seed(store, r);
    const who = { orgId, userId: null };
    const perRunMs: number[] = [];
    let bills = 0;
    const t0 = performance.now();
    for (const m of months) {
      const t = performance.now();
      const res = await runBills(ctx, who, { projectId, period: m, issuedOn: `${m}-01` });
      perRunMs.push(performance.now() - t);
      bills += res.createdCount;
    }
    const runsMs = performance.now() - t0;
    const t1 = performance.now();
    const again = await runBills(ctx, who, { projectId, period: months[5] });
    const rerunMs = performance.now() - t1;
    if (again.createdCount !== 0) throw new Error('re-run created bills');
    await pay(store, orgId, projectId, r);
    const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
      const t = performance.now();
      const v = await f();
      return [v, performance.now() - t];
    };
    const [total, reportProjectMs] = await time(() => collectionReportFor(store.db, orgId, { projectIds: [projectId], groupBy: ['projectId'], cutoff: `${YEAR}-12-31` }));
    const [byBm, reportBuildingMonthMs] = await time(() => collectionReportFor(store.db, orgId, { projectIds: [projectId], groupBy: ['buildingId', 'month'], cutoff: `${YEAR}-12-31` }));
    const [, reportCollectorMs] = await time(() => collectionReportFor(store.db, orgId, { projectIds: [projectId], groupBy: ['collectorId'], cutoff: `${YEAR}-12-31` }));
    const [, xlsxMs] = await time(() => collectionXlsx(byBm, 'bench'));
    return { runsMs, perRunMs, rerunMs, bills, reportProjectMs, reportBuildingMonthMs, reportCollectorMs, xlsxMs, rate: total.total.rate ?? 0, householdRate: total.total.householdRate ?? 0 };
  } finally {
    await store.close();
    if (url && schema) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const all: Figures[] = [];
for (let i = 0; i < reps; i++) {
  const f = await once(i);
  all.push(f);
  console.log(
    `run ${i + 1}: 12 bill runs ${(f.runsMs / 1000).toFixed(2)} s (${f.bills} bills; slowest month ${Math.max(...f.perRunMs).toFixed(0)} ms), re-run ${f.rerunMs.toFixed(0)} ms, ` +
      `report by project ${f.reportProjectMs.toFixed(0)} ms, by building×month ${f.reportBuildingMonthMs.toFixed(0)} ms, by collector ${f.reportCollectorMs.toFixed(0)} ms, XLSX ${f.xlsxMs.toFixed(0)} ms; ` +
      `收费率 ${(f.rate * 100).toFixed(1)} %, 户收费率 ${(f.householdRate * 100).toFixed(1)} %`,
  );
}
console.log(`\n${url ? 'postgresql' : 'sqlite'}, ${reps} repetitions, medians:`);
console.log(`  12 monthly bill runs for ${UNITS} units: ${(median(all.map((f) => f.runsMs)) / 1000).toFixed(2)} s (${all[0].bills} bills)`);
console.log(`  idempotent re-run of one month: ${median(all.map((f) => f.rerunMs)).toFixed(0)} ms`);
console.log(`  collection report — by project ${median(all.map((f) => f.reportProjectMs)).toFixed(0)} ms, by building × month ${median(all.map((f) => f.reportBuildingMonthMs)).toFixed(0)} ms, by collector ${median(all.map((f) => f.reportCollectorMs)).toFixed(0)} ms; XLSX ${median(all.map((f) => f.xlsxMs)).toFixed(0)} ms`);

/**
 * Cashier daily close (日结) over 5,000 payments of one day.
 *
 * Each repetition starts from a fresh database: one project, 1,000 flats, five cashiers. Timed:
 * taking 5,000 payments through the service the API uses (`recordPayment`: account lock, receipt
 * number from the project's pattern, allocation — no bills, so each is credit), then each
 * cashier's close (`closeDay`: the day's entries by channel, counted vs expected), the manager's
 * summary across cashiers, one close as XLSX and the day's payments export.
 *
 * Run: npx tsx bench/cashier-close.ts [repetitions=3]
 *      DATABASE_URL=postgres://… npx tsx bench/cashier-close.ts   (throw-away schema per repetition)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { AppContext } from '../src/core/context';
import { openStore } from '../src/db';
import { newId, nowIso } from '../src/db/ids';
import { recordPayment } from '../src/modules/billing/accounts';
import { closeDay, closeXlsx, daySummary } from '../src/modules/billing/cashierClose';
import { paymentsXlsx } from '../src/modules/billing/exports';
import { insertBatches, today } from '../src/modules/billing/store';

const reps = Number(process.argv[2] ?? 3);
const url = process.env.DATABASE_URL;
const PAYMENTS = 5000;
const CASHIERS = 5;
const METHODS = ['cash', 'wechat_pay', 'alipay', 'bank_transfer', 'card'] as const;

async function once(rep: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-close-'));
  const schema = url ? `bench_close_${newId().slice(-10)}` : undefined;
  const store = await openStore({ databaseUrl: url, pgSchema: schema, sqliteFile: path.join(dir, 'bench.db') });
  try {
    const db = store.db;
    const ts = nowIso();
    const orgId = newId();
    await db.insertInto('organisations').values({ id: orgId, name: '基准物业', code: `c${orgId.slice(-6)}`, created_at: ts, updated_at: ts }).execute();
    const projectId = newId();
    await db.insertInto('projects').values({ id: projectId, org_id: orgId, code: 'BENCH', name: '基准小区', kind: 'residential', address: null, time_zone: 'Asia/Shanghai', created_at: ts, updated_at: ts }).execute();
    const buildingId = newId();
    await db.insertInto('buildings').values({ id: buildingId, org_id: orgId, project_id: projectId, phase_id: null, name: '1号楼', floors: 30, created_at: ts, updated_at: ts }).execute();
    const units = Array.from({ length: 1000 }, (_, i) => ({ id: newId(), org_id: orgId, project_id: projectId, building_id: buildingId, number: `1-${i + 1}`, floor: 1, type: 'residence', area_centi_m2: 8935, state: 'occupied', created_at: ts, updated_at: ts }));
    await insertBatches(db, 'units', units as any);
    const cashiers = Array.from({ length: CASHIERS }, () => newId());
    const ctx = { store } as unknown as AppContext;

    let t = performance.now();
    for (let i = 0; i < PAYMENTS; i++) {
      const method = METHODS[i % METHODS.length];
      await recordPayment(ctx, { orgId, userId: cashiers[i % CASHIERS] }, { accountId: units[i % units.length].id, amountFen: 10_000 + i, method, reference: method === 'cash' ? null : `REF${rep}-${i}` });
    }
    const takeMs = performance.now() - t;

    t = performance.now();
    for (const c of cashiers) await closeDay(ctx, { orgId, userId: c }, { projectId, collectorId: c, counted: { cash: 0 }, reason: '基准：不点钞' });
    const closeMs = performance.now() - t;

    t = performance.now();
    const summary = await daySummary(db, orgId, projectId, today());
    const summaryMs = performance.now() - t;
    const closeId = (await db.selectFrom('cashier_closes').select('id').where('collector_id', '=', cashiers[0]).executeTakeFirstOrThrow()).id;
    t = performance.now();
    const xlsx = await closeXlsx(db, orgId, closeId);
    const xlsxMs = performance.now() - t;
    t = performance.now();
    const exp = await paymentsXlsx(db, orgId, { projectIds: [projectId], from: today(), to: today() });
    const exportMs = performance.now() - t;
    if (summary.totals.paymentCount !== PAYMENTS) throw new Error(`summary counted ${summary.totals.paymentCount}`);
    return { takeMs, closeMs, summaryMs, xlsxMs, exportMs, xlsxKb: xlsx.length / 1024, exportKb: exp.length / 1024 };
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

const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
for (let r = 0; r < reps; r++) {
  const x = await once(r);
  console.log(
    `${url ? 'PostgreSQL' : 'SQLite'} rep ${r + 1}: take ${PAYMENTS} payments ${f(x.takeMs)} (${((PAYMENTS / x.takeMs) * 1000).toFixed(0)}/s); ` +
      `close ${CASHIERS} cashiers ${x.closeMs.toFixed(0)} ms; summary ${x.summaryMs.toFixed(0)} ms; close XLSX ${x.xlsxMs.toFixed(0)} ms (${x.xlsxKb.toFixed(0)} KB); payments export ${x.exportMs.toFixed(0)} ms (${x.exportKb.toFixed(0)} KB)`,
  );
}

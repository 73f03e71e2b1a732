/**
 * Batch bill notices (缴费通知单) for 2,000 units as PDF. Aim: ≤ 60 s.
 *
 * A fresh SQLite database: 2,000 flats in 20 buildings, an owner each, a property fee (area ×
 * 2.50 元) and a garbage fee (10 元); last month's and this month's bill runs, last month left
 * unpaid by one flat in ten (arrears carried). Timed, through the services the API uses: drafting
 * the period's notices (`draftNotices`), issuing them (`issueNotices`: numbering, recording), the
 * print-ready HTML (`noticesHtml`) and Chromium's PDF of it (`htmlToPdf`, the reports module's
 * browser) — per building (20 PDFs of 100 pages, as a collector prints them) and once as a
 * single 2,000-page PDF. Chromium's start is timed apart.
 *
 * Run: npx tsx bench/notices-pdf.ts [repetitions=1]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import type { AppContext } from '../src/core/context';
import { Secrets } from '../src/core/secrets';
import { openStore } from '../src/db';
import { newId, nowIso } from '../src/db/ids';
import { runBills } from '../src/modules/billing/billRuns';
import type { NoticeDoc } from '../src/modules/billing/documents';
import { draftNotices, issueNotices, noticesHtml } from '../src/modules/billing/notices';
import { insertBatches, today } from '../src/modules/billing/store';
import { closeBrowser, htmlToPdf } from '../src/modules/reports/render/browser';

const reps = Number(process.argv[2] ?? 1);
const UNITS = 2000;
const BUILDINGS = 20;

function monthOf(offset: number): string {
  const [y, m] = today().split('-').map(Number);
  const t = y * 12 + (m - 1) + offset;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

async function once() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-notices-'));
  const store = await openStore({ sqliteFile: path.join(dir, 'bench.db') });
  try {
    const db = store.db;
    const ts = nowIso();
    const orgId = newId();
    await db.insertInto('organisations').values({ id: orgId, name: '基准物业服务有限公司', code: `n${orgId.slice(-6)}`, created_at: ts, updated_at: ts }).execute();
    const projectId = newId();
    await db.insertInto('projects').values({ id: projectId, org_id: orgId, code: 'BENCH', name: '基准花园', kind: 'residential', address: null, time_zone: 'Asia/Shanghai', created_at: ts, updated_at: ts }).execute();
    const buildings = Array.from({ length: BUILDINGS }, (_, i) => ({ id: newId(), org_id: orgId, project_id: projectId, phase_id: null, name: `${i + 1}号楼`, floors: 20, created_at: ts, updated_at: ts }));
    await insertBatches(db, 'buildings', buildings);
    const units = Array.from({ length: UNITS }, (_, i) => ({ id: newId(), org_id: orgId, project_id: projectId, building_id: buildings[i % BUILDINGS].id, number: `${(i % BUILDINGS) + 1}-${Math.floor(i / BUILDINGS) + 101}`, floor: 1, area_centi_m2: 8000 + ((i * 37) % 6000), type: 'residence' as const, state: 'occupied' as const, created_at: ts, updated_at: ts }));
    await insertBatches(db, 'units', units);
    const parties = units.map((_, i) => ({ id: newId(), org_id: orgId, kind: 'person' as const, name: `业主${i + 1}`, id_number_cipher: null, id_number_hash: null, id_number_masked: null, note: null, created_at: ts, updated_at: ts }));
    await insertBatches(db, 'parties', parties);
    const start = `${monthOf(-1)}-01`;
    await insertBatches(db, 'fee_liabilities', units.map((u, i) => ({ id: newId(), org_id: orgId, project_id: projectId, target_kind: 'unit', target_id: u.id, account_id: u.id, party_id: parties[i].id, role: 'owner', start_date: start, end_date: null, created_at: ts, updated_at: ts })) as any);
    const item = (code: string, name: string, kind: string, category: string, extra: object) => ({ id: newId(), org_id: orgId, project_id: projectId, code, name, kind, category, cycle: 'monthly', unit_price: null, monthly_fen: null, unit_kinds_json: null, valid_from: null, valid_to: null, due_days: 15, active: 1, created_at: ts, updated_at: ts, ...extra });
    await insertBatches(db, 'fee_items', [item('WY', '物业服务费', 'area', 'property', { unit_price: '250' }), item('LJ', '垃圾清运费', 'fixed', 'garbage', { monthly_fen: 1000 })] as any);
    const ctx = { store, config: { ...loadConfig({}), dataDir: dir }, secrets: new Secrets('bench') } as unknown as AppContext;
    const who = { orgId, userId: null };
    const prev = monthOf(-1);
    const period = monthOf(0);
    await runBills(ctx, who as any, { projectId, period: prev, issuedOn: `${prev}-01` });
    await runBills(ctx, who as any, { projectId, period, issuedOn: `${period}-01` });
    // Nine flats in ten paid last month (settled directly, not timed); the tenth carries arrears.
    await db.updateTable('bills').set({ outstanding_fen: 0 }).where('project_id', '=', projectId).where('account_month', '=', prev).where('account_id', 'in', units.filter((_, i) => i % 10 !== 0).map((u) => u.id)).execute();

    let t = performance.now();
    const drafts = await draftNotices(db, orgId, projectId, period, { accountIds: units.map((u) => u.id) });
    const draftMs = performance.now() - t;
    t = performance.now();
    const rows = await db.transaction().execute((trx) => issueNotices(trx, orgId, projectId, period, drafts, 'print', null));
    const issueMs = performance.now() - t;
    const docs = rows.map((r) => JSON.parse(r.data_json) as NoticeDoc);
    t = performance.now();
    await htmlToPdf(noticesHtml(docs.slice(0, 1)));
    const warmMs = performance.now() - t;

    // Per building, as printed at the desk: 20 PDFs of 100 notices.
    t = performance.now();
    let htmlMs = 0;
    let bytes = 0;
    const byBuilding = new Map<string, NoticeDoc[]>();
    rows.forEach((r, i) => byBuilding.set(r.building_id ?? '', [...(byBuilding.get(r.building_id ?? '') ?? []), docs[i]]));
    for (const list of byBuilding.values()) {
      const h = performance.now();
      const html = noticesHtml(list);
      htmlMs += performance.now() - h;
      bytes += (await htmlToPdf(html)).length;
    }
    const perBuildingMs = performance.now() - t;

    // All 2,000 in one PDF.
    t = performance.now();
    const one = await htmlToPdf(noticesHtml(docs));
    const singleMs = performance.now() - t;
    if (docs.length !== UNITS) throw new Error(`expected ${UNITS} notices, got ${docs.length}`);
    return { notices: docs.length, draftMs, issueMs, warmMs, htmlMs, perBuildingMs, perBuildingMb: bytes / 1048576, singleMs, singleMb: one.length / 1048576 };
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
for (let i = 0; i < reps; i++) {
  const r = await once();
  console.log(
    `notices ${r.notices}: draft ${fmt(r.draftMs)}, issue ${fmt(r.issueMs)}, Chromium start + first page ${fmt(r.warmMs)}; ` +
      `per building (20 × 100 pages) ${fmt(r.perBuildingMs)} (HTML ${fmt(r.htmlMs)}), ${r.perBuildingMb.toFixed(1)} MB; ` +
      `one 2,000-page PDF ${fmt(r.singleMs)}, ${r.singleMb.toFixed(1)} MB; ` +
      `end to end (draft + issue + per building) ${fmt(r.draftMs + r.issueMs + r.warmMs + r.perBuildingMs)}`,
  );
}
await closeBrowser();

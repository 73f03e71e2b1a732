/**
 * The dashboard's KPIs (`GET /api/kpi`) for a month of the demo organisation (issue 17: ≤ 150 ms).
 * Seeds the demo into a fresh database, then times the whole request through the app and each
 * KPI provider on its own (median of several runs, warm).
 *
 *   npx tsx bench/kpi.ts                 # SQLite (temp file)
 *   DATABASE_URL=postgres://… npx tsx bench/kpi.ts
 *   BENCH_JSON=out.json …                # also write the figures as JSON (bench/run-all.mjs)
 */
import fs from 'node:fs';
import os from 'node:os';
import { buildApp } from '../src/app';
import { seedDemo } from '../src/modules/demo';
import '../src/modules/register';
import { createApiToken, loadActor } from '../src/modules/auth/service';
import { deskRows, kpiProviders } from '../src/modules/reports/routes';
import { openTestContext } from '../test/helpers';

const RUNS = Number(process.env.BENCH_RUNS || 15);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const { ctx, cleanup } = await openTestContext();
  let t = performance.now();
  await seedDemo(ctx, () => undefined);
  console.log(`demo seeded in ${((performance.now() - t) / 1000).toFixed(1)} s (${ctx.store.dialect})`);
  const admin = await ctx.store.db.selectFrom('users').select(['id']).where('role', '=', 'admin').orderBy('created_at').executeTakeFirstOrThrow();
  const actor = (await loadActor(ctx.store.db, admin.id, 'token'))!;
  const token = (await createApiToken(ctx.store.db, actor, 'bench')).token;
  const app = await buildApp(ctx, { logger: false, serveWeb: false });
  await app.ready();
  // The last full local month (Asia/Shanghai), as the dashboard's "last month".
  const now = new Date(Date.now() + 8 * 3600_000);
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1) - 8 * 3600_000).toISOString();
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 8 * 3600_000).toISOString();
  const range = { from, to };
  const orders = await ctx.store.db.selectFrom('work_orders').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  console.log(`range ${from} … ${to}; ${orders?.n} orders in the database`);

  const http: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    const r = await app.inject({ method: 'GET', url: `/api/kpi?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, headers: { authorization: `Bearer ${token}` } });
    if (r.statusCode !== 200) throw new Error(r.body);
    http.push(performance.now() - t);
  }
  const parts: Record<string, number> = {};
  const time = async (name: string, fn: () => Promise<unknown>) => {
    const xs: number[] = [];
    for (let i = 0; i < Math.max(3, Math.floor(RUNS / 3)); i++) {
      t = performance.now();
      await fn();
      xs.push(performance.now() - t);
    }
    parts[name] = median(xs);
  };
  await time('desk rows', () => deskRows(ctx, actor, range));
  for (const p of kpiProviders) await time(`provider ${p.name || '(anonymous)'}`, () => p(ctx, actor, range));
  const result = { at: new Date().toISOString(), dialect: ctx.store.dialect, load: os.loadavg(), kpiMedianMs: median(http), kpiMaxMs: Math.max(...http), partsMs: parts };
  console.log(`GET /api/kpi (a month, whole organisation): median ${result.kpiMedianMs.toFixed(1)} ms, max ${result.kpiMaxMs.toFixed(1)} ms over ${RUNS} runs`);
  for (const [k, v] of Object.entries(parts)) console.log(`  ${k.padEnd(28)} ${v.toFixed(1)} ms`);
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(result, null, 1));
  await app.close();
  await cleanup();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

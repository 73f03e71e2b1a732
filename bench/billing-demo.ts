/**
 * Time the whole demo seed (registry + every module's seeder) on a fresh database and print the
 * collection figures the billing seeder produced. Run: npx tsx bench/billing-demo.ts
 * (PostgreSQL: DATABASE_URL=… npx tsx bench/billing-demo.ts — uses a throw-away schema.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config';
import type { AppContext } from '../src/core/context';
import { Secrets } from '../src/core/secrets';
import { openStore } from '../src/db';
import { newId } from '../src/db/ids';
import '../src/modules/register';
import { seedDemo } from '../src/modules/demo';
import { collectionReportFor } from '../src/modules/billing/reports';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-demo-'));
const url = process.env.DATABASE_URL;
const schema = url ? `demo_${newId().slice(-10)}` : undefined;
const store = await openStore({ databaseUrl: url, pgSchema: schema, sqliteFile: path.join(dir, 'demo.db') });
const ctx: AppContext = { store, config: { ...loadConfig({}), dataDir: dir, adminPassword: 'bench-admin-pw' }, secrets: new Secrets('bench') };
const t0 = performance.now();
await seedDemo(ctx, (m) => console.log(`  [${((performance.now() - t0) / 1000).toFixed(1)} s] ${m}`));
console.log(`demo seeded on ${store.dialect} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const org = await store.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();
const projects = await store.db.selectFrom('projects').select(['id', 'code']).execute();
const r = await collectionReportFor(store.db, org.id, { projectIds: projects.map((p) => p.id), groupBy: ['projectId'] });
for (const row of r.rows) console.log(`  ${row.labels.projectId}: 收费率 ${((row.rate ?? 0) * 100).toFixed(1)} %, 户收费率 ${((row.householdRate ?? 0) * 100).toFixed(1)} %, ${row.unitsBilled} households`);
await store.close();
if (url && schema) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
}
fs.rmSync(dir, { recursive: true, force: true });

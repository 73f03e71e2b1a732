/**
 * Backup of the demo database while a writer adds ~200 rows/s: time, archive size, the writes
 * that landed meanwhile, then a restore into a new folder. On SQLite also the old method (the
 * online-backup API, 200 pages a step) under the same load, for comparison.
 * Run: npx tsx bench/backup.ts   (PostgreSQL: DATABASE_URL=… npx tsx bench/backup.ts)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../src/config';
import { createBackup, restoreBackup, type RestoreTarget } from '../src/core/backup';
import type { AppContext } from '../src/core/context';
import { Secrets } from '../src/core/secrets';
import { openStore } from '../src/db';
import { newId } from '../src/db/ids';
import '../src/modules/register';
import { seedDemo } from '../src/modules/demo';
import { insertParty } from '../src/modules/registry/queries';

const RATE = 200;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-bench-backup-'));
const url = process.env.DATABASE_URL;
const schema = url ? `bk_${newId().slice(-10).toLowerCase()}` : undefined;
const restoreDb = url ? `bkr_${newId().slice(-10).toLowerCase()}` : undefined;
const data = path.join(dir, 'data');
const store = await openStore({ databaseUrl: url, pgSchema: schema, sqliteFile: path.join(data, 'shouwen.db') });
const ctx: AppContext = { store, config: { ...loadConfig({}), dataDir: data, attachmentsDir: path.join(data, 'attachments'), databaseUrl: url, adminPassword: 'bench-admin-pw' }, secrets: Secrets.load(undefined, data) };
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;

async function admin(q: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(q);
  await c.end();
}

try {
  let t0 = performance.now();
  await seedDemo(ctx, () => undefined);
  // A few photos, as a desk would have: 40 × 200 KB of incompressible bytes.
  const org = await store.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();
  for (let i = 0; i < 40; i++) {
    const f = path.join(ctx.config.attachmentsDir, org.id, `photo-${i}.jpg`);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), (await import('node:crypto')).randomBytes(200 * 1024)]));
  }
  const dbBytes = store.sqlite ? fs.statSync(path.join(data, 'shouwen.db')).size : Number((await store.pool!.query('select sum(pg_total_relation_size(format($$%I.%I$$, schemaname, tablename))) as n from pg_tables where schemaname = current_schema()')).rows[0].n);
  console.log(`demo seeded on ${store.dialect} in ${s(performance.now() - t0)}; database ${mb(dbBytes)}${url ? ' (tables and indexes of the schema)' : ''}, attachments 40 × 200 KB`);

  // The writer: paced at RATE rows/s, in parallel rounds that make up for a slow one.
  let written = 0;
  let stop = false;
  const wStart = performance.now();
  const writer = (async () => {
    while (!stop) {
      const due = Math.min(50, Math.ceil(((performance.now() - wStart) / 1000) * RATE) - written);
      await Promise.all(
        Array.from({ length: Math.max(0, due) }, async () => {
          await insertParty(store.db, ctx.secrets, org.id, { kind: 'person', name: `压测${written}`, phones: ['13900000000'] });
          written++;
        }),
      );
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  await new Promise((r) => setTimeout(r, 1000));

  const archive = path.join(dir, 'backups', 'bench.tar.gz');
  const w0 = written;
  t0 = performance.now();
  const m = await createBackup(ctx, archive);
  const took = performance.now() - t0;
  const during = written - w0;
  const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
  console.log(`backup (${m.database.kind}): ${s(took)}, archive ${mb(fs.statSync(archive).size)}, ${rows} rows in ${Object.keys(m.tables).length} tables, ${m.attachments.files} attachments; ${during} writes landed meanwhile (${(during / (took / 1000)).toFixed(0)}/s)`);

  if (store.sqlite) {
    // The old method under the same writer, from a connection of its own as `shouwen backup` ran
    // it (another process): count how often it starts over; stop the writes after 30 s.
    let restarts = 0;
    let last = Infinity;
    const old0 = performance.now();
    const giveUp = setTimeout(() => (stop = true), 30_000);
    const other = new Database(path.join(data, 'shouwen.db'));
    await other.backup(path.join(dir, 'old.db'), {
      progress: ({ remainingPages }) => {
        if (remainingPages > last) restarts++;
        last = remainingPages;
        return 200;
      },
    });
    clearTimeout(giveUp);
    other.close();
    const oldTook = performance.now() - old0;
    console.log(`old method (backup API, 200 pages/step): ${stop ? `did not finish while writes went on (30 s); finished ${s(oldTook - 30_000)} after they stopped` : `finished in ${s(oldTook)}`}, ${restarts} restarts`);
  }
  stop = true;
  await writer;
  console.log(`writer: ${written} rows at ${(written / ((performance.now() - wStart) / 1000)).toFixed(0)}/s overall`);

  const target: RestoreTarget = { dataDir: path.join(dir, 'restored'), attachmentsDir: path.join(dir, 'restored', 'attachments') };
  if (url) {
    await admin(`CREATE DATABASE "${restoreDb}"`);
    const u = new URL(url);
    u.pathname = `/${restoreDb}`;
    Object.assign(target, { databaseUrl: u.toString(), pgSchema: schema });
  }
  t0 = performance.now();
  await restoreBackup(archive, target);
  console.log(`restore into a new folder (verify, extract, load, migrate, count check): ${s(performance.now() - t0)}`);
} finally {
  await store.close();
  if (url) {
    await admin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin(`DROP DATABASE IF EXISTS "${restoreDb}" WITH (FORCE)`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Import of 1,000,000 call records into the database through the real import path (the import
 * job that the API upload and `shouwen import calls` use: stream → parser → batched inserts with
 * dedupe → rebuild of the 15-minute aggregates), into SQLite and — when DATABASE_URL is set —
 * into PostgreSQL. The two Anonymous Bank months are repeated into a temporary TSV, each
 * repetition moved back one year and given its own call ids (so nothing is deduplicated away).
 * Then: re-import of the same file (everything skipped as duplicate) and a few statistics queries.
 * Aim: < 60 s into SQLite, bounded memory.
 *
 * Run: npx tsx bench/wfm-import-db.ts [rows]      (DATABASE_URL=postgres://… for PostgreSQL too)
 */
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openStore, type Store } from '../src/db';
import { newId, nowIso } from '../src/db/ids';
import { anonymousBankFormat } from '../src/modules/wfm/callRecords';
import { startImportJob } from '../src/modules/wfm/importJobs';
import { queueStatistics } from '../src/modules/wfm/service';
import { createQueue, findQueue } from '../src/modules/wfm/store';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.resolve(here, '../../shared/data/anonymous-bank');
const target = Number(process.argv[2] ?? 1_000_000);
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

async function writeRepeated(file: string): Promise<number> {
  const months = ['1999-01.tsv', '1999-02.tsv'].map((f) => readFileSync(path.join(dataDir, f), 'utf8').split('\n'));
  const header = months[0][0].replace(/\r$/, '');
  const rows = months.flatMap((lines) => lines.slice(1).filter((l) => l.trim() !== '').map((l) => l.replace(/\r$/, '')));
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(`${header}\n`);
  let n = 0;
  for (let rep = 0; n < target; rep++) {
    const yy = String((99 - rep + 100) % 100).padStart(2, '0');
    let chunk = '';
    for (const line of rows) {
      if (n >= target) break;
      const f = line.split('\t');
      f[0] = `${f[0]}-${rep}`; // vru+line is part of the call key: a new key per repetition
      f[5] = yy + f[5].slice(2); // YYMMDD: this repetition's year
      chunk += `${f.join('\t')}\n`;
      n++;
      if (chunk.length > 1 << 20) {
        await write(chunk);
        chunk = '';
      }
    }
    await write(chunk);
  }
  await new Promise<void>((r) => out.end(() => r()));
  return n;
}

interface RunFigures {
  seconds: number;
  readSeconds: number;
  aggregateSeconds: number;
  inserted: number;
  duplicates: number;
  malformed: number;
  slots: number;
  peakRss: number;
}

async function importOnce(store: Store, queueId: string, orgId: string, file: string): Promise<RunFigures> {
  const queue = (await findQueue(store.db, orgId, queueId))!;
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const t0 = performance.now();
  let tAgg = 0;
  try {
    const job = await startImportJob(store, {
      queue, userId: null, fileName: path.basename(file), preset: 'anonymous-bank', format: anonymousBankFormat({ sourceTimeZone: 'Asia/Jerusalem' }),
      totalBytes: statSync(file).size,
      onProgress: (p) => {
        peak = Math.max(peak, process.memoryUsage().rss);
        if (p.phase === 'aggregating' && !tAgg) tAgg = performance.now();
      },
    });
    const r = await job.run(createReadStream(file));
    const t1 = performance.now();
    const readEnd = tAgg || t1;
    return {
      seconds: (t1 - t0) / 1000, readSeconds: (readEnd - t0) / 1000, aggregateSeconds: (t1 - readEnd) / 1000,
      inserted: r.inserted, duplicates: r.duplicates, malformed: r.report.malformed, slots: r.slotsRebuilt, peakRss: peak,
    };
  } finally {
    clearInterval(timer);
  }
}

async function bench(label: string, store: Store, file: string, rows: number) {
  const ts = nowIso();
  const orgId = newId();
  await store.db.insertInto('organisations').values({ id: orgId, name: 'bench', code: `b${orgId.slice(-8)}`, created_at: ts, updated_at: ts }).execute();
  const queue = await createQueue(store.db, orgId, { name: 'bank', timeZone: 'Asia/Jerusalem' });
  const first = await importOnce(store, queue.id, orgId, file);
  const again = await importOnce(store, queue.id, orgId, file);
  const q = (await findQueue(store.db, orgId, queue.id))!;
  const timed = async (f: () => Promise<unknown>) => {
    const t = performance.now();
    await f();
    return (performance.now() - t) / 1000;
  };
  const month = await timed(() => queueStatistics(store, q, { from: '1999-01-01', to: '1999-01-31', intervalMinutes: 30, rollUp: 'interval' }));
  const years = await timed(() => queueStatistics(store, q, { from: '1998-01-01', to: '1999-12-31', intervalMinutes: 60, rollUp: 'month' }));
  const recount = await timed(() => queueStatistics(store, q, { from: '1999-01-01', to: '1999-01-31', intervalMinutes: 30, rollUp: 'day', sl: { thresholdSeconds: 10 } }));
  const rate = (s: number) => Math.round(rows / s).toLocaleString('en-US');
  console.log(`\n${label}: ${Number(q.call_count).toLocaleString('en-US')} calls stored`);
  console.log(`  import     ${first.seconds.toFixed(1)} s (${rate(first.seconds)} rows/s): read+insert ${first.readSeconds.toFixed(1)} s, aggregates ${first.aggregateSeconds.toFixed(1)} s (${first.slots.toLocaleString('en-US')} slots); inserted ${first.inserted.toLocaleString('en-US')}, malformed ${first.malformed.toLocaleString('en-US')}; peak RSS ${mb(first.peakRss)}`);
  console.log(`  re-import  ${again.seconds.toFixed(1)} s: inserted ${again.inserted}, duplicates ${again.duplicates.toLocaleString('en-US')}; peak RSS ${mb(again.peakRss)}`);
  console.log(`  statistics one month × 30 min (from slots) ${(month * 1000).toFixed(0)} ms; two years by month ${(years * 1000).toFixed(0)} ms; one month by day with T = 10 s (recounted from calls) ${(recount * 1000).toFixed(0)} ms`);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'wfm-import-db-'));
const file = path.join(dir, 'calls.tsv');
try {
  const rows = await writeRepeated(file);
  console.log(`node ${process.version}; ${rows.toLocaleString('en-US')} data rows, ${mb(statSync(file).size)} temporary TSV; RSS before import ${mb(process.memoryUsage().rss)}`);

  const sqliteFile = path.join(dir, 'bench.db');
  const sqlite = await openStore({ sqliteFile });
  try {
    await bench('SQLite', sqlite, file, rows);
  } finally {
    await sqlite.close();
  }
  console.log(`  database file ${mb(statSync(sqliteFile).size + (statSync(`${sqliteFile}-wal`, { throwIfNoEntry: false })?.size ?? 0))}`);

  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `bench_wfm_${newId().slice(-10)}`;
    const store = await openStore({ databaseUrl: url, pgSchema: schema });
    try {
      await bench('PostgreSQL', store, file, rows);
    } finally {
      await store.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    }
  }
  console.log(`\nprocess peak RSS (whole run) ${mb(process.resourceUsage().maxRSS * 1024)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * HTTP throughput and latency of the registry and the service desk on loopback, with autocannon.
 * The real server (Fastify + the chosen database, API-token auth, logging off) runs in a child
 * process; the load comes from this process, so on two cores each has one, as when clients are
 * elsewhere.
 *
 *   npx tsx bench/http-bench.ts                 # SQLite (temp file)
 *   DATABASE_URL=postgres://… npx tsx bench/http-bench.ts
 *   BENCH_PROCESSES=2 …                         # N server processes on one database; the load is
 *                                               # split evenly over them (one autocannon each)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import type { AppContext } from '../src/core/context';
import { Secrets } from '../src/core/secrets';
import { openStore } from '../src/db';
import { createApiToken, loadActor } from '../src/modules/auth/service';
import { writeSetting } from '../src/modules/workorders/slaSettings';
import { openTestContext, seedFixture } from '../test/helpers';

const DURATION = Number(process.env.BENCH_SECONDS || 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 10);
/** Comma-separated scenario keys to run (units, parties, party-create, orders, order-list, dispatch); all when unset. */
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
/** Where to write the results as JSON (bench/run-all.mjs reads it). */
const JSON_OUT = process.env.BENCH_JSON;
/** Server processes sharing the one database (the first seeds it; the others attach to it). */
const PROCESSES = Math.max(1, Number(process.env.BENCH_PROCESSES || 1));

interface Target {
  base: string;
  /** Where the database is, for further server processes: the SQLite file or the PostgreSQL schema. */
  attach: { sqliteFile?: string; pgSchema?: string };
  dialect: string;
  admin: string;
  agent: string;
  dispatcher: string;
  projectA: string;
  tech: string;
}

/** A further server process on the first one's database: announces its address only. */
async function serveAttached(attach: Target['attach']) {
  const url = process.env.DATABASE_URL;
  const store = await openStore({ databaseUrl: url, pgSchema: attach.pgSchema, sqliteFile: attach.sqliteFile, migrate: false });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-bench-'));
  const ctx: AppContext = { store, config: { ...loadConfig({}), dataDir: dir, attachmentsDir: path.join(dir, 'attachments'), databaseUrl: url }, secrets: new Secrets('test-secret') };
  const app = await buildApp(ctx, { logger: false, serveWeb: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(JSON.stringify({ base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` }) + '\n');
  process.once('SIGTERM', () => {
    void app.close().then(() => store.close()).then(() => process.exit(0));
  });
}

/** Child process: the server with the fixture, announced as one JSON line on stdout. */
async function serve() {
  if (process.env.BENCH_ATTACH) return serveAttached(JSON.parse(process.env.BENCH_ATTACH));
  const { ctx, cleanup } = await openTestContext();
  const fx = await seedFixture(ctx);
  const app = await buildApp(ctx, { logger: false, serveWeb: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const token = async (user: string) => (await createApiToken(ctx.store.db, (await loadActor(ctx.store.db, fx.users[user], 'token'))!, 'bench')).token;
  // Some registry volume so reads are not trivially small: 2,000 units in one building.
  const values = Array.from({ length: 2000 }, (_, i) => ({
    id: `bench-unit-${i}`, org_id: fx.orgId, project_id: fx.projectA, building_id: fx.buildingA, number: `B-${10000 + i}`, floor: 1 + (i % 30),
    area_centi_m2: 8000 + i, type: 'residence' as const, state: 'occupied' as const, created_at: new Date().toISOString(), updated_at: new Date().toISOString(),
  }));
  for (let i = 0; i < values.length; i += 400) await ctx.store.db.insertInto('units').values(values.slice(i, i + 400)).execute();
  // Every created order is dispatched to the one technician: lift the per-technician cap (8 by
  // default) so the bench measures dispatch, not 409 refusals.
  await writeSetting(ctx.store.db, fx.orgId, 'dispatch', { maxOpenPerTechnician: 1_000_000 });
  const target: Target = {
    base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    attach:
      ctx.store.dialect === 'postgres'
        ? { pgSchema: (await sql<{ s: string }>`select current_schema() as s`.execute(ctx.store.db)).rows[0].s }
        : { sqliteFile: path.join(ctx.config.dataDir, 'test.db') },
    dialect: ctx.store.dialect,
    admin: await token('admin'),
    agent: await token('agent_a'),
    dispatcher: await token('dispatcher'),
    projectA: fx.projectA,
    tech: fx.users.tech,
  };
  process.stdout.write(JSON.stringify(target) + '\n');
  process.once('SIGTERM', () => {
    void app.close().then(cleanup).then(() => process.exit(0));
  });
}

/** Start a server child (attached to an existing database when `attach` is given) and wait for its announcement. */
function startServer(attach?: Target['attach']): Promise<{ target: Target; stop: () => Promise<void> }> {
  const env = attach ? { ...process.env, BENCH_ATTACH: JSON.stringify(attach) } : process.env;
  const child = spawn(process.execPath, [...process.execArgv, ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : []), fileURLToPath(import.meta.url), '--serve'], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with code ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      resolve({
        target: JSON.parse(line) as Target,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

async function main() {
  const first = await startServer();
  const t = first.target;
  const more = await Promise.all(Array.from({ length: PROCESSES - 1 }, () => startServer(t.attach)));
  const bases = [t.base, ...more.map((m) => m.target.base)];
  const stop = async () => {
    await Promise.all(more.map((m) => m.stop()));
    await first.stop();
  };
  const base = t.base;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
  const adminAuth = bearer(t.admin);
  const agentAuth = bearer(t.agent);
  const dispatcherAuth = bearer(t.dispatcher);

  const results: Array<Record<string, string | number>> = [];
  const run = async (key: string, name: string, opts: autocannon.Options) => {
    if (ONLY && !ONLY.has(key)) return;
    // One autocannon per server process, the connections (and a fixed amount) split between them.
    const share = (n: number, i: number) => Math.floor(n / bases.length) + (i < n % bases.length ? 1 : 0);
    const parts = await Promise.all(
      bases.map((url, i) => autocannon({ url, connections: Math.max(1, share(CONNECTIONS, i)), ...(opts.amount ? {} : { duration: DURATION }), ...opts, ...(opts.amount ? { amount: Math.max(1, share(opts.amount, i)) } : {}) })),
    );
    const r = parts.length === 1 ? parts[0] : combine(parts);
    const row = {
      key,
      scenario: name,
      dialect: t.dialect,
      processes: bases.length,
      'req/s (mean)': Math.round(r.requests.average),
      'p50 ms': r.latency.p50,
      'p99 ms': r.latency.p99,
      '2xx': r['2xx'],
      'non-2xx': r.non2xx,
      errors: r.errors,
    };
    results.push(row);
    console.log(JSON.stringify(row));
  };

  await run('units', 'registry read: GET /api/units?page=…&pageSize=20', {
    requests: [{ method: 'GET', path: '/api/units?pageSize=20', headers: adminAuth, setupRequest: (req: any) => ({ ...req, path: `/api/units?pageSize=20&page=${1 + Math.floor(Math.random() * 100)}` }) }],
  });
  await run('parties', 'registry search: GET /api/parties?q=phone', { requests: [{ method: 'GET', path: '/api/parties?q=13812345678', headers: adminAuth }] });
  let n = 0;
  await run('party-create', 'registry write: POST /api/parties', {
    requests: [{ method: 'POST', path: '/api/parties', headers: adminAuth, setupRequest: (req: any) => ({ ...req, body: JSON.stringify({ kind: 'person', name: `压测客户${n++}`, phones: [`139${String(10_000_000 + n).slice(-8)}`] }) }) }],
  });
  await run('orders', 'order creation: POST /api/orders', {
    requests: [{ method: 'POST', path: '/api/orders', headers: agentAuth, body: JSON.stringify({ projectId: t.projectA, kind: 'repair', title: '压测报修：楼道灯不亮', category: '公共照明', areaScope: 'public' }) }],
  });
  await run('order-list', 'order list: GET /api/orders?page=…&pageSize=20', {
    requests: [{ method: 'GET', path: '/api/orders?pageSize=20', headers: dispatcherAuth, setupRequest: (req: any) => ({ ...req, path: `/api/orders?queue=open&pageSize=20&page=${1 + Math.floor(Math.random() * 20)}` }) }],
  });
  // The orders just created, waiting for dispatch, read through the API.
  const open: { id: string }[] = [];
  for (let page = 1; !ONLY || ONLY.has('dispatch'); page++) {
    const r = await fetch(`${base}/api/orders?queue=all&state=awaiting_dispatch&pageSize=500&page=${page}`, { headers: dispatcherAuth });
    const { items } = (await r.json()) as { items: { id: string }[] };
    open.push(...items);
    if (items.length < 500) break;
  }
  let k = 0;
  // Each order is dispatched once: as many requests as there are orders waiting.
  await run('dispatch', 'transition: POST /api/orders/:id/actions/dispatch', {
    amount: Math.max(1, open.length),
    requests: [
      {
        method: 'POST',
        path: '/api/orders/x/actions/dispatch',
        headers: dispatcherAuth,
        setupRequest: (req: any) => ({ ...req, path: `/api/orders/${open[k++ % open.length].id}/actions/dispatch`, body: JSON.stringify({ assigneeId: t.tech }) }),
      },
    ],
  });
  console.log('\n| scenario | dialect | processes | req/s (mean) | p50 ms | p99 ms | 2xx | non-2xx |\n|---|---|---|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.scenario} | ${r.dialect} | ${r.processes} | ${r['req/s (mean)']} | ${r['p50 ms']} | ${r['p99 ms']} | ${r['2xx']} | ${r['non-2xx']} |`);
  if (JSON_OUT) (await import('node:fs')).writeFileSync(JSON_OUT, JSON.stringify({ at: new Date().toISOString(), load: (await import('node:os')).loadavg(), results }, null, 1));
  await stop();
}

/** Several processes' results as one: rates add up; latency percentiles are the worst of the parts (an upper bound). */
function combine(parts: autocannon.Result[]): autocannon.Result {
  const sum = (f: (r: autocannon.Result) => number) => parts.reduce((a, r) => a + f(r), 0);
  const max = (f: (r: autocannon.Result) => number) => Math.max(...parts.map(f));
  return {
    ...parts[0],
    requests: { ...parts[0].requests, average: sum((r) => r.requests.average) },
    latency: { ...parts[0].latency, p50: max((r) => r.latency.p50), p99: max((r) => r.latency.p99) },
    '2xx': sum((r) => r['2xx']),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
  } as autocannon.Result;
}

(process.argv.includes('--serve') ? serve() : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});

/**
 * HTTP throughput and latency of the registry and the service desk on loopback, with autocannon.
 * Runs the real server (Fastify + the chosen database) in this process and load from the same
 * process — on 2 cores both share the machine, so the figures are a floor, not a ceiling.
 *
 *   npx tsx bench/http-bench.ts                 # SQLite (temp file)
 *   DATABASE_URL=postgres://… npx tsx bench/http-bench.ts
 */
import autocannon from 'autocannon';
import { buildApp } from '../src/app';
import { createApiToken, loadActor } from '../src/modules/auth/service';
import { openTestContext, seedFixture } from '../test/helpers';

const DURATION = Number(process.env.BENCH_SECONDS || 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 10);

async function main() {
  const { ctx, cleanup } = await openTestContext();
  const fx = await seedFixture(ctx);
  const app = await buildApp(ctx, { logger: false, serveWeb: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as any).port}`;
  const token = async (user: string) => (await createApiToken(ctx.store.db, (await loadActor(ctx.store.db, fx.users[user], 'token'))!, 'bench')).token;
  const adminAuth = { authorization: `Bearer ${await token('admin')}`, 'content-type': 'application/json' };
  const agentAuth = { authorization: `Bearer ${await token('agent_a')}`, 'content-type': 'application/json' };
  const dispatcherAuth = { authorization: `Bearer ${await token('dispatcher')}`, 'content-type': 'application/json' };

  // Some registry volume so reads are not trivially small: 2,000 units in one building.
  const values = Array.from({ length: 2000 }, (_, i) => ({
    id: `bench-unit-${i}`, org_id: fx.orgId, project_id: fx.projectA, building_id: fx.buildingA, number: `B-${10000 + i}`, floor: 1 + (i % 30),
    area_centi_m2: 8000 + i, type: 'residence' as const, state: 'occupied' as const, created_at: new Date().toISOString(), updated_at: new Date().toISOString(),
  }));
  for (let i = 0; i < values.length; i += 400) await ctx.store.db.insertInto('units').values(values.slice(i, i + 400)).execute();

  const results: Array<Record<string, string | number>> = [];
  const run = async (name: string, opts: autocannon.Options) => {
    const r = await autocannon({ url: base, connections: CONNECTIONS, duration: DURATION, ...opts });
    const row = {
      scenario: name,
      dialect: ctx.store.dialect,
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

  await run('registry read: GET /api/units?page=…&pageSize=20', {
    requests: [{ method: 'GET', path: '/api/units?pageSize=20', headers: adminAuth, setupRequest: (req: any) => ({ ...req, path: `/api/units?pageSize=20&page=${1 + Math.floor(Math.random() * 100)}` }) }],
  });
  await run('registry search: GET /api/parties?q=phone', { requests: [{ method: 'GET', path: '/api/parties?q=13812345678', headers: adminAuth }] });
  let n = 0;
  await run('registry write: POST /api/parties', {
    requests: [{ method: 'POST', path: '/api/parties', headers: adminAuth, setupRequest: (req: any) => ({ ...req, body: JSON.stringify({ kind: 'person', name: `压测客户${n++}`, phones: [`139${String(10_000_000 + n).slice(-8)}`] }) }) }],
  });
  await run('order creation: POST /api/orders', {
    requests: [{ method: 'POST', path: '/api/orders', headers: agentAuth, body: JSON.stringify({ projectId: fx.projectA, kind: 'repair', title: '压测报修：楼道灯不亮', category: '公共照明', areaScope: 'public' }) }],
  });
  const open = await ctx.store.db.selectFrom('work_orders').select('id').where('state', '=', 'awaiting_dispatch').execute();
  let k = 0;
  await run('transition: POST /api/orders/:id/actions/dispatch', {
    requests: [
      {
        method: 'POST',
        path: '/api/orders/x/actions/dispatch',
        headers: dispatcherAuth,
        setupRequest: (req: any) => ({ ...req, path: `/api/orders/${open[k++ % open.length].id}/actions/dispatch`, body: JSON.stringify({ assigneeId: fx.users.tech }) }),
      },
    ],
  });
  console.log('\n| scenario | dialect | req/s (mean) | p50 ms | p99 ms | 2xx | non-2xx |\n|---|---|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.scenario} | ${r.dialect} | ${r['req/s (mean)']} | ${r['p50 ms']} | ${r['p99 ms']} | ${r['2xx']} | ${r['non-2xx']} |`);
  await app.close();
  await cleanup();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

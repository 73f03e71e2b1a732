/**
 * Dispatch board at volume (issue 11): 1,000 open orders, the board's first render (all four
 * columns' first pages, technicians, building counts) and a page flip of one column, over HTTP on
 * loopback with a signed-in dispatcher. Aim ≤ 300 ms each. SQLite by default; PostgreSQL with DATABASE_URL.
 *   npx tsx bench/dispatch-board.ts
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestEnv, login } from '../test/helpers';
import { createWorkOrder } from '../src/modules/workorders/service';
import { loadActor } from '../src/modules/auth/service';

const N = 1000;
const RUNS = 30;

async function main() {
  const env = await createTestEnv();
  const db = env.ctx.store.db;
  const agent = await loadActor(db, env.fx.users.agent_a, 'session');
  const cats = ['水电', '门窗', '电梯', '公共照明', '空调', '土建', '管道'];
  const words = ['漏水', '堵塞', '不亮', '异响', '卡住', '开裂', '没电', '失灵'];
  const t0 = Date.now();
  for (let i = 0; i < N; i += 50) {
    await db.transaction().execute(async (trx) => {
      for (let j = i; j < Math.min(N, i + 50); j++) {
        const at = new Date(Date.now() - (j % 300) * 3600_000);
        await createWorkOrder(env.ctx, trx, agent!, {
          projectId: env.fx.projectA, kind: 'repair', category: cats[j % cats.length], title: `${j}号报修：${words[j % words.length]}`,
          buildingId: env.fx.buildingA, areaScope: 'public', acknowledge: true, at,
        });
      }
    });
  }
  // A third of them dispatched to the technician, a few breached or near breach.
  const ids = (await db.selectFrom('work_orders').select('id').orderBy('id').execute()).map((r) => r.id);
  await db.updateTable('work_orders').set({ assignee_id: env.fx.users.tech, state: 'dispatched' }).where('id', 'in', ids.filter((_, i) => i % 3 === 0)).execute();
  await db.updateTable('work_orders').set({ sla_breached: 1 }).where('id', 'in', ids.filter((_, i) => i % 17 === 0)).execute();
  await db.updateTable('work_orders').set({ sla_warning: 1 }).where('id', 'in', ids.filter((_, i) => i % 11 === 0)).execute();
  console.log(`seeded ${N} open orders in ${Date.now() - t0} ms (${env.ctx.store.dialect})`);

  const dispatcher = await login(env.app, 'dispatcher');
  await env.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = env.app.server.address() as AddressInfo;
  const get = (path: string) =>
    new Promise<{ ms: number; bytes: number; status: number }>((resolve, reject) => {
      const start = process.hrtime.bigint();
      http.get({ host: '127.0.0.1', port, path, headers: { cookie: dispatcher.headers.cookie } }, (res) => {
        let bytes = 0;
        res.on('data', (c) => (bytes += c.length));
        res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, bytes, status: res.statusCode! }));
      }).on('error', reject);
    });
  const measure = async (label: string, path: (i: number) => string) => {
    await get(path(0));
    const ms: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = await get(path(i));
      if (r.status !== 200) throw new Error(`${label}: ${r.status}`);
      ms.push(r.ms);
      bytes = r.bytes;
    }
    ms.sort((a, b) => a - b);
    console.log(`${label}: median ${ms[Math.floor(RUNS / 2)].toFixed(1)} ms, p95 ${ms[Math.floor(RUNS * 0.95)].toFixed(1)} ms, max ${ms[RUNS - 1].toFixed(1)} ms, ${(bytes / 1024).toFixed(1)} KB`);
  };
  await measure('first render (4 columns × 20 cards, technicians, buildings)', () => '/api/dispatch/board?pageSize=20');
  await measure('page flip (unassigned, pages 2–31)', (i) => `/api/dispatch/board?column=unassigned&pageSize=20&page=${(i % 30) + 2}`);
  await measure('filtered first render (skill=水电, minAgeHours=24)', () => `/api/dispatch/board?pageSize=20&skill=${encodeURIComponent('水电')}&minAgeHours=24`);
  await measure('search (q=漏水)', () => `/api/dispatch/board?column=unassigned&pageSize=20&q=${encodeURIComponent('漏水')}`);
  await env.close();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});

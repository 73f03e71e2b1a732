/**
 * Where an order creation and a dispatch spend their time, statement by statement, in one process
 * (`app.inject`, sequential, so the figures are per request and the load generator costs nothing).
 * Every statement the driver sends is counted and timed — BEGIN and COMMIT included — by wrapping
 * better-sqlite3's statements or pg's `Client.query`.
 *
 *   npx tsx bench/order-writes.ts                       # SQLite (temp file)
 *   DATABASE_URL=postgres://… npx tsx bench/order-writes.ts
 *   N=2000 npx tsx bench/order-writes.ts                # orders to create (and dispatch)
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { buildApp } from '../src/app';
import { createApiToken, loadActor } from '../src/modules/auth/service';
import { writeSetting } from '../src/modules/workorders/slaSettings';
import { openTestContext, seedFixture } from '../test/helpers';

const N = Number(process.env.N || 1000);

/** Statements seen since the last reset: SQL text → count and total ms. */
const seen = new Map<string, { n: number; ms: number; all: number[] }>();
let counting = false;
function note(text: string, ms: number) {
  if (!counting) return;
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 110);
  const s = seen.get(key) ?? { n: 0, ms: 0, all: [] };
  s.n++;
  s.ms += ms;
  s.all.push(ms);
  seen.set(key, s);
}
function timed<F extends (...a: any[]) => any>(f: F, text: (self: any, args: any[]) => string): F {
  return function (this: any, ...args: any[]) {
    const t = performance.now();
    const r = f.apply(this, args);
    if (r && typeof r.then === 'function') return r.then((v: unknown) => (note(text(this, args), performance.now() - t), v));
    note(text(this, args), performance.now() - t);
    return r;
  } as F;
}
{
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1'));
  for (const m of ['all', 'run', 'get']) proto[m] = timed(proto[m], (self) => self.source);
  probe.close();
  pg.Client.prototype.query = timed(pg.Client.prototype.query, (_self, args) => (typeof args[0] === 'string' ? args[0] : (args[0]?.text ?? '?')));
}

async function main() {
  const { ctx, cleanup } = await openTestContext();
  const fx = await seedFixture(ctx);
  // Experiments: PRAGMA='wal_autocheckpoint=10000;…' applied to the SQLite connection first.
  for (const p of (process.env.PRAGMA ?? '').split(';').filter(Boolean)) ctx.store.sqlite?.pragma(p);
  const app = await buildApp(ctx, { logger: false, serveWeb: false });
  await app.ready();
  await writeSetting(ctx.store.db, fx.orgId, 'dispatch', { maxOpenPerTechnician: 1_000_000 });
  const token = async (user: string) => (await createApiToken(ctx.store.db, (await loadActor(ctx.store.db, fx.users[user], 'token'))!, 'bench')).token;
  const agent = { authorization: `Bearer ${await token('agent_a')}` };
  const dispatcher = { authorization: `Bearer ${await token('dispatcher')}` };
  const body = { projectId: fx.projectA, kind: 'repair', title: '压测报修：楼道灯不亮', category: '公共照明', areaScope: 'public' };

  const phase = async (label: string, count: number, one: (i: number) => Promise<void>) => {
    for (let i = 0; i < Math.min(50, count); i++) await one(-1 - i); // warm-up (not counted)
    seen.clear();
    counting = true;
    const cpu = process.cpuUsage();
    const t = performance.now();
    for (let i = 0; i < count; i++) await one(i);
    const wall = performance.now() - t;
    const used = process.cpuUsage(cpu);
    counting = false;
    const total = [...seen.values()].reduce((a, s) => ({ n: a.n + s.n, ms: a.ms + s.ms }), { n: 0, ms: 0 });
    console.log(`\n## ${label} (${ctx.store.dialect}, ${count} sequential): ${(wall / count).toFixed(2)} ms wall, ${((used.user + used.system) / 1000 / count).toFixed(2)} ms CPU per request; ${(total.n / count).toFixed(1)} statements (${(total.ms / count).toFixed(2)} ms in the driver) per request`);
    console.log('per request × mean ms (p50 / p99 / max)  statement');
    for (const [sqlText, s] of [...seen].sort((a, b) => b[1].ms - a[1].ms)) {
      const q = (p: number) => s.all.sort((x, y) => x - y)[Math.min(s.all.length - 1, Math.floor(p * s.all.length))].toFixed(2);
      console.log(`${(s.n / count).toFixed(2).padStart(6)} × ${(s.ms / s.n).toFixed(3).padStart(7)} ms (${q(0.5)} / ${q(0.99)} / ${q(1)})  ${sqlText}`);
    }
  };

  const ids: string[] = [];
  await phase('POST /api/orders', N, async (i) => {
    const r = await app.inject({ method: 'POST', url: '/api/orders', headers: agent, payload: body });
    if (r.statusCode !== 201) throw new Error(r.body);
    ids.push(r.json().id);
    void i;
  });
  let k = 0;
  await phase('POST /api/orders/:id/actions/dispatch', N, async () => {
    const r = await app.inject({ method: 'POST', url: `/api/orders/${ids[k++]}/actions/dispatch`, headers: dispatcher, payload: { assigneeId: fx.users.tech } });
    if (r.statusCode !== 200) throw new Error(r.body);
  });
  await app.close();
  await cleanup();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

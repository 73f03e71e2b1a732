import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, type TestEnv } from '../../../test/helpers';
import { loadActor } from '../auth/service';
import { orderOutFor, orderQuery, type OrderFilter, type OrderRow } from './queries';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  const agentA = await login(env.app, 'agent_a');
  const agentB = await login(env.app, 'agent_b');
  const resident = await login(env.app, 'resident_a1');
  for (let i = 0; i < 12; i++) {
    expect((await agentA.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: i % 3 ? 'repair' : 'complaint', title: `列表测试 A${i}`, category: '公共照明', areaScope: 'public' })).statusCode).toBe(201);
    expect((await agentB.inject('POST', '/api/orders', { projectId: env.fx.projectB, kind: 'repair', title: `列表测试 B${i}`, category: '电梯', areaScope: 'public' })).statusCode).toBe(201);
  }
  for (let i = 0; i < 3; i++) expect((await resident.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'repair', title: `住户报修 ${i}`, unitId: env.fx.unitA1, areaScope: 'unit' })).statusCode).toBe(201);
});
afterAll(async () => env?.close());

/** What the list answered before issue 17's third round: the whole joined query, sorted and paged. */
async function reference(user: string, f: OrderFilter, sort?: string) {
  const actor = (await loadActor(env.ctx.store.db, env.fx.users[user], 'session'))!;
  let q = orderQuery(env.ctx.store.db, env.ctx.store.dialect, actor, f);
  q = sort === 'created_asc'
    ? q.orderBy('o.created_at', 'asc').orderBy('o.id')
    : sort === 'deadline'
      ? q.orderBy('o.sla_breached', 'desc').orderBy('o.sla_warning', 'desc').orderBy('o.sla_next_check_at', 'asc').orderBy('o.id')
      : q.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc');
  return ((await q.execute()) as OrderRow[]).map((r) => orderOutFor(actor, r));
}

describe('order list pages', () => {
  it('give the same orders, fields, order and total as the one joined query, for every page, scope, queue and sort', async () => {
    const cases: Array<[string, string]> = [
      ['dispatcher', 'queue=open'],
      ['dispatcher', 'queue=all&sort=created_asc'],
      ['dispatcher', 'queue=unassigned&sort=deadline'],
      ['agent_a', 'queue=all&kind=complaint'],
      ['agent_b', 'queue=open'],
      ['tech', 'queue=all'],
      ['resident_a1', ''],
      ['admin', 'q=' + encodeURIComponent('列表测试')],
    ];
    for (const [user, filter] of cases) {
      const s = await login(env.app, user);
      const params = Object.fromEntries(new URLSearchParams(filter));
      const want = await reference(user, params as OrderFilter, params.sort);
      expect(want.length, `${user} ${filter}`).toBeGreaterThan(2);
      for (const pageSize of [1, 5, 500]) {
        const got: unknown[] = [];
        for (let page = 1; page <= Math.ceil(want.length / pageSize) + 1; page++) {
          const r = await s.inject('GET', `/api/orders?pageSize=${pageSize}&page=${page}${filter ? '&' + filter : ''}`);
          expect(r.statusCode).toBe(200);
          expect(r.json().total).toBe(want.length);
          got.push(...r.json().items);
        }
        expect(got, `${user} ${filter} pageSize ${pageSize}`).toEqual(JSON.parse(JSON.stringify(want)));
      }
    }
  });
});

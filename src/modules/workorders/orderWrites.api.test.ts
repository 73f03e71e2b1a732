// Order creation writes the same rows on both dialects: on PostgreSQL number, order, events, SLA
// targets and search text are one statement (insertOrderPg), on SQLite several in a transaction.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialectUnderTest, login, type Session, type TestEnv } from '../../../test/helpers';
import { loadActor } from '../auth/service';
import { localDayKey } from './numbering';
import { createWorkOrderAlone } from './service';

let env: TestEnv;
let agent: Session;
beforeAll(async () => {
  env = await createTestEnv();
  agent = await login(env.app, 'agent_a');
});
afterAll(async () => env?.close());

describe(`order creation writes on ${dialectUnderTest}`, () => {
  it('numbers past 9999 in full, and concurrent creations get consecutive numbers without gaps', async () => {
    const day = localDayKey(new Date());
    await sql`insert into order_sequences (org_id, prefix, day, last) values (${env.fx.orgId}, 'ZX', ${day}, 9997)`.execute(env.ctx.store.db);
    const created = await Promise.all(
      Array.from({ length: 4 }, (_, i) => agent.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'enquiry', title: `咨询停车办理 ${i}` })),
    );
    expect(created.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
    const numbers = created.map((r) => r.json().number as string).sort();
    expect(numbers).toEqual([`ZX${day}9998`, `ZX${day}9999`, `ZX${day}10000`, `ZX${day}10001`].sort());
  });

  it('stores the events, the SLA targets and a search text that finds the order by its unit number', async () => {
    const r = await agent.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'repair', title: '厨房水管漏水', category: '水电', areaScope: 'unit', unitId: env.fx.unitA1, contactName: '张伟' });
    expect(r.statusCode).toBe(201);
    const o = r.json();
    const db = env.ctx.store.db;
    const events = await db.selectFrom('work_order_events').select(['seq', 'action', 'to_state']).where('order_id', '=', o.id).orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(['create', 'acknowledge']);
    const targets = await db.selectFrom('work_order_sla_targets').select(['target', 'deadline']).where('order_id', '=', o.id).execute();
    const stored = JSON.parse((await db.selectFrom('work_orders').select('sla_json').where('id', '=', o.id).executeTakeFirstOrThrow()).sla_json ?? '{}');
    expect(targets.length).toBe((stored.targets ?? []).length);
    expect(targets.length).toBeGreaterThan(0);
    // The unit's number is only in the search text (not a column of the order): found means it was written.
    const found = (await agent.inject('GET', `/api/orders?q=${encodeURIComponent('1-1201')}&queue=all`)).json();
    expect(found.items.map((x: { id: string }) => x.id)).toContain(o.id);
    const byNumber = (await agent.inject('GET', `/api/orders?q=${encodeURIComponent(o.number)}&queue=all`)).json();
    expect(byNumber.items.map((x: { id: string }) => x.id)).toEqual([o.id]);
  });

  it('a creation that fails in the database leaves no number used and no row behind', async () => {
    const actor = (await loadActor(env.ctx.store.db, env.fx.users.agent_a, 'token'))!;
    const before = (await createWorkOrderAlone(env.ctx, actor, { projectId: env.fx.projectA, kind: 'praise', title: '表扬保洁阿姨' })).number;
    // A unit that does not exist fails its foreign key after the number was drawn: all of it is undone.
    await expect(createWorkOrderAlone(env.ctx, actor, { projectId: env.fx.projectA, kind: 'praise', title: '表扬门岗', unitId: 'no-such-unit' })).rejects.toThrow();
    expect(await env.ctx.store.db.selectFrom('work_orders').select('id').where('title', '=', '表扬门岗').execute()).toEqual([]);
    const after = (await createWorkOrderAlone(env.ctx, actor, { projectId: env.fx.projectA, kind: 'praise', title: '表扬保安' })).number;
    expect(Number(after.slice(-4))).toBe(Number(before.slice(-4)) + 1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialectUnderTest, login, type Session, type TestEnv } from '../../../test/helpers';

let env: TestEnv;
let agent: Session;
let dispatcher: Session;
beforeAll(async () => {
  env = await createTestEnv();
  agent = await login(env.app, 'agent_a');
  dispatcher = await login(env.app, 'dispatcher');
});
afterAll(async () => env?.close());

describe(`concurrency on ${dialectUnderTest}`, () => {
  it('50 concurrent conflicting transitions on one order: exactly one succeeds, the rest get 409', async () => {
    const o = (await agent.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'repair', title: '电梯异响', category: '电梯', areaScope: 'public' })).json();
    expect(o.state).toBe('awaiting_dispatch');
    // Every request acts on the version it saw (as the UI does): dispatch to alternating people, or cancel.
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 5 === 4
          ? agent.inject('POST', `/api/orders/${o.id}/actions/cancel`, { reason: '业主撤回', expectedVersion: o.version })
          : dispatcher.inject('POST', `/api/orders/${o.id}/actions/dispatch`, { assigneeId: i % 2 ? env.fx.users.tech : env.fx.users.dispatcher, expectedVersion: o.version }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().error.message.length).toBeGreaterThan(0);
    const detail = (await agent.inject('GET', `/api/orders/${o.id}`)).json();
    expect(detail.events.map((e: any) => e.action)).toHaveLength(3); // create, acknowledge, and the one winner
    expect(detail.version).toBe(3);
  });

  it('order numbers stay unique and gap-free under concurrent creation', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => agent.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'complaint', title: `噪音投诉 ${i}` })),
    );
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    const numbers = results.map((r) => r.json().number as string).sort();
    expect(new Set(numbers).size).toBe(40);
    const seqs = numbers.map((n) => Number(n.slice(-4)));
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => seqs[0] + i));
    expect(numbers[0]).toMatch(/^TS\d{12}$/);
  });
});

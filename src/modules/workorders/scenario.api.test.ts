import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, type Session, type TestEnv } from '../../../test/helpers';

let env: TestEnv;
let agent: Session;
let dispatcher: Session;
let tech: Session;
beforeAll(async () => {
  env = await createTestEnv();
  agent = await login(env.app, 'agent_a');
  dispatcher = await login(env.app, 'dispatcher');
  tech = await login(env.app, 'tech');
});
afterAll(async () => env?.close());

async function act(s: Session, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await s.inject('POST', `/api/orders/${id}/actions/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json();
}

describe('a repair from a phone call to closed', () => {
  it('walks call → order → dispatch → work → dissatisfied visit → reopen → redo → satisfied visit, and the first-contact owner never changes', async () => {
    const { projectA, unitA1, partyA1, users } = env.fx;
    // The caller is recognised by the number they call from.
    const caller = (await agent.inject('GET', '/api/desk/caller?phone=138-1234-5678')).json();
    expect(caller.parties.map((p: any) => p.id)).toEqual([partyA1]);
    expect(caller.parties[0].units[0].unitId).toBe(unitA1);

    const c = await agent.inject('POST', '/api/contacts', {
      projectId: projectA, channel: 'phone', category: 'unit_repair', callerName: '张伟', callerPhone: '13812345678',
      partyId: partyA1, unitId: unitA1, summary: '卫生间水管漏水，楼下天花板渗水', order: { category: '水电', priority: 'high' },
    });
    expect(c.statusCode, c.body).toBe(201);
    const orderId = c.json().orderId as string;
    expect(c.json().number).toMatch(/^BX\d{8}\d{4}$/);

    let o = (await agent.inject('GET', `/api/orders/${orderId}`)).json();
    expect(o).toMatchObject({ kind: 'repair', state: 'awaiting_dispatch', areaScope: 'unit', ownerId: users.agent_a, unitId: unitA1, sourceContactId: c.json().id });
    expect(o.sla.targets.map((t: any) => t.target)).toEqual(expect.arrayContaining(['dispatch', 'on_site', 'resolution']));

    await act(dispatcher, orderId, 'dispatch', { assigneeId: users.tech, note: '请尽快上门' });
    await act(tech, orderId, 'accept');
    await act(tech, orderId, 'arrive');
    await act(tech, orderId, 'start_work');
    await act(tech, orderId, 'hold', { holdReason: 'waiting_parts', reason: '等待阀门配件' });
    await act(tech, orderId, 'resume');
    await act(tech, orderId, 'complete', { note: '更换角阀与软管', materials: [{ name: '角阀', quantity: 1, unit: '个' }] });
    o = (await agent.inject('GET', `/api/orders/${orderId}`)).json();
    // Completion queues the return visit at once (no one presses 转回访).
    expect(o.state).toBe('awaiting_visit');
    // The owner's queue shows the matter until the customer is told the result.
    const queue = (await agent.inject('GET', '/api/orders?queue=my_first_contact')).json();
    expect(queue.items.map((x: any) => x.id)).toContain(orderId);

    const visits = (await agent.inject('GET', '/api/visits')).json();
    expect(visits.items.map((v: any) => v.orderId)).toContain(orderId);

    // Dissatisfied → reopened, back to dispatch.
    o = await act(agent, orderId, 'return_visit', { outcome: 'dissatisfied', reason: '仍有渗水', scoreSpeed: 3, scoreAttitude: 4, scoreQuality: 1 });
    expect(o).toMatchObject({ state: 'awaiting_dispatch', reopenCount: 1, assigneeId: null, ownerId: users.agent_a });
    const reopened = (await dispatcher.inject('GET', '/api/orders?queue=reopened')).json();
    expect(reopened.items.map((x: any) => x.id)).toContain(orderId);

    await act(dispatcher, orderId, 'dispatch', { assigneeId: users.tech });
    for (const a of ['accept', 'arrive', 'start_work']) await act(tech, orderId, a);
    await act(tech, orderId, 'complete', { note: '重新做防水处理' });
    o = await act(agent, orderId, 'return_visit', { outcome: 'satisfied', scoreSpeed: 5, scoreAttitude: 5, scoreQuality: 5 });
    expect(o.state).toBe('closed');
    expect(o.customerInformed).toBe(true);

    const detail = (await agent.inject('GET', `/api/orders/${orderId}`)).json();
    expect(detail.events.map((e: any) => e.action)).toEqual([
      'create', 'acknowledge', 'dispatch', 'accept', 'arrive', 'start_work', 'hold', 'resume', 'complete', 'request_visit', 'return_visit',
      'dispatch', 'accept', 'arrive', 'start_work', 'complete', 'request_visit', 'return_visit',
    ]);
    expect(detail.events.map((e: any) => e.seq)).toEqual(detail.events.map((_: any, i: number) => i + 1));
    expect(detail.events.every((e: any) => e.patch.ownerId === undefined || e.patch.ownerId === users.agent_a)).toBe(true);
    expect(detail.ownerId).toBe(users.agent_a);
    expect(detail.visits.map((v: any) => v.outcome)).toEqual(['dissatisfied', 'satisfied']);
    expect(detail.visits[0].scores).toEqual({ speed: 3, attitude: 4, quality: 1 });
    expect(detail.events.find((e: any) => e.action === 'complete').materials).toEqual([{ name: '角阀', quantity: 1, unit: '个' }]);
    // Closed orders leave the owner's queue.
    const after = (await agent.inject('GET', '/api/orders?queue=my_first_contact')).json();
    expect(after.items.map((x: any) => x.id)).not.toContain(orderId);

    // Statistics per staff come from the events.
    const stats = (await env.app.inject({ method: 'GET', url: `/api/orders/stats/staff?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`, headers: (await login(env.app, 'admin')).headers })).json();
    const techStats = stats.staff.find((s: any) => s.userId === users.tech);
    expect(techStats.actions).toMatchObject({ accept: 2, arrive: 2, complete: 2 });
  });

  it('refuses what the role or the state does not allow', async () => {
    const { projectA, users } = env.fx;
    const created = await agent.inject('POST', '/api/orders', { projectId: projectA, kind: 'repair', title: '楼道灯不亮', areaScope: 'public', category: '公共照明' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const techAccept = await tech.inject('POST', `/api/orders/${id}/actions/accept`, {});
    expect(techAccept.statusCode).toBe(409);
    expect(techAccept.json().error.message).toBeTruthy();
    const agentHold = await agent.inject('POST', `/api/orders/${id}/actions/complete`, {});
    expect([403, 409]).toContain(agentHold.statusCode);
    const badAssignee = await dispatcher.inject('POST', `/api/orders/${id}/actions/dispatch`, { assigneeId: 'nobody' });
    expect(badAssignee.statusCode).toBe(404);
    const cancelNoReason = await agent.inject('POST', `/api/orders/${id}/actions/cancel`, {});
    expect(cancelNoReason.statusCode).toBe(400);
    const stale = await dispatcher.inject('POST', `/api/orders/${id}/actions/dispatch`, { assigneeId: users.tech, expectedVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('lifecycle.version_conflict');
  });

  it('keeps residents to their own orders', async () => {
    const r1 = await login(env.app, 'resident_a1');
    const r2 = await login(env.app, 'resident_a2');
    const mine = await r1.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'repair', title: '门锁坏了', unitId: env.fx.unitA1, areaScope: 'unit' });
    expect(mine.statusCode, mine.body).toBe(201);
    expect(mine.json().state).toBe('received');
    const other = await r1.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'repair', title: 'x', unitId: env.fx.unitA2 });
    expect(other.statusCode).toBe(403);
    expect((await r2.inject('GET', `/api/orders/${mine.json().id}`)).statusCode).toBe(403);
    const list2 = (await r2.inject('GET', '/api/orders')).json();
    expect(list2.items.map((x: any) => x.id)).not.toContain(mine.json().id);
    expect((await r1.inject('GET', `/api/orders/${mine.json().id}`)).statusCode).toBe(200);
  });

  it('searches orders in Chinese', async () => {
    const hit = (await agent.inject('GET', '/api/orders?q=' + encodeURIComponent('天花板渗水'))).json();
    expect(hit.total).toBe(1);
    const short = (await agent.inject('GET', '/api/orders?q=' + encodeURIComponent('漏水'))).json();
    expect(short.total).toBe(1);
    const none = (await agent.inject('GET', '/api/orders?q=' + encodeURIComponent('电梯困人'))).json();
    expect(none.total).toBe(0);
    const byNumber = (await agent.inject('GET', '/api/orders?q=BX')).json();
    expect(byNumber.total).toBeGreaterThanOrEqual(1);
  });
});

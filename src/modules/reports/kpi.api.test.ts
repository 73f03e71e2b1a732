import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, type Session, type TestEnv } from '../../../test/helpers';

let env: TestEnv;
let agent: Session;
let supervisor: Session;
beforeAll(async () => {
  env = await createTestEnv();
  agent = await login(env.app, 'agent_a');
  supervisor = await login(env.app, 'dispatcher');
});
afterAll(async () => env?.close());

describe('dashboard KPIs', () => {
  it('computes first-contact resolution, callback rate, satisfaction and complaint handling from what happened', async () => {
    const { projectA, users } = env.fx;
    const from = new Date(Date.now() - 3600_000).toISOString();
    // Three contacts: two answered on the spot, one becomes a complaint.
    for (const summary of ['咨询缴费', '咨询停水']) {
      expect((await agent.inject('POST', '/api/contacts', { projectId: projectA, channel: 'phone', category: 'enquiry', summary, handledOnSpot: true })).statusCode).toBe(201);
    }
    const c = (await agent.inject('POST', '/api/contacts', { projectId: projectA, channel: 'walk_in', category: 'complaint', summary: '夜间施工噪音', order: {} })).json();
    const id = c.orderId;
    // A second complaint received and still open.
    await agent.inject('POST', '/api/orders', { projectId: projectA, kind: 'complaint', title: '垃圾未清运' });
    const act = async (s: Session, action: string, body: any = {}) => {
      const r = await s.inject('POST', `/api/orders/${id}/actions/${action}`, body);
      expect(r.statusCode, `${action} ${r.body}`).toBe(200);
    };
    await act(supervisor, 'dispatch', { assigneeId: users.agent_a });
    await act(agent, 'accept');
    await act(agent, 'complete', { note: '已协调施工方停工' });
    await act(agent, 'request_visit');
    await act(agent, 'return_visit', { outcome: 'satisfied', scoreSpeed: 5, scoreAttitude: 5, scoreQuality: 4 });
    const to = new Date(Date.now() + 60_000).toISOString();
    const admin = await login(env.app, 'admin');
    const res = await admin.inject('GET', `/api/kpi?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(res.statusCode, res.body).toBe(200);
    const k = Object.fromEntries(res.json().kpis.map((x: any) => [x.code, x]));
    expect(k.first_contact_resolution).toMatchObject({ numerator: 2, denominator: 3 });
    expect(k.callback_rate).toMatchObject({ numerator: 1, denominator: 1, value: 1 });
    expect(k.satisfaction).toMatchObject({ numerator: 1, denominator: 1 });
    expect(k.complaint_handling_rate).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    expect(k.on_time_rate.denominator).toBeGreaterThanOrEqual(0);

    const drill = (await admin.inject('GET', `/api/kpi/complaint_handling_rate/records?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)).json();
    expect(drill.records).toHaveLength(2);
    expect(drill.records.filter((r: any) => r.counted)).toHaveLength(1);

    const trend = (await admin.inject('GET', `/api/kpi/trend?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)).json();
    const total = trend.days.reduce((s: number, d: any) => s + d.contacts, 0);
    expect(total).toBe(3);
    const bad = await admin.inject('GET', `/api/kpi?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`);
    expect(bad.statusCode).toBe(400);
    expect((await agent.inject('GET', `/api/kpi?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)).statusCode).toBe(403);
  });
});

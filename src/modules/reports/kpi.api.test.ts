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
    // Some kinds go straight to 待回访 on completion; request the visit only where it is still owed.
    if ((await agent.inject('GET', `/api/orders/${id}`)).json().state !== 'awaiting_visit') await act(agent, 'request_visit');
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

describe('call-centre KPIs', () => {
  it('answer rate and service level on the dashboard agree with the queue statistics', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { multipart } = await import('../../../test/helpers');
    const admin = await login(env.app, 'admin');
    const file = path.resolve(__dirname, '../../../../shared/data/anonymous-bank/1999-01.tsv');
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).slice(0, 1500).join('\r\n');
    const q = await admin.inject('POST', '/api/wfm/queues', { name: '测试热线', timeZone: 'Asia/Jerusalem' });
    expect(q.statusCode, q.body).toBe(201);
    const m = multipart({ name: '1999-01.tsv', content: Buffer.from(lines) }, { preset: 'anonymous-bank', timeZone: 'Asia/Jerusalem', wait: '1' });
    const imp = await env.app.inject({ method: 'POST', url: `/api/wfm/queues/${q.json().id}/imports?wait=1`, payload: m.payload, headers: { ...admin.headers, ...m.headers } });
    expect(imp.statusCode, imp.body).toBeLessThan(300);
    const stats = (await admin.inject('GET', `/api/wfm/queues/${q.json().id}/stats?from=1998-12-31&to=1999-01-02&rollUp=day`)).json();
    expect(stats.totals.offered).toBeGreaterThan(20);
    // The dashboard's days are Shanghai days; the stats above are the queue's (Jerusalem) days, so compare over a wide range.
    const kpi = (await admin.inject('GET', `/api/kpi?from=1998-12-30T00:00:00Z&to=1999-01-05T00:00:00Z`)).json();
    const k = Object.fromEntries(kpi.kpis.map((x: any) => [x.code, x]));
    const wide = (await admin.inject('GET', `/api/wfm/queues/${q.json().id}/stats?from=1998-12-30&to=1999-01-05&rollUp=day`)).json();
    expect(k.answer_rate).toMatchObject({ numerator: wide.totals.answered, denominator: wide.totals.offered });
    expect(k.service_level).toMatchObject({ numerator: wide.totals.answeredWithinT, denominator: wide.totals.offered });
    expect(k.service_level.value).toBeLessThanOrEqual(k.answer_rate.value);
  });
});

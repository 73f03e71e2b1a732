import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, type Session, type TestEnv } from '../../../test/helpers';
import { DEFAULT_SLA_POLICY } from '../sla';

let env: TestEnv;
let admin: Session;
let agent: Session;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await login(env.app, 'admin');
  agent = await login(env.app, 'agent_a');
});
afterAll(async () => env?.close());

const target = (o: any, name: string) => o.sla.targets.find((t: any) => t.target === name);

describe('SLA settings through the API', () => {
  it('a 24×7 calendar puts the dispatch deadline exactly 30 minutes after the order', async () => {
    const put = await admin.inject('PUT', '/api/settings/sla/calendar', { id: 'always', mode: '24x7', timeZone: 'Asia/Shanghai' });
    expect(put.statusCode, put.body).toBe(200);
    const o = (await agent.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'repair', title: '水管爆裂', areaScope: 'public' })).json();
    const d = target(o, 'dispatch');
    expect(d.status).toBe('running');
    expect(Date.parse(d.deadline) - Date.parse(d.startedAt)).toBe(30 * 60_000);
  });

  it('changing the policy recomputes open orders\' deadlines', async () => {
    const o = (await agent.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'repair', title: '门禁失灵', areaScope: 'public' })).json();
    const before = target(o, 'dispatch').deadline;
    const policy = structuredClone(DEFAULT_SLA_POLICY);
    policy.rules.find((r) => r.id === 'repair')!.targets.dispatch = { minutes: 90, calendar: 'business' };
    const put = await admin.inject('PUT', '/api/settings/sla/policy', policy);
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().recomputed).toBeGreaterThanOrEqual(2);
    const after = target((await agent.inject('GET', `/api/orders/${o.id}`)).json(), 'dispatch');
    expect(Date.parse(after.deadline) - Date.parse(before)).toBe(60 * 60_000); // still 24×7 from the test above
    expect(after.targetMinutes).toBe(90);
  });

  it('switching back to office hours with holidays moves deadlines onto the business calendar', async () => {
    const day = ['08:30-12:00', '13:30-17:30'];
    const put = await admin.inject('PUT', '/api/settings/sla/calendar', { id: 'office', timeZone: 'Asia/Shanghai', week: { mon: day, tue: day, wed: day, thu: day, fri: day } });
    expect(put.statusCode).toBe(200);
    const imported = await admin.inject('POST', '/api/settings/sla/holidays', { format: 'csv', content: 'date,kind,name\n2026-10-01,holiday,国庆节\n2026-10-10,workday,国庆调休' });
    expect(imported.statusCode, imported.body).toBe(200);
    const sla = (await admin.inject('GET', '/api/settings/sla')).json();
    expect(sla.calendar.holidays.map((h: any) => h.date)).toEqual(['2026-10-01', '2026-10-10']);
  });

  it('rejects invalid calendars and holiday files with a localised message, changing nothing', async () => {
    const before = (await admin.inject('GET', '/api/settings/sla')).json();
    const bad = await admin.inject('PUT', '/api/settings/sla/calendar', { week: { mon: ['09:00-08:00x'] } });
    expect(bad.statusCode).toBe(400);
    const noWindows = await admin.inject('PUT', '/api/settings/sla/calendar', { mode: 'business', week: {} });
    expect(noWindows.statusCode).toBe(400);
    expect(noWindows.json().error.message).not.toMatch(/^sla\./);
    const badCsv = await admin.inject('POST', '/api/settings/sla/holidays', { format: 'csv', content: 'date,kind,name\n2026-02-30,holiday,不存在的日子' });
    expect(badCsv.statusCode).toBe(400);
    expect((await admin.inject('GET', '/api/settings/sla')).json()).toEqual(before);
    const forbidden = await agent.inject('PUT', '/api/settings/sla/policy', DEFAULT_SLA_POLICY);
    expect(forbidden.statusCode).toBe(403);
  });
});

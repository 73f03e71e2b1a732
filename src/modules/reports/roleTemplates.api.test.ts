import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, type Session, type TestEnv } from '../../../test/helpers';
import { createUser } from '../auth/service';
import { newId } from '../../db/ids';
import { saveSlaTargets } from '../workorders/slaTargets';

let env: TestEnv;
let admin: Session;
const ts = '2026-10-01T00:00:00.000Z';
const PERIOD = '2026-10';

/** October 2026 in project A: two contacts (one resolved on the spot), two orders with SLA stages, two bills. */
beforeAll(async () => {
  env = await createTestEnv();
  admin = await login(env.app, 'admin');
  const db = env.ctx.store.db;
  const fx = env.fx;
  for (const [at, onSpot] of [['2026-10-03T02:00:00.000Z', 1], ['2026-10-04T02:00:00.000Z', 0]] as const)
    await db.insertInto('contacts').values({ id: newId(), org_id: fx.orgId, project_id: fx.projectA, channel: 'phone', category: 'enquiry', occurred_at: at, caller_name: '张伟', caller_phone: '13812345678', party_id: null, unit_id: null, summary: '测试', handled_on_spot: onSpot, order_id: null, owner_id: fx.users.agent_a, created_at: at }).execute();
  const sla = [
    [{ target: 'dispatch', status: 'met', deadline: '2026-10-05T02:00:00.000Z' }, { target: 'resolution', status: 'breached', deadline: '2026-10-06T02:00:00.000Z' }],
    [{ target: 'dispatch', status: 'breached', deadline: '2026-10-08T02:00:00.000Z' }],
    [{ target: 'dispatch', status: 'met', deadline: '2026-10-09T02:00:00.000Z' }],
  ];
  let n = 0;
  for (const targets of sla) {
    const at = '2026-10-04T02:00:00.000Z';
    const id = newId();
    await db
      .insertInto('work_orders')
      .values({ id, org_id: fx.orgId, project_id: fx.projectA, number: `R${++n}`, kind: 'repair', category: '水电', priority: 'normal', state: 'processing', version: 1, title: '测试', description: null, area_scope: 'unit', building_id: null, unit_id: null, location: null, party_id: null, contact_name: '张伟', contact_phone: '13812345678', channel: 'phone', source_contact_id: null, reporter_id: null, owner_id: fx.users.agent_a, assignee_id: null, department: null, appointment_at: null, paid: 0, warranty: 0, amount_fen: null, hold_reason: null, reopen_count: 0, chase_count: 0, last_chased_at: null, customer_informed_at: null, severity: null, due_date: null, completed_at: null, closed_at: null, sla_json: JSON.stringify({ targets }), sla_next_check_at: null, sla_breached: 0, sla_warning: 0, extra_json: null, created_at: at, updated_at: at })
      .execute();
    // The on-time rate reads the mirror of sla_json, kept by whoever writes it.
    await saveSlaTargets(db, fx.orgId, id, targets, { created: { projectId: fx.projectA, createdAt: at } });
  }
  for (const b of [{ unit: fx.unitA1, fen: 10_000, paid: 0 }, { unit: fx.unitA2, fen: 20_000, paid: 20_000 }]) {
    const id = newId();
    await db
      .insertInto('bills')
      .values({ id, org_id: fx.orgId, project_id: fx.projectA, phase_id: null, building_id: fx.buildingA, unit_id: b.unit, space_id: null, account_id: b.unit, party_id: null, liability_id: null, fee_item_id: null, category: 'property', kind: 'regular' as any, line_key: id, period_key: PERIOD, cover_start: '2026-10-01', cover_end: '2026-10-31', account_month: PERIOD, issued_on: '2026-10-01', due_date: '2026-10-31', gross_fen: b.fen, discount_fen: 0, amount_fen: b.fen, paid_fen: b.paid, written_off_fen: 0, outstanding_fen: b.fen - b.paid, basis_json: null, discounts_json: null, description: null, run_id: null, source_bill_id: null, source_order_id: null, created_by: null, created_at: ts, updated_at: ts })
      .execute();
    if (b.paid) await db.insertInto('bill_settlements').values({ id: newId(), org_id: fx.orgId, account_id: b.unit, bill_id: id, source: 'payment', source_id: newId(), settled_on: '2026-10-15', fen: b.paid, created_at: ts }).execute();
  }
  await createUser(db, { orgId: fx.orgId, username: 'collector_a', displayName: '收费员', role: 'collector', password: 'secret-pass-123', projectIds: [fx.projectA] });
});
afterAll(async () => env?.close());

const byCode = (list: any[]) => Object.fromEntries(list.map((k) => [k.code, k]));

describe('role dashboards: plan vs actual', () => {
  it("an agent sees the desk's KPIs, equal to the reports module's for the same scope and period, with the gap toned", async () => {
    const { projectA } = env.fx;
    // 一次解决率 is 1 / 2 = 50 %: a target of 51 % is near (within 2 points), one of 90 % is missed.
    expect((await admin.inject('PUT', '/api/reports/targets', { period: PERIOD, projectId: projectA, code: 'first_contact_resolution', op: '>=', threshold: 0.51 })).statusCode).toBe(200);
    const agent = await login(env.app, 'agent_a');
    const res = await agent.inject('GET', `/api/reports/role-targets?period=${PERIOD}&projectId=${projectA}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.role).toBe('agent');
    expect(body.kpis.map((k: any) => k.code)).toEqual(['answer_rate', 'first_contact_resolution', 'callback_rate']);
    const mine = byCode(body.kpis);
    const reports = byCode((await admin.inject('GET', `/api/reports/targets?period=${PERIOD}&projectId=${projectA}`)).json().kpis);
    for (const k of body.kpis) {
      if (!reports[k.code]) continue;
      expect([k.value, k.numerator, k.denominator, k.target?.threshold ?? null], k.code).toEqual([reports[k.code].value, reports[k.code].numerator, reports[k.code].denominator, reports[k.code].target?.threshold ?? null]);
    }
    expect(mine.first_contact_resolution).toMatchObject({ numerator: 1, denominator: 2, value: 0.5, kind: 'rate', tone: 'near', met: false });
    expect(mine.first_contact_resolution.trend).toHaveLength(6);
    expect(mine.first_contact_resolution.trend.at(-1)).toEqual({ period: PERIOD, value: 0.5 });
    expect(mine.first_contact_resolution.trend[0]).toEqual({ period: '2026-05', value: null });
    await admin.inject('PUT', '/api/reports/targets', { period: PERIOD, projectId: projectA, code: 'first_contact_resolution', op: '>=', threshold: 0.9 });
    const again = byCode((await agent.inject('GET', `/api/reports/role-targets?period=${PERIOD}&projectId=${projectA}`)).json().kpis);
    expect(again.first_contact_resolution.tone).toBe('missed');
    // No data is neither met nor missed.
    expect(again.callback_rate).toMatchObject({ value: null, tone: 'none' });
  });

  it('the dispatcher gets 及时派单率, 超时工单 and 催单率 from the same on-time figures the dashboard shows', async () => {
    const { projectA } = env.fx;
    const dispatcher = await login(env.app, 'dispatcher');
    const k = byCode((await dispatcher.inject('GET', `/api/reports/role-targets?period=${PERIOD}&projectId=${projectA}`)).json().kpis);
    expect(Object.keys(k)).toEqual(['on_time_rate.dispatch', 'overdue_orders', 'chase_rate']);
    const period = { from: '2026-09-30T16:00:00.000Z', to: '2026-10-31T16:00:00.000Z' };
    const dash = byCode((await admin.inject('GET', `/api/kpi?from=${period.from}&to=${period.to}&projectId=${projectA}`)).json().kpis);
    const dispatchPart = dash.on_time_rate.parts.find((p: any) => p.code === 'on_time_rate.dispatch');
    expect(k['on_time_rate.dispatch']).toMatchObject({ numerator: dispatchPart.numerator, denominator: dispatchPart.denominator });
    expect(k['on_time_rate.dispatch']).toMatchObject({ numerator: 2, denominator: 3, kind: 'rate' });
    // Orders with a stage due: 3; all met: only the third → 2 overdue.
    expect(k.overdue_orders).toMatchObject({ kind: 'count', value: dash.on_time_rate.denominator - dash.on_time_rate.numerator, target: null, tone: 'none' });
    expect(k.overdue_orders.value).toBe(2);
    expect(k.chase_rate).toMatchObject({ numerator: dash.chase_rate.numerator, denominator: dash.chase_rate.denominator });
  });

  it("the collector's arrears are receivable minus received of the collection rate, in fen", async () => {
    const { projectA, projectB } = env.fx;
    const collector = await login(env.app, 'collector_a', 'secret-pass-123');
    const k = byCode((await collector.inject('GET', `/api/reports/role-targets?period=${PERIOD}&projectId=${projectA}`)).json().kpis);
    expect(k.collection_rate).toMatchObject({ numerator: 20_000, denominator: 30_000, kind: 'rate' });
    expect(k.arrears).toMatchObject({ kind: 'money', value: 10_000 });
    expect(k.household_collection_rate).toMatchObject({ numerator: 1, denominator: 2 });
    // Another project's figures, another role's set, and residents are refused.
    expect((await collector.inject('GET', `/api/reports/role-targets?period=${PERIOD}&projectId=${projectB}`)).statusCode).toBe(403);
    expect((await collector.inject('GET', `/api/reports/role-targets?period=${PERIOD}&role=manager`)).statusCode).toBe(403);
    expect((await (await login(env.app, 'resident_a1')).inject('GET', `/api/reports/role-targets?period=${PERIOD}`)).statusCode).toBe(403);
    expect((await collector.inject('GET', `/api/reports/role-targets?period=2026-13`)).statusCode).toBe(400);
    const qa = byCode((await admin.inject('GET', `/api/reports/role-targets?period=${PERIOD}&role=qa`)).json().kpis);
    expect(Object.keys(qa)).toEqual(['qa_pass_rate']);
  });
});

describe('report templates: editable, previewed, versioned', () => {
  it('headings, intros with placeholders, chosen KPIs and custom text sections; an old report keeps its version', async () => {
    const { projectA } = env.fx;
    const old = (await admin.inject('POST', '/api/reports/documents', { type: 'monthly', period: '2026-09', projectId: projectA, lang: 'zh-CN' })).json();
    expect(old.templateVersion).toBe(0);
    const sections = [
      { id: 'kpis', title: '本月指标', kpis: ['first_contact_resolution', 'collection_rate', 'arrears'] },
      { id: 'contacts', intro: '本月来电 {{calls}} 次、来电来访 {{contacts}} 次。', charts: false },
      { id: 'custom-note', title: '经理寄语', text: '收费率 {{collection_rate}}，目标 {{target.collection_rate}}；欠费 {{arrears}}。' },
    ];
    const bad = await admin.inject('PUT', '/api/reports/templates/monthly', { sections: [{ id: 'custom-x', title: 'x', text: '{{nope}}' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('reports.unknown_placeholder');
    expect((await admin.inject('PUT', '/api/reports/templates/monthly', { sections: [{ id: 'custom-x', text: 'x' }] })).json().error.code).toBe('reports.custom_needs_title');
    expect((await admin.inject('PUT', '/api/reports/templates/monthly', { sections: [{ id: 'kpis', kpis: ['nope'] }] })).statusCode).toBe(400);

    const preview = await admin.inject('POST', '/api/reports/templates/monthly/preview', { sections, period: PERIOD, projectId: projectA, lang: 'zh-CN' });
    expect(preview.statusCode, preview.body).toBe(200);
    const model = preview.json().model;
    expect(model.sections.map((s: any) => s.id)).toEqual(['kpis', 'contacts', 'custom-note']);
    expect(model.sections[0].title).toBe('本月指标');
    expect(model.sections[0].tables[0].rows.map((r: any) => r[1])).toEqual(['50.0 %', '66.7 %', '100.00 元']);
    expect(model.sections[1].narrative.startsWith('本月来电 2 次、来电来访 2 次。本月共受理来电来访 2 次')).toBe(true);
    expect(model.sections[1].charts).toEqual([]);
    expect(model.sections[2].narrative).toBe('收费率 66.7 %，目标 ≥ 90.0 %；欠费 100.00 元。');

    const saved = await admin.inject('PUT', '/api/reports/templates/monthly', { sections });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().version).toBe(1);
    const doc = (await admin.inject('POST', '/api/reports/documents', { type: 'monthly', period: PERIOD, projectId: projectA, lang: 'zh-CN' })).json();
    expect(doc.templateVersion).toBe(1);
    expect(doc.model.sections.map((s: any) => s.id)).toEqual(['kpis', 'contacts', 'custom-note']);
    const html = (await admin.inject('GET', `/api/reports/documents/${doc.id}/export?format=html`)).body;
    expect(html).toContain('经理寄语');
    expect(html).toContain('收费率 66.7 %，目标 ≥ 90.0 %；欠费 100.00 元。');
    // The September report was generated from the built-in layout and keeps it, even after a refresh.
    await admin.inject('POST', `/api/reports/documents/${old.id}/refresh`);
    const oldNow = (await admin.inject('GET', `/api/reports/documents/${old.id}`)).json();
    expect(oldNow.templateVersion).toBe(0);
    expect(oldNow.model.sections.some((s: any) => s.id === 'custom-note')).toBe(false);
    // Custom sections' text is edited per report like any narrative.
    const edited = await admin.inject('PATCH', `/api/reports/documents/${doc.id}/narrative`, { sections: { 'custom-note': '改写的寄语' } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().model.sections.find((s: any) => s.id === 'custom-note').narrative).toBe('改写的寄语');

    const versions = (await admin.inject('GET', '/api/reports/templates/monthly/versions')).json().items;
    expect(versions.map((v: any) => v.version)).toEqual([1]);
    const v1 = (await admin.inject('GET', '/api/reports/templates/monthly?version=1')).json();
    expect(v1.sections[2]).toMatchObject({ id: 'custom-note', title: '经理寄语' });
    expect(v1.placeholders).toContain('calls');
    expect((await admin.inject('GET', '/api/reports/templates/monthly?version=7')).statusCode).toBe(404);
  });
});

describe('return-visit phrases (issue 15)', () => {
  it('records "answered with article X" on the work order, once per order and article, within the agent\'s projects', async () => {
    const sup = await login(env.app, 'supervisor');
    const agentA = await login(env.app, 'agent_a');
    const agentB = await login(env.app, 'agent_b');
    const c = await sup.inject('POST', '/api/knowledge/articles', { title: '回访开场白', body: '“您好，我是物业服务中心客服，就您反映的问题做个回访。”', type: 'script', categories: ['水电'], tags: [], submit: true });
    expect(c.statusCode, c.body).toBe(201);
    const admin2 = await login(env.app, 'admin');
    expect((await admin2.inject('POST', `/api/knowledge/revisions/${c.json().revision.id}/approve`, {})).statusCode).toBe(200);
    const articleId = c.json().article.id;
    const order = await env.ctx.store.db.selectFrom('work_orders').select(['id']).where('project_id', '=', env.fx.projectA).executeTakeFirstOrThrow();
    const first = await agentA.inject('POST', `/api/knowledge/articles/${articleId}/uses`, { orderId: order.id });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ orderId: order.id, articleId });
    expect((await agentA.inject('POST', `/api/knowledge/articles/${articleId}/uses`, { orderId: order.id })).statusCode).toBe(200);
    const rows = await env.ctx.store.db.selectFrom('knowledge_order_uses').selectAll().where('order_id', '=', order.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ article_id: articleId, actor_id: env.fx.users.agent_a });
    expect((await agentA.inject('GET', `/api/knowledge/articles/${articleId}/stats`)).json()).toMatchObject({ orderUses: 1, uses: 0 });
    // Another project's agent cannot record on this order; neither or both targets is a 400.
    expect((await agentB.inject('POST', `/api/knowledge/articles/${articleId}/uses`, { orderId: order.id })).statusCode).toBe(403);
    expect((await agentA.inject('POST', `/api/knowledge/articles/${articleId}/uses`, {})).statusCode).toBe(400);
    expect((await agentA.inject('POST', `/api/knowledge/articles/${articleId}/uses`, { orderId: order.id, contactId: order.id })).statusCode).toBe(400);
    expect((await agentA.inject('POST', `/api/knowledge/articles/${articleId}/uses`, { orderId: 'nope' })).statusCode).toBe(404);
  });
});

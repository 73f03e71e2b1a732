import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, type Session, type TestEnv } from '../../../test/helpers';
import { newId } from '../../db/ids';
import { chromiumAvailable, closeBrowser } from './render/browser';
import { scheduledReports } from './job';

let env: TestEnv;
let admin: Session;
const ts = '2026-10-01T00:00:00.000Z';

/** A small month (October 2026, Shanghai time) in project A, plus noise in project B and September. */
const contacts = [
  { p: 'A', at: '2026-10-03T02:00:00.000Z', channel: 'phone', category: 'enquiry', onSpot: 1 },
  { p: 'A', at: '2026-10-05T03:00:00.000Z', channel: 'walk_in', category: 'complaint', onSpot: 0 },
  { p: 'A', at: '2026-10-07T03:00:00.000Z', channel: 'phone', category: 'unit_repair', onSpot: 0 },
  { p: 'A', at: '2026-09-30T15:59:00.000Z', channel: 'phone', category: 'enquiry', onSpot: 1 }, // 23:59 on 30 Sept local: September
  { p: 'B', at: '2026-10-08T03:00:00.000Z', channel: 'phone', category: 'enquiry', onSpot: 1 },
];
const orders = [
  { p: 'A', kind: 'complaint', created: '2026-10-05T03:00:00.000Z', closed: '2026-10-06T03:00:00.000Z', visit: 'satisfied', area: null, category: null },
  { p: 'A', kind: 'repair', created: '2026-10-07T03:00:00.000Z', closed: null, visit: null, area: 'unit', category: '水电' },
  { p: 'A', kind: 'complaint', created: '2026-10-20T03:00:00.000Z', closed: null, visit: null, area: null, category: null },
  { p: 'B', kind: 'complaint', created: '2026-10-09T03:00:00.000Z', closed: null, visit: null, area: null, category: null },
];
const bills = [
  { unit: 'unitA1', fen: 10_000, paid: 0 },
  { unit: 'unitA2', fen: 20_000, paid: 20_000 },
];

beforeAll(async () => {
  env = await createTestEnv();
  admin = await login(env.app, 'admin');
  const db = env.ctx.store.db;
  const fx = env.fx;
  const pid = (p: string) => (p === 'A' ? fx.projectA : fx.projectB);
  for (const c of contacts)
    await db.insertInto('contacts').values({ id: newId(), org_id: fx.orgId, project_id: pid(c.p), channel: c.channel as any, category: c.category as any, occurred_at: c.at, caller_name: '张伟', caller_phone: '13812345678', party_id: null, unit_id: null, summary: '测试', handled_on_spot: c.onSpot, order_id: null, owner_id: fx.users.agent_a, created_at: c.at }).execute();
  let n = 0;
  for (const o of orders) {
    const id = newId();
    await db
      .insertInto('work_orders')
      .values({ id, org_id: fx.orgId, project_id: pid(o.p), number: `T${++n}`, kind: o.kind, category: o.category, priority: 'normal', state: o.closed ? 'closed' : 'processing', version: 1, title: '测试', description: null, area_scope: o.area as any, building_id: null, unit_id: null, location: null, party_id: null, contact_name: '张伟', contact_phone: '13812345678', channel: 'phone', source_contact_id: null, reporter_id: null, owner_id: fx.users.agent_a, assignee_id: null, department: null, appointment_at: null, paid: 0, warranty: 0, amount_fen: null, hold_reason: null, reopen_count: 0, chase_count: o.kind === 'repair' ? 2 : 0, last_chased_at: null, customer_informed_at: null, severity: null, due_date: null, completed_at: o.closed, closed_at: o.closed, sla_json: null, sla_next_check_at: null, sla_breached: 0, sla_warning: 0, extra_json: null, created_at: o.created, updated_at: o.created })
      .execute();
    if (o.visit)
      await db.insertInto('return_visits').values({ id: newId(), org_id: fx.orgId, order_id: id, cycle: 0, reason: 'complaint', due_at: o.closed!, status: 'done', visitor_id: fx.users.agent_a, visited_at: '2026-10-06T08:00:00.000Z', channel: 'phone', outcome: o.visit as any, score_speed: 5, score_attitude: 5, score_quality: 5, comment: null, link_token_hash: null, link_expires_at: null, created_at: o.closed! }).execute();
  }
  for (const b of bills) {
    const id = newId();
    const unit = (fx as any)[b.unit] as string;
    await db
      .insertInto('bills')
      .values({ id, org_id: fx.orgId, project_id: fx.projectA, phase_id: null, building_id: fx.buildingA, unit_id: unit, space_id: null, account_id: unit, party_id: null, liability_id: null, fee_item_id: null, category: 'property', kind: 'regular' as any, line_key: id, period_key: '2026-10', cover_start: '2026-10-01', cover_end: '2026-10-31', account_month: '2026-10', issued_on: '2026-10-01', due_date: '2026-10-31', gross_fen: b.fen, discount_fen: 0, amount_fen: b.fen, paid_fen: b.paid, written_off_fen: 0, outstanding_fen: b.fen - b.paid, basis_json: null, discounts_json: null, description: null, run_id: null, source_bill_id: null, source_order_id: null, created_by: null, created_at: ts, updated_at: ts })
      .execute();
    if (b.paid) await db.insertInto('bill_settlements').values({ id: newId(), org_id: fx.orgId, account_id: unit, bill_id: id, source: 'payment', source_id: newId(), settled_on: '2026-10-15', fen: b.paid, created_at: ts }).execute();
  }
});
afterAll(async () => {
  await closeBrowser();
  await env?.close();
});

/** The fixture's KPIs for project A, October 2026 (Shanghai), computed here from the arrays above. */
function expected() {
  const from = '2026-09-30T16:00:00.000Z';
  const to = '2026-10-31T16:00:00.000Z';
  const inOct = (t: string | null) => !!t && t >= from && t < to;
  const cs = contacts.filter((c) => c.p === 'A' && inOct(c.at));
  const os = orders.filter((o) => o.p === 'A');
  const closed = os.filter((o) => inOct(o.closed));
  const complaintsIn = os.filter((o) => o.kind === 'complaint' && inOct(o.created));
  const receivable = bills.reduce((s, b) => s + b.fen, 0);
  const received = bills.reduce((s, b) => s + b.paid, 0);
  return {
    first_contact_resolution: [cs.filter((c) => c.onSpot).length, cs.length],
    callback_rate: [closed.filter((o) => o.visit).length, closed.length],
    satisfaction: [closed.filter((o) => o.visit === 'satisfied').length, closed.filter((o) => o.visit).length],
    complaint_handling_rate: [closed.filter((o) => o.kind === 'complaint').length, complaintsIn.length],
    collection_rate: [received, receivable],
    household_collection_rate: [bills.filter((b) => b.paid === b.fen).length, bills.length],
    contacts: cs.length,
    created: os.filter((o) => inOct(o.created)).length,
  };
}

describe('generated monthly report', () => {
  let docId: string;
  it('every figure equals the KPI layer for the same scope and period, and the fixture computed by hand', async () => {
    const { projectA } = env.fx;
    const res = await admin.inject('POST', '/api/reports/documents', { type: 'monthly', period: '2026-10', projectId: projectA });
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json();
    docId = doc.id;
    expect(doc.status).toBe('draft');
    const e = expected();
    const k = Object.fromEntries(doc.data.current.kpis.map((x: any) => [x.code, x]));
    for (const code of ['first_contact_resolution', 'callback_rate', 'satisfaction', 'complaint_handling_rate', 'collection_rate', 'household_collection_rate'] as const) {
      expect([k[code].numerator, k[code].denominator], code).toEqual(e[code]);
    }
    expect(doc.data.current.contacts.total).toBe(e.contacts);
    expect(doc.data.current.orders.created).toBe(e.created);
    expect(doc.data.current.orders.byKind).toEqual({ complaint: 2, repair: 1 });
    expect(doc.data.current.orders.repairScope).toEqual({ unit: 1, public: 0 });
    expect(doc.data.current.orders.chased).toBe(1);
    expect(doc.data.previous.contacts.total).toBe(1);
    // The dashboard's KPIs for the same range: the same numbers (one layer).
    const dash = (await admin.inject('GET', `/api/kpi?from=${encodeURIComponent(doc.data.from)}&to=${encodeURIComponent(doc.data.to)}&projectId=${projectA}`)).json();
    for (const d of dash.kpis) {
      const r = k[d.code];
      expect(r, d.code).toBeDefined();
      expect([r.numerator, r.denominator, r.value], d.code).toEqual([d.numerator, d.denominator, d.value]);
    }
    // The rendered document shows them, formatted.
    const html = (await admin.inject('GET', `/api/reports/documents/${docId}/export?format=html`)).body;
    expect(html).toContain('一次解决率 33.3 %（1 / 3）');
    expect(html).toContain('收费率 66.7 %（200.00 元 / 300.00 元）');
    expect(html).toContain('本月共受理来电来访 3 次，较上月增加 200.0 %');
    expect(html).toContain('投诉处理率 50.0 %（1 / 2）');
    expect(html).toContain('未达≥ 98.0 % 的目标');
  });

  it('plan vs actual: targets set on the quarter apply to its months, with the gap', async () => {
    const { projectA } = env.fx;
    const put = await admin.inject('PUT', '/api/reports/targets', { period: '2026-Q4', projectId: projectA, code: 'collection_rate', op: '>=', threshold: 0.93 });
    expect(put.statusCode, put.body).toBe(200);
    expect((await admin.inject('PUT', '/api/reports/targets', { period: '2026-10', code: 'first_contact_resolution', op: '>=', threshold: 0.3 })).statusCode).toBe(200);
    const item = await admin.inject('POST', '/api/reports/plan-items', { period: '2026-11', projectId: projectA, title: '三期催缴专项行动', ownerName: '王经理', dueDate: '2026-11-30' });
    expect(item.statusCode, item.body).toBe(201);
    const r = (await admin.inject('GET', `/api/reports/targets?period=2026-10&projectId=${projectA}`)).json();
    const c = r.kpis.find((x: any) => x.code === 'collection_rate');
    expect(c.target).toMatchObject({ op: '>=', threshold: 0.93, source: '2026-Q4' });
    expect(c.met).toBe(false);
    expect(c.gap).toBeCloseTo(2 / 3 - 0.93, 6);
    const f = r.kpis.find((x: any) => x.code === 'first_contact_resolution');
    expect(f).toMatchObject({ met: true, target: { source: '2026-10', projectId: null } });
    expect((await admin.inject('GET', '/api/reports/targets?period=2026-13')).statusCode).toBe(400);
    const dispatcher = await login(env.app, 'dispatcher');
    expect((await dispatcher.inject('GET', `/api/reports/targets?period=2026-10&projectId=${projectA}`)).statusCode).toBe(200);
    expect((await dispatcher.inject('PUT', '/api/reports/targets', { period: '2026-10', projectId: projectA, code: 'satisfaction', threshold: 0.9 })).statusCode).toBe(403);
    expect((await dispatcher.inject('POST', '/api/reports/documents', { type: 'monthly', period: '2026-10', projectId: projectA })).statusCode).toBe(403);
  });

  it('narrative edits only, refresh shows what changed, approve, publish with a checksum', async () => {
    const { projectA, orgId } = env.fx;
    const ed = await admin.inject('PATCH', `/api/reports/documents/${docId}/narrative`, { sections: { highlights: '本月重点：完成消防演练。' } });
    expect(ed.statusCode, ed.body).toBe(200);
    expect(ed.json().model.sections.find((s: any) => s.id === 'highlights').narrative).toBe('本月重点：完成消防演练。');
    expect((await admin.inject('PATCH', `/api/reports/documents/${docId}/narrative`, { sections: { nonsense: 'x' } })).statusCode).toBe(400);
    // New data arrives: the refresh lists the change and keeps the edit; the plan item and quarter target now show.
    await env.ctx.store.db.insertInto('contacts').values({ id: newId(), org_id: orgId, project_id: projectA, channel: 'app', category: 'praise', occurred_at: '2026-10-25T03:00:00.000Z', caller_name: null, caller_phone: null, party_id: null, unit_id: null, summary: '表扬', handled_on_spot: 1, order_id: null, owner_id: env.fx.users.agent_a, created_at: ts }).execute();
    const rf = await admin.inject('POST', `/api/reports/documents/${docId}/refresh`);
    expect(rf.statusCode, rf.body).toBe(200);
    expect(rf.json().changes).toContainEqual({ path: 'current.contacts.total', before: 3, after: 4 });
    expect(rf.json().changes).toContainEqual({ path: 'current.kpis.first_contact_resolution.numerator', before: 1, after: 2 });
    expect(rf.json().model.sections.find((s: any) => s.id === 'highlights').narrative).toBe('本月重点：完成消防演练。');
    const plan = rf.json().model.sections.find((s: any) => s.id === 'plan');
    expect(plan.tables[0].rows[0]).toEqual(['三期催缴专项行动', '王经理', '2026-11-30', 'open']);
    expect((await admin.inject('POST', `/api/reports/documents/${docId}/publish`)).statusCode).toBe(409);
    expect((await admin.inject('POST', `/api/reports/documents/${docId}/approve`)).statusCode).toBe(200);
    expect((await admin.inject('PATCH', `/api/reports/documents/${docId}/narrative`, { sections: { highlights: '改' } })).statusCode).toBe(409);
    expect((await admin.inject('POST', `/api/reports/documents/${docId}/refresh`)).statusCode).toBe(409);
    const pub = await admin.inject('POST', `/api/reports/documents/${docId}/publish`);
    expect(pub.statusCode, pub.body).toBe(200);
    const html = (await admin.inject('GET', `/api/reports/documents/${docId}/export?format=html`)).body;
    expect(pub.json().checksum).toBe(createHash('sha256').update(html, 'utf8').digest('hex'));
    expect(html).not.toContain('DRAFT');
  });

  it('a period with no data says so', async () => {
    const res = await admin.inject('POST', '/api/reports/documents', { type: 'monthly', period: '2025-01', projectId: env.fx.projectA });
    expect(res.statusCode, res.body).toBe(201);
    const text = res.json().model.sections.map((s: any) => s.narrative).join('\n');
    expect(text).toContain('受理来电来访：本月无数据');
    expect(text).toContain('收费率：本月无数据');
    expect(text).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('the owners’ bulletin has no personal data and is readable by the residents of its project only', async () => {
    const { projectA, projectB } = env.fx;
    const ids: Record<string, string> = {};
    for (const [k, p] of [['A', projectA], ['B', projectB]]) {
      const g = await admin.inject('POST', '/api/reports/documents', { type: 'bulletin', period: '2026-10', projectId: p });
      expect(g.statusCode, g.body).toBe(201);
      ids[k] = g.json().id;
      const html = (await admin.inject('GET', `/api/reports/documents/${ids[k]}/export?format=html`)).body;
      expect(html).toContain('物业服务月报');
      expect(html).not.toContain('张伟');
      expect(html).not.toMatch(/1381234|13812345678/);
      expect(html).not.toContain('agent_a');
    }
    const resident = await login(env.app, 'resident_a1');
    expect((await resident.inject('GET', '/api/bulletins')).json().items).toHaveLength(0);
    for (const id of Object.values(ids)) {
      await admin.inject('POST', `/api/reports/documents/${id}/approve`);
      expect((await admin.inject('POST', `/api/reports/documents/${id}/publish`)).statusCode).toBe(200);
    }
    const list = (await resident.inject('GET', '/api/bulletins')).json().items;
    expect(list.map((x: any) => x.id)).toEqual([ids.A]);
    const own = await resident.inject('GET', `/api/bulletins/${ids.A}`);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('物业服务月报');
    expect(own.headers['x-checksum-sha256']).toBe(createHash('sha256').update(own.body, 'utf8').digest('hex'));
    expect((await resident.inject('GET', `/api/bulletins/${ids.B}`)).statusCode).toBe(404);
    expect((await resident.inject('GET', `/api/reports/documents/${ids.A}`)).statusCode).toBe(403);
  });

  it('PDF: Chinese text extracts; DOCX holds the charts; XLSX holds the tables', async () => {
    const id = (await admin.inject('POST', '/api/reports/documents', { type: 'monthly', period: '2026-10', projectId: env.fx.projectB })).json().id;
    const x = await admin.inject('GET', `/api/reports/documents/${id}/export?format=xlsx`);
    expect(x.statusCode).toBe(200);
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
    if (!chromiumAvailable()) {
      const r = await admin.inject('GET', `/api/reports/documents/${id}/export?format=pdf`);
      expect(r.statusCode).toBe(503);
      expect(r.json().error.message).toContain('Chromium');
      return;
    }
    const pdf = await admin.inject('GET', `/api/reports/documents/${id}/export?format=pdf`);
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
    fs.writeFileSync(path.join(dir, 'r.pdf'), pdf.rawPayload);
    let text: string | null = null;
    try {
      text = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    } catch {
      text = null; // poppler-utils absent: the PDF itself was still produced
    }
    if (text !== null) {
      expect(text).toContain('月度工作报告');
      expect(text).toContain('来电来访');
    }
    const docx = await admin.inject('GET', `/api/reports/documents/${id}/export?format=docx`);
    expect(docx.statusCode).toBe(200);
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(docx.rawPayload);
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(media.length).toBeGreaterThan(0);
    expect(await zip.file('word/document.xml')!.async('string')).toContain('月度工作报告');
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('the scheduled run on the 1st is claimed once across processes', async () => {
    const now = new Date('2026-11-01T01:00:00.000Z');
    const [a, b] = await Promise.all([scheduledReports(env.ctx, now), scheduledReports(env.ctx, now)]);
    expect(a.length + b.length).toBe(1);
    const docs = await env.ctx.store.db.selectFrom('report_documents').select(['type', 'project_id']).where('period', '=', '2026-10').where('status', '=', 'draft').execute();
    expect(docs.filter((d) => d.type === 'monthly').length).toBeGreaterThanOrEqual(1);
    expect(await scheduledReports(env.ctx, now)).toEqual([]);
  }, 60_000);
});

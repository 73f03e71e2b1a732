import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, PASSWORD, type Session, type TestEnv, ok } from '../../../test/helpers';
import { createUser } from '../auth/service';
import { localDate } from './core';

let env: TestEnv;
let resident: Session;
let frontDesk: Session;
let supervisor: Session;
let inspector: Session;
let collector: Session;
let orderId: string;

beforeAll(async () => {
  env = await createTestEnv();
  const { orgId, projectA } = env.fx;
  await createUser(env.ctx.store.db, { orgId, username: 'frontdesk', displayName: '刘娜', role: 'front_desk', password: PASSWORD, projectIds: [projectA] });
  await createUser(env.ctx.store.db, { orgId, username: 'inspector', displayName: '高建国', role: 'inspector', password: PASSWORD, projectIds: [projectA] });
  await createUser(env.ctx.store.db, { orgId, username: 'collector', displayName: '何红梅', role: 'collector', password: PASSWORD, projectIds: [projectA] });
  resident = await login(env.app, 'resident_a1');
  frontDesk = await login(env.app, 'frontdesk');
  supervisor = await login(env.app, 'supervisor');
  inspector = await login(env.app, 'inspector');
  collector = await login(env.app, 'collector');
});
afterAll(async () => env?.close());

const today = localDate(new Date().toISOString());
const plus = (n: number) => localDate(new Date(Date.parse(`${today}T12:00:00+08:00`) + n * 86_400_000).toISOString());

describe('renovation 装修: application → approval → permit → patrols → violation → notice → acceptance → deposit refund', () => {
  it('a resident applies for their own flat only', async () => {
    const { projectA, unitA1, unitA2 } = env.fx;
    const body = { projectId: projectA, unitId: unitA1, applicantName: '张伟', applicantPhone: '13812345678', contractorName: '安居装饰公司', contractorPhone: '13900000000', workers: 4, scope: '厨房卫生间改造，更换地砖，不动承重墙', plannedStart: plus(1), plannedEnd: plus(60) };
    expect((await resident.inject('POST', '/api/renovations', { ...body, unitId: unitA2 })).statusCode).toBe(403);
    const r = await ok(await resident.inject('POST', '/api/renovations', body), 201);
    expect(r).toMatchObject({ state: 'applied', unitId: unitA1, permitNo: null });
    expect(r.number).toMatch(/^ZS\d{12}$/);
    orderId = r.orderId;
    expect((await resident.inject('GET', '/api/renovations')).json().items.map((x: any) => x.orderId)).toEqual([orderId]);
  });

  it('is approved with a deposit and working hours; the permit needs the deposit first', async () => {
    expect((await frontDesk.inject('POST', `/api/renovations/${orderId}/approve`, { depositFen: 200_000 })).statusCode).toBe(403);
    // Each person is offered the next steps their role may take.
    expect((await ok(await supervisor.inject('GET', `/api/renovations/${orderId}`))).availableActions.map((x: any) => x.action)).toContain('approve');
    expect((await ok(await frontDesk.inject('GET', `/api/renovations/${orderId}`))).availableActions.map((x: any) => x.action)).not.toContain('approve');
    await ok(await supervisor.inject('POST', `/api/renovations/${orderId}/approve`, { depositFen: 200_000, workingHours: { weekdays: ['08:00-12:00', '14:00-18:00'], weekends: [] } }));
    expect((await frontDesk.inject('POST', `/api/renovations/${orderId}/permit`)).json().error.code).toBe('lifecycle.deposit_unpaid');
    expect((await collector.inject('POST', `/api/renovations/${orderId}/deposit`, { amountFen: 100_000, method: 'cash' })).json().error.code).toBe('lifecycle.amount_mismatch');
    expect((await collector.inject('POST', `/api/renovations/${orderId}/deposit`, { amountFen: 200_000, method: 'wechat_pay' })).json().error.code).toBe('billing.core.MISSING_REFERENCE');
    // A collector cannot use work orders in general: only the deposit step is offered.
    expect((await ok(await collector.inject('GET', `/api/renovations/${orderId}`))).availableActions.map((x: any) => x.action)).toEqual(['collect_deposit']);
    const dep = await ok(await collector.inject('POST', `/api/renovations/${orderId}/deposit`, { amountFen: 200_000, method: 'wechat_pay', reference: 'WX-YJ-001' }));
    expect(dep.receiptNo).toMatch(/^YJ\d{12}$/);
    expect(dep.deposit).toMatchObject({ requiredFen: 200_000, paidFen: 200_000 });
    const permit = await ok(await frontDesk.inject('POST', `/api/renovations/${orderId}/permit`));
    expect(permit).toMatchObject({ state: 'permitted' });
    expect(permit.permitNo).toMatch(/^ZX\d{12}$/);
    const html = await frontDesk.inject('GET', `/api/renovations/${orderId}/permit`);
    expect(html.body).toContain('装修许可证');
    expect(html.body).toContain(permit.permitNo);
    expect(html.body).toContain('08:00-12:00');
  });

  it('patrols flag work outside the permitted hours as a violation; a notice is issued and verified', async () => {
    await ok(await frontDesk.inject('POST', `/api/orders/${orderId}/actions/start_works`, {}));
    // Tuesday 09:30 local: fine. Saturday 10:00 local: outside the hours (no weekend work).
    const fine = await ok(await inspector.inject('POST', `/api/renovations/${orderId}/inspections`, { at: '2026-03-03T01:30:00Z', findings: '现场整洁' }), 201);
    expect(fine).toMatchObject({ withinWorkingHours: true, violation: null, state: 'working', inspectionCount: 1 });
    const bad = await ok(await inspector.inject('POST', `/api/renovations/${orderId}/inspections`, { at: '2026-03-07T02:00:00Z', findings: '周六电钻施工' }), 201);
    expect(bad).toMatchObject({ withinWorkingHours: false, violation: '非许可时间施工', state: 'violation', violationCount: 1 });
    expect((await inspector.inject('POST', `/api/renovations/${orderId}/notices`, { requirement: '立即停止', deadline: plus(-1) })).statusCode).toBe(400);
    const n = await ok(await inspector.inject('POST', `/api/renovations/${orderId}/notices`, { requirement: '立即停止非许可时间施工，书面承诺遵守施工时间', deadline: plus(3) }), 201);
    expect(n).toMatchObject({ state: 'rectifying' });
    expect(n.noticeNo).toMatch(/^ZG\d{12}$/);
    const html = await inspector.inject('GET', n.noticeUrl);
    expect(html.body).toContain('整改通知书');
    expect(html.body).toContain('非许可时间施工');
    const docx = await inspector.inject('GET', `${n.noticeUrl}?format=docx`);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    await ok(await inspector.inject('POST', `/api/renovations/${orderId}/verify`, { outcome: 'fail', reason: '未提交书面承诺' }));
    const passed = await ok(await inspector.inject('POST', `/api/renovations/${orderId}/verify`, { outcome: 'pass' }));
    expect(passed.state).toBe('working');
    const detail = await ok(await supervisor.inject('GET', `/api/renovations/${orderId}`));
    expect(detail.notices.map((x: any) => x.status)).toEqual(['rectified']);
    expect(detail.inspections.map((x: any) => x.withinWorkingHours)).toEqual([true, false]);
  });

  it('completion acceptance, then the deposit is refunded (less a deduction with a reason) and the file closed', async () => {
    await ok(await resident.inject('POST', `/api/orders/${orderId}/actions/request_acceptance`, {}));
    await ok(await inspector.inject('POST', `/api/orders/${orderId}/actions/accept_works`, { outcome: 'pass', note: '竣工验收合格' }));
    expect((await collector.inject('POST', `/api/renovations/${orderId}/refund`, { amountFen: 190_000, method: 'cash' })).json().error.code).toBe('lifecycle.refund_mismatch');
    expect((await collector.inject('POST', `/api/renovations/${orderId}/refund`, { amountFen: 180_000, deductionFen: 20_000, method: 'cash' })).json().error.code).toBe('lifecycle.reason_required');
    const refunded = await ok(await collector.inject('POST', `/api/renovations/${orderId}/refund`, { amountFen: 180_000, deductionFen: 20_000, reason: '损坏公共走廊地砖', method: 'bank_transfer', reference: 'TK-001' }));
    expect(refunded).toMatchObject({ state: 'deposit_refunded', deposit: { refundedFen: 180_000, deductedFen: 20_000 } });
    await ok(await frontDesk.inject('POST', `/api/orders/${orderId}/actions/close`, {}));
    const order = await ok(await supervisor.inject('GET', `/api/orders/${orderId}`));
    expect(order.state).toBe('closed');
    expect(order.events.map((e: any) => e.action)).toEqual([
      'create', 'approve', 'collect_deposit', 'issue_permit', 'start_works', 'inspect', 'record_violation', 'issue_rectification_notice',
      'verify_rectification', 'verify_rectification', 'request_acceptance', 'accept_works', 'refund_deposit', 'close',
    ]);
  });
});

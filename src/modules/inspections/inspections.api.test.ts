import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, multipart, PASSWORD, type Session, type TestEnv, ok } from '../../../test/helpers';
import { createUser } from '../auth/service';
import { localDate } from './core';
import { inspectionSweep } from './jobs';

let env: TestEnv;
let inspector: Session;
let inspector2: Session;
let dispatcher: Session;
let tech: Session;
let manager: Session;
const ids: Record<string, string> = {};

/** 'HH:MM' local (Shanghai) of an instant. */
const hhmm = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 16);

beforeAll(async () => {
  env = await createTestEnv();
  const { orgId, projectA } = env.fx;
  ids.inspector = await createUser(env.ctx.store.db, { orgId, username: 'inspector', displayName: '高建国', role: 'inspector', password: PASSWORD, projectIds: [projectA] });
  ids.inspector2 = await createUser(env.ctx.store.db, { orgId, username: 'inspector2', displayName: '钱安', role: 'inspector', password: PASSWORD, projectIds: [projectA] });
  await createUser(env.ctx.store.db, { orgId, username: 'manager', displayName: '周经理', role: 'manager', password: PASSWORD });
  inspector = await login(env.app, 'inspector');
  inspector2 = await login(env.app, 'inspector2');
  dispatcher = await login(env.app, 'dispatcher');
  tech = await login(env.app, 'tech');
  manager = await login(env.app, 'manager');
});
afterAll(async () => env?.close());

describe('an inspection round finds a hazard, which is rectified, re-inspected and closed', () => {
  it('sets up a checklist, two checkpoints with QR codes, a route and a plan', async () => {
    const { projectA, buildingA } = env.fx;
    const cl = await ok(
      await inspector.inject('POST', '/api/inspections/checklists', {
        projectId: projectA,
        name: '楼层安全巡查',
        items: [
          { code: 'exit', label: '疏散通道畅通', type: 'check' },
          { code: 'light', label: '应急照明', type: 'choice', options: ['正常', '不亮'], abnormal: ['不亮'] },
          { code: 'remark', label: '备注', type: 'text', required: false },
        ],
      }),
      201,
    );
    ids.checklist = cl.id;
    for (const [code, name] of [['CP01', '1号楼大堂'], ['CP02', '1号楼12层消防通道']]) {
      const cp = await ok(await inspector.inject('POST', '/api/inspections/checkpoints', { projectId: projectA, buildingId: buildingA, code, name, kind: 'patrol', checklistId: cl.id }), 201);
      expect(cp.qrPayload).toMatch(/^\/m\/checkpoint\/[\w-]+$/);
      ids[code] = cp.id;
      ids[`${code}qr`] = decodeURIComponent(cp.qrPayload.split('/').pop());
    }
    const route = await ok(await inspector.inject('POST', '/api/inspections/routes', { projectId: projectA, name: '1号楼巡逻路线', checkpointIds: [ids.CP01, ids.CP02] }), 201);
    expect(route.checkpoints.map((c: any) => c.code)).toEqual(['CP01', 'CP02']);
    ids.route = route.id;
    // One round that started ten minutes ago, so it can be done now; window 60 min, grace 30.
    const plan = await ok(
      await inspector.inject('POST', '/api/inspections/plans', {
        projectId: projectA,
        name: '1号楼巡逻',
        kind: 'patrol',
        routeId: route.id,
        checklistId: cl.id,
        schedule: { type: 'daily', times: [hhmm(new Date(Date.now() - 10 * 60_000))] },
        windowMinutes: 60,
        graceMinutes: 30,
        assigneeId: ids.inspector,
      }),
      201,
    );
    ids.plan = plan.id;
    expect((await inspector.inject('POST', '/api/inspections/plans', { projectId: projectA, name: 'x', kind: 'patrol', schedule: { type: 'daily', times: ['8:00'] } })).statusCode).toBe(400);
  });

  it('generates the rounds idempotently, also when two generations race', async () => {
    const { projectA } = env.fx;
    // Three days of one daily round: at least one is over (missed), one is current.
    const from = localDate(new Date(Date.now() - 2 * 86_400_000).toISOString());
    const to = localDate(new Date().toISOString());
    const [g1, g2] = await Promise.all([
      inspector.inject('POST', '/api/inspections/tasks/generate', { projectId: projectA, from, to }),
      manager.inject('POST', '/api/inspections/tasks/generate', { projectId: projectA, from, to }),
    ]);
    expect(g1.json().planned).toBe(3);
    expect(g1.json().created + g2.json().created).toBe(3);
    expect((await ok(await inspector.inject('POST', '/api/inspections/tasks/generate', { projectId: projectA, from, to }))).created).toBe(0);
    const tasks = (await ok(await inspector.inject('GET', `/api/inspections/tasks?projectId=${projectA}&planId=${ids.plan}`))).items;
    expect(tasks).toHaveLength(3);
    const now = new Date().toISOString();
    const current = tasks.find((t: any) => t.plannedStart <= now && now <= t.missedAfter);
    ids.task = current.id;
    ids.yesterday = tasks.find((t: any) => t.missedAfter < now).id;
    expect(current).toMatchObject({ status: 'pending', checkpointCount: 2, assigneeId: ids.inspector });
  });

  it('marks yesterday’s undone round as missed and refuses to start it', async () => {
    const r = await inspectionSweep(env.ctx);
    expect(r.missed).toBeGreaterThanOrEqual(1);
    const y = await ok(await inspector.inject('GET', `/api/inspections/tasks/${ids.yesterday}`));
    expect(y).toMatchObject({ status: 'missed', timeliness: 'missed' });
    expect((await inspector.inject('POST', `/api/inspections/tasks/${ids.yesterday}/start`)).json().error.code).toBe('inspections.task_missed');
  });

  it('records a normal and an abnormal checkpoint; the abnormal one opens a hazard order', async () => {
    // Someone else's round cannot be worked on.
    expect((await inspector2.inject('POST', `/api/inspections/tasks/${ids.task}/start`)).statusCode).toBe(403);
    expect((await inspector.inject('POST', `/api/inspections/tasks/${ids.task}/results`, { checkpointId: ids.CP01, answers: [{ code: 'exit', value: true }, { code: 'light', value: '正常' }] })).json().error.code).toBe('inspections.task_not_started');
    await ok(await inspector.inject('POST', `/api/inspections/tasks/${ids.task}/start`));
    // Resolving the scanned code gives the checkpoint, its checklist and the open round.
    const scanned = await ok(await inspector.inject('GET', `/api/inspections/checkpoints/by-qr/${ids.CP01qr}`));
    expect(scanned).toMatchObject({ id: ids.CP01, checklist: { id: ids.checklist } });
    expect(scanned.openTasks.map((t: any) => t.id)).toContain(ids.task);
    const normal = await ok(await inspector.inject('POST', `/api/inspections/tasks/${ids.task}/results`, { qrToken: ids.CP01qr, answers: [{ code: 'exit', value: true }, { code: 'light', value: '正常' }] }), 201);
    expect(normal).toMatchObject({ outcome: 'normal', hazardOrderId: null });
    // A wrong QR code or a missing answer is refused.
    expect((await inspector.inject('POST', `/api/inspections/tasks/${ids.task}/results`, { checkpointId: ids.CP02, qrToken: ids.CP01qr, answers: [{ code: 'exit', value: true }, { code: 'light', value: '正常' }] })).json().error.code).toBe('inspections.qr_mismatch');
    expect((await inspector.inject('POST', `/api/inspections/tasks/${ids.task}/results`, { qrToken: ids.CP02qr, answers: [{ code: 'exit', value: true }] })).json().error.code).toBe('inspections.answers_invalid');
    const abnormal = await ok(
      await inspector.inject('POST', `/api/inspections/tasks/${ids.task}/results`, {
        qrToken: ids.CP02qr,
        answers: [{ code: 'exit', value: false, note: '消防通道堆放纸箱' }, { code: 'light', value: '不亮' }],
        hazard: { severity: 'high', department: '秩序部' },
      }),
      201,
    );
    expect(abnormal.outcome).toBe('abnormal');
    expect(abnormal.hazardNumber).toMatch(/^YH\d{12}$/);
    ids.hazard = abnormal.hazardOrderId;
    const order = await ok(await dispatcher.inject('GET', `/api/orders/${ids.hazard}`));
    const today = localDate(new Date().toISOString());
    const in3 = localDate(new Date(Date.parse(`${today}T12:00:00+08:00`) + 3 * 86_400_000).toISOString());
    expect(order).toMatchObject({ kind: 'hazard', state: 'reported', severity: 'high', priority: 'high', dueDate: in3, channel: 'patrol' });
    expect(order.title).toContain('1号楼12层消防通道');
    expect(order.title).toContain('疏散通道畅通');
    const done = await ok(await inspector.inject('POST', `/api/inspections/tasks/${ids.task}/complete`, { note: '发现一处隐患' }));
    expect(done).toMatchObject({ status: 'completed', timeliness: 'on_time', checkedCount: 2, abnormalCount: 1 });
  });

  it('is assigned, rectified with photo evidence, fails re-inspection once, then passes and closes', async () => {
    const { users } = env.fx;
    const act = (s: Session, action: string, body: Record<string, unknown> = {}) => s.inject('POST', `/api/orders/${ids.hazard}/actions/${action}`, body);
    await ok(await act(dispatcher, 'assign', { assigneeId: users.tech, departmentId: '工程部' }));
    await ok(await act(tech, 'start_rectify'));
    const photo = multipart({ name: '整改后.jpg', content: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]), type: 'image/jpeg' });
    const up = await env.app.inject({ method: 'POST', url: `/api/orders/${ids.hazard}/attachments`, payload: photo.payload, headers: { ...tech.headers, ...photo.headers } });
    expect(up.statusCode, up.body).toBe(201);
    await ok(await act(tech, 'submit_rectification', { note: '纸箱已清走，应急灯已更换' }));
    // The rectifier cannot pass their own work; an inspector re-inspects.
    expect((await act(tech, 'reinspect', { outcome: 'pass' })).statusCode).toBe(403);
    expect((await act(inspector2, 'reinspect', { outcome: 'fail' })).statusCode).toBe(400);
    await ok(await act(inspector2, 'reinspect', { outcome: 'fail', reason: '应急灯仍不亮' }));
    await ok(await act(tech, 'submit_rectification', { note: '更换应急灯电池' }));
    const closed = await ok(await act(inspector2, 'reinspect', { outcome: 'pass', note: '复查合格' }));
    expect(closed.state).toBe('closed');
    const detail = await ok(await dispatcher.inject('GET', `/api/orders/${ids.hazard}`));
    expect(detail.events.map((e: any) => e.action)).toEqual(['create', 'assign', 'start_rectify', 'submit_rectification', 'reinspect', 'submit_rectification', 'reinspect']);
    expect(detail.attachments).toHaveLength(1);
    const register = await ok(await inspector.inject('GET', `/api/inspections/hazards?projectId=${env.fx.projectA}`));
    expect(register.items[0]).toMatchObject({ orderId: ids.hazard, state: 'closed', severity: 'high', department: '工程部', checkpointName: '1号楼12层消防通道', reinspectionFailCount: 1, overdue: false });
  });

  it('reports rounds on time, late and missed by plan and inspector', async () => {
    const today = localDate(new Date().toISOString());
    const from = localDate(new Date(Date.now() - 2 * 86_400_000).toISOString());
    const stats = await ok(await manager.inject('GET', `/api/inspections/stats?projectId=${env.fx.projectA}&from=${from}&to=${today}`));
    // One round done on time (with one abnormal point); the others missed — or, just after
    // midnight, one of them still ahead.
    expect(stats.total).toMatchObject({ total: 3, onTime: 1, late: 0, abnormal: 1 });
    expect(stats.total.missed + stats.total.open).toBe(2);
    expect(stats.total.onTimeRate).toBeCloseTo(1 / (1 + stats.total.missed), 12);
    expect(stats.byInspector[0]).toMatchObject({ label: '高建国', total: 3 });
  });
});

describe('the fire-equipment register', () => {
  it('lists what expires or is due soon, and a failed check opens a hazard and marks it faulty', async () => {
    const { projectA, buildingA } = env.fx;
    const today = localDate(new Date().toISOString());
    const plus = (n: number) => localDate(new Date(Date.parse(`${today}T12:00:00+08:00`) + n * 86_400_000).toISOString());
    const ext = await ok(await inspector.inject('POST', '/api/inspections/fire-equipment', { projectId: projectA, buildingId: buildingA, code: 'MHQ-1-12-01', kind: 'extinguisher', model: 'MFZ/ABC4', location: '1号楼12层东侧', expiryDate: plus(10), nextCheckDue: plus(60) }), 201);
    await ok(await inspector.inject('POST', '/api/inspections/fire-equipment', { projectId: projectA, code: 'XHS-1-01', kind: 'hydrant', location: '1号楼1层', nextCheckDue: plus(-2) }), 201);
    await ok(await inspector.inject('POST', '/api/inspections/fire-equipment', { projectId: projectA, code: 'YJD-1-01', kind: 'emergency_light', location: '1号楼2层', expiryDate: plus(200), nextCheckDue: plus(40) }), 201);
    const alerts = await ok(await inspector.inject('GET', `/api/inspections/fire-equipment/alerts?projectId=${projectA}&withinDays=30`));
    expect(alerts.counts).toEqual({ expired: 0, expiring: 1, checkOverdue: 1, checkDue: 0 });
    expect(alerts.items.map((i: any) => i.code).sort()).toEqual(['MHQ-1-12-01', 'XHS-1-01']);
    const check = await ok(await inspector.inject('POST', `/api/inspections/fire-equipment/${ext.id}/checks`, { answers: [{ code: 'overall', value: false, note: '压力表指针在红区' }], hazard: { severity: 'critical' } }), 201);
    expect(check.hazardOrderId).toBeTruthy();
    const after = await ok(await inspector.inject('GET', `/api/inspections/fire-equipment/${ext.id}`));
    expect(after).toMatchObject({ status: 'faulty', lastCheckedOn: today, nextCheckDue: plus(30) });
    expect(after.checks).toHaveLength(1);
    const hazard = await ok(await dispatcher.inject('GET', `/api/orders/${check.hazardOrderId}`));
    expect(hazard).toMatchObject({ priority: 'urgent', dueDate: plus(1), category: '消防' });
  });

  it('keeps other projects’ staff out', async () => {
    const agentB = await login(env.app, 'agent_b');
    expect((await agentB.inject('GET', '/api/inspections/checkpoints')).statusCode).toBe(403);
  });
});

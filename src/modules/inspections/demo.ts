/**
 * Inspection demo data for 华庭小区: checklists, checkpoints with QR codes, two routes, four
 * plans (four patrols a day, a daily fire-equipment round, a monthly safety check, pre-holiday
 * checks), thirty days of rounds — mostly on time, some late, some missed — with a handful of
 * abnormal findings that became hazard orders at various stages, the fire-equipment register
 * (some expiring soon), and five renovations at different steps.
 */
import type { AppContext } from '../../core/context';
import { newId, nowIso } from '../../db/ids';
import type { Actor } from '../auth/permissions';
import type { Role } from '../auth/schema';
import type { DemoRegistry } from '../demo/registry';
import { Rng } from '../demo/random';
import { insertBatches } from '../billing/store';
import { transitionInTx } from '../workorders/service';
import { localDate, nextCheckDue, type ChecklistItem } from './core';
import { generateTasks, recordResult } from './service';
import { applyRenovation, approveRenovation, collectDeposit, inspectRenovation, issueNotice, issuePermit, verifyRectification } from './renovation';
import type { FireEquipmentTable, InspectionResultTable } from './schema';
import { randomToken } from '../../core/secrets';
import { sql } from 'kysely';
import { demoSeeders } from '../demo';
import { seedDemoDesk } from '../demo/desk';

/** 10:00 local on the latest Monday–Friday on or before today (inside the usual working hours). */
function lastWeekdayMorning(today: string): string {
  let t = Date.parse(`${today}T02:00:00Z`);
  while ([0, 6].includes(new Date(t).getUTCDay()) || t > Date.now()) t -= 86_400_000;
  return new Date(t).toISOString();
}

function actor(orgId: string, userId: string, role: Role): Actor {
  return { userId, orgId, username: 'demo', displayName: 'demo', role, projectIds: 'all', partyId: null, unitIds: [], via: 'session' };
}

const PATROL_ITEMS: ChecklistItem[] = [
  { code: 'exit', label: '疏散通道、安全出口畅通', type: 'check' },
  { code: 'door', label: '单元门、防火门关闭完好', type: 'check' },
  { code: 'light', label: '公共照明', type: 'choice', options: ['正常', '部分不亮', '全部不亮'], abnormal: ['部分不亮', '全部不亮'] },
  { code: 'remark', label: '其他情况', type: 'text', required: false },
];
const PLANT_ITEMS: ChecklistItem[] = [
  { code: 'pressure', label: '消防管网压力', type: 'number', min: 0.3, max: 1.2, unit: 'MPa' },
  { code: 'pump', label: '消防泵状态', type: 'choice', options: ['自动', '手动', '故障'], abnormal: ['故障'] },
  { code: 'panel', label: '火灾报警控制器无故障报警', type: 'check' },
];
const SAFETY_ITEMS: ChecklistItem[] = [
  { code: 'wiring', label: '私拉乱接电线', type: 'choice', options: ['无', '有'], abnormal: ['有'] },
  { code: 'ebike', label: '电动车楼道充电', type: 'choice', options: ['无', '有'], abnormal: ['有'] },
  { code: 'sundries', label: '楼道堆放杂物', type: 'choice', options: ['无', '少量', '严重'], abnormal: ['严重'] },
];

export async function seedInspectionsDemo(ctx: AppContext, demo: DemoRegistry, log: (m: string) => void): Promise<void> {
  const t0 = Date.now();
  const db = ctx.store.db;
  const r = new Rng(20260412);
  const orgId = demo.orgId;
  const ts = nowIso();
  const today = localDate(ts);
  const ht = demo.projects.find((p) => p.code === 'HT')!;
  const inspectorId = demo.staff.get('inspector')!;
  const dispatcherId = demo.staff.get('dispatcher')!;
  const techId = demo.staff.get('tech1')!;
  const inspector = actor(orgId, inspectorId, 'inspector');

  const checklists = [
    { id: newId(), name: '楼栋夜间巡逻检查表', kind: 'patrol', items: PATROL_ITEMS },
    { id: newId(), name: '消防设备房巡检表', kind: 'fire', items: PLANT_ITEMS },
    { id: newId(), name: '月度及节前安全检查表', kind: 'safety', items: SAFETY_ITEMS },
  ];
  await insertBatches(db, 'checklists', checklists.map((c) => ({ id: c.id, org_id: orgId, project_id: ht.id, name: c.name, kind: c.kind, items_json: JSON.stringify(c.items), active: 1, created_at: ts, updated_at: ts })));

  const buildings = await db.selectFrom('buildings').select(['id', 'name']).where('project_id', '=', ht.id).orderBy('created_at').execute();
  const checkpoints: { id: string; code: string; name: string; kind: string; building: string | null; checklist: string }[] = [];
  for (const [i, b] of buildings.slice(0, 12).entries()) checkpoints.push({ id: newId(), code: `XL${String(i + 1).padStart(2, '0')}`, name: `${b.name}大堂及楼梯间`, kind: 'patrol', building: b.id, checklist: checklists[0].id });
  for (const [i, name] of ['南大门岗亭', '北门', '地下车库入口', '中心花园'].entries()) checkpoints.push({ id: newId(), code: `XL${13 + i}`, name, kind: 'patrol', building: null, checklist: checklists[0].id });
  for (const [i, name] of ['消防泵房', '消防控制室', '发电机房', '二期水泵房'].entries()) checkpoints.push({ id: newId(), code: `SB${String(i + 1).padStart(2, '0')}`, name, kind: 'fire', building: null, checklist: checklists[1].id });
  await insertBatches(
    db,
    'checkpoints',
    checkpoints.map((c) => ({ id: c.id, org_id: orgId, project_id: ht.id, building_id: c.building, code: c.code, name: c.name, location: null, kind: c.kind, qr_token: randomToken(18), checklist_id: c.checklist, active: 1, created_at: ts, updated_at: ts })),
  );

  const routes = [
    { id: newId(), name: '小区巡逻路线（一、二期）', points: checkpoints.filter((c) => c.kind === 'patrol').slice(0, 10) },
    { id: newId(), name: '消防设备房巡检路线', points: checkpoints.filter((c) => c.kind === 'fire') },
  ];
  await insertBatches(db, 'inspection_routes', routes.map((x) => ({ id: x.id, org_id: orgId, project_id: ht.id, name: x.name, description: null, active: 1, created_at: ts, updated_at: ts })));
  await insertBatches(db, 'route_checkpoints', routes.flatMap((x) => x.points.map((p, i) => ({ org_id: orgId, route_id: x.id, checkpoint_id: p.id, seq: i + 1 }))));

  const plan = (name: string, kind: string, route: string | null, checklist: string, schedule: object, windowMinutes: number, graceMinutes: number) => ({
    id: newId(), org_id: orgId, project_id: ht.id, name, kind, route_id: route, checklist_id: checklist, schedule_json: JSON.stringify(schedule), window_minutes: windowMinutes, grace_minutes: graceMinutes, assignee_id: inspectorId, valid_from: null, valid_to: null, active: 1, created_at: ts, updated_at: ts,
  });
  const plans = [
    plan('每日四巡', 'patrol', routes[0].id, checklists[0].id, { type: 'daily', times: ['08:00', '12:00', '16:00', '20:00'] }, 60, 60),
    plan('消防设备每日巡检', 'fire_check', routes[1].id, checklists[1].id, { type: 'daily', times: ['09:30'] }, 90, 120),
    plan('月度安全大检查', 'safety_monthly', null, checklists[2].id, { type: 'monthly', days: [1], times: ['10:00'] }, 480, 1440),
    plan('节前安全检查', 'safety_holiday', null, checklists[2].id, { type: 'before_holidays', daysBefore: 2, times: ['10:00'] }, 480, 1440),
  ];
  await insertBatches(db, 'inspection_plans', plans);
  const from = localDate(new Date(Date.now() - 30 * 86_400_000).toISOString());
  const tomorrow = localDate(new Date(Date.now() + 86_400_000).toISOString());
  await generateTasks(ctx, orgId, { projectId: ht.id, from, to: tomorrow });

  // Work the past rounds: mostly on time, some late, some missed; a few abnormal points.
  const tasks = await db.selectFrom('inspection_tasks').selectAll().where('project_id', '=', ht.id).where('planned_start', '<', ts).orderBy('planned_start').execute();
  const results: InspectionResultTable[] = [];
  const abnormalTargets: { taskId: string; checkpoint: (typeof checkpoints)[number]; at: string }[] = [];
  const routePoints = new Map(routes.map((x) => [x.id, x.points]));
  const now = Date.now();
  for (const t of tasks) {
    const roll = r.next();
    const startMs = Date.parse(t.planned_start) + r.int(-5, 20) * 60_000;
    const windowMs = Date.parse(t.planned_end) - Date.parse(t.planned_start);
    const doneMs = roll < 0.86 ? startMs + r.int(10, Math.max(11, Math.floor(windowMs / 60_000) - 5)) * 60_000 : roll < 0.93 ? Date.parse(t.planned_end) + r.int(5, Math.max(6, Math.floor((Date.parse(t.missed_after) - Date.parse(t.planned_end)) / 60_000) - 1)) * 60_000 : null;
    if (doneMs === null || doneMs > now) {
      if (Date.parse(t.missed_after) < now) await db.updateTable('inspection_tasks').set({ status: 'missed', timeliness: 'missed', updated_at: ts }).where('id', '=', t.id).execute();
      continue;
    }
    const points = t.route_id ? routePoints.get(t.route_id) ?? [] : [];
    let abnormal = 0;
    points.forEach((p, i) => {
      const at = new Date(startMs + ((doneMs - startMs) * (i + 1)) / (points.length + 1)).toISOString();
      if (r.chance(0.004) && abnormalTargets.length < 10) {
        abnormalTargets.push({ taskId: t.id, checkpoint: p, at });
        abnormal++;
        return;
      }
      const items = (p.kind === 'fire' ? PLANT_ITEMS : PATROL_ITEMS).filter((x) => x.type !== 'text').map((x) => ({ code: x.code, label: x.label, value: x.type === 'check' ? true : x.type === 'number' ? 0.6 : (x as any).options[0], normal: true }));
      results.push({ id: newId(), org_id: orgId, project_id: ht.id, task_id: t.id, checkpoint_id: p.id, equipment_id: null, checked_at: at, checked_by: inspectorId, via_qr: 1, outcome: 'normal', items_json: JSON.stringify(items), note: null, hazard_order_id: null, created_at: ts });
    });
    const done = new Date(doneMs).toISOString();
    await db
      .updateTable('inspection_tasks')
      .set({ status: 'completed', started_at: new Date(startMs).toISOString(), started_by: inspectorId, completed_at: done, completed_by: inspectorId, timeliness: done <= t.planned_end ? 'on_time' : 'late', checked_count: points.length, abnormal_count: abnormal, updated_at: ts })
      .where('id', '=', t.id)
      .execute();
  }
  await insertBatches(db, 'inspection_results', results, 400);

  // Abnormal findings open hazard orders through the real path (the round is reopened briefly).
  const findings = [
    { answers: [{ code: 'exit', value: false, note: '消防通道停放电动车' }, { code: 'door', value: true }, { code: 'light', value: '正常' }], severity: 'high' as const, department: '秩序部' },
    { answers: [{ code: 'exit', value: true }, { code: 'door', value: false, note: '防火门闭门器损坏' }, { code: 'light', value: '正常' }], severity: 'medium' as const, department: '工程部' },
    { answers: [{ code: 'exit', value: true }, { code: 'door', value: true }, { code: 'light', value: '部分不亮' }], severity: 'low' as const, department: '工程部' },
  ];
  const hazardIds: string[] = [];
  for (const [i, a] of abnormalTargets.entries()) {
    const f = findings[i % findings.length];
    const fire = a.checkpoint.kind === 'fire';
    await db.updateTable('inspection_tasks').set({ status: 'in_progress' }).where('id', '=', a.taskId).execute();
    const res = await recordResult(ctx, inspector, {
      taskId: a.taskId,
      checkpointId: a.checkpoint.id,
      answers: fire ? [{ code: 'pressure', value: 0.2 }, { code: 'pump', value: '自动' }, { code: 'panel', value: true }] : f.answers,
      hazard: fire ? { severity: 'critical', department: '工程部' } : { severity: f.severity, department: f.department },
      at: a.at,
    });
    await db.updateTable('inspection_tasks').set({ status: 'completed' }).where('id', '=', a.taskId).execute();
    if (res.hazardOrderId) hazardIds.push(res.hazardOrderId);
  }
  // Older hazards are rectified and closed; recent ones are still being worked on.
  const dispatcher = actor(orgId, dispatcherId, 'dispatcher');
  const tech = actor(orgId, techId, 'technician');
  for (const [i, id] of hazardIds.entries()) {
    const stage = i < hazardIds.length * 0.6 ? 4 : i < hazardIds.length * 0.8 ? 2 : 0;
    await db.transaction().execute(async (trx) => {
      const at = () => nowIso();
      if (stage >= 1) await transitionInTx(ctx, trx, dispatcher, id, 'assign', { at: at(), assigneeId: techId });
      if (stage >= 2) await transitionInTx(ctx, trx, tech, id, 'start_rectify', { at: at() });
      if (stage >= 3) await transitionInTx(ctx, trx, tech, id, 'submit_rectification', { at: at(), note: '已整改完毕' });
      if (stage >= 4) await transitionInTx(ctx, trx, inspector, id, 'reinspect', { at: at(), outcome: 'pass', note: '复查合格，销项' });
    });
  }

  // ---- fire-equipment register ----
  const equipment: FireEquipmentTable[] = [];
  const addEq = (code: string, kind: FireEquipmentTable['kind'], location: string, building: string | null, expiry: string | null, lastChecked: string | null) =>
    equipment.push({ id: newId(), org_id: orgId, project_id: ht.id, building_id: building, checkpoint_id: null, code, kind, model: kind === 'extinguisher' ? 'MFZ/ABC4' : null, location, install_date: '2019-06-01', last_checked_on: lastChecked, next_check_due: lastChecked ? nextCheckDue(kind, lastChecked) : null, expiry_date: expiry, status: 'in_service', note: null, created_at: ts, updated_at: ts });
  const dayOffset = (n: number) => localDate(new Date(Date.now() + n * 86_400_000).toISOString());
  for (const [i, b] of buildings.entries()) {
    for (let f = 1; f <= 3; f++) addEq(`MHQ-${i + 1}-${f}`, 'extinguisher', `${b.name}${f * 6}层消防箱`, b.id, dayOffset(r.chance(0.08) ? r.int(-5, 25) : r.int(60, 700)), dayOffset(-r.int(1, r.chance(0.1) ? 45 : 28)));
    addEq(`XHS-${i + 1}`, 'hydrant', `${b.name}1层`, b.id, null, dayOffset(-r.int(1, 28)));
    addEq(`YJD-${i + 1}`, 'emergency_light', `${b.name}楼梯间`, b.id, dayOffset(r.int(-10, 900)), dayOffset(-r.int(1, r.chance(0.1) ? 40 : 28)));
    addEq(`YG-${i + 1}`, 'smoke_detector', `${b.name}电梯前室`, b.id, null, dayOffset(-r.int(1, 100)));
  }
  addEq('BJ-01', 'alarm_panel', '消防控制室', null, null, dayOffset(-1));
  await insertBatches(db, 'fire_equipment', equipment);

  // ---- renovations at different steps ----
  const renovating = demo.units.filter((u) => u.projectId === ht.id && u.state === 'renovating' && demo.ownerByUnit.has(u.id)).slice(0, 5);
  const front = actor(orgId, demo.staff.get('frontdesk')!, 'front_desk');
  const supervisor = actor(orgId, demo.staff.get('supervisor')!, 'supervisor');
  const collector = actor(orgId, demo.staff.get('collector')!, 'collector');
  const contractors = ['安居装饰工程有限公司', '美家装饰', '匠心装修队', '华庭家居装饰', '金螳螂家装'];
  for (const [i, u] of renovating.entries()) {
    const unitNo = await db.selectFrom('units').select('number').where('id', '=', u.id).executeTakeFirstOrThrow();
    const party = await db.selectFrom('parties').select('name').where('id', '=', demo.ownerByUnit.get(u.id)!).executeTakeFirstOrThrow();
    const { orderId } = await applyRenovation(ctx, front, {
      projectId: ht.id,
      unitId: u.id,
      partyId: demo.ownerByUnit.get(u.id)!,
      applicantName: party.name,
      applicantPhone: null,
      contractorName: contractors[i],
      contractorPhone: null,
      workers: r.int(2, 6),
      scope: ['厨卫翻新，更换地砖', '全屋墙面重新粉刷', '阳台封窗，加装防盗网', '更换全屋木地板', '卫生间防水重做'][i],
      plannedStart: today,
      plannedEnd: dayOffset(r.int(30, 90)),
    });
    if (i === 0) continue;
    await approveRenovation(ctx, supervisor, orderId, { depositFen: 200_000 });
    if (i === 1) continue;
    await collectDeposit(ctx, collector, orderId, { amountFen: 200_000, method: 'cash' });
    await issuePermit(ctx, front, orderId);
    await db.transaction().execute((trx) => transitionInTx(ctx, trx, front, orderId, 'start_works', { at: nowIso() }));
    await inspectRenovation(ctx, inspector, orderId, { at: lastWeekdayMorning(today), findings: `${unitNo.number} 现场文明施工` });
    if (i === 2) continue;
    await inspectRenovation(ctx, inspector, orderId, { violation: i === 3 ? '拆改卫生间墙体未报备' : '垃圾堆放楼道', findings: '已拍照取证' });
    await issueNotice(ctx, inspector, orderId, { requirement: i === 3 ? '立即停止拆改，恢复原状并提交结构安全说明' : '当日清运装修垃圾，不得占用公共通道', deadline: dayOffset(3) });
    if (i === 4) await verifyRectification(ctx, inspector, orderId, { outcome: 'pass' });
  }
  // The desk seeder, when it runs after this one, indexes every order of the organisation for
  // search in one INSERT keyed by rowid; leave the index to it instead of colliding with it.
  if (ctx.store.dialect === 'sqlite' && demoSeeders.indexOf(seedDemoDesk) > demoSeeders.indexOf(seedInspectionsDemo)) {
    await sql`delete from work_orders_fts where rowid in (select rowid from work_orders where org_id = ${orgId})`.execute(db);
  }
  log(`demo: inspections — ${checkpoints.length} checkpoints, ${tasks.length} past rounds, ${hazardIds.length} hazards, ${equipment.length} fire-equipment items, ${renovating.length} renovations (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

/**
 * Inspections over HTTP: checklists, checkpoints with QR codes, routes, plans, generated tasks
 * (start, check points, complete), ad-hoc checks, statistics, the hazard register and the
 * fire-equipment register with its expiring-soon list.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateStr } from '../../core/dates';
import { AppError, notFound } from '../../core/errors';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { randomToken } from '../../core/secrets';
import { newId, nowIso } from '../../db/ids';
import { likeOp } from '../../db/migrationHelpers';
import { authorize, projectFilter, type Actor, type Permission } from '../auth/permissions';
import { checkpointQrPayload, equipmentAlerts, localDate, planOccurrences, ScheduleError, validateSchedule, type PlanSchedule } from './core';
import { completeTask, generateTasks, holidaysFor, recordResult, startTask } from './service';
import { access } from '../auth/access';
import { isOver, missedCheckpointCount, taskPhase } from './qrToday';

const tags = ['inspections'];
const idStr = z.string().min(1).max(40);
// Calendar dates come from the shared strict schema (impossible dates are a 400, not a 500).
const isoTime = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'validation.date' });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const EQUIPMENT_KINDS = ['extinguisher', 'hydrant', 'emergency_light', 'smoke_detector', 'sprinkler', 'fire_door', 'alarm_panel', 'other'] as const;

export const checklistItemSchema = z.discriminatedUnion('type', [
  z.object({ code: z.string().regex(/^[a-z0-9_]{1,30}$/), label: z.string().min(1).max(60), type: z.literal('check'), required: z.boolean().optional() }),
  z.object({ code: z.string().regex(/^[a-z0-9_]{1,30}$/), label: z.string().min(1).max(60), type: z.literal('number'), min: z.number().optional(), max: z.number().optional(), unit: z.string().max(10).optional(), required: z.boolean().optional() }),
  z.object({ code: z.string().regex(/^[a-z0-9_]{1,30}$/), label: z.string().min(1).max(60), type: z.literal('choice'), options: z.array(z.string().min(1).max(30)).min(2).max(10), abnormal: z.array(z.string().max(30)).max(10), required: z.boolean().optional() }),
  z.object({ code: z.string().regex(/^[a-z0-9_]{1,30}$/), label: z.string().min(1).max(60), type: z.literal('text'), required: z.boolean().optional() }),
]);

export const scheduleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('daily'), times: z.array(hhmm).min(1).max(24) }),
  z.object({ type: z.literal('weekly'), weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7), times: z.array(hhmm).min(1).max(24) }),
  z.object({ type: z.literal('monthly'), days: z.array(z.number().int().min(1).max(31)).min(1).max(31), times: z.array(hhmm).min(1).max(24) }),
  z.object({ type: z.literal('before_holidays'), daysBefore: z.number().int().min(1).max(30), times: z.array(hhmm).min(1).max(24) }),
]);

const answersSchema = z
  .array(z.object({ code: z.string().min(1).max(30), value: z.union([z.boolean(), z.number(), z.string().max(200), z.null()]), note: z.string().max(500).optional() }))
  .max(100);
const hazardSchema = z.object({
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  title: z.string().trim().min(1).max(120).optional(),
  description: z.string().max(2000).optional(),
  department: z.string().trim().min(1).max(40).optional(),
  deadline: dateStr.optional(),
  category: z.string().max(40).optional(),
});

export async function inspectionRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const ctx = () => app.ctx;
  const db = () => app.ctx.store.db;

  const inScope = <Q extends { where: any }>(a: Actor, q: Q, col: string): Q => {
    const pf = projectFilter(a);
    return pf ? (q.where(col, 'in', pf.length ? pf : ['']) as Q) : q;
  };
  async function assertProject(a: Actor, projectId: string, perm: Permission) {
    const p = await db().selectFrom('projects').select('id').where('id', '=', projectId).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!p) throw notFound('what.project');
    authorize(a, perm, { projectId });
  }
  async function projectOf(table: 'checkpoints' | 'inspection_routes' | 'inspection_plans' | 'inspection_tasks' | 'fire_equipment' | 'checklists', id: string, what: string, perm: Permission, a: Actor) {
    const row = (await db().selectFrom(table as 'checkpoints').select('project_id').where('id', '=', id).where('org_id', '=', a.orgId).executeTakeFirst()) as { project_id: string | null } | undefined;
    if (!row) throw notFound(what);
    if (row.project_id) authorize(a, perm, { projectId: row.project_id });
    else authorize(a, perm);
    return row.project_id;
  }

  // ---------- checklists 检查表 ----------
  const checklistOut = (c: any) => ({ id: c.id, projectId: c.project_id, name: c.name, kind: c.kind, items: JSON.parse(c.items_json), active: !!c.active });
  app.get('/api/inspections/checklists', { config: access('inspections.read', 'project'), schema: { tags, summary: '检查表 Checklists', querystring: z.object({ projectId: idStr.optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'inspections.read');
    let q = db().selectFrom('checklists').selectAll().where('org_id', '=', a.orgId);
    const pf = projectFilter(a);
    if (pf) q = q.where((eb) => eb.or([eb('project_id', 'is', null), eb('project_id', 'in', pf.length ? pf : [''])]));
    if (req.query.projectId) q = q.where((eb) => eb.or([eb('project_id', 'is', null), eb('project_id', '=', req.query.projectId!)]));
    return { items: (await q.orderBy('name').execute()).map(checklistOut) };
  });
  app.post(
    '/api/inspections/checklists',
    { config: access('inspections.write', 'project'), schema: { tags, summary: '新建检查表 Create a checklist', body: z.object({ projectId: idStr.nullish(), name: z.string().trim().min(1).max(60), kind: z.string().max(20).default('patrol'), items: z.array(checklistItemSchema).min(1).max(60) }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'inspections.write');
      if (req.body.projectId) await assertProject(a, req.body.projectId, 'inspections.write');
      const codes = req.body.items.map((i) => i.code);
      if (new Set(codes).size !== codes.length) throw new AppError(400, 'inspections.duplicate_item');
      const ts = nowIso();
      const id = newId();
      await db().insertInto('checklists').values({ id, org_id: a.orgId, project_id: req.body.projectId ?? null, name: req.body.name, kind: req.body.kind, items_json: JSON.stringify(req.body.items), active: 1, created_at: ts, updated_at: ts }).execute();
      return reply.status(201).send(checklistOut(await db().selectFrom('checklists').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
    },
  );
  app.patch('/api/inspections/checklists/:id', { config: access('inspections.write', 'project'), schema: { tags, params: idParam, body: z.object({ name: z.string().trim().min(1).max(60).optional(), items: z.array(checklistItemSchema).min(1).max(60).optional(), active: z.boolean().optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'inspections.write');
    await projectOf('checklists', req.params.id, 'what.checklist', 'inspections.write', a);
    const b = req.body;
    await db()
      .updateTable('checklists')
      .set({ ...(b.name && { name: b.name }), ...(b.items && { items_json: JSON.stringify(b.items) }), ...(b.active !== undefined && { active: b.active ? 1 : 0 }), updated_at: nowIso() })
      .where('id', '=', req.params.id)
      .execute();
    return checklistOut(await db().selectFrom('checklists').selectAll().where('id', '=', req.params.id).executeTakeFirstOrThrow());
  });

  // ---------- checkpoints 巡检点 ----------
  const checkpointOut = (c: any) => ({
    id: c.id,
    projectId: c.project_id,
    buildingId: c.building_id,
    code: c.code,
    name: c.name,
    location: c.location,
    kind: c.kind,
    checklistId: c.checklist_id,
    active: !!c.active,
    qrPayload: checkpointQrPayload(c.qr_token),
  });
  const checkpointBody = z.object({
    projectId: idStr,
    buildingId: idStr.nullish(),
    code: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/),
    name: z.string().trim().min(1).max(60),
    location: z.string().max(120).nullish(),
    kind: z.enum(['patrol', 'fire', 'equipment', 'safety']).default('patrol'),
    checklistId: idStr.nullish(),
  });
  app.get(
    '/api/inspections/checkpoints',
    { config: access('inspections.read', 'project'), schema: { tags, summary: '巡检点（含二维码内容）Checkpoints with their QR payloads', querystring: z.object({ ...pageQuery, projectId: idStr.optional(), kind: z.enum(['patrol', 'fire', 'equipment', 'safety']).optional(), q: z.string().max(40).optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'inspections.read');
      let q = inScope(a, db().selectFrom('checkpoints').selectAll().where('org_id', '=', a.orgId), 'project_id');
      const f = req.query;
      if (f.projectId) q = q.where('project_id', '=', f.projectId);
      if (f.kind) q = q.where('kind', '=', f.kind);
      if (f.q) q = q.where('name', likeOp(db()), `%${f.q}%`);
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('code'), checkpointOut);
    },
  );
  app.post('/api/inspections/checkpoints', { config: access('inspections.write', 'project'), schema: { tags, summary: '新建巡检点 Create a checkpoint', body: checkpointBody } }, async (req, reply) => {
    const a = authorize(req.actor, 'inspections.write');
    const b = req.body;
    await assertProject(a, b.projectId, 'inspections.write');
    if (b.buildingId) {
      const bl = await db().selectFrom('buildings').select('project_id').where('id', '=', b.buildingId).executeTakeFirst();
      if (!bl || bl.project_id !== b.projectId) throw notFound('what.building');
    }
    const ts = nowIso();
    const id = newId();
    await db()
      .insertInto('checkpoints')
      .values({ id, org_id: a.orgId, project_id: b.projectId, building_id: b.buildingId ?? null, code: b.code, name: b.name, location: b.location ?? null, kind: b.kind, qr_token: randomToken(18), checklist_id: b.checklistId ?? null, active: 1, created_at: ts, updated_at: ts })
      .execute();
    return reply.status(201).send(checkpointOut(await db().selectFrom('checkpoints').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
  });
  app.patch('/api/inspections/checkpoints/:id', { config: access('inspections.write', 'project'), schema: { tags, params: idParam, body: checkpointBody.omit({ projectId: true, code: true }).partial().extend({ active: z.boolean().optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'inspections.write');
    await projectOf('checkpoints', req.params.id, 'what.checkpoint', 'inspections.write', a);
    const b = req.body;
    await db()
      .updateTable('checkpoints')
      .set({
        ...(b.name !== undefined && { name: b.name }),
        ...(b.location !== undefined && { location: b.location ?? null }),
        ...(b.kind !== undefined && { kind: b.kind }),
        ...(b.buildingId !== undefined && { building_id: b.buildingId ?? null }),
        ...(b.checklistId !== undefined && { checklist_id: b.checklistId ?? null }),
        ...(b.active !== undefined && { active: b.active ? 1 : 0 }),
        updated_at: nowIso(),
      })
      .where('id', '=', req.params.id)
      .execute();
    return checkpointOut(await db().selectFrom('checkpoints').selectAll().where('id', '=', req.params.id).executeTakeFirstOrThrow());
  });
  app.post('/api/inspections/checkpoints/:id/regenerate-qr', { config: access('inspections.write', 'project'), schema: { tags, summary: '更换二维码（旧码作废）Issue a new QR code', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'inspections.write');
    await projectOf('checkpoints', req.params.id, 'what.checkpoint', 'inspections.write', a);
    await db().updateTable('checkpoints').set({ qr_token: randomToken(18), updated_at: nowIso() }).where('id', '=', req.params.id).execute();
    return checkpointOut(await db().selectFrom('checkpoints').selectAll().where('id', '=', req.params.id).executeTakeFirstOrThrow());
  });
  app.get('/api/inspections/checkpoints/by-qr/:token', { config: access('inspections.read', 'project'), schema: { tags, summary: '扫码：二维码对应的巡检点与检查表 Resolve a scanned QR code', params: z.object({ token: z.string().min(8).max(60) }) } }, async (req) => {
    const a = authorize(req.actor, 'inspections.read');
    const c = await db().selectFrom('checkpoints').selectAll().where('qr_token', '=', req.params.token).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!c) throw new AppError(404, 'inspections.qr_invalid');
    authorize(a, 'inspections.read', { projectId: c.project_id });
    const checklist = c.checklist_id ? await db().selectFrom('checklists').selectAll().where('id', '=', c.checklist_id).executeTakeFirst() : undefined;
    const now = nowIso();
    const openTasks = await db()
      .selectFrom('inspection_tasks as t')
      .innerJoin('route_checkpoints as rc', 'rc.route_id', 't.route_id')
      .select(['t.id', 't.title', 't.planned_start', 't.status'])
      .where('rc.checkpoint_id', '=', c.id)
      .where('t.status', 'in', ['pending', 'in_progress'])
      .where('t.missed_after', '>=', now)
      .where('t.planned_start', '<=', new Date(Date.now() + 3600_000).toISOString())
      .orderBy('t.planned_start')
      .execute();
    return { ...checkpointOut(c), checklist: checklist ? checklistOut(checklist) : null, openTasks: openTasks.map((t) => ({ id: t.id, title: t.title, plannedStart: t.planned_start, status: t.status })) };
  });

  // ---------- routes 巡检路线 ----------
  async function routeOut(r: any) {
    const cps = await db().selectFrom('route_checkpoints as rc').innerJoin('checkpoints as c', 'c.id', 'rc.checkpoint_id').select(['rc.seq', 'c.id', 'c.code', 'c.name', 'c.location']).where('rc.route_id', '=', r.id).orderBy('rc.seq').execute();
    return { id: r.id, projectId: r.project_id, name: r.name, description: r.description, active: !!r.active, checkpoints: cps.map((c) => ({ seq: c.seq, id: c.id, code: c.code, name: c.name, location: c.location })) };
  }
  async function setRouteCheckpoints(a: Actor, routeId: string, projectId: string, ids: string[]) {
    if (new Set(ids).size !== ids.length) throw new AppError(400, 'inspections.duplicate_checkpoint');
    const found = ids.length ? await db().selectFrom('checkpoints').select(['id', 'project_id']).where('id', 'in', ids).where('org_id', '=', a.orgId).execute() : [];
    if (found.length !== ids.length || found.some((f) => f.project_id !== projectId)) throw notFound('what.checkpoint');
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx.deleteFrom('route_checkpoints').where('route_id', '=', routeId).execute();
        if (ids.length) await trx.insertInto('route_checkpoints').values(ids.map((cid, i) => ({ org_id: a.orgId, route_id: routeId, checkpoint_id: cid, seq: i + 1 }))).execute();
      });
  }
  app.get('/api/inspections/routes', { config: access('inspections.read', 'project'), schema: { tags, summary: '巡检路线 Routes', querystring: z.object({ projectId: idStr.optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'inspections.read');
    let q = inScope(a, db().selectFrom('inspection_routes').selectAll().where('org_id', '=', a.orgId), 'project_id');
    if (req.query.projectId) q = q.where('project_id', '=', req.query.projectId);
    const rows = await q.orderBy('name').execute();
    return { items: await Promise.all(rows.map(routeOut)) };
  });
  app.post(
    '/api/inspections/routes',
    { config: access('inspections.write', 'project'), schema: { tags, summary: '新建巡检路线（巡检点按顺序）Create a route', body: z.object({ projectId: idStr, name: z.string().trim().min(1).max(60), description: z.string().max(500).nullish(), checkpointIds: z.array(idStr).max(200).default([]) }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'inspections.write');
      await assertProject(a, req.body.projectId, 'inspections.write');
      const ts = nowIso();
      const id = newId();
      await db().insertInto('inspection_routes').values({ id, org_id: a.orgId, project_id: req.body.projectId, name: req.body.name, description: req.body.description ?? null, active: 1, created_at: ts, updated_at: ts }).execute();
      await setRouteCheckpoints(a, id, req.body.projectId, req.body.checkpointIds);
      return reply.status(201).send(await routeOut(await db().selectFrom('inspection_routes').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
    },
  );
  app.put('/api/inspections/routes/:id/checkpoints', { config: access('inspections.write', 'project'), schema: { tags, summary: '调整路线上的巡检点及顺序 Set a route’s checkpoints', params: idParam, body: z.object({ checkpointIds: z.array(idStr).max(200) }) } }, async (req) => {
    const a = authorize(req.actor, 'inspections.write');
    const projectId = (await projectOf('inspection_routes', req.params.id, 'what.route', 'inspections.write', a))!;
    await setRouteCheckpoints(a, req.params.id, projectId, req.body.checkpointIds);
    return routeOut(await db().selectFrom('inspection_routes').selectAll().where('id', '=', req.params.id).executeTakeFirstOrThrow());
  });

  // ---------- plans 巡检计划 ----------
  const planBody = z.object({
    projectId: idStr,
    name: z.string().trim().min(1).max(60),
    kind: z.enum(['patrol', 'fire_check', 'safety_monthly', 'safety_holiday', 'other']),
    routeId: idStr.nullish(),
    checklistId: idStr.nullish(),
    schedule: scheduleSchema,
    windowMinutes: z.number().int().min(5).max(1440).default(60),
    graceMinutes: z.number().int().min(0).max(1440).default(60),
    assigneeId: idStr.nullish(),
    validFrom: dateStr.nullish(),
    validTo: dateStr.nullish(),
  });
  const planOut = (p: any) => ({
    id: p.id,
    projectId: p.project_id,
    name: p.name,
    kind: p.kind,
    routeId: p.route_id,
    checklistId: p.checklist_id,
    schedule: JSON.parse(p.schedule_json),
    windowMinutes: p.window_minutes,
    graceMinutes: p.grace_minutes,
    assigneeId: p.assignee_id,
    validFrom: p.valid_from,
    validTo: p.valid_to,
    active: !!p.active,
  });
  const checkSchedule = (s: PlanSchedule) => {
    try {
      validateSchedule(s);
    } catch (e) {
      if (e instanceof ScheduleError) throw new AppError(400, e.code);
      throw e;
    }
  };
  app.get('/api/inspections/plans', { config: access('inspections.read', 'project'), schema: { tags, summary: '巡检计划 Plans', querystring: z.object({ projectId: idStr.optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'inspections.read');
    let q = inScope(a, db().selectFrom('inspection_plans').selectAll().where('org_id', '=', a.orgId), 'project_id');
    if (req.query.projectId) q = q.where('project_id', '=', req.query.projectId);
    return { items: (await q.orderBy('name').execute()).map(planOut) };
  });
  app.post('/api/inspections/plans', { config: access('inspections.write', 'project'), schema: { tags, summary: '新建巡检计划（每日四巡、每日消防检查、每月安全检查、节前检查…）Create a plan', body: planBody } }, async (req, reply) => {
    const a = authorize(req.actor, 'inspections.write');
    const b = req.body;
    await assertProject(a, b.projectId, 'inspections.write');
    checkSchedule(b.schedule);
    if (b.routeId) {
      const r = await db().selectFrom('inspection_routes').select('project_id').where('id', '=', b.routeId).executeTakeFirst();
      if (!r || r.project_id !== b.projectId) throw notFound('what.route');
    }
    const ts = nowIso();
    const id = newId();
    await db()
      .insertInto('inspection_plans')
      .values({ id, org_id: a.orgId, project_id: b.projectId, name: b.name, kind: b.kind, route_id: b.routeId ?? null, checklist_id: b.checklistId ?? null, schedule_json: JSON.stringify(b.schedule), window_minutes: b.windowMinutes, grace_minutes: b.graceMinutes, assignee_id: b.assigneeId ?? null, valid_from: b.validFrom ?? null, valid_to: b.validTo ?? null, active: 1, created_at: ts, updated_at: ts })
      .execute();
    return reply.status(201).send(planOut(await db().selectFrom('inspection_plans').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
  });
  app.patch('/api/inspections/plans/:id', { config: access('inspections.write', 'project'), schema: { tags, params: idParam, body: planBody.omit({ projectId: true }).partial().extend({ active: z.boolean().optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'inspections.write');
    await projectOf('inspection_plans', req.params.id, 'what.inspection_plan', 'inspections.write', a);
    const b = req.body;
    if (b.schedule) checkSchedule(b.schedule);
    await db()
      .updateTable('inspection_plans')
      .set({
        ...(b.name !== undefined && { name: b.name }),
        ...(b.kind !== undefined && { kind: b.kind }),
        ...(b.routeId !== undefined && { route_id: b.routeId ?? null }),
        ...(b.checklistId !== undefined && { checklist_id: b.checklistId ?? null }),
        ...(b.schedule !== undefined && { schedule_json: JSON.stringify(b.schedule) }),
        ...(b.windowMinutes !== undefined && { window_minutes: b.windowMinutes }),
        ...(b.graceMinutes !== undefined && { grace_minutes: b.graceMinutes }),
        ...(b.assigneeId !== undefined && { assignee_id: b.assigneeId ?? null }),
        ...(b.validFrom !== undefined && { valid_from: b.validFrom ?? null }),
        ...(b.validTo !== undefined && { valid_to: b.validTo ?? null }),
        ...(b.active !== undefined && { active: b.active ? 1 : 0 }),
        updated_at: nowIso(),
      })
      .where('id', '=', req.params.id)
      .execute();
    return planOut(await db().selectFrom('inspection_plans').selectAll().where('id', '=', req.params.id).executeTakeFirstOrThrow());
  });
  app.get('/api/inspections/plans/:id/preview', { config: access('inspections.read', 'project'), schema: { tags, summary: '预览计划的巡检时间 Preview a plan’s rounds', params: idParam, querystring: z.object({ from: dateStr, to: dateStr }) } }, async (req) => {
    const a = authorize(req.actor, 'inspections.read');
    await projectOf('inspection_plans', req.params.id, 'what.inspection_plan', 'inspections.read', a);
    if (req.query.to < req.query.from || Date.parse(req.query.to) - Date.parse(req.query.from) > 366 * 86_400_000) throw new AppError(400, 'inspections.range_too_long');
    const p = await db().selectFrom('inspection_plans').selectAll().where('id', '=', req.params.id).executeTakeFirstOrThrow();
    return { items: planOccurrences(JSON.parse(p.schedule_json), req.query.from, req.query.to, { windowMinutes: p.window_minutes, graceMinutes: p.grace_minutes, holidays: holidaysFor(req.query.from, req.query.to) }) };
  });

  // ---------- tasks 巡检任务 ----------
  const taskOut = (t: any) => ({
    id: t.id,
    projectId: t.project_id,
    planId: t.plan_id,
    routeId: t.route_id,
    title: t.title,
    kind: t.kind,
    plannedStart: t.planned_start,
    plannedEnd: t.planned_end,
    missedAfter: t.missed_after,
    assigneeId: t.assignee_id,
    assigneeName: t.assignee_name ?? null,
    status: t.status,
    timeliness: t.timeliness,
    startedAt: t.started_at,
    completedAt: t.completed_at,
    checkpointCount: t.checkpoint_count,
    checkedCount: t.checked_count,
    abnormalCount: t.abnormal_count,
    // Points of a finished or missed round that nobody visited (漏检点).
    missedCheckpointCount: missedCheckpointCount({ status: t.status, plannedStart: t.planned_start, missedAfter: t.missed_after, checkpointCount: Number(t.checkpoint_count), checkedCount: Number(t.checked_count) }, nowIso()),
    note: t.note,
  });
  app.post(
    '/api/inspections/tasks/generate',
    { config: access('inspections.write', 'project'), schema: { tags, summary: '按计划生成巡检任务（幂等）Generate tasks from plans (idempotent)', body: z.object({ projectId: idStr, from: dateStr, to: dateStr }) } },
    async (req) => {
      const a = authorize(req.actor, 'inspections.write');
      await assertProject(a, req.body.projectId, 'inspections.write');
      if (req.body.to < req.body.from || Date.parse(req.body.to) - Date.parse(req.body.from) > 62 * 86_400_000) throw new AppError(400, 'inspections.range_too_long');
      return generateTasks(ctx(), a.orgId, req.body);
    },
  );
  app.get(
    '/api/inspections/tasks',
    { config: access('inspections.read', 'project'),
      schema: {
        tags,
        summary: '巡检任务（计划与实际时间，准时/迟到/漏检）Tasks with planned vs actual times',
        querystring: z.object({
          ...pageQuery,
          projectId: idStr.optional(),
          planId: idStr.optional(),
          status: z.enum(['pending', 'in_progress', 'completed', 'missed']).optional(),
          timeliness: z.enum(['on_time', 'late', 'missed']).optional(),
          assigneeId: idStr.optional(),
          mine: z.enum(['1']).optional(),
          missedCheckpoints: z.enum(['1']).optional(),
          from: isoTime.optional(),
          to: isoTime.optional(),
        }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'inspections.read');
      const f = req.query;
      let q = inScope(a, db().selectFrom('inspection_tasks as t').leftJoin('users as u', 'u.id', 't.assignee_id').selectAll('t').select('u.display_name as assignee_name').where('t.org_id', '=', a.orgId), 't.project_id');
      if (f.projectId) q = q.where('t.project_id', '=', f.projectId);
      if (f.planId) q = q.where('t.plan_id', '=', f.planId);
      if (f.status) q = q.where('t.status', '=', f.status);
      if (f.timeliness) q = q.where('t.timeliness', '=', f.timeliness);
      if (f.assigneeId) q = q.where('t.assignee_id', '=', f.assigneeId);
      if (f.mine) q = q.where((eb) => eb.or([eb('t.assignee_id', '=', a.userId), eb('t.assignee_id', 'is', null)]));
      if (f.missedCheckpoints) {
        const now = nowIso();
        q = q.where((eb) => eb.and([eb('t.checked_count', '<', eb.ref('t.checkpoint_count')), eb.or([eb('t.status', 'in', ['completed', 'missed']), eb('t.missed_after', '<', now)])]));
      }
      if (f.from) q = q.where('t.planned_start', '>=', new Date(f.from).toISOString());
      if (f.to) q = q.where('t.planned_start', '<', new Date(f.to).toISOString());
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('t.planned_start').orderBy('t.id'), taskOut);
    },
  );
  app.get('/api/inspections/tasks/:id', { config: access('inspections.read', 'project'), schema: { tags, summary: '巡检任务详情：路线巡检点与检查结果 Task with its route and results', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'inspections.read');
    await projectOf('inspection_tasks', req.params.id, 'what.inspection_task', 'inspections.read', a);
    const t = await db().selectFrom('inspection_tasks as t').leftJoin('users as u', 'u.id', 't.assignee_id').selectAll('t').select('u.display_name as assignee_name').where('t.id', '=', req.params.id).executeTakeFirstOrThrow();
    const points = t.route_id ? await db().selectFrom('route_checkpoints as rc').innerJoin('checkpoints as c', 'c.id', 'rc.checkpoint_id').select(['rc.seq', 'c.id', 'c.code', 'c.name', 'c.location']).where('rc.route_id', '=', t.route_id).orderBy('rc.seq').execute() : [];
    const results = await db().selectFrom('inspection_results').selectAll().where('task_id', '=', t.id).orderBy('checked_at').execute();
    const over = isOver(taskPhase({ status: t.status, plannedStart: t.planned_start, missedAfter: t.missed_after }, nowIso()));
    return {
      ...taskOut(t),
      checkpoints: points.map((p) => {
        const r = results.filter((x) => x.checkpoint_id === p.id);
        return { seq: p.seq, id: p.id, code: p.code, name: p.name, location: p.location, checked: r.length > 0, missed: over && r.length === 0, outcome: r.some((x) => x.outcome === 'abnormal') ? 'abnormal' : r.length ? 'normal' : null };
      }),
      results: results.map(resultOut),
    };
  });
  app.post('/api/inspections/tasks/:id/start', { config: access('inspections.write', 'project'), schema: { tags, summary: '开始巡检 Start a round', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'inspections.write');
    await projectOf('inspection_tasks', req.params.id, 'what.inspection_task', 'inspections.write', a);
    return taskOut(await startTask(ctx(), a, req.params.id));
  });
  app.post(
    '/api/inspections/tasks/:id/results',
    { config: access('inspections.write', 'project'), schema: { tags, summary: '提交巡检点检查结果（扫码令牌；异常自动生成隐患工单）Record a checkpoint result', params: idParam, body: z.object({ checkpointId: idStr.optional(), qrToken: z.string().max(60).optional(), answers: answersSchema, note: z.string().max(1000).nullish(), hazard: hazardSchema.optional() }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'inspections.write');
      await projectOf('inspection_tasks', req.params.id, 'what.inspection_task', 'inspections.write', a);
      return reply.status(201).send(await recordResult(ctx(), a, { ...req.body, taskId: req.params.id }));
    },
  );
  app.post('/api/inspections/tasks/:id/complete', { config: access('inspections.write', 'project'), schema: { tags, summary: '完成巡检（计算准时/迟到）Complete a round', params: idParam, body: z.object({ note: z.string().max(1000).nullish() }) } }, async (req) => {
    const a = authorize(req.actor, 'inspections.write');
    await projectOf('inspection_tasks', req.params.id, 'what.inspection_task', 'inspections.write', a);
    return taskOut(await completeTask(ctx(), a, req.params.id, req.body.note ?? null));
  });

  // ---------- results 检查结果 ----------
  function resultOut(r: any) {
    return {
      id: r.id,
      projectId: r.project_id,
      taskId: r.task_id,
      checkpointId: r.checkpoint_id,
      equipmentId: r.equipment_id,
      checkedAt: r.checked_at,
      checkedBy: r.checked_by,
      viaQr: !!r.via_qr,
      outcome: r.outcome,
      items: JSON.parse(r.items_json),
      note: r.note,
      hazardOrderId: r.hazard_order_id,
    };
  }
  app.post(
    '/api/inspections/results',
    { config: access('inspections.write', 'project'), schema: { tags, summary: '临时检查（不属于任务；异常自动生成隐患工单）Ad-hoc check', body: z.object({ checkpointId: idStr.optional(), qrToken: z.string().max(60).optional(), equipmentId: idStr.optional(), answers: answersSchema, note: z.string().max(1000).nullish(), hazard: hazardSchema.optional() }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'inspections.write');
      if (req.body.checkpointId) await projectOf('checkpoints', req.body.checkpointId, 'what.checkpoint', 'inspections.write', a);
      if (req.body.equipmentId) await projectOf('fire_equipment', req.body.equipmentId, 'what.equipment', 'inspections.write', a);
      const r = await recordResult(ctx(), a, req.body);
      return reply.status(201).send(r);
    },
  );
  app.get(
    '/api/inspections/results',
    { config: access('inspections.read', 'project'), schema: { tags, summary: '检查结果 Results', querystring: z.object({ ...pageQuery, projectId: idStr.optional(), checkpointId: idStr.optional(), equipmentId: idStr.optional(), outcome: z.enum(['normal', 'abnormal']).optional(), from: isoTime.optional(), to: isoTime.optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'inspections.read');
      const f = req.query;
      let q = inScope(a, db().selectFrom('inspection_results').selectAll().where('org_id', '=', a.orgId), 'project_id');
      if (f.projectId) q = q.where('project_id', '=', f.projectId);
      if (f.checkpointId) q = q.where('checkpoint_id', '=', f.checkpointId);
      if (f.equipmentId) q = q.where('equipment_id', '=', f.equipmentId);
      if (f.outcome) q = q.where('outcome', '=', f.outcome);
      if (f.from) q = q.where('checked_at', '>=', new Date(f.from).toISOString());
      if (f.to) q = q.where('checked_at', '<', new Date(f.to).toISOString());
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('checked_at', 'desc').orderBy('id'), resultOut);
    },
  );

  // ---------- statistics 统计 ----------
  app.get(
    '/api/inspections/stats',
    { config: access('inspections.read', 'project'), schema: { tags, summary: '巡检完成情况：按计划与人员统计准时、迟到、漏检 On-time / late / missed by plan and inspector', querystring: z.object({ projectId: idStr, from: dateStr, to: dateStr }) } },
    async (req) => {
      const a = authorize(req.actor, 'inspections.read');
      await assertProject(a, req.query.projectId, 'inspections.read');
      const from = new Date(`${req.query.from}T00:00:00+08:00`).toISOString();
      const to = new Date(Date.parse(`${req.query.to}T00:00:00+08:00`) + 86_400_000).toISOString();
      const rows = await db()
        .selectFrom('inspection_tasks as t')
        .leftJoin('inspection_plans as p', 'p.id', 't.plan_id')
        .leftJoin('users as u', 'u.id', 't.assignee_id')
        .select(['t.plan_id', 'p.name as plan_name', 't.assignee_id', 'u.display_name as assignee_name', 't.status', 't.timeliness', 't.abnormal_count', 't.missed_after'])
        .where('t.project_id', '=', req.query.projectId)
        .where('t.planned_start', '>=', from)
        .where('t.planned_start', '<', to)
        .execute();
      const now = nowIso();
      type Acc = { key: string; label: string; total: number; onTime: number; late: number; missed: number; open: number; abnormal: number };
      const group = (key: (r: (typeof rows)[number]) => [string, string]) => {
        const m = new Map<string, Acc>();
        for (const r of rows) {
          const [k, label] = key(r);
          const acc = m.get(k) ?? { key: k, label, total: 0, onTime: 0, late: 0, missed: 0, open: 0, abnormal: 0 };
          acc.total++;
          const tl = r.timeliness ?? (r.status !== 'completed' && now > r.missed_after ? 'missed' : null);
          if (tl === 'on_time') acc.onTime++;
          else if (tl === 'late') acc.late++;
          else if (tl === 'missed') acc.missed++;
          else acc.open++;
          acc.abnormal += Number(r.abnormal_count);
          m.set(k, acc);
        }
        return [...m.values()].map((x) => ({ ...x, onTimeRate: x.total - x.open ? x.onTime / (x.total - x.open) : null, completionRate: x.total - x.open ? (x.onTime + x.late) / (x.total - x.open) : null }));
      };
      return {
        byPlan: group((r) => [r.plan_id ?? '', r.plan_name ?? '—']),
        byInspector: group((r) => [r.assignee_id ?? '', r.assignee_name ?? '（未指派）']),
        total: group(() => ['all', '合计'])[0] ?? null,
      };
    },
  );

  // ---------- hazard register 隐患台账 ----------
  app.get(
    '/api/inspections/hazards',
    { config: access('inspections.read', 'project'),
      schema: {
        tags,
        summary: '隐患台账：巡检发现的隐患及整改进度（流转用 /api/orders/:id/actions/…）Hazard register',
        querystring: z.object({ ...pageQuery, projectId: idStr.optional(), state: z.string().max(30).optional(), severity: z.enum(['low', 'medium', 'high', 'critical']).optional(), overdue: z.enum(['1']).optional(), department: z.string().max(40).optional() }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'inspections.read');
      const f = req.query;
      let q = inScope(
        a,
        db()
          .selectFrom('work_orders as o')
          .leftJoin('inspection_results as r', 'r.hazard_order_id', 'o.id')
          .leftJoin('checkpoints as c', 'c.id', 'r.checkpoint_id')
          .leftJoin('fire_equipment as e', 'e.id', 'r.equipment_id')
          .leftJoin('users as u', 'u.id', 'o.assignee_id')
          .select(['o.id', 'o.number', 'o.project_id', 'o.title', 'o.state', 'o.severity', 'o.due_date', 'o.department', 'o.assignee_id', 'u.display_name as assignee_name', 'o.created_at', 'o.closed_at', 'o.extra_json', 'r.id as result_id', 'r.checked_at', 'c.name as checkpoint_name', 'e.code as equipment_code'])
          .where('o.org_id', '=', a.orgId)
          .where('o.kind', '=', 'hazard'),
        'o.project_id',
      );
      if (f.projectId) q = q.where('o.project_id', '=', f.projectId);
      if (f.state) q = q.where('o.state', '=', f.state);
      if (f.severity) q = q.where('o.severity', '=', f.severity);
      if (f.department) q = q.where('o.department', '=', f.department);
      const today = localDate(nowIso());
      if (f.overdue) q = q.where('o.state', 'not in', ['closed', 'cancelled']).where('o.due_date', '<', today);
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('o.created_at', 'desc').orderBy('o.id'), (h) => {
        const extra = h.extra_json ? JSON.parse(h.extra_json) : {};
        return {
          orderId: h.id,
          number: h.number,
          projectId: h.project_id,
          title: h.title,
          state: h.state,
          severity: h.severity,
          deadline: h.due_date,
          overdue: !!h.due_date && h.due_date < today && !['closed', 'cancelled'].includes(h.state),
          department: h.department ?? extra.responsibleDepartment ?? null,
          assigneeId: h.assignee_id,
          assigneeName: h.assignee_name,
          reportedAt: h.created_at,
          closedAt: h.closed_at,
          reinspectionFailCount: extra.reinspectionFailCount ?? 0,
          resultId: h.result_id,
          foundAt: h.checked_at,
          checkpointName: h.checkpoint_name,
          equipmentCode: h.equipment_code,
        };
      });
    },
  );

  // ---------- fire equipment 消防设施台账 ----------
  const equipmentBody = z.object({
    projectId: idStr,
    buildingId: idStr.nullish(),
    checkpointId: idStr.nullish(),
    code: z.string().regex(/^[A-Za-z0-9_-]{1,30}$/),
    kind: z.enum(EQUIPMENT_KINDS),
    model: z.string().max(60).nullish(),
    location: z.string().trim().min(1).max(120),
    installDate: dateStr.nullish(),
    lastCheckedOn: dateStr.nullish(),
    nextCheckDue: dateStr.nullish(),
    expiryDate: dateStr.nullish(),
    note: z.string().max(500).nullish(),
  });
  const equipmentOut = (e: any, asOf = localDate(nowIso()), within = 30) => ({
    id: e.id,
    projectId: e.project_id,
    buildingId: e.building_id,
    checkpointId: e.checkpoint_id,
    code: e.code,
    kind: e.kind,
    model: e.model,
    location: e.location,
    installDate: e.install_date,
    lastCheckedOn: e.last_checked_on,
    nextCheckDue: e.next_check_due,
    expiryDate: e.expiry_date,
    status: e.status,
    note: e.note,
    alerts: equipmentAlerts({ status: e.status, expiryDate: e.expiry_date, nextCheckDue: e.next_check_due }, asOf, within),
  });
  app.get(
    '/api/inspections/fire-equipment',
    { config: access('inspections.read', 'project'), schema: { tags, summary: '消防设施台账 Fire-equipment register', querystring: z.object({ ...pageQuery, projectId: idStr.optional(), buildingId: idStr.optional(), kind: z.enum(EQUIPMENT_KINDS).optional(), status: z.enum(['in_service', 'faulty', 'retired']).optional(), q: z.string().max(40).optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'inspections.read');
      const f = req.query;
      let q = inScope(a, db().selectFrom('fire_equipment').selectAll().where('org_id', '=', a.orgId), 'project_id');
      if (f.projectId) q = q.where('project_id', '=', f.projectId);
      if (f.buildingId) q = q.where('building_id', '=', f.buildingId);
      if (f.kind) q = q.where('kind', '=', f.kind);
      if (f.status) q = q.where('status', '=', f.status);
      if (f.q) q = q.where((eb) => eb.or([eb('code', likeOp(db()), `%${f.q}%`), eb('location', likeOp(db()), `%${f.q}%`)]));
      const asOf = localDate(nowIso());
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('code'), (e) => equipmentOut(e, asOf));
    },
  );
  app.get(
    '/api/inspections/fire-equipment/alerts',
    { config: access('inspections.read', 'project'), schema: { tags, summary: '即将到期/已过期与待检的消防设施 Expiring-soon and check-due list', querystring: z.object({ projectId: idStr, withinDays: z.coerce.number().int().min(0).max(365).default(30), asOf: dateStr.optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'inspections.read');
      await assertProject(a, req.query.projectId, 'inspections.read');
      const asOf = req.query.asOf ?? localDate(nowIso());
      const horizon = new Date(Date.parse(asOf) + req.query.withinDays * 86_400_000).toISOString().slice(0, 10);
      const rows = await db()
        .selectFrom('fire_equipment')
        .selectAll()
        .where('project_id', '=', req.query.projectId)
        .where('status', '!=', 'retired')
        .where((eb) => eb.or([eb('expiry_date', '<=', horizon), eb('next_check_due', '<=', horizon)]))
        .orderBy('expiry_date')
        .execute();
      const items = rows.map((e) => equipmentOut(e, asOf, req.query.withinDays)).filter((e) => e.alerts.length);
      const count = (k: string) => items.filter((i) => i.alerts.includes(k as any)).length;
      return { asOf, withinDays: req.query.withinDays, counts: { expired: count('expired'), expiring: count('expiring'), checkOverdue: count('check_overdue'), checkDue: count('check_due') }, items };
    },
  );
  app.post('/api/inspections/fire-equipment', { config: access('inspections.write', 'project'), schema: { tags, summary: '登记消防设施 Register equipment', body: equipmentBody } }, async (req, reply) => {
    const a = authorize(req.actor, 'inspections.write');
    const b = req.body;
    await assertProject(a, b.projectId, 'inspections.write');
    const ts = nowIso();
    const id = newId();
    await db()
      .insertInto('fire_equipment')
      .values({ id, org_id: a.orgId, project_id: b.projectId, building_id: b.buildingId ?? null, checkpoint_id: b.checkpointId ?? null, code: b.code, kind: b.kind, model: b.model ?? null, location: b.location, install_date: b.installDate ?? null, last_checked_on: b.lastCheckedOn ?? null, next_check_due: b.nextCheckDue ?? null, expiry_date: b.expiryDate ?? null, status: 'in_service', note: b.note ?? null, created_at: ts, updated_at: ts })
      .execute();
    return reply.status(201).send(equipmentOut(await db().selectFrom('fire_equipment').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
  });
  app.patch('/api/inspections/fire-equipment/:id', { config: access('inspections.write', 'project'), schema: { tags, params: idParam, body: equipmentBody.omit({ projectId: true, code: true }).partial().extend({ status: z.enum(['in_service', 'faulty', 'retired']).optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'inspections.write');
    await projectOf('fire_equipment', req.params.id, 'what.equipment', 'inspections.write', a);
    const b = req.body;
    const map: Record<string, string> = { buildingId: 'building_id', checkpointId: 'checkpoint_id', kind: 'kind', model: 'model', location: 'location', installDate: 'install_date', lastCheckedOn: 'last_checked_on', nextCheckDue: 'next_check_due', expiryDate: 'expiry_date', note: 'note', status: 'status' };
    const set: Record<string, unknown> = { updated_at: nowIso() };
    for (const [k, col] of Object.entries(map)) if ((b as any)[k] !== undefined) set[col] = (b as any)[k] ?? null;
    await db().updateTable('fire_equipment').set(set as any).where('id', '=', req.params.id).execute();
    return equipmentOut(await db().selectFrom('fire_equipment').selectAll().where('id', '=', req.params.id).executeTakeFirstOrThrow());
  });
  app.get('/api/inspections/fire-equipment/:id', { config: access('inspections.read', 'project'), schema: { tags, summary: '消防设施详情与检查记录 Equipment with its checks', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'inspections.read');
    await projectOf('fire_equipment', req.params.id, 'what.equipment', 'inspections.read', a);
    const e = await db().selectFrom('fire_equipment').selectAll().where('id', '=', req.params.id).executeTakeFirstOrThrow();
    const checks = await db().selectFrom('inspection_results').selectAll().where('equipment_id', '=', e.id).orderBy('checked_at', 'desc').limit(50).execute();
    return { ...equipmentOut(e), checks: checks.map(resultOut) };
  });
  app.post(
    '/api/inspections/fire-equipment/:id/checks',
    { config: access('inspections.write', 'project'), schema: { tags, summary: '消防设施检查（更新检查日期；异常生成隐患工单）Check a piece of equipment', params: idParam, body: z.object({ answers: answersSchema, note: z.string().max(1000).nullish(), hazard: hazardSchema.optional() }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'inspections.write');
      await projectOf('fire_equipment', req.params.id, 'what.equipment', 'inspections.write', a);
      return reply.status(201).send(await recordResult(ctx(), a, { ...req.body, equipmentId: req.params.id }));
    },
  );
}

/** Inspection routes (巡检路线: checkpoints in order) and the plans (巡检计划) that schedule rounds on them. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateStr } from '../../core/dates';
import { AppError, notFound } from '../../core/errors';
import { idParam } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { access } from '../auth/access';
import { authorize, type Actor } from '../auth/permissions';
import { planOccurrences, ScheduleError, validateSchedule, type PlanSchedule } from './core';
import { holidaysFor } from './service';
import { idStr, inspectionKit, tags } from './routeKit';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const scheduleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('daily'), times: z.array(hhmm).min(1).max(24) }),
  z.object({ type: z.literal('weekly'), weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7), times: z.array(hhmm).min(1).max(24) }),
  z.object({ type: z.literal('monthly'), days: z.array(z.number().int().min(1).max(31)).min(1).max(31), times: z.array(hhmm).min(1).max(24) }),
  z.object({ type: z.literal('before_holidays'), daysBefore: z.number().int().min(1).max(30), times: z.array(hhmm).min(1).max(24) }),
]);

export async function planRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { db, inScope, assertProject, projectOf } = inspectionKit(app);

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
}

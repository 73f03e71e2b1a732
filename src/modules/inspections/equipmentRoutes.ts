/** The fire-equipment register (消防设施台账) with its expiring-soon list and equipment checks. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateStr } from '../../core/dates';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { likeOp } from '../../db/migrationHelpers';
import { access } from '../auth/access';
import { authorize } from '../auth/permissions';
import { equipmentAlerts, localDate } from './core';
import { recordResult } from './service';
import { answersSchema, hazardSchema, idStr, inspectionKit, resultOut, tags } from './routeKit';

const EQUIPMENT_KINDS = ['extinguisher', 'hydrant', 'emergency_light', 'smoke_detector', 'sprinkler', 'fire_door', 'alarm_panel', 'other'] as const;

export async function equipmentRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { ctx, db, inScope, assertProject, projectOf } = inspectionKit(app);

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

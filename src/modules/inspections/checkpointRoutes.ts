/** Checklists (检查表) and checkpoints (巡检点) with their QR codes, including resolving a scanned code. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { randomToken } from '../../core/secrets';
import { newId, nowIso } from '../../db/ids';
import { likeOp } from '../../db/migrationHelpers';
import { access } from '../auth/access';
import { authorize, projectFilter } from '../auth/permissions';
import { checkpointQrPayload } from './core';
import { idStr, inspectionKit, tags } from './routeKit';

export const checklistItemSchema = z.discriminatedUnion('type', [
  z.object({ code: z.string().regex(/^[a-z0-9_]{1,30}$/), label: z.string().min(1).max(60), type: z.literal('check'), required: z.boolean().optional() }),
  z.object({ code: z.string().regex(/^[a-z0-9_]{1,30}$/), label: z.string().min(1).max(60), type: z.literal('number'), min: z.number().optional(), max: z.number().optional(), unit: z.string().max(10).optional(), required: z.boolean().optional() }),
  z.object({ code: z.string().regex(/^[a-z0-9_]{1,30}$/), label: z.string().min(1).max(60), type: z.literal('choice'), options: z.array(z.string().min(1).max(30)).min(2).max(10), abnormal: z.array(z.string().max(30)).max(10), required: z.boolean().optional() }),
  z.object({ code: z.string().regex(/^[a-z0-9_]{1,30}$/), label: z.string().min(1).max(60), type: z.literal('text'), required: z.boolean().optional() }),
]);

export async function checkpointRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { db, inScope, assertProject, projectOf } = inspectionKit(app);

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
}

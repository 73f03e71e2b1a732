/** Who collects where (收费员分工) and the collection targets they are measured against (收费计划). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { idParam } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { access } from '../auth/access';
import { authorize } from '../auth/permissions';
import { scopeKey } from './collectors';
import { assertProject, dec, decimalStr, fen, idStr, inScope, monthStr, projectOfRow } from './http';

const tags = ['billing'];

export async function billingCollectionRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;

  // ---------- collectors 收费员分工 ----------
  app.get('/api/billing/collector-assignments', { config: access('billing.read', 'project'), schema: { tags, summary: '收费员分工 Collector assignments', querystring: z.object({ projectId: idStr.optional(), collectorId: idStr.optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'billing.read');
    let q = inScope(
      a,
      db()
        .selectFrom('collector_assignments as c')
        .innerJoin('users as u', 'u.id', 'c.collector_id')
        .leftJoin('buildings as b', 'b.id', 'c.building_id')
        .leftJoin('units as un', 'un.id', 'c.unit_id')
        .select(['c.id', 'c.project_id', 'c.building_id', 'c.unit_id', 'c.collector_id', 'u.display_name', 'b.name as building_name', 'un.number as unit_number'])
        .where('c.org_id', '=', a.orgId),
      'c.project_id',
    );
    if (req.query.projectId) q = q.where('c.project_id', '=', req.query.projectId);
    if (req.query.collectorId) q = q.where('c.collector_id', '=', req.query.collectorId);
    const rows = await q.orderBy('c.project_id').orderBy('b.name').execute();
    return { items: rows.map((r) => ({ id: r.id, projectId: r.project_id, buildingId: r.building_id, buildingName: r.building_name, unitId: r.unit_id, unitNumber: r.unit_number, collectorId: r.collector_id, collectorName: r.display_name })) };
  });
  app.post(
    '/api/billing/collector-assignments',
    { config: access('billing.approve', 'project'), schema: { tags, summary: '分配收费员到项目、楼栋或房屋 Assign a collector', body: z.object({ projectId: idStr, buildingId: idStr.nullish(), unitId: idStr.nullish(), collectorId: idStr }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.approve');
      const b = req.body;
      await assertProject(db(), a, b.projectId, 'billing.approve');
      const u = await db().selectFrom('users').select(['id', 'role', 'active']).where('id', '=', b.collectorId).where('org_id', '=', a.orgId).executeTakeFirst();
      if (!u || !u.active || u.role === 'resident') throw notFound('what.user');
      if (b.buildingId) {
        const bl = await db().selectFrom('buildings').select('project_id').where('id', '=', b.buildingId).executeTakeFirst();
        if (!bl || bl.project_id !== b.projectId) throw notFound('what.building');
      }
      if (b.unitId) {
        const un = await db().selectFrom('units').select('project_id').where('id', '=', b.unitId).executeTakeFirst();
        if (!un || un.project_id !== b.projectId) throw notFound('what.unit');
      }
      const key = scopeKey(b.projectId, b.unitId ? null : b.buildingId, b.unitId);
      const id = newId();
      await db()
        .insertInto('collector_assignments')
        .values({ id, org_id: a.orgId, project_id: b.projectId, building_id: b.unitId ? null : (b.buildingId ?? null), unit_id: b.unitId ?? null, scope_key: key, collector_id: b.collectorId, created_at: nowIso() })
        .onConflict((oc) => oc.column('scope_key').doUpdateSet({ collector_id: b.collectorId }))
        .execute();
      const row = await db().selectFrom('collector_assignments').select('id').where('scope_key', '=', key).executeTakeFirstOrThrow();
      return reply.status(201).send({ id: row.id });
    },
  );
  app.delete('/api/billing/collector-assignments/:id', { config: access('billing.approve', 'project'), schema: { tags, params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'billing.approve');
    await projectOfRow(db(), a, 'collector_assignments', req.params.id, 'what.assignment', 'billing.approve');
    await db().deleteFrom('collector_assignments').where('id', '=', req.params.id).execute();
    return { ok: true };
  });

  // ---------- collection plans 收费计划 ----------
  const planBody = z.object({
    projectId: idStr,
    month: monthStr.nullish(),
    phaseId: idStr.nullish(),
    buildingId: idStr.nullish(),
    collectorId: idStr.nullish(),
    feeItemId: idStr.nullish(),
    targetRate: decimalStr(4).nullish(),
    plannedFen: fen.nullish(),
  });
  const planOut = (p: any) => ({ id: p.id, projectId: p.project_id, month: p.month, phaseId: p.phase_id, buildingId: p.building_id, collectorId: p.collector_id, feeItemId: p.fee_item_id, targetRate: p.target_rate, plannedFen: p.planned_fen === null ? null : Number(p.planned_fen) });
  app.get('/api/billing/plans', { config: access('billing.read', 'project'), schema: { tags, summary: '收费计划 Collection plans (targets)', querystring: z.object({ projectId: idStr.optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'billing.read');
    let q = inScope(a, db().selectFrom('collection_plans').selectAll().where('org_id', '=', a.orgId), 'project_id');
    if (req.query.projectId) q = q.where('project_id', '=', req.query.projectId);
    return { items: (await q.orderBy('month').execute()).map(planOut) };
  });
  app.put('/api/billing/plans', { config: access('billing.approve', 'project'), schema: { tags, summary: '设置收费计划（同一分组覆盖）Set a plan for a report group', body: planBody } }, async (req) => {
    const a = authorize(req.actor, 'billing.approve');
    const b = req.body;
    await assertProject(db(), a, b.projectId, 'billing.approve');
    if (b.targetRate != null && Number(dec(b.targetRate)) > 1) throw new AppError(400, 'billing.validation.rate');
    const key = [b.projectId, b.month ?? '', b.phaseId ?? '', b.buildingId ?? '', b.collectorId ?? '', b.feeItemId ?? ''].join('|');
    const ts = nowIso();
    const values = { target_rate: b.targetRate != null ? dec(b.targetRate) : null, planned_fen: b.plannedFen ?? null, updated_at: ts };
    await db()
      .insertInto('collection_plans')
      .values({ id: newId(), org_id: a.orgId, project_id: b.projectId, month: b.month ?? null, phase_id: b.phaseId ?? null, building_id: b.buildingId ?? null, collector_id: b.collectorId ?? null, fee_item_id: b.feeItemId ?? null, scope_key: key, created_at: ts, ...values })
      .onConflict((oc) => oc.column('scope_key').doUpdateSet(values))
      .execute();
    return planOut(await db().selectFrom('collection_plans').selectAll().where('scope_key', '=', key).executeTakeFirstOrThrow());
  });
  app.delete('/api/billing/plans/:id', { config: access('billing.approve', 'project'), schema: { tags, params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'billing.approve');
    await projectOfRow(db(), a, 'collection_plans', req.params.id, 'what.collection_plan', 'billing.approve');
    await db().deleteFrom('collection_plans').where('id', '=', req.params.id).execute();
    return { ok: true };
  });
}

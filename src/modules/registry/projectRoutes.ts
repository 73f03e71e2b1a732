/** The estate's structure: projects (项目), their phases (期) and buildings (楼栋). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { access } from '../auth/access';
import { authorize, projectFilter } from '../auth/permissions';
import { timeZoneStr } from '../../core/dates';
import { registryKit, text } from './routeKit';

const PROJECT_KINDS = ['residential', 'office', 'park', 'mall'] as const;

const projectBody = z.object({
  code: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/),
  name: text(80),
  kind: z.enum(PROJECT_KINDS),
  address: z.string().max(200).nullish(),
  timeZone: timeZoneStr.optional(),
});
const buildingBody = z.object({
  projectId: text(40),
  phaseId: z.string().max(40).nullish(),
  name: text(40),
  floors: z.number().int().min(1).max(200).nullish(),
});

export async function projectRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { db, like, projectOf } = registryKit(app);
  const tags = ['registry'];

  // ---------- projects 项目 ----------
  app.get('/api/projects', { config: access('registry.read', 'own', { residents: true }), schema: { tags, summary: '项目列表 Projects', querystring: z.object({ ...pageQuery, q: z.string().max(80).optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'registry.read');
    let q = db().selectFrom('projects').selectAll().where('org_id', '=', a.orgId);
    // Residents: the projects their own units are in (the portal names them), nothing else.
    if (a.role === 'resident') q = q.where('id', 'in', db().selectFrom('units').select('project_id').where('id', 'in', a.unitIds.length ? [...a.unitIds] : ['']));
    const pf = projectFilter(a);
    if (pf) q = pf.length ? q.where('id', 'in', pf) : q.where('id', '=', '');
    if (req.query.q) q = q.where('name', like(), `%${req.query.q}%`);
    return paginate(q, req.query.page, req.query.pageSize, (x) => x.orderBy('code'), projectOutFn);
  });
  app.get('/api/projects/:id', { config: access('registry.read', 'project'), schema: { tags, params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'registry.read');
    authorize(a, 'registry.read', { projectId: req.params.id });
    const p = await db().selectFrom('projects').selectAll().where('id', '=', req.params.id).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!p) throw notFound('what.project');
    const phases = await db().selectFrom('phases').selectAll().where('project_id', '=', p.id).orderBy('seq').execute();
    const counts = await db()
      .selectFrom('units')
      .select(['state', (eb) => eb.fn.countAll().as('n')])
      .where('project_id', '=', p.id)
      .groupBy('state')
      .execute();
    return {
      ...projectOutFn(p),
      phases: phases.map((ph) => ({ id: ph.id, name: ph.name, seq: ph.seq })),
      unitCounts: Object.fromEntries(counts.map((c) => [c.state, Number(c.n)])),
    };
  });
  app.post('/api/projects', { config: access('registry.write', 'project'), schema: { tags, summary: '新建项目 Create project', body: projectBody } }, async (req, reply) => {
    const a = authorize(req.actor, 'registry.write');
    if (a.projectIds !== 'all') throw new AppError(403, 'auth.forbidden');
    const ts = nowIso();
    const id = newId();
    const b = req.body;
    await db()
      .insertInto('projects')
      .values({ id, org_id: a.orgId, code: b.code, name: b.name, kind: b.kind, address: b.address ?? null, time_zone: b.timeZone ?? 'Asia/Shanghai', created_at: ts, updated_at: ts })
      .execute();
    return reply.status(201).send({ id });
  });
  app.patch('/api/projects/:id', { config: access('registry.write', 'project'), schema: { tags, params: idParam, body: projectBody.partial() } }, async (req) => {
    const a = authorize(req.actor, 'registry.write');
    authorize(a, 'registry.write', { projectId: await projectOf('projects', req.params.id, a.orgId, 'what.project') });
    const b = req.body;
    await db()
      .updateTable('projects')
      .set({
        ...(b.code !== undefined && { code: b.code }),
        ...(b.name !== undefined && { name: b.name }),
        ...(b.kind !== undefined && { kind: b.kind }),
        ...(b.address !== undefined && { address: b.address ?? null }),
        ...(b.timeZone !== undefined && { time_zone: b.timeZone }),
        updated_at: nowIso(),
      })
      .where('id', '=', req.params.id)
      .execute();
    return { ok: true };
  });
  app.delete('/api/projects/:id', { config: access('registry.write', 'project'), schema: { tags, params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'registry.write');
    authorize(a, 'registry.write', { projectId: await projectOf('projects', req.params.id, a.orgId, 'what.project') });
    const child = await db().selectFrom('buildings').select('id').where('project_id', '=', req.params.id).executeTakeFirst();
    if (child) throw new AppError(409, 'conflict.reference');
    await db().deleteFrom('phases').where('project_id', '=', req.params.id).execute();
    await db().deleteFrom('user_projects').where('project_id', '=', req.params.id).execute();
    await db().deleteFrom('projects').where('id', '=', req.params.id).execute();
    return { ok: true };
  });

  // ---------- phases 期 ----------
  app.post(
    '/api/projects/:id/phases',
    { config: access('registry.write', 'project'), schema: { tags, params: idParam, body: z.object({ name: text(40), seq: z.number().int().min(1).max(99).optional() }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'registry.write');
      authorize(a, 'registry.write', { projectId: await projectOf('projects', req.params.id, a.orgId, 'what.project') });
      const ts = nowIso();
      const id = newId();
      await db()
        .insertInto('phases')
        .values({ id, org_id: a.orgId, project_id: req.params.id, name: req.body.name, seq: req.body.seq ?? 1, created_at: ts, updated_at: ts })
        .execute();
      return reply.status(201).send({ id });
    },
  );
  app.delete('/api/phases/:id', { config: access('registry.write', 'project'), schema: { tags, params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'registry.write');
    authorize(a, 'registry.write', { projectId: await projectOf('phases', req.params.id, a.orgId, 'what.phase') });
    await db().deleteFrom('phases').where('id', '=', req.params.id).execute();
    return { ok: true };
  });

  // ---------- buildings 楼栋 ----------
  app.get(
    '/api/buildings',
    { config: access('registry.read', 'project'), schema: { tags, querystring: z.object({ ...pageQuery, projectId: z.string().max(40).optional(), phaseId: z.string().max(40).optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'registry.read');
      let q = db()
        .selectFrom('buildings')
        .leftJoin('phases', 'phases.id', 'buildings.phase_id')
        .select(['buildings.id', 'buildings.project_id', 'buildings.phase_id', 'buildings.name', 'buildings.floors', 'phases.name as phase_name'])
        .where('buildings.org_id', '=', a.orgId);
      const pf = projectFilter(a);
      if (pf) q = pf.length ? q.where('buildings.project_id', 'in', pf) : q.where('buildings.id', '=', '');
      if (req.query.projectId) q = q.where('buildings.project_id', '=', req.query.projectId);
      if (req.query.phaseId) q = q.where('buildings.phase_id', '=', req.query.phaseId);
      return paginate(q, req.query.page, req.query.pageSize, (x) => x.orderBy('buildings.name'), (b) => ({
        id: b.id,
        projectId: b.project_id,
        phaseId: b.phase_id,
        phaseName: b.phase_name,
        name: b.name,
        floors: b.floors,
      }));
    },
  );
  app.post('/api/buildings', { config: access('registry.write', 'project'), schema: { tags, body: buildingBody } }, async (req, reply) => {
    const a = authorize(req.actor, 'registry.write');
    const b = req.body;
    authorize(a, 'registry.write', { projectId: await projectOf('projects', b.projectId, a.orgId, 'what.project') });
    if (b.phaseId && (await projectOf('phases', b.phaseId, a.orgId, 'what.phase')) !== b.projectId) throw notFound('what.phase');
    const ts = nowIso();
    const id = newId();
    await db()
      .insertInto('buildings')
      .values({ id, org_id: a.orgId, project_id: b.projectId, phase_id: b.phaseId ?? null, name: b.name, floors: b.floors ?? null, created_at: ts, updated_at: ts })
      .execute();
    return reply.status(201).send({ id });
  });
  app.patch('/api/buildings/:id', { config: access('registry.write', 'project'), schema: { tags, params: idParam, body: buildingBody.omit({ projectId: true }).partial() } }, async (req) => {
    const a = authorize(req.actor, 'registry.write');
    const projectId = await projectOf('buildings', req.params.id, a.orgId, 'what.building');
    authorize(a, 'registry.write', { projectId });
    const b = req.body;
    if (b.phaseId && (await projectOf('phases', b.phaseId, a.orgId, 'what.phase')) !== projectId) throw notFound('what.phase');
    await db()
      .updateTable('buildings')
      .set({
        ...(b.name !== undefined && { name: b.name }),
        ...(b.phaseId !== undefined && { phase_id: b.phaseId ?? null }),
        ...(b.floors !== undefined && { floors: b.floors ?? null }),
        updated_at: nowIso(),
      })
      .where('id', '=', req.params.id)
      .execute();
    return { ok: true };
  });
  app.delete('/api/buildings/:id', { config: access('registry.write', 'project'), schema: { tags, params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'registry.write');
    authorize(a, 'registry.write', { projectId: await projectOf('buildings', req.params.id, a.orgId, 'what.building') });
    if (await db().selectFrom('units').select('id').where('building_id', '=', req.params.id).executeTakeFirst()) throw new AppError(409, 'conflict.reference');
    await db().deleteFrom('buildings').where('id', '=', req.params.id).execute();
    return { ok: true };
  });
}

function projectOutFn(p: { id: string; code: string; name: string; kind: string; address: string | null; time_zone: string }) {
  return { id: p.id, code: p.code, name: p.name, kind: p.kind, address: p.address, timeZone: p.time_zone };
}

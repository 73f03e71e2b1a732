/** Parking spaces (车位) with their unit, holder and plate. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { access } from '../auth/access';
import { authorize, projectFilter, type Actor } from '../auth/permissions';
import { partyUsableIn } from './queries';
import { registryKit, text } from './routeKit';

const parkingBody = z.object({
  projectId: text(40),
  code: text(20),
  kind: z.enum(['owned', 'rented', 'visitor']),
  state: z.enum(['free', 'occupied', 'reserved']),
  unitId: z.string().max(40).nullish(),
  partyId: z.string().max(40).nullish(),
  plate: z.string().max(12).nullish(),
});

export async function parkingRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { db, like, projectOf } = registryKit(app);
  const tags = ['registry'];

  // ---------- parking 车位 ----------
  app.get(
    '/api/parking-spaces',
    // Plates and holders are personal data: parties.read, not the registry's structure.
    { config: access('parties.read', 'project'), schema: { tags, querystring: z.object({ ...pageQuery, projectId: z.string().max(40).optional(), state: z.enum(['free', 'occupied', 'reserved']).optional(), q: z.string().max(20).optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'parties.read');
      let q = db().selectFrom('parking_spaces').selectAll().where('org_id', '=', a.orgId);
      const pf = projectFilter(a);
      if (pf) q = pf.length ? q.where('project_id', 'in', pf) : q.where('id', '=', '');
      if (req.query.projectId) q = q.where('project_id', '=', req.query.projectId);
      if (req.query.state) q = q.where('state', '=', req.query.state);
      if (req.query.q) q = q.where((eb) => eb.or([eb('code', like(), `%${req.query.q}%`), eb('plate', like(), `%${req.query.q}%`)]));
      return paginate(q, req.query.page, req.query.pageSize, (x) => x.orderBy('code'), (p) => ({
        id: p.id,
        projectId: p.project_id,
        code: p.code,
        kind: p.kind,
        state: p.state,
        unitId: p.unit_id,
        partyId: p.party_id,
        plate: p.plate,
      }));
    },
  );
  /** A parking space's unit and holder must belong to its project. */
  async function assertParkingRefs(a: Actor, projectId: string, b: { unitId?: string | null; partyId?: string | null }) {
    if (b.unitId && (await projectOf('units', b.unitId, a.orgId, 'what.unit')) !== projectId) throw notFound('what.unit');
    if (b.partyId && !(await partyUsableIn(db(), a.orgId, b.partyId, projectId, a.projectIds === 'all'))) throw new AppError(400, 'orders.party_out_of_project');
  }
  app.post('/api/parking-spaces', { config: access('registry.write', 'project'), schema: { tags, body: parkingBody } }, async (req, reply) => {
    const a = authorize(req.actor, 'registry.write');
    const b = req.body;
    authorize(a, 'registry.write', { projectId: await projectOf('projects', b.projectId, a.orgId, 'what.project') });
    await assertParkingRefs(a, b.projectId, b);
    const ts = nowIso();
    const id = newId();
    await db()
      .insertInto('parking_spaces')
      .values({ id, org_id: a.orgId, project_id: b.projectId, code: b.code, kind: b.kind, state: b.state, unit_id: b.unitId ?? null, party_id: b.partyId ?? null, plate: b.plate ?? null, created_at: ts, updated_at: ts })
      .execute();
    return reply.status(201).send({ id });
  });
  app.patch('/api/parking-spaces/:id', { config: access('registry.write', 'project'), schema: { tags, params: idParam, body: parkingBody.omit({ projectId: true }).partial() } }, async (req) => {
    const a = authorize(req.actor, 'registry.write');
    const projectId = await projectOf('parking_spaces', req.params.id, a.orgId, 'what.parking');
    authorize(a, 'registry.write', { projectId });
    const b = req.body;
    await assertParkingRefs(a, projectId, b);
    await db()
      .updateTable('parking_spaces')
      .set({
        ...(b.code !== undefined && { code: b.code }),
        ...(b.kind !== undefined && { kind: b.kind }),
        ...(b.state !== undefined && { state: b.state }),
        ...(b.unitId !== undefined && { unit_id: b.unitId ?? null }),
        ...(b.partyId !== undefined && { party_id: b.partyId ?? null }),
        ...(b.plate !== undefined && { plate: b.plate ?? null }),
        updated_at: nowIso(),
      })
      .where('id', '=', req.params.id)
      .execute();
    return { ok: true };
  });
  app.delete('/api/parking-spaces/:id', { config: access('registry.write', 'project'), schema: { tags, params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'registry.write');
    authorize(a, 'registry.write', { projectId: await projectOf('parking_spaces', req.params.id, a.orgId, 'what.parking') });
    await db().deleteFrom('parking_spaces').where('id', '=', req.params.id).execute();
    return { ok: true };
  });
}

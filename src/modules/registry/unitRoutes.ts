/** Units (房屋): list, detail with occupants, create, edit, delete. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { idParam, pageQuery } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { access } from '../auth/access';
import { authorize, hasPermission, projectFilter } from '../auth/permissions';
import { unitOut } from './queries';
import { parseAreaCenti } from './rules';
import { registryKit, text } from './routeKit';

const UNIT_TYPES = ['residence', 'shop', 'office', 'storage', 'other'] as const;
const UNIT_STATES = ['unsold', 'vacant', 'occupied', 'renovating'] as const;

const area = z.union([z.number(), z.string()]).refine((v) => parseAreaCenti(v) !== null, { message: 'validation.area' })
  // A unit of 0 m² would bill nothing for area-based fees, silently: refuse it.
  .refine((v) => parseAreaCenti(v) !== 0, { message: 'validation.area_positive' });

const unitBody = z.object({
  buildingId: text(40),
  number: text(30),
  floor: z.number().int().min(-10).max(200).nullish(),
  areaM2: area,
  type: z.enum(UNIT_TYPES),
  state: z.enum(UNIT_STATES),
});

export async function unitRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { db, like, projectOf } = registryKit(app);
  const tags = ['registry'];

  // ---------- units 房屋 ----------
  app.get(
    '/api/units',
    { config: access('registry.read', 'own', { residents: true }),
      schema: {
        tags,
        summary: '房屋列表 Units',
        querystring: z.object({
          ...pageQuery,
          projectId: z.string().max(40).optional(),
          buildingId: z.string().max(40).optional(),
          state: z.enum(UNIT_STATES).optional(),
          type: z.enum(UNIT_TYPES).optional(),
          q: z.string().max(40).optional(),
        }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'registry.read');
      // Sorted by building name, then unit number. Instead of joining and sorting every unit of the
      // organisation for each page, count the matching units per building (from the index), order
      // the buildings by name in SQL, and read only the buildings the page falls in, by number:
      // the same rows in the same order. Same-named buildings (other projects) are read together,
      // by number then id, as the one sort would have interleaved them.
      let q = db().selectFrom('units').where('units.org_id', '=', a.orgId);
      if (a.role === 'resident') q = a.unitIds.length ? q.where('units.id', 'in', a.unitIds) : q.where('units.id', '=', '');
      const pf = projectFilter(a);
      if (pf) q = pf.length ? q.where('units.project_id', 'in', pf) : q.where('units.id', '=', '');
      const f = req.query;
      if (f.projectId) q = q.where('units.project_id', '=', f.projectId);
      if (f.buildingId) q = q.where('units.building_id', '=', f.buildingId);
      if (f.state) q = q.where('units.state', '=', f.state);
      if (f.type) q = q.where('units.type', '=', f.type);
      if (f.q) q = q.where('units.number', like(), `%${f.q}%`);
      const perBuilding = await q.select((eb) => ['units.building_id', eb.fn.countAll().as('n')]).groupBy('units.building_id').execute();
      const counts = new Map(perBuilding.map((r) => [r.building_id, Number(r.n)]));
      // A unit whose building is gone would drop out of the join: only buildings found count.
      const buildings = counts.size
        ? await db().selectFrom('buildings').select(['id', 'name']).where('id', 'in', [...counts.keys()]).orderBy('name').orderBy('id').execute()
        : [];
      const groups: Array<{ name: string; ids: string[]; n: number }> = [];
      for (const b of buildings) {
        const last = groups[groups.length - 1];
        if (last && last.name === b.name) last.ids.push(b.id);
        else groups.push({ name: b.name, ids: [b.id], n: 0 });
        groups[groups.length - 1].n += counts.get(b.id) ?? 0;
      }
      const total = groups.reduce((t, g) => t + g.n, 0);
      const names = new Map(buildings.map((b) => [b.id, b.name]));
      const items: ReturnType<typeof unitOut>[] = [];
      let skip = (f.page - 1) * f.pageSize;
      for (const g of groups) {
        if (items.length >= f.pageSize) break;
        if (skip >= g.n) {
          skip -= g.n;
          continue;
        }
        const rows = await (g.ids.length === 1 ? q.where('units.building_id', '=', g.ids[0]) : q.where('units.building_id', 'in', g.ids))
          .selectAll('units')
          .orderBy('units.number')
          .orderBy('units.id')
          .limit(f.pageSize - items.length)
          .offset(skip)
          .execute();
        skip = 0;
        for (const r of rows) items.push(unitOut({ ...r, building_name: names.get(r.building_id) ?? null }));
      }
      return { items, total, page: f.page, pageSize: f.pageSize };
    },
  );
  app.get('/api/units/:id', { config: access('registry.read', 'own', { residents: true }), schema: { tags, params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'registry.read');
    const u = await db()
      .selectFrom('units')
      .innerJoin('buildings', 'buildings.id', 'units.building_id')
      .selectAll('units')
      .select('buildings.name as building_name')
      .where('units.id', '=', req.params.id)
      .where('units.org_id', '=', a.orgId)
      .executeTakeFirst();
    if (!u) throw notFound('what.unit');
    authorize(a, 'registry.read', { projectId: u.project_id, unitId: u.id });
    const rel = await db()
      .selectFrom('party_units')
      .innerJoin('parties', 'parties.id', 'party_units.party_id')
      .select(['party_units.id as relation_id', 'party_units.role', 'party_units.move_in_date', 'party_units.move_out_date', 'parties.id', 'parties.name', 'parties.kind'])
      .where('party_units.unit_id', '=', u.id)
      .execute();
    // A resident sees their own relation but not the other occupants' details; staff without
    // parties.read (technicians, inspectors, QA) see the unit, not who lives there.
    const visible = a.role === 'resident' ? rel.filter((r) => r.id === a.partyId) : hasPermission(a, 'parties.read') ? rel : [];
    return {
      ...unitOut(u),
      occupants: visible.map((r) => ({
        relationId: r.relation_id,
        partyId: r.id,
        name: r.name,
        kind: r.kind,
        role: r.role,
        moveInDate: r.move_in_date,
        moveOutDate: r.move_out_date,
      })),
    };
  });
  app.post('/api/units', { config: access('registry.write', 'project'), schema: { tags, summary: '新建房屋 Create unit', body: unitBody } }, async (req, reply) => {
    const a = authorize(req.actor, 'registry.write');
    const b = req.body;
    const projectId = await projectOf('buildings', b.buildingId, a.orgId, 'what.building');
    authorize(a, 'registry.write', { projectId });
    const ts = nowIso();
    const id = newId();
    await db()
      .insertInto('units')
      .values({
        id,
        org_id: a.orgId,
        project_id: projectId,
        building_id: b.buildingId,
        number: b.number,
        floor: b.floor ?? null,
        area_centi_m2: parseAreaCenti(b.areaM2)!,
        type: b.type,
        state: b.state,
        created_at: ts,
        updated_at: ts,
      })
      .execute();
    return reply.status(201).send({ id });
  });
  app.patch('/api/units/:id', { config: access('registry.write', 'project'), schema: { tags, params: idParam, body: unitBody.omit({ buildingId: true }).partial() } }, async (req) => {
    const a = authorize(req.actor, 'registry.write');
    authorize(a, 'registry.write', { projectId: await projectOf('units', req.params.id, a.orgId, 'what.unit') });
    const b = req.body;
    await db()
      .updateTable('units')
      .set({
        ...(b.number !== undefined && { number: b.number }),
        ...(b.floor !== undefined && { floor: b.floor ?? null }),
        ...(b.areaM2 !== undefined && { area_centi_m2: parseAreaCenti(b.areaM2)! }),
        ...(b.type !== undefined && { type: b.type }),
        ...(b.state !== undefined && { state: b.state }),
        updated_at: nowIso(),
      })
      .where('id', '=', req.params.id)
      .execute();
    return { ok: true };
  });
  app.delete('/api/units/:id', { config: access('registry.write', 'project'), schema: { tags, params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'registry.write');
    authorize(a, 'registry.write', { projectId: await projectOf('units', req.params.id, a.orgId, 'what.unit') });
    if (await db().selectFrom('party_units').select('id').where('unit_id', '=', req.params.id).executeTakeFirst()) throw new AppError(409, 'conflict.reference');
    await db().deleteFrom('units').where('id', '=', req.params.id).execute();
    return { ok: true };
  });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { likeOp } from '../../db/migrationHelpers';
import { authorize, decide, hasPermission, projectFilter, type Actor } from '../auth/permissions';
import { dateStr, timeZoneStr } from '../../core/dates';
import { parseAreaCenti } from './rules';
import {
  findPartiesByPhone,
  insertParty,
  linkPartyUnit,
  partyExtras,
  partyOut,
  partyUsableIn,
  phoneRows,
  protectIdNumber,
  unitOut,
} from './queries';
import { importRoutes } from './importRoutes';
import { access } from '../auth/access';

const PROJECT_KINDS = ['residential', 'office', 'park', 'mall'] as const;
const UNIT_TYPES = ['residence', 'shop', 'office', 'storage', 'other'] as const;
const UNIT_STATES = ['unsold', 'vacant', 'occupied', 'renovating'] as const;
const PARTY_ROLES = ['owner', 'tenant', 'family', 'company'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const area = z.union([z.number(), z.string()]).refine((v) => parseAreaCenti(v) !== null, { message: 'validation.area' })
  // A unit of 0 m² would bill nothing for area-based fees, silently: refuse it.
  .refine((v) => parseAreaCenti(v) !== 0, { message: 'validation.area_positive' });

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
const unitBody = z.object({
  buildingId: text(40),
  number: text(30),
  floor: z.number().int().min(-10).max(200).nullish(),
  areaM2: area,
  type: z.enum(UNIT_TYPES),
  state: z.enum(UNIT_STATES),
});
const partyBody = z.object({
  kind: z.enum(['person', 'company']),
  name: text(80),
  idNumber: z.string().max(30).nullish(),
  phones: z.array(z.string().max(40)).max(10).optional(),
  note: z.string().max(500).nullish(),
  units: z
    .array(z.object({ unitId: text(40), role: z.enum(PARTY_ROLES), moveInDate: dateStr.nullish() }))
    .max(50)
    .optional(),
});
const parkingBody = z.object({
  projectId: text(40),
  code: text(20),
  kind: z.enum(['owned', 'rented', 'visitor']),
  state: z.enum(['free', 'occupied', 'reserved']),
  unitId: z.string().max(40).nullish(),
  partyId: z.string().max(40).nullish(),
  plate: z.string().max(12).nullish(),
});

export async function registryRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;
  const like = () => likeOp(app.ctx.store.db);
  const tags = ['registry'];

  async function projectOf(table: 'projects' | 'buildings' | 'units' | 'phases' | 'parking_spaces', id: string, orgId: string, what: string) {
    const row = await db()
      .selectFrom(table as 'units')
      .select(table === 'projects' ? ['id as project_id'] : ['project_id'])
      .where('id', '=', id)
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    if (!row) throw notFound(what);
    return (row as { project_id: string }).project_id;
  }

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
      let q = db()
        .selectFrom('units')
        .innerJoin('buildings', 'buildings.id', 'units.building_id')
        .selectAll('units')
        .select('buildings.name as building_name')
        .where('units.org_id', '=', a.orgId);
      if (a.role === 'resident') q = a.unitIds.length ? q.where('units.id', 'in', a.unitIds) : q.where('units.id', '=', '');
      const pf = projectFilter(a);
      if (pf) q = pf.length ? q.where('units.project_id', 'in', pf) : q.where('units.id', '=', '');
      const f = req.query;
      if (f.projectId) q = q.where('units.project_id', '=', f.projectId);
      if (f.buildingId) q = q.where('units.building_id', '=', f.buildingId);
      if (f.state) q = q.where('units.state', '=', f.state);
      if (f.type) q = q.where('units.type', '=', f.type);
      if (f.q) q = q.where('units.number', like(), `%${f.q}%`);
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('buildings.name').orderBy('units.number'), unitOut);
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

  // ---------- parties 客户 ----------
  /** Parties a staff user may see: related to a unit in one of their projects (org-wide staff: all). */
  function scopeParties(a: Actor, q: any) {
    if (a.role === 'resident') return q.where('parties.id', '=', a.partyId ?? '');
    const pf = projectFilter(a);
    if (!pf) return q;
    return q.where((eb: any) =>
      eb.exists(
        eb
          .selectFrom('party_units')
          .innerJoin('units', 'units.id', 'party_units.unit_id')
          .select('party_units.id')
          .whereRef('party_units.party_id', '=', 'parties.id')
          .where('units.project_id', 'in', pf.length ? pf : ['']),
      ),
    );
  }
  async function assertPartyVisible(a: Actor, partyId: string) {
    const row = await scopeParties(a, db().selectFrom('parties').select('parties.id').where('parties.id', '=', partyId).where('parties.org_id', '=', a.orgId)).executeTakeFirst();
    if (!row) {
      const exists = await db().selectFrom('parties').select('id').where('id', '=', partyId).where('org_id', '=', a.orgId).executeTakeFirst();
      if (exists) throw new AppError(403, 'auth.out_of_scope');
      throw notFound('what.party');
    }
  }

  app.get(
    '/api/parties',
    { config: access('parties.read', 'own', { residents: true }),
      schema: {
        tags,
        summary: '客户列表：按姓名、电话、房号搜索 Parties: search by name, phone, unit number',
        querystring: z.object({ ...pageQuery, q: z.string().max(40).optional(), projectId: z.string().max(40).optional(), kind: z.enum(['person', 'company']).optional() }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'parties.read');
      let q = scopeParties(a, db().selectFrom('parties').selectAll('parties').where('parties.org_id', '=', a.orgId));
      const f = req.query;
      if (f.kind) q = q.where('parties.kind', '=', f.kind);
      if (f.projectId) {
        q = q.where((eb: any) =>
          eb.exists(
            eb
              .selectFrom('party_units')
              .innerJoin('units', 'units.id', 'party_units.unit_id')
              .select('party_units.id')
              .whereRef('party_units.party_id', '=', 'parties.id')
              .where('units.project_id', '=', f.projectId),
          ),
        );
      }
      if (f.q) {
        const term = f.q.trim();
        const byPhone = /\d{4,}/.test(term.replace(/[\s-]/g, '')) ? await findPartiesByPhone(db(), a.orgId, term) : [];
        q = q.where((eb: any) =>
          eb.or([
            eb('parties.name', like(), `%${term}%`),
            ...(byPhone.length ? [eb('parties.id', 'in', byPhone)] : []),
            eb.exists(
              eb
                .selectFrom('party_units')
                .innerJoin('units', 'units.id', 'party_units.unit_id')
                .select('party_units.id')
                .whereRef('party_units.party_id', '=', 'parties.id')
                .where('units.number', like(), `%${term}%`),
            ),
          ]),
        );
      }
      const page = await paginate(q, f.page, f.pageSize, (x: any) => x.orderBy('parties.name').orderBy('parties.id'), partyOut);
      const extras = await partyExtras(db(), page.items.map((p: any) => p.id));
      return { ...page, items: page.items.map((p: any) => ({ ...p, phones: extras.phones.get(p.id) ?? [], units: extras.units.get(p.id) ?? [] })) };
    },
  );
  app.get('/api/parties/:id', { config: access('parties.read', 'own', { residents: true }), schema: { tags, params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'parties.read', {});
    authorize(a, 'parties.read', { partyId: req.params.id });
    await assertPartyVisible(a, req.params.id);
    const p = await db().selectFrom('parties').selectAll().where('id', '=', req.params.id).executeTakeFirstOrThrow();
    const extras = await partyExtras(db(), [p.id]);
    return { ...partyOut(p), phones: extras.phones.get(p.id) ?? [], units: extras.units.get(p.id) ?? [] };
  });
  app.post('/api/parties', { config: access('registry.write', 'project'), schema: { tags, summary: '新建客户 Create party', body: partyBody } }, async (req, reply) => {
    const a = authorize(req.actor, 'registry.write');
    const b = req.body;
    for (const u of b.units ?? []) authorize(a, 'registry.write', { projectId: await projectOf('units', u.unitId, a.orgId, 'what.unit') });
    if (!b.units?.length && a.projectIds !== 'all') throw new AppError(403, 'auth.out_of_scope');
    const id = await db().transaction().execute(async (trx) => {
      const pid = await insertParty(trx, app.ctx.secrets, a.orgId, b);
      for (const u of b.units ?? []) await linkPartyUnit(trx, a.orgId, pid, u.unitId, u.role, u.moveInDate ?? null);
      return pid;
    });
    return reply.status(201).send({ id });
  });
  app.patch('/api/parties/:id', { config: access('registry.write', 'project'), schema: { tags, params: idParam, body: partyBody.omit({ units: true }).partial() } }, async (req) => {
    const a = authorize(req.actor, 'registry.write');
    await assertPartyVisible(a, req.params.id);
    const b = req.body;
    const phones = b.phones ? phoneRows(a.orgId, req.params.id, b.phones) : null;
    const idFields = b.idNumber !== undefined ? protectIdNumber(app.ctx.secrets, b.idNumber) : {};
    await db().transaction().execute(async (trx) => {
      await trx
        .updateTable('parties')
        .set({
          ...(b.kind !== undefined && { kind: b.kind }),
          ...(b.name !== undefined && { name: b.name }),
          ...(b.note !== undefined && { note: b.note ?? null }),
          ...idFields,
          updated_at: nowIso(),
        })
        .where('id', '=', req.params.id)
        .execute();
      if (phones) {
        await trx.deleteFrom('party_phones').where('party_id', '=', req.params.id).execute();
        if (phones.length) await trx.insertInto('party_phones').values(phones).execute();
      }
    });
    return { ok: true };
  });
  app.delete('/api/parties/:id', { config: access('registry.write', 'project'), schema: { tags, params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'registry.write');
    await assertPartyVisible(a, req.params.id);
    await db().deleteFrom('parties').where('id', '=', req.params.id).execute();
    return { ok: true };
  });
  app.post(
    '/api/parties/:id/units',
    { config: access('registry.write', 'project'), schema: { tags, summary: '入住登记 Link party to unit', params: idParam, body: z.object({ unitId: text(40), role: z.enum(PARTY_ROLES), moveInDate: dateStr.nullish() }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'registry.write');
      await assertPartyVisible(a, req.params.id).catch(async (e) => {
        if (a.projectIds !== 'all') throw e;
      });
      authorize(a, 'registry.write', { projectId: await projectOf('units', req.body.unitId, a.orgId, 'what.unit') });
      const id = await linkPartyUnit(db(), a.orgId, req.params.id, req.body.unitId, req.body.role, req.body.moveInDate ?? null);
      return reply.status(201).send({ id });
    },
  );
  app.patch(
    '/api/party-units/:id',
    { config: access('registry.write', 'project'), schema: { tags, summary: '迁出登记 Move out', params: idParam, body: z.object({ moveOutDate: dateStr.nullable(), moveInDate: dateStr.nullish() }) } },
    async (req) => {
      const a = authorize(req.actor, 'registry.write');
      const rel = await db().selectFrom('party_units').selectAll().where('id', '=', req.params.id).where('org_id', '=', a.orgId).executeTakeFirst();
      if (!rel) throw notFound('what.record');
      authorize(a, 'registry.write', { projectId: await projectOf('units', rel.unit_id, a.orgId, 'what.unit') });
      const moveIn = req.body.moveInDate !== undefined ? req.body.moveInDate : rel.move_in_date;
      if (moveIn && req.body.moveOutDate && req.body.moveOutDate < moveIn) throw new AppError(400, 'validation.date');
      await db()
        .updateTable('party_units')
        .set({ move_out_date: req.body.moveOutDate, ...(req.body.moveInDate !== undefined && { move_in_date: req.body.moveInDate ?? null }) })
        .where('id', '=', req.params.id)
        .execute();
      return { ok: true };
    },
  );

  // ---------- caller lookup 来电识别 ----------
  app.get(
    '/api/lookup/phone',
    { config: access('parties.read', 'project'), schema: { tags, summary: '来电识别：按电话找客户与房屋 Caller lookup', querystring: z.object({ number: z.string().min(3).max(40) }) } },
    async (req) => {
      const a = authorize(req.actor, 'parties.read');
      const ids = await findPartiesByPhone(db(), a.orgId, req.query.number);
      if (!ids.length) return { parties: [] };
      const rows = await scopeParties(a, db().selectFrom('parties').selectAll('parties').where('parties.id', 'in', ids)).execute();
      const extras = await partyExtras(db(), rows.map((r: any) => r.id));
      return { parties: rows.map((p: any) => ({ ...partyOut(p), phones: extras.phones.get(p.id) ?? [], units: extras.units.get(p.id) ?? [] })) };
    },
  );

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

  await app.register(importRoutes);
  void decide;
}

function projectOutFn(p: { id: string; code: string; name: string; kind: string; address: string | null; time_zone: string }) {
  return { id: p.id, code: p.code, name: p.name, kind: p.kind, address: p.address, timeZone: p.time_zone };
}

/** Parties (客户): search, detail, create, edit, move-in / move-out, and caller lookup by phone (来电识别). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { nowIso } from '../../db/ids';
import { access } from '../auth/access';
import { authorize, projectFilter, type Actor } from '../auth/permissions';
import { dateStr } from '../../core/dates';
import { findPartiesByPhone, insertParty, linkPartyUnit, partyExtras, partyOut, phoneRows, protectIdNumber } from './queries';
import { registryKit, text } from './routeKit';

const PARTY_ROLES = ['owner', 'tenant', 'family', 'company'] as const;

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

export async function partyRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { db, like, projectOf } = registryKit(app);
  const tags = ['registry'];

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
        // A phone lookup only when the term reads as a number (digits and phone punctuation): a name
        // that holds digits, such as 测试客户1234, must not match every phone containing 1234.
        const byPhone = /^\+?[\d\s\-()]{4,}$/.test(term) && /\d{4,}/.test(term.replace(/[\s\-()]/g, '')) ? await findPartiesByPhone(db(), a.orgId, term) : [];
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
}

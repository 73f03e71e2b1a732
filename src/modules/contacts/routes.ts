import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { pageQuery, paginate } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { likeOp } from '../../db/migrationHelpers';
import { authorize, projectFilter, type Actor } from '../auth/permissions';
import { findPartiesByPhone, partyExtras, partyOut, partyUsableIn } from '../registry/queries';
import { parsePhone } from '../registry/rules';
import { orderOut, orderQuery, type OrderRow } from '../workorders/queries';
import { createWorkOrder } from '../workorders/service';
import { noteOnOrder } from '../workorders/chase';
import { publishOrder, similarOpenOrders } from '../workorders/board';
import { callerScreenExtras } from './hooks';
import { orderKindFor } from './rules';
import { CONTACT_CATEGORIES, CONTACT_CHANNELS, type ContactTable } from './schema';
import { access } from '../auth/access';

const idStr = z.string().min(1).max(40);

const contactBody = z.object({
  projectId: idStr,
  channel: z.enum(CONTACT_CHANNELS),
  category: z.enum(CONTACT_CATEGORIES),
  occurredAt: z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'validation.date' }).optional(),
  callerName: z.string().trim().max(80).nullish(),
  callerPhone: z.string().trim().max(40).nullish(),
  partyId: idStr.nullish(),
  unitId: idStr.nullish(),
  summary: z.string().trim().min(1).max(2000),
  handledOnSpot: z.boolean().default(false),
  /** "Add to this order": log the contact on an open order instead of creating a new one. */
  linkOrderId: idStr.optional(),
  /** With linkOrderId: the caller chases it (催单) — counted, priority one step up, assignee notified. */
  chase: z.boolean().optional(),
  /** Turn the contact into a work order at once (the desk's third action). */
  order: z
    .object({
      title: z.string().trim().min(1).max(120).optional(),
      category: z.string().trim().min(1).max(40).nullish(),
      priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
      location: z.string().max(200).nullish(),
      appointmentAt: z.string().max(40).nullish(),
      paid: z.boolean().optional(),
      buildingId: idStr.nullish(),
    })
    .optional(),
});

export const contactOut = (c: ContactTable & { owner_name?: string | null; unit_number?: string | null; party_name?: string | null; order_number?: string | null }) => ({
  id: c.id,
  projectId: c.project_id,
  channel: c.channel,
  category: c.category,
  occurredAt: c.occurred_at,
  callerName: c.caller_name,
  callerPhone: c.caller_phone,
  partyId: c.party_id,
  partyName: c.party_name ?? null,
  unitId: c.unit_id,
  unitNumber: c.unit_number ?? null,
  summary: c.summary,
  handledOnSpot: !!c.handled_on_spot,
  orderId: c.order_id,
  orderNumber: c.order_number ?? null,
  ownerId: c.owner_id,
  ownerName: c.owner_name ?? null,
});

/** 受理台: log contacts, match the caller, turn contacts into orders. */
export async function contactRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;
  const tags = ['desk'];

  app.post('/api/contacts', { config: access('contacts.write', 'project'), schema: { tags, summary: '登记来电来访（可直接转工单）Log a contact, optionally creating an order', body: contactBody } }, async (req, reply) => {
    const b = req.body;
    const a = authorize(req.actor, 'contacts.write', { projectId: b.projectId });
    if (b.order && b.handledOnSpot) throw new AppError(400, 'contacts.spot_and_order');
    if (b.linkOrderId && b.order) throw new AppError(400, 'contacts.link_and_order');
    if (b.chase && !b.linkOrderId) throw new AppError(400, 'contacts.chase_needs_order');
    const project = await db().selectFrom('projects').select('id').where('id', '=', b.projectId).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!project) throw notFound('what.project');
    if (b.unitId) {
      const u = await db().selectFrom('units').select('project_id').where('id', '=', b.unitId).where('org_id', '=', a.orgId).executeTakeFirst();
      if (!u || u.project_id !== b.projectId) throw notFound('what.unit');
    }
    // The caller must be a customer of this project: never attach (and echo back) another project's party.
    if (b.partyId && !(await partyUsableIn(db(), a.orgId, b.partyId, b.projectId, a.projectIds === 'all'))) {
      throw new AppError(400, 'orders.party_out_of_project');
    }
    const id = newId();
    const occurredAt = b.occurredAt ? new Date(b.occurredAt).toISOString() : nowIso();
    const result = await db().transaction().execute(async (trx) => {
      await trx
        .insertInto('contacts')
        .values({
          id, org_id: a.orgId, project_id: b.projectId, channel: b.channel, category: b.category, occurred_at: occurredAt,
          caller_name: b.callerName ?? null, caller_phone: b.callerPhone ?? null, party_id: b.partyId ?? null, unit_id: b.unitId ?? null,
          summary: b.summary, handled_on_spot: b.handledOnSpot ? 1 : 0, order_id: null, owner_id: a.userId, created_at: nowIso(),
        })
        .execute();
      if (b.linkOrderId) {
        // The order must be one this agent can see, in the contact's project.
        const target = await orderQuery(trx, app.ctx.store.dialect, a, {}).where('o.id', '=', b.linkOrderId).where('o.project_id', '=', b.projectId).executeTakeFirst();
        if (!target) throw notFound('what.order');
        await noteOnOrder(app.ctx, trx, a, target.id, { chase: !!b.chase, note: b.summary, contactId: id });
        await trx.updateTable('contacts').set({ order_id: target.id }).where('id', '=', id).execute();
        return { orderId: target.id as string | null, number: target.number as string | null };
      }
      if (!b.order) return { orderId: null as string | null, number: null as string | null };
      const { kind, areaScope } = orderKindFor(b.category);
      const o = await createWorkOrder(app.ctx, trx, a, {
        projectId: b.projectId, kind, category: b.order.category ?? null, priority: b.order.priority, title: b.order.title ?? b.summary.slice(0, 60),
        description: b.summary, areaScope, unitId: b.unitId ?? null, buildingId: b.order.buildingId ?? null, location: b.order.location ?? null,
        partyId: b.partyId ?? null, contactName: b.callerName ?? null, contactPhone: b.callerPhone ?? null, channel: b.channel,
        sourceContactId: id, appointmentAt: b.order.appointmentAt ?? null, paid: b.order.paid, acknowledge: true, at: new Date(occurredAt),
      });
      await trx.updateTable('contacts').set({ order_id: o.id }).where('id', '=', id).execute();
      return { orderId: o.id, number: o.number };
    });
    if (result.orderId) await publishOrder(app.ctx, result.orderId, b.linkOrderId ? (b.chase ? 'chase' : 'link_contact') : 'create', a);
    // A contact logged without linking: report open orders it may be about, so the desk can still add it to one.
    const similar = b.linkOrderId
      ? []
      : (await similarOpenOrders(db(), app.ctx, a, { projectId: b.projectId, unitId: b.unitId ?? undefined, partyId: b.partyId ?? undefined, category: b.order?.category ?? undefined, text: b.summary }))
          .filter((x) => x.row.id !== result.orderId)
          .map((x) => ({ id: x.row.id, number: x.row.number, title: x.row.title, state: x.row.state, chaseCount: x.row.chase_count, reasons: x.reasons, similarity: x.similarity }));
    return reply.status(201).send({ id, ...result, linked: !!b.linkOrderId, similar });
  });

  app.get(
    '/api/contacts',
    { config: access('contacts.read', 'project'),
      schema: {
        tags,
        summary: '来电来访记录 Contacts',
        querystring: z.object({
          ...pageQuery,
          projectId: idStr.optional(),
          channel: z.enum(CONTACT_CHANNELS).optional(),
          category: z.enum(CONTACT_CATEGORIES).optional(),
          ownerId: idStr.optional(),
          partyId: idStr.optional(),
          unitId: idStr.optional(),
          mine: z.enum(['0', '1']).optional(),
          from: z.string().max(40).optional(),
          to: z.string().max(40).optional(),
          q: z.string().trim().min(1).max(60).optional(),
        }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'contacts.read');
      const f = req.query;
      let q = contactQuery(a);
      if (f.projectId) q = q.where('c.project_id', '=', f.projectId);
      if (f.channel) q = q.where('c.channel', '=', f.channel);
      if (f.category) q = q.where('c.category', '=', f.category);
      if (f.ownerId) q = q.where('c.owner_id', '=', f.ownerId);
      if (f.mine === '1') q = q.where('c.owner_id', '=', a.userId);
      if (f.partyId) q = q.where('c.party_id', '=', f.partyId);
      if (f.unitId) q = q.where('c.unit_id', '=', f.unitId);
      if (f.from) q = q.where('c.occurred_at', '>=', f.from);
      if (f.to) q = q.where('c.occurred_at', '<', f.to);
      if (f.q) q = q.where((eb) => eb.or([eb('c.summary', likeOp(db()), `%${f.q}%`), eb('c.caller_phone', 'like', `%${f.q}%`), eb('c.caller_name', likeOp(db()), `%${f.q}%`)]));
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('c.occurred_at', 'desc').orderBy('c.id', 'desc'), contactOut);
    },
  );

  function contactQuery(a: Actor) {
    let q = db()
      .selectFrom('contacts as c')
      .leftJoin('users as ow', 'ow.id', 'c.owner_id')
      .leftJoin('units as u', 'u.id', 'c.unit_id')
      .leftJoin('parties as p', 'p.id', 'c.party_id')
      .leftJoin('work_orders as o', 'o.id', 'c.order_id')
      .selectAll('c')
      .select(['ow.display_name as owner_name', 'u.number as unit_number', 'p.name as party_name', 'o.number as order_number'])
      .where('c.org_id', '=', a.orgId);
    const pf = projectFilter(a);
    if (pf) q = pf.length ? q.where('c.project_id', 'in', pf) : q.where('c.id', '=', '');
    return q;
  }

  app.get(
    '/api/desk/caller',
    // A phone lookup into the customer register: the desk's tool (those who log contacts, all of
    // whom hold parties.read), not every reader of the call log (QA).
    { config: access('contacts.write', 'project'), schema: { tags, summary: '来电弹屏：客户、房屋、未结工单、近期来电 Caller screen', querystring: z.object({ phone: z.string().trim().min(3).max(40) }) } },
    async (req) => {
      const a = authorize(req.actor, 'contacts.write');
      authorize(a, 'parties.read');
      const ids = await findPartiesByPhone(db(), a.orgId, req.query.phone);
      let parties: any[] = [];
      if (ids.length) {
        const rows = await db().selectFrom('parties').selectAll().where('id', 'in', ids).where('org_id', '=', a.orgId).execute();
        const extras = await partyExtras(db(), rows.map((r) => r.id));
        const pf = projectFilter(a);
        parties = rows
          .map((p) => ({ ...partyOut(p), phones: extras.phones.get(p.id) ?? [], units: (extras.units.get(p.id) ?? []).filter((u: any) => !pf || pf.includes(u.projectId)) }))
          .filter((p) => !pf || p.units.length > 0);
      }
      const partyIds = parties.map((p) => p.id);
      const unitIds = [...new Set(parties.flatMap((p) => p.units.filter((u: any) => !u.moveOutDate).map((u: any) => u.unitId)))];
      // The local number (no country or area code, no extension) is what every written form shares:
      // "+86 21 5017 4063" and "50174063-300" both find an order whose contact phone is 021-50174063.
      const parsed = parsePhone(req.query.phone);
      const digits = parsed ? parsed.localDigits : req.query.phone.replace(/\D/g, '').slice(-8);
      const openOrders = partyIds.length || unitIds.length || digits.length >= 7
        ? await orderQuery(db(), app.ctx.store.dialect, a, { queue: 'open' })
            .where((eb) =>
              eb.or([
                ...(partyIds.length ? [eb('o.party_id', 'in', partyIds)] : []),
                ...(unitIds.length ? [eb('o.unit_id', 'in', unitIds)] : []),
                ...(digits.length >= 7 ? [eb('o.contact_phone', 'like', `%${digits}%`)] : []),
              ]),
            )
            .orderBy('o.created_at', 'desc')
            .limit(20)
            .execute()
        : [];
      let recent = contactQuery(a);
      recent = recent.where((eb) =>
        eb.or([...(partyIds.length ? [eb('c.party_id', 'in', partyIds)] : []), eb('c.caller_phone', 'like', `%${digits || '#'}%`)]),
      );
      const contacts = await recent.orderBy('c.occurred_at', 'desc').limit(10).execute();
      let extras: Record<string, unknown> = {};
      for (const extra of callerScreenExtras) extras = { ...extras, ...(await extra(app.ctx, a, unitIds)) };
      return { parties, openOrders: openOrders.map((r) => orderOut(r as OrderRow)), recentContacts: contacts.map(contactOut), ...extras };
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateStr } from '../../core/dates';
import { AppError, notFound } from '../../core/errors';
import { localeOf } from '../../core/http';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { nowIso } from '../../db/ids';
import { authorize, decide, type Actor } from '../auth/permissions';
import { partyExtras, partyUsableIn } from '../registry/queries';
import { assertVersion, performAction } from './actions';
import { dispatchSettings, eligible, pickTechnician, skillFor, technicians } from './dispatch';
import { availableActions, HOLD_REASONS, KINDS, LIFECYCLE_LABELS, type Kind } from './lifecycle';
import { orderFilterQuery, orderOut, orderOutFor, orderQuery, orderRowsByIds, QUEUES, type OrderRow, visibleOrder as scopedOrder } from './queries';
import { canAttach } from './attachments';
import { orderVisibility, redactPhones, redactText } from './privacy';
import { createWorkOrderAlone, lifecycleActor, toLifecycle } from './service';
import { access } from '../auth/access';
import type { SelectQueryBuilder, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { noteOrderText, publishBoard, similarOpenOrdersBrief, workStates } from './board';
import { dispatchBoardRoutes } from './boardRoutes';

const kindEnum = z.enum(KINDS as unknown as [Kind, ...Kind[]]);
const priorityEnum = z.enum(['low', 'normal', 'high', 'urgent']);
const idStr = z.string().min(1).max(40);
const isoTime = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'validation.date' });

export const createOrderBody = z.object({
  projectId: idStr,
  kind: kindEnum,
  category: z.string().trim().min(1).max(40).nullish(),
  priority: priorityEnum.optional(),
  title: z.string().trim().min(1).max(120),
  description: z.string().max(4000).nullish(),
  areaScope: z.enum(['public', 'unit']).nullish(),
  buildingId: idStr.nullish(),
  unitId: idStr.nullish(),
  location: z.string().max(200).nullish(),
  partyId: idStr.nullish(),
  contactName: z.string().max(80).nullish(),
  contactPhone: z.string().max(40).nullish(),
  channel: z.enum(['phone', 'walk_in', 'letter', 'app', 'night_room', 'patrol']).nullish(),
  appointmentAt: isoTime.nullish(),
  paid: z.boolean().optional(),
  warranty: z.boolean().optional(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).nullish(),
  dueDate: dateStr.nullish(),
});

const actionBody = z.object({
  expectedVersion: z.number().int().min(0).optional(),
  reason: z.string().trim().max(500).optional(),
  note: z.string().trim().max(2000).optional(),
  holdReason: z.enum(HOLD_REASONS as unknown as [string, ...string[]]).optional(),
  assigneeId: idStr.optional(),
  departmentId: z.string().max(40).optional(),
  newOwnerId: idStr.optional(),
  outcome: z.string().max(40).optional(),
  chargeFen: z.number().int().min(0).max(100_000_000).optional(),
  amountFen: z.number().int().min(0).max(100_000_000).optional(),
  deductionFen: z.number().int().min(0).max(100_000_000).optional(),
  channel: z.string().max(20).optional(),
  scoreSpeed: z.number().int().min(1).max(5).optional(),
  scoreAttitude: z.number().int().min(1).max(5).optional(),
  scoreQuality: z.number().int().min(1).max(5).optional(),
  comment: z.string().max(1000).optional(),
  /** A supervisor's reason for dispatching to a technician already at the cap (logged on the event). */
  capOverrideReason: z.string().trim().min(2).max(500).optional(),
  materials: z.array(z.object({ name: z.string().min(1).max(60), quantity: z.number().positive().max(10_000), unit: z.string().max(10).optional() })).max(50).optional(),
});

export async function workOrderRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const ctx = () => app.ctx;
  const db = () => app.ctx.store.db;
  const tags = ['orders'];

  /** The order as the actor may see it (queries.ts: 403 out of scope, 404 absent). */
  const visibleOrder = (actor: Actor, id: string): Promise<OrderRow> => scopedOrder(db(), ctx().store.dialect, actor, id);

  async function assertUnitInProject(actor: Actor, projectId: string, unitId?: string | null, buildingId?: string | null) {
    if (unitId) {
      const u = await db().selectFrom('units').select(['project_id', 'building_id']).where('id', '=', unitId).where('org_id', '=', actor.orgId).executeTakeFirst();
      if (!u || u.project_id !== projectId) throw notFound('what.unit');
      if (buildingId && u.building_id !== buildingId) throw notFound('what.building');
    } else if (buildingId) {
      const b = await db().selectFrom('buildings').select('project_id').where('id', '=', buildingId).where('org_id', '=', actor.orgId).executeTakeFirst();
      if (!b || b.project_id !== projectId) throw notFound('what.building');
    }
  }

  /** A party named on an order must belong to the order's project (never echo another project's customer). */
  async function assertPartyInProject(actor: Actor, projectId: string, partyId: string) {
    if (!(await partyUsableIn(db(), actor.orgId, partyId, projectId, actor.projectIds === 'all'))) throw new AppError(400, 'orders.party_out_of_project');
  }

  app.post('/api/orders', { config: access('orders.create', 'assigned', { residents: true }), schema: { tags, summary: '新建工单 Create a work order', body: createOrderBody } }, async (req, reply) => {
    const a = authorize(req.actor, 'orders.create', { projectId: req.body.projectId, unitId: req.body.unitId ?? null });
    const b = req.body;
    const project = await db().selectFrom('projects').select('id').where('id', '=', b.projectId).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!project) throw notFound('what.project');
    if (a.role === 'resident') {
      if (b.unitId && !a.unitIds.includes(b.unitId)) throw new AppError(403, 'auth.out_of_scope');
      if (!['repair', 'complaint', 'enquiry', 'suggestion', 'praise'].includes(b.kind)) throw new AppError(403, 'auth.forbidden');
    }
    // Inspectors find hazards (DESIGN.md §2); other matters go through the desk.
    if (a.role === 'inspector' && b.kind !== 'hazard') throw new AppError(403, 'orders.hazard_only');
    await assertUnitInProject(a, b.projectId, b.unitId, b.buildingId);
    const partyId = a.role === 'resident' ? a.partyId : (b.partyId ?? null);
    if (partyId && a.role !== 'resident') await assertPartyInProject(a, b.projectId, partyId);
    const created = await createWorkOrderAlone(ctx(), a, {
      ...b,
      partyId,
      channel: b.channel ?? (a.role === 'resident' ? 'app' : null),
      acknowledge: a.role !== 'resident',
    });
    noteOrderText(ctx(), created.id, b.title, b.description);
    const settings = await dispatchSettings(db(), a.orgId);
    if (settings.autoAssign !== 'off' && b.kind === 'repair' && a.role !== 'resident') {
      await autoAssign(a, created.id, settings.autoAssign).catch(() => undefined);
    }
    const row = await visibleOrder(a, created.id);
    // The row just read is the order as committed: tell the boards without reading it again.
    publishBoard(ctx(), { type: 'order', orgId: row.org_id, projectId: row.project_id, orderId: row.id, action: 'create', version: row.version, state: row.state, assigneeId: row.assignee_id, actorId: a.userId, actorName: a.displayName ?? null });
    // Staff see at once which open orders this one may duplicate (same unit or caller and category, similar text).
    const similar = a.role === 'resident' || !decide(a, 'contacts.write').allowed
      ? []
      : (await similarOpenOrdersBrief(db(), ctx(), a, { projectId: b.projectId, unitId: b.unitId ?? undefined, partyId: partyId ?? undefined, category: b.category ?? undefined, text: `${b.title} ${b.description ?? ''}` }))
          .filter((x) => x.row.id !== created.id)
          .map((x) => ({ id: x.row.id, number: x.row.number, title: x.row.title, state: x.row.state, reasons: x.reasons, similarity: x.similarity }));
    return reply.status(201).send({ ...orderOutFor(a, row), similar });
  });

  app.get(
    '/api/orders',
    { config: access('orders.read', 'assigned', { residents: true }),
      schema: {
        tags,
        summary: '工单列表与队列 Orders and queues',
        querystring: z.object({
          ...pageQuery,
          queue: z.enum(QUEUES).optional(),
          projectId: idStr.optional(),
          kind: kindEnum.optional(),
          state: z.string().max(40).optional(),
          category: z.string().max(40).optional(),
          priority: priorityEnum.optional(),
          assigneeId: idStr.optional(),
          ownerId: idStr.optional(),
          unitId: idStr.optional(),
          partyId: idStr.optional(),
          from: isoTime.optional(),
          to: isoTime.optional(),
          q: z.string().trim().min(1).max(60).optional(),
          sort: z.enum(['created_desc', 'created_asc', 'deadline']).optional(),
        }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'orders.read');
      const f = req.query;
      // Ties broken by id, so pages never overlap.
      const order = <Q extends SelectQueryBuilder<DB, 'work_orders' | any, any>>(x: Q): Q =>
        (f.sort === 'created_asc'
          ? x.orderBy('o.created_at', 'asc').orderBy('o.id')
          : f.sort === 'deadline'
            ? x.orderBy('o.sla_breached', 'desc').orderBy('o.sla_warning', 'desc').orderBy('o.sla_next_check_at', 'asc').orderBy('o.id')
            : x.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc')) as Q;
      if (ctx().store.dialect === 'postgres') {
        // PostgreSQL skips the offset's rows without materialising them; a third round trip costs more.
        return paginate(orderQuery(db(), ctx().store.dialect, a, f), f.page, f.pageSize, order, (r) => orderOutFor(a, r as OrderRow), orderFilterQuery(db(), ctx().store.dialect, a, f));
      }
      // SQLite: the page's ids are chosen on work_orders alone (read from the index, which covers
      // the filter), and the wide rows with their joined names are read for those ids only, not for
      // every row the offset skips.
      const page = await paginate(
        orderFilterQuery(db(), ctx().store.dialect, a, f).select('o.id'),
        f.page,
        f.pageSize,
        order,
        (r) => r.id,
      );
      const rows = new Map((await orderRowsByIds(db(), page.items)).map((r) => [r.id, r]));
      // An order deleted between the two reads is left out rather than failing the page.
      return { ...page, items: page.items.flatMap((id) => (rows.has(id) ? [orderOutFor(a, rows.get(id)!)] : [])) };
    },
  );

  app.get('/api/orders/:id', { config: access('orders.read', 'assigned', { residents: true }), schema: { tags, summary: '工单详情（含事件时间线）Order with its history', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'orders.read');
    const row = await visibleOrder(a, req.params.id);
    const events = await db()
      .selectFrom('work_order_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.seq', 'e.at', 'e.actor_id', 'u.display_name as actor_name', 'e.action', 'e.from_state', 'e.to_state', 'e.note', 'e.data_json'])
      .where('e.order_id', '=', row.id)
      .orderBy('e.seq')
      .execute();
    const attachments = await db().selectFrom('attachments').select(['id', 'filename', 'mime', 'size', 'created_at', 'uploaded_by', 'phase', 'caption']).where('order_id', '=', row.id).orderBy('created_at').execute();
    // Materials the technician used (issue 11), shown on the order for staff.
    const materials = a.role === 'resident' ? [] : await db().selectFrom('work_order_materials').select(['id', 'name', 'quantity', 'unit', 'unit_price_fen']).where('order_id', '=', row.id).orderBy('created_at').orderBy('id').execute();
    const visits = await db().selectFrom('return_visits').selectAll().where('order_id', '=', row.id).orderBy('cycle').execute();
    const canAct = decide(a, 'orders.read').allowed;
    // The party's phones, so whoever does the work can call without the customer register; for
    // technicians and inspectors only while it is their active work (masked or none otherwise).
    const seen = orderVisibility(a, { assigneeId: row.assignee_id, ownerId: row.owner_id, state: row.state });
    const partyPhones = row.party_id && a.role !== 'resident' ? ((await partyExtras(db(), [row.party_id])).phones.get(row.party_id) ?? []).map((p: { display: string }) => p.display) : [];
    return {
      ...orderOutFor(a, row),
      partyPhones: redactPhones(partyPhones, seen),
      events: events.map((e) => {
        const data = e.data_json ? JSON.parse(e.data_json) : {};
        return { seq: e.seq, at: e.at, actorId: e.actor_id, actorName: e.actor_name ?? (e.actor_id ? null : '系统'), action: e.action, from: e.from_state, to: e.to_state, note: redactText(e.note, seen), reason: redactText(data.reason ?? null, seen), outcome: data.outcome ?? null, patch: data.patch ?? {}, materials: data.materials ?? undefined, capOverride: data.capOverride ?? undefined };
      }),
      attachments: attachments.map((x) => ({ id: x.id, filename: x.filename, mime: x.mime, size: x.size, createdAt: x.created_at, url: `/api/attachments/${x.id}`, phase: x.phase ?? null, signerName: x.phase === 'signature' ? (x.caption ?? null) : null })),
      materialsUsed: materials.map((m) => ({ id: m.id, name: m.name, quantity: Number(m.quantity), unit: m.unit, unitPriceFen: m.unit_price_fen })),
      visits: visits.map((v) => ({ id: v.id, cycle: v.cycle, reason: v.reason, status: v.status, dueAt: v.due_at, visitedAt: v.visited_at, outcome: v.outcome, scores: { speed: v.score_speed, attitude: v.score_attitude, quality: v.score_quality }, comment: redactText(v.comment, seen), channel: v.channel })),
      availableActions: canAct ? availableActions(toLifecycle(row), lifecycleActor(a)) : [],
      canAttach: canAttach(a, row),
    };
  });

  app.post(
    '/api/orders/:id/actions/:action',
    { config: access('orders.read', 'assigned', { residents: true }), schema: { tags, summary: '执行流转动作（派单、接单、到场、完工、回访…）Perform a lifecycle action', params: z.object({ id: idStr, action: z.string().regex(/^[a-z_]{2,40}$/) }), body: actionBody } },
    async (req) => {
      const a = authorize(req.actor, 'orders.read');
      const row = await visibleOrder(a, req.params.id);
      const b = req.body;
      if (b.assigneeId) await assertAssignable(a, b.assigneeId, row.project_id);
      if (b.newOwnerId) await assertAssignable(a, b.newOwnerId, row.project_id);
      const { scoreSpeed, scoreAttitude, scoreQuality, comment, materials, capOverrideReason, ...input } = b;
      const giving = b.assigneeId && ['dispatch', 'redispatch', 'transfer', 'assign', 'reassign'].includes(req.params.action) && b.assigneeId !== row.assignee_id ? b.assigneeId : null;
      const check = giving ? (trx: Transaction<DB>) => assertUnderCap(trx, a, giving, capOverrideReason) : undefined;
      const out = await performAction(ctx(), a, row.id, req.params.action, input, { scoreSpeed, scoreAttitude, scoreQuality, comment }, { check });
      if (materials?.length) await recordMaterials(out.eventId, materials);
      return orderOutFor(a, await visibleOrder(a, row.id));
    },
  );

  async function recordMaterials(eventId: string, materials: unknown[]) {
    const ev = await db().selectFrom('work_order_events').select('data_json').where('id', '=', eventId).executeTakeFirstOrThrow();
    const data = ev.data_json ? JSON.parse(ev.data_json) : {};
    await db().updateTable('work_order_events').set({ data_json: JSON.stringify({ ...data, materials }) }).where('id', '=', eventId).execute();
  }

  /**
   * Manual dispatch keeps the cap auto-assignment and grabbing keep: a technician at the cap is
   * refused (409) unless a supervisor or manager overrides it with a reason, which is recorded on
   * the dispatch event. Checked inside the dispatch's transaction.
   */
  async function assertUnderCap(trx: Transaction<DB>, a: Actor, userId: string, overrideReason?: string): Promise<Record<string, unknown> | undefined> {
    const u = await trx.selectFrom('users').select(['role', 'display_name']).where('id', '=', userId).executeTakeFirst();
    if (!u || u.role !== 'technician') return undefined;
    const settings = await dispatchSettings(trx, a.orgId);
    const load = Number((await trx.selectFrom('work_orders').select((eb) => eb.fn.countAll().as('n')).where('assignee_id', '=', userId).where('state', 'in', workStates()).executeTakeFirst())?.n ?? 0);
    if (load < settings.maxOpenPerTechnician) return undefined;
    if (!overrideReason) throw new AppError(409, 'orders.dispatch_cap', { name: u.display_name, load, cap: settings.maxOpenPerTechnician });
    if (!['supervisor', 'manager', 'admin'].includes(a.role)) throw new AppError(403, 'orders.cap_override_forbidden');
    return { capOverride: { reason: overrideReason, load, cap: settings.maxOpenPerTechnician, technicianId: userId } };
  }

  /** Someone may be given an order only when they are active staff who can see its project. */
  async function assertAssignable(a: Actor, userId: string, projectId: string) {
    const u = await db().selectFrom('users').select(['id', 'role', 'active']).where('id', '=', userId).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!u || !u.active || u.role === 'resident') throw notFound('what.user');
    const scoped = await db().selectFrom('user_projects').select('project_id').where('user_id', '=', userId).execute();
    if (scoped.length && !scoped.some((s) => s.project_id === projectId)) throw new AppError(400, 'orders.assignee_out_of_scope');
  }

  // ---------- dispatch 派单 ----------
  async function autoAssign(a: Actor, orderId: string, strategy: 'round_robin' | 'least_loaded') {
    const row = await visibleOrder(a, orderId);
    const settings = await dispatchSettings(db(), a.orgId);
    const skill = await skillFor(db(), a.orgId, row.kind, row.category);
    const pick = pickTechnician(eligible(await technicians(db(), a.orgId), { skill, projectId: row.project_id }, settings.maxOpenPerTechnician), strategy);
    if (!pick) throw new AppError(409, 'orders.no_eligible_technician');
    await performAction(ctx(), a, orderId, 'dispatch', { assigneeId: pick.id, note: strategy === 'round_robin' ? '自动派单（轮询）' : '自动派单（最少负载）' });
    return pick;
  }

  app.post(
    '/api/orders/:id/auto-assign',
    { config: access('orders.dispatch', 'project'), schema: { tags, summary: '自动派单 Auto-assign (round robin / least loaded)', params: idParam, body: z.object({ strategy: z.enum(['round_robin', 'least_loaded']) }) } },
    async (req) => {
      const a = authorize(req.actor, 'orders.dispatch');
      const pick = await autoAssign(a, req.params.id, req.body.strategy);
      return { assigneeId: pick.id, assigneeName: pick.name, order: orderOut(await visibleOrder(a, req.params.id)) };
    },
  );

  app.post('/api/orders/:id/grab', { config: access('orders.work', 'assigned'), schema: { tags, summary: '抢单 Grab an order (on-duty technician with the skill)', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'orders.work');
    if (a.role !== 'technician') throw new AppError(403, 'auth.forbidden');
    const row = await visibleOrder(a, req.params.id).catch(async (e) => {
      // Gone from the pool (someone else took it) while in the technician's projects: a lost race, not a secret.
      const taken = await db().selectFrom('work_orders').select('project_id').where('id', '=', req.params.id).where('org_id', '=', a.orgId).executeTakeFirst();
      if (e instanceof AppError && e.status === 403 && taken && decide(a, 'orders.work', { projectId: taken.project_id }).allowed) throw new AppError(409, 'orders.grab_taken');
      throw e;
    });
    const settings = await dispatchSettings(db(), a.orgId);
    const skill = await skillFor(db(), a.orgId, row.kind, row.category);
    const me = (await technicians(db(), a.orgId)).find((t) => t.id === a.userId);
    if (!me || !me.onDuty) throw new AppError(409, 'orders.grab_off_duty');
    if (skill && !me.skills.includes(skill)) throw new AppError(403, 'orders.grab_no_skill', { skill });
    if (me.openOrders >= settings.maxOpenPerTechnician) throw new AppError(409, 'orders.grab_cap', { cap: settings.maxOpenPerTechnician });
    await performAction(ctx(), a, row.id, 'grab', {});
    return orderOutFor(a, await visibleOrder(a, row.id));
  });

  // Dispatchers, supervisors and managers only (technicians lack orders.dispatch): technicians pick
  // from the grab pool, GET /api/orders?queue=unassigned, which shows them no name and no phone.
  await dispatchBoardRoutes(app);

  app.post(
    '/api/technicians/me/duty',
    { config: access('orders.work', 'self'), schema: { tags, summary: '上班 / 下班 Go on or off duty', body: z.object({ onDuty: z.boolean() }) } },
    async (req) => {
      const a = authorize(req.actor, 'orders.work');
      await db().updateTable('users').set({ on_duty: req.body.onDuty ? 1 : 0, updated_at: nowIso() }).where('id', '=', a.userId).execute();
      publishBoard(ctx(), { type: 'technician', orgId: a.orgId, projectId: null, orderId: '', action: req.body.onDuty ? 'on_duty' : 'off_duty', actorId: a.userId, actorName: a.displayName });
      return { onDuty: req.body.onDuty };
    },
  );

  // ---------- labels for clients ----------
  app.get('/api/orders/meta/labels', { config: access('signed-in', 'none', { residents: true }), schema: { tags, summary: '状态、动作、原因的多语言名称 Labels' } }, async (req) => {
    return LIFECYCLE_LABELS[localeOf(req)];
  });

  void assertVersion;
}

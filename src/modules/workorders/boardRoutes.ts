import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { idParam } from '../../core/paging';
import { access } from '../auth/access';
import { authorize, decide, type Actor } from '../auth/permissions';
import { BOARD_COLUMNS, boardBus, boardCard, boardColumnQuery, publishBoard, publishOrder, similarOpenOrders, urgencyOrder, workStates, type BoardColumn, type BoardEvent, type BoardFilter } from './board';
import { noteOnOrder } from './chase';
import { appointmentsToday, dispatchSettings, technicians } from './dispatch';
import { orderOutFor, orderQuery, type OrderRow } from './queries';

const idStr = z.string().min(1).max(40);
const hours = z.coerce.number().min(0).max(24 * 366);

const boardQuery = z.object({
  column: z.enum(BOARD_COLUMNS).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  projectId: idStr.optional(),
  category: z.string().max(40).optional(),
  skill: z.string().max(40).optional(),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
  buildingId: idStr.optional(),
  kind: z.string().max(20).optional(),
  minAgeHours: hours.optional(),
  maxAgeHours: hours.optional(),
  q: z.string().trim().min(1).max(60).optional(),
});

/** Dispatch board, its live events, and the desk's duplicate check and chase (issue 11). */
export async function dispatchBoardRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const ctx = () => app.ctx;
  const db = () => app.ctx.store.db;
  const tags = ['dispatch'];

  async function column(a: Actor, key: BoardColumn, f: BoardFilter, page: number, pageSize: number, now: number) {
    const base = await boardColumnQuery(ctx(), a, key, f, now);
    const counts = await base
      .clearSelect()
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('o.sla_breached').as('breached'), eb.fn.sum<number>('o.sla_warning').as('warning')])
      .executeTakeFirst();
    const rows = await urgencyOrder(base).limit(pageSize).offset((page - 1) * pageSize).execute();
    return {
      key,
      total: Number(counts?.n ?? 0),
      breached: Number(counts?.breached ?? 0),
      warning: Number(counts?.warning ?? 0),
      page,
      pageSize,
      items: rows.map((r) => boardCard(r as OrderRow & { building_name: string | null }, now)),
    };
  }

  /** Technicians serving the actor's projects, with skills, duty, live load against the cap and today's appointments. */
  async function boardTechnicians(a: Actor, f: BoardFilter, now: number) {
    const settings = await dispatchSettings(db(), a.orgId);
    const mine = a.projectIds;
    let techs = (await technicians(db(), a.orgId))
      .filter((t) => mine === 'all' || t.projectIds === 'all' || t.projectIds.some((p) => mine.includes(p)))
      .map((t) => (mine === 'all' || t.projectIds === 'all' ? t : { ...t, projectIds: t.projectIds.filter((p) => mine.includes(p)) }));
    if (f.projectId) techs = techs.filter((t) => t.projectIds === 'all' || t.projectIds.includes(f.projectId!));
    if (f.skill) techs = techs.filter((t) => t.skills.includes(f.skill!));
    const appts = await appointmentsToday(db(), techs.map((t) => t.id), now);
    return techs.map((t) => ({ ...t, cap: settings.maxOpenPerTechnician, atCap: t.openOrders >= settings.maxOpenPerTechnician, today: appts.get(t.id) ?? [] }));
  }

  // Replaces the single unpaged column: each column paged on the server, one card per order.
  app.get(
    '/api/dispatch/board',
    { config: access('orders.dispatch', 'project'), schema: { tags, summary: '派单看板：按阶段分列、按紧急程度排序、服务端分页；师傅技能/在岗/负载/今日预约 Dispatch board', querystring: boardQuery } },
    async (req) => {
      const a = authorize(req.actor, 'orders.dispatch');
      const { column: only, page, pageSize, ...f } = req.query;
      if (f.projectId) authorize(a, 'orders.dispatch', { projectId: f.projectId });
      const now = Date.now();
      const keys = only ? [only] : [...BOARD_COLUMNS];
      const columns = [];
      for (const k of keys) columns.push(await column(a, k, f, only ? page : 1, pageSize, now));
      // Location-aware grouping: open work per building under the same filter.
      const byBuilding = only
        ? []
        : await orderQuery(db(), ctx().store.dialect, a, { projectId: f.projectId, category: f.category, priority: f.priority, q: f.q })
            .clearSelect()
            .leftJoin('buildings as b', 'b.id', 'o.building_id')
            .select((eb) => ['o.building_id', 'b.name as building_name', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('o.sla_breached').as('breached')])
            .where('o.state', 'in', workStates())
            .groupBy(['o.building_id', 'b.name'])
            .execute();
      return {
        columns,
        buildings: byBuilding.map((b) => ({ buildingId: b.building_id, name: b.building_name, open: Number(b.n), breached: Number(b.breached ?? 0) })).sort((x, y) => y.open - x.open),
        technicians: only ? undefined : await boardTechnicians(a, f, now),
        settings: await dispatchSettings(db(), a.orgId),
        eventSeq: boardBus(ctx()).seq,
        generatedAt: new Date(now).toISOString(),
      };
    },
  );

  app.get(
    '/api/dispatch/technicians',
    { config: access('orders.dispatch', 'project'), schema: { tags, summary: '师傅：技能、在岗、实时负载、今日预约 Technicians with load and today', querystring: z.object({ projectId: idStr.optional(), skill: z.string().max(40).optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'orders.dispatch');
      return { items: await boardTechnicians(a, req.query, Date.now()) };
    },
  );

  // Server-sent events: every committed change to an order (and which dispatcher has which card
  // open), so two dispatchers see each other's work at once. Reconnects replay from Last-Event-ID.
  app.get(
    '/api/dispatch/events',
    { config: access('orders.dispatch', 'project'), schema: { tags, summary: '派单看板实时事件（SSE）Live board events (text/event-stream)', querystring: z.object({ lastEventId: z.coerce.number().int().min(0).optional() }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'orders.dispatch');
      const bus = boardBus(ctx());
      const visible = (e: BoardEvent) => e.orgId === a.orgId && (a.projectIds === 'all' || e.type === 'technician' || (e.projectId !== null && a.projectIds.includes(e.projectId)));
      const from = Number(req.headers['last-event-id'] ?? req.query.lastEventId ?? NaN);
      // Content negotiation: EventSource asks for text/event-stream and gets the stream; any other
      // client (a poller, a proxy that cannot stream) gets the events since lastEventId as JSON.
      if (!String(req.headers.accept ?? '').includes('text/event-stream')) {
        const events = bus.recent.filter((e) => visible(e) && (!Number.isFinite(from) || e.id > from)).map(({ orgId: _o, ...e }) => e);
        return { seq: bus.seq, events };
      }
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      const send = (e: BoardEvent) => {
        if (!visible(e)) return;
        const { orgId: _o, ...data } = e;
        res.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      res.write(`retry: 3000\n: connected ${bus.seq}\n\n`);
      if (Number.isFinite(from)) for (const e of bus.recent) if (e.id > from) send(e);
      bus.on('event', send);
      const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      beat.unref();
      const stop = () => {
        clearInterval(beat);
        bus.off('event', send);
      };
      req.raw.on('close', stop);
      res.on('close', stop);
    },
  );

  // "I am dispatching this one": shown on the other dispatchers' boards so they do not take it too.
  app.post(
    '/api/dispatch/focus',
    { config: access('orders.dispatch', 'project'), schema: { tags, summary: '正在处理某张工单（通知其他调度）Announce the card being dispatched', body: z.object({ orderId: idStr }) } },
    async (req) => {
      const a = authorize(req.actor, 'orders.dispatch');
      const o = await orderQuery(db(), ctx().store.dialect, a, {}).where('o.id', '=', req.body.orderId).executeTakeFirst();
      if (!o) throw new AppError(404, 'not_found', { what: 'what.order' });
      publishBoard(ctx(), { type: 'focus', orgId: a.orgId, projectId: o.project_id, orderId: o.id, action: 'focus', version: o.version, actorId: a.userId, actorName: a.displayName });
      return { ok: true };
    },
  );

  // Before creating: open orders this call may be about (same unit or caller in the category, or similar text).
  app.get(
    '/api/orders/similar',
    { config: access('contacts.write', 'project'),
      schema: {
        tags: ['orders'],
        summary: '建单前查重：同一房屋/来电人同类未结工单、相似描述 Similar open orders',
        querystring: z.object({ projectId: idStr.optional(), unitId: idStr.optional(), partyId: idStr.optional(), category: z.string().max(40).optional(), text: z.string().trim().max(2000).optional() }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'contacts.write');
      if (req.query.projectId) authorize(a, 'contacts.write', { projectId: req.query.projectId });
      const found = await similarOpenOrders(db(), ctx(), a, req.query);
      return { items: found.map((x) => ({ ...orderOutFor(a, x.row), reasons: x.reasons, similarity: x.similarity })) };
    },
  );

  // 催单: the customer chases an open order.
  app.post(
    '/api/orders/:id/chase',
    { config: access('contacts.write', 'project'),
      schema: { tags: ['orders'], summary: '催单：计数、优先级升一级、通知处理人 Chase an order', params: idParam, body: z.object({ note: z.string().trim().max(500).optional(), expectedVersion: z.number().int().min(0).optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'contacts.write');
      const row = await orderQuery(db(), ctx().store.dialect, a, {}).where('o.id', '=', req.params.id).executeTakeFirst();
      if (!row) {
        const exists = await db().selectFrom('work_orders').select('id').where('id', '=', req.params.id).where('org_id', '=', a.orgId).executeTakeFirst();
        throw exists ? new AppError(403, 'auth.out_of_scope') : new AppError(404, 'not_found', { what: 'what.order' });
      }
      if (!decide(a, 'contacts.write', { projectId: row.project_id }).allowed) throw new AppError(403, 'auth.out_of_scope');
      await db().transaction().execute((trx) => noteOnOrder(ctx(), trx, a, row.id, { chase: true, note: req.body.note ?? null, expectedVersion: req.body.expectedVersion }));
      await publishOrder(ctx(), row.id, 'chase', a);
      const after = await orderQuery(db(), ctx().store.dialect, a, {}).where('o.id', '=', row.id).executeTakeFirstOrThrow();
      return orderOutFor(a, after as OrderRow);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { authorize, projectFilter, type Actor } from '../auth/permissions';
import { KPI_TARGETS, localDays, onTimeRate, ratio, satisfaction, type KpiValue, type SlaTargetRecord } from './kpi';
import { SLA_TARGETS } from '../sla';
import { access } from '../auth/access';

export interface KpiRange {
  from: string;
  to: string;
  projectId?: string;
}

/** Other modules (billing, workforce planning) contribute their KPIs for a range. */
export type KpiProvider = (ctx: AppContext, actor: Actor, range: KpiRange) => Promise<KpiValue[]>;
export const kpiProviders: KpiProvider[] = [];

const iso = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'validation.date' });

/** The desk's raw material for a range, fetched once and bucketed in memory. */
export async function deskRows(ctx: AppContext, actor: Actor, r: KpiRange) {
  const db = ctx.store.db;
  const pf = projectFilter(actor);
  const scope = <T extends { where: any }>(q: T, col: string): T => {
    let x: any = q;
    if (pf) x = x.where(col, 'in', pf.length ? pf : ['']);
    if (r.projectId) x = x.where(col, '=', r.projectId);
    return x;
  };
  const contactsQ = scope(db.selectFrom('contacts').select(['id', 'occurred_at', 'handled_on_spot']).where('org_id', '=', actor.orgId).where('occurred_at', '>=', r.from).where('occurred_at', '<', r.to), 'project_id').execute();
  const closedQ = scope(
    db
      .selectFrom('work_orders as o')
      .select(['o.id', 'o.number', 'o.kind', 'o.closed_at', (eb) => eb.exists(eb.selectFrom('return_visits as v').select('v.id').whereRef('v.order_id', '=', 'o.id').where('v.status', '=', 'done')).as('visited')])
      .where('o.org_id', '=', actor.orgId)
      .where('o.state', '=', 'closed')
      .where('o.closed_at', '>=', r.from)
      .where('o.closed_at', '<', r.to),
    'o.project_id',
  ).execute();
  const visitsQ = scope(
    db
      .selectFrom('return_visits as v')
      .innerJoin('work_orders as o', 'o.id', 'v.order_id')
      .select(['v.id', 'v.visited_at', 'v.outcome', 'v.score_quality', 'o.number'])
      .where('v.org_id', '=', actor.orgId)
      .where('v.status', '=', 'done')
      .where('v.visited_at', '>=', r.from)
      .where('v.visited_at', '<', r.to),
    'o.project_id',
  ).execute();
  const complaintsInQ = scope(db.selectFrom('work_orders').select(['id', 'number', 'created_at']).where('org_id', '=', actor.orgId).where('kind', '=', 'complaint').where('created_at', '>=', r.from).where('created_at', '<', r.to), 'project_id').execute();
  // The on-time rate only looks at targets due in the range: read those from the mirror of
  // sla_json (work_order_sla_targets, one covering index) rather than parsing every order's JSON.
  // Orders created more than 60 days before the range stay out, as they always have.
  const lookback = new Date(Date.parse(r.from) - 60 * 86_400_000).toISOString();
  const slaTargetsQ = scope(
    db
      .selectFrom('work_order_sla_targets')
      .select(['order_id', 'target', 'status', 'deadline'])
      .where('org_id', '=', actor.orgId)
      .where('deadline', '>=', r.from)
      .where('deadline', '<', r.to)
      .where('order_created_at', '>=', lookback)
      .where('order_created_at', '<', r.to),
    'project_id',
  ).execute();
  // Issued together: on PostgreSQL they run side by side on the pool (SQLite answers in turn anyway).
  const [contacts, closed, visits, complaintsIn, slaTargets] = await Promise.all([contactsQ, closedQ, visitsQ, complaintsInQ, slaTargetsQ]);
  return {
    contacts,
    closed: closed.map((c) => ({ ...c, visited: !!Number(c.visited) || c.visited === true })),
    visits,
    complaintsIn,
    sla: slaByOrder(slaTargets),
  };
}

/** Target rows grouped per order, each order's targets in policy order (as its sla_json lists them). */
function slaByOrder(rows: Array<{ order_id: string; target: string; status: string; deadline: string | null }>) {
  const orders = new Map<string, { id: string; targets: Array<{ target: string; status: string; deadline: string | null }> }>();
  for (const t of rows) {
    let o = orders.get(t.order_id);
    if (!o) orders.set(t.order_id, (o = { id: t.order_id, targets: [] }));
    o.targets.push({ target: t.target, status: t.status, deadline: t.deadline });
  }
  const out = [...orders.values()];
  for (const o of out) if (o.targets.length > 1) o.targets.sort((a, b) => targetRank(a.target) - targetRank(b.target));
  return out;
}

const targetRank = (t: string) => {
  const i = (SLA_TARGETS as readonly string[]).indexOf(t);
  return i < 0 ? SLA_TARGETS.length : i;
};

/** The on-time rate with its per-target parts in policy order (response, dispatch, on site, resolution). */
function onTimeKpi(orders: Array<{ targets: SlaTargetRecord[] }>, r: KpiRange, now: string): KpiValue {
  const k = onTimeRate(orders, r.from, r.to, now);
  k.parts?.sort((a, b) => targetRank(a.label ?? '') - targetRank(b.label ?? ''));
  return k;
}

export function deskKpis(rows: Awaited<ReturnType<typeof deskRows>>, r: KpiRange, now: string): KpiValue[] {
  const inRange = (t: string | null) => !!t && t >= r.from && t < r.to;
  const contacts = rows.contacts.filter((c) => inRange(c.occurred_at));
  const closed = rows.closed.filter((c) => inRange(c.closed_at));
  const visits = rows.visits.filter((v) => inRange(v.visited_at));
  const complaintsIn = rows.complaintsIn.filter((c) => inRange(c.created_at));
  const complaintsClosed = closed.filter((c) => c.kind === 'complaint');
  return [
    ratio('first_contact_resolution', contacts.filter((c) => c.handled_on_spot).length, contacts.length),
    ratio('callback_rate', closed.filter((c) => c.visited).length, closed.length, KPI_TARGETS.callback_rate),
    satisfaction(visits.map((v) => ({ outcome: v.outcome, score: v.score_quality }))),
    ratio('complaint_handling_rate', complaintsClosed.length, complaintsIn.length, KPI_TARGETS.complaint_handling_rate),
    onTimeKpi(rows.sla, r, now),
  ];
}

/**
 * The one KPI layer: the desk's KPIs and every module provider's, for a scope and range. The
 * dashboard (`/api/kpi`) and the generated reports both call this, so their figures are equal
 * by construction.
 */
export async function computeKpis(ctx: AppContext, actor: Actor, r: KpiRange, now = new Date().toISOString()): Promise<KpiValue[]> {
  // Concurrent: on PostgreSQL the queries overlap on the pool instead of waiting in turn.
  const [rows, extra] = await Promise.all([deskRows(ctx, actor, r), Promise.all(kpiProviders.map((p) => p(ctx, actor, r)))]);
  return [...deskKpis(rows, r, now), ...extra.flat()];
}

/** Dashboard KPIs (DESIGN.md §4) with daily trends and the records behind each figure. */
export async function reportRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const query = z.object({ from: iso, to: iso, projectId: z.string().max(40).optional() });

  app.get('/api/kpi', { config: access('reports.read', 'project'), schema: { tags: ['reports'], summary: '关键指标（含分子分母）KPIs with numerators and denominators', querystring: query } }, async (req) => {
    const a = authorize(req.actor, 'reports.read');
    const r = { from: new Date(req.query.from).toISOString(), to: new Date(req.query.to).toISOString(), projectId: req.query.projectId };
    if (r.from >= r.to) throw new AppError(400, 'reports.bad_range');
    return { from: r.from, to: r.to, kpis: await computeKpis(app.ctx, a, r) };
  });

  app.get(
    '/api/kpi/trend',
    { config: access('reports.read', 'project'), schema: { tags: ['reports'], summary: '指标日趋势 Daily KPI trend', querystring: query } },
    async (req) => {
      const a = authorize(req.actor, 'reports.read');
      const r = { from: new Date(req.query.from).toISOString(), to: new Date(req.query.to).toISOString(), projectId: req.query.projectId };
      const days = localDays(r.from, r.to);
      if (!days.length || days.length > 370) throw new AppError(400, 'reports.bad_range');
      const rows = await deskRows(app.ctx, a, r);
      const now = new Date().toISOString();
      const volume = (day: { from: string; to: string }) => ({
        contacts: rows.contacts.filter((c) => c.occurred_at >= day.from && c.occurred_at < day.to).length,
        closedOrders: rows.closed.filter((c) => c.closed_at! >= day.from && c.closed_at! < day.to).length,
        visits: rows.visits.filter((v) => v.visited_at! >= day.from && v.visited_at! < day.to).length,
      });
      return {
        days: days.map((d) => ({ day: d.day, ...volume(d), kpis: deskKpis(rows, { ...r, from: d.from, to: d.to }, now).map((k) => ({ code: k.code, value: k.value, numerator: k.numerator, denominator: k.denominator })) })),
      };
    },
  );

  app.get(
    '/api/kpi/:code/records',
    { config: access('reports.read', 'project'), schema: { tags: ['reports'], summary: '指标明细（钻取）Records behind a KPI', params: z.object({ code: z.enum(['first_contact_resolution', 'callback_rate', 'satisfaction', 'complaint_handling_rate', 'on_time_rate']) }), querystring: query } },
    async (req) => {
      const a = authorize(req.actor, 'reports.read');
      const r = { from: new Date(req.query.from).toISOString(), to: new Date(req.query.to).toISOString(), projectId: req.query.projectId };
      const rows = await deskRows(app.ctx, a, r);
      switch (req.params.code) {
        case 'first_contact_resolution':
          return { records: rows.contacts.map((c) => ({ id: c.id, at: c.occurred_at, counted: !!c.handled_on_spot })) };
        case 'callback_rate':
          return { records: rows.closed.map((c) => ({ id: c.id, number: c.number, at: c.closed_at, counted: c.visited })) };
        case 'satisfaction':
          return { records: rows.visits.map((v) => ({ id: v.id, number: v.number, at: v.visited_at, outcome: v.outcome, counted: v.outcome === 'satisfied' })) };
        case 'complaint_handling_rate':
          return { records: rows.complaintsIn.map((c) => ({ id: c.id, number: c.number, at: c.created_at, counted: rows.closed.some((x) => x.id === c.id) })) };
        default: {
          const now = new Date().toISOString();
          const due = rows.sla.map((o) => ({ id: o.id, kpi: onTimeRate([o], r.from, r.to, now) })).filter((o) => o.kpi.denominator > 0);
          const numbers = new Map<string, string>();
          for (let i = 0; i < due.length; i += 500) {
            const ids = due.slice(i, i + 500).map((o) => o.id);
            for (const o of await app.ctx.store.db.selectFrom('work_orders').select(['id', 'number']).where('id', 'in', ids).execute()) numbers.set(o.id, o.number);
          }
          return { records: due.map((o) => ({ id: o.id, number: numbers.get(o.id) ?? null, counted: o.kpi.numerator === 1, targets: o.kpi.parts })) };
        }
      }
    },
  );
}

/**
 * KPI providers for billing and inspections, plugged into the one KPI layer (`computeKpis`), so
 * the dashboard and the reports show the same collection and inspection figures.
 */
import type { AppContext } from '../../core/context';
import type { Actor } from '../auth/permissions';
import { collectionReport } from '../billing/core';
import { loadReceivables } from '../billing/reports';
import { KPI_TARGETS, ratio, type KpiValue } from './kpi';
import type { KpiRange } from './routes';

const OFFSET_MS = 8 * 3600_000;
const localDay = (iso: string) => new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 10);

/** The projects a range covers for this caller: the one asked for, else all the caller may see. */
export async function scopeProjects(ctx: AppContext, actor: Actor, r: KpiRange): Promise<string[]> {
  if (actor.projectIds !== 'all') return r.projectId ? actor.projectIds.filter((p) => p === r.projectId) : [...actor.projectIds];
  if (r.projectId) return [r.projectId];
  return (await ctx.store.db.selectFrom('projects').select('id').where('org_id', '=', actor.orgId).execute()).map((p) => p.id);
}

/** The billing months (account_month) a range covers, in Shanghai local time. */
export function monthsOf(r: { from: string; to: string }): { fromMonth: string; toMonth: string } {
  return { fromMonth: localDay(r.from).slice(0, 7), toMonth: localDay(new Date(Date.parse(r.to) - 1).toISOString()).slice(0, 7) };
}

/**
 * Collection rate 收费率 and household collection rate 户收费率 of the bills for the range's
 * account months, counting what was received by the end of the range (DESIGN.md §4).
 */
export async function billingKpis(ctx: AppContext, actor: Actor, r: KpiRange): Promise<KpiValue[]> {
  const projectIds = await scopeProjects(ctx, actor, r);
  const { fromMonth, toMonth } = monthsOf(r);
  const records = await loadReceivables(ctx.store.db, actor.orgId, { projectIds, fromMonth, toMonth });
  if (!records.length) return [ratio('collection_rate', 0, 0, KPI_TARGETS.collection_rate), ratio('household_collection_rate', 0, 0)];
  const cutoff = localDay(new Date(Date.parse(r.to) - 1).toISOString());
  const { total } = collectionReport(records, { groupBy: [], cutoff, fromMonth, toMonth });
  return [
    ratio('collection_rate', total.receivedFen, total.receivableFen, KPI_TARGETS.collection_rate),
    ratio('household_collection_rate', total.unitsBilled - total.unitsInArrears, total.unitsBilled),
  ];
}

/**
 * Inspection timeliness 巡检及时率 (rounds started in the range done on time / rounds decided) and
 * hazard closure 隐患整改率 (hazards closed in the range / hazards found in the range).
 */
export async function inspectionKpis(ctx: AppContext, actor: Actor, r: KpiRange): Promise<KpiValue[]> {
  const projectIds = await scopeProjects(ctx, actor, r);
  const ids = projectIds.length ? projectIds : [''];
  const db = ctx.store.db;
  const tasks = await db
    .selectFrom('inspection_tasks')
    .select(['status', 'timeliness'])
    .where('org_id', '=', actor.orgId)
    .where('project_id', 'in', ids)
    .where('planned_start', '>=', r.from)
    .where('planned_start', '<', r.to)
    .execute();
  const decided = tasks.filter((t) => t.status === 'completed' || t.status === 'missed');
  const hazardsIn = await db.selectFrom('work_orders').select(({ fn }) => fn.countAll<number>().as('n')).where('org_id', '=', actor.orgId).where('project_id', 'in', ids).where('kind', '=', 'hazard').where('created_at', '>=', r.from).where('created_at', '<', r.to).executeTakeFirst();
  const hazardsClosed = await db.selectFrom('work_orders').select(({ fn }) => fn.countAll<number>().as('n')).where('org_id', '=', actor.orgId).where('project_id', 'in', ids).where('kind', '=', 'hazard').where('state', '=', 'closed').where('closed_at', '>=', r.from).where('closed_at', '<', r.to).executeTakeFirst();
  return [
    ratio('inspection_on_time_rate', decided.filter((t) => t.timeliness === 'on_time').length, decided.length),
    ratio('hazard_closure_rate', Number(hazardsClosed?.n ?? 0), Number(hazardsIn?.n ?? 0)),
  ];
}

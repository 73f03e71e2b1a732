import type { AppContext } from '../../core/context';
import { projectFilter, type Actor } from '../auth/permissions';
import { ratio, type KpiValue } from '../reports/kpi';
import type { KpiRange } from '../reports/routes';

/**
 * 催单率: chasers per order created in the range (shown as per 100 orders). A customer who has to
 * chase is a service failure even when the SLA is met, so it sits beside the on-time rate.
 */
export async function chaseKpis(ctx: AppContext, actor: Actor, r: KpiRange): Promise<KpiValue[]> {
  const db = ctx.store.db;
  const pf = projectFilter(actor);
  let orders = db.selectFrom('work_orders').select((eb) => eb.fn.countAll().as('n')).where('org_id', '=', actor.orgId).where('created_at', '>=', r.from).where('created_at', '<', r.to);
  let chases = db
    .selectFrom('work_order_events as e')
    .innerJoin('work_orders as o', 'o.id', 'e.order_id')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('e.org_id', '=', actor.orgId)
    .where('e.action', '=', 'chase')
    .where('e.at', '>=', r.from)
    .where('e.at', '<', r.to);
  if (pf) {
    orders = orders.where('project_id', 'in', pf.length ? pf : ['']);
    chases = chases.where('o.project_id', 'in', pf.length ? pf : ['']);
  }
  if (r.projectId) {
    orders = orders.where('project_id', '=', r.projectId);
    chases = chases.where('o.project_id', '=', r.projectId);
  }
  const [o, c] = await Promise.all([orders.executeTakeFirst(), chases.executeTakeFirst()]);
  return [ratio('chase_rate', Number(c?.n ?? 0), Number(o?.n ?? 0))];
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, projectFilter } from '../auth/permissions';
import { access } from '../auth/access';

/** Per-staff statistics, computed from the append-only event log. */
export async function statsRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;
  const iso = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'validation.date' });

  app.get(
    '/api/orders/stats/staff',
    { config: access('reports.read', 'project'), schema: { tags: ['orders'], summary: '人员工作量统计（来自事件日志）Per-staff statistics from the event log', querystring: z.object({ from: iso, to: iso, projectId: z.string().max(40).optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'reports.read');
      let q = db()
        .selectFrom('work_order_events as e')
        .innerJoin('work_orders as o', 'o.id', 'e.order_id')
        .innerJoin('users as u', 'u.id', 'e.actor_id')
        .select(['e.actor_id', 'u.display_name', 'u.role', 'e.action', (eb) => eb.fn.countAll().as('n')])
        .where('e.org_id', '=', a.orgId)
        .where('e.at', '>=', req.query.from)
        .where('e.at', '<', req.query.to)
        .groupBy(['e.actor_id', 'u.display_name', 'u.role', 'e.action']);
      const pf = projectFilter(a);
      if (pf) q = q.where('o.project_id', 'in', pf.length ? pf : ['']);
      if (req.query.projectId) q = q.where('o.project_id', '=', req.query.projectId);
      const rows = await q.execute();
      const staff = new Map<string, { userId: string; name: string; role: string; actions: Record<string, number>; total: number }>();
      for (const r of rows) {
        const s = staff.get(r.actor_id!) ?? { userId: r.actor_id!, name: r.display_name, role: r.role, actions: {}, total: 0 };
        s.actions[r.action] = Number(r.n);
        s.total += Number(r.n);
        staff.set(r.actor_id!, s);
      }
      return { from: req.query.from, to: req.query.to, staff: [...staff.values()].sort((x, y) => y.total - x.total) };
    },
  );
}

import type { AppContext } from '../../core/context';
import { projectFilter, type Actor } from '../auth/permissions';
import { ratio, type KpiValue } from '../reports/kpi';
import type { KpiRange } from '../reports/routes';

/**
 * QA pass rate 质检合格率 = released evaluations that passed / released evaluations scored in the
 * range (calibration scores never count). Target 97.5 % from the source documents.
 */
export async function qualityKpis(ctx: AppContext, actor: Actor, r: KpiRange): Promise<KpiValue[]> {
  if (actor.role === 'resident') return [];
  const pf = projectFilter(actor);
  let q = ctx.store.db.selectFrom('quality_evaluations').select(['passed']).where('org_id', '=', actor.orgId).where('notified_at', 'is not', null).where('scored_at', '>=', r.from).where('scored_at', '<', r.to);
  if (pf) q = q.where('project_id', 'in', pf.length ? [...pf] : ['']);
  if (r.projectId) q = q.where('project_id', '=', r.projectId);
  const rows = await q.execute();
  if (!rows.length) return [];
  return [{ ...ratio('qa_pass_rate', rows.filter((x) => x.passed === 1).length, rows.length, 0.975), label: 'passed / evaluations released' }];
}

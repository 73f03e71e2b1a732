import type { AppContext } from '../../core/context';
import type { Actor } from '../auth/permissions';
import { queueStatistics } from '../wfm/service';
import { KPI_TARGETS, ratio, type KpiValue } from './kpi';
import type { KpiRange } from './routes';

/** Local calendar date (Asia/Shanghai) of an instant, for the day-based call statistics. */
function localDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Answer rate 接通率 and service level from the call history of every queue, summed over whole
 * local days of the range: answered / offered, and answered within T / offered (abandoners count
 * as failures — the default definition, stated with the figure).
 */
export async function wfmKpis(ctx: AppContext, actor: Actor, r: KpiRange): Promise<KpiValue[]> {
  const queues = await ctx.store.db.selectFrom('wfm_queues').selectAll().where('org_id', '=', actor.orgId).execute();
  if (!queues.length) return [];
  let offered = 0;
  let answered = 0;
  let within = 0;
  const thresholds = new Set<number>();
  for (const q of queues) {
    const s = await queueStatistics(ctx.store, q as any, { from: localDate(r.from), to: localDate(new Date(Date.parse(r.to) - 1).toISOString()), intervalMinutes: 60, rollUp: 'day' });
    offered += s.totals.offered;
    answered += s.totals.answered;
    within += s.totals.answeredWithinT;
    thresholds.add(s.definitions.slThresholdSeconds);
  }
  const t = [...thresholds].join('/');
  return [
    { ...ratio('answer_rate', answered, offered, KPI_TARGETS.answer_rate), label: 'answered / offered' },
    { ...ratio('service_level', within, offered, KPI_TARGETS.service_level), label: `answered within ${t} s / offered` },
  ];
}

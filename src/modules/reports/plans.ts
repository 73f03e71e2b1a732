/**
 * Plans and targets (工作计划): targets on any KPI code per organisation / project and period,
 * free-text plan items with an owner, a due date and a status, and plan vs actual.
 */
import type { AppContext } from '../../core/context';
import { KPI_TARGETS, type KpiValue } from './kpi';
import { targetGap, targetMet, type TargetRule } from './narrative';
import { enclosingPeriods, parsePeriod, type Period } from './period';

export interface ResolvedTarget extends TargetRule {
  code: string;
  /** Where it comes from: the period it was set on, or the seed defaults of DESIGN.md §4. */
  source: string;
  projectId: string | null;
}

export interface PlanVsActual {
  code: string;
  value: number | null;
  numerator: number;
  denominator: number;
  target: ResolvedTarget | null;
  /** Positive = better than the target (in ratio units); null without data or target. */
  gap: number | null;
  met: boolean | null;
}

/** Pure: match each KPI with its target. */
export function planVsActual(kpis: readonly KpiValue[], targets: readonly ResolvedTarget[]): PlanVsActual[] {
  const byCode = new Map(targets.map((t) => [t.code, t]));
  return kpis.map((k) => {
    const t = byCode.get(k.code) ?? null;
    return { code: k.code, value: k.value, numerator: k.numerator, denominator: k.denominator, target: t, gap: t ? targetGap(k.value, t) : null, met: t ? targetMet(k.value, t) : null };
  });
}

/**
 * The targets that apply to a scope and period: the most specific wins — the project's before the
 * organisation's, the month's before its quarter's before its year's — then the seed defaults.
 */
export async function resolveTargets(ctx: AppContext, orgId: string, projectId: string | null, p: Period) {
  const periods = enclosingPeriods(p);
  const scopes = projectId ? [projectId, ''] : [''];
  const rows = await ctx.store.db.selectFrom('report_targets').selectAll().where('org_id', '=', orgId).where('period', 'in', periods).where('project_id', 'in', scopes).execute();
  const rank = (r: { project_id: string; period: string }) => scopes.indexOf(r.project_id) * 10 + periods.indexOf(r.period);
  const best = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const cur = best.get(r.kpi_code);
    if (!cur || rank(r) < rank(cur)) best.set(r.kpi_code, r);
  }
  const targets: ResolvedTarget[] = [...best.values()].map((r) => ({ code: r.kpi_code, op: r.op, threshold: Number(r.threshold), source: r.period, projectId: r.project_id || null }));
  for (const [code, threshold] of Object.entries(KPI_TARGETS)) if (!best.has(code)) targets.push({ code, op: '>=', threshold: threshold!, source: 'default', projectId: null });
  targets.sort((a, b) => a.code.localeCompare(b.code));
  const items = await planItems(ctx, orgId, projectId, p.code);
  const nextItems = await planItems(ctx, orgId, projectId, nextPeriodCode(p));
  return { targets, items, nextItems };
}

export function nextPeriodCode(p: Period): string {
  if (p.kind === 'year') return String(p.year + 1);
  if (p.kind === 'quarter') {
    const q = Number(p.code.slice(-1));
    return q === 4 ? `${p.year + 1}-Q1` : `${p.year}-Q${q + 1}`;
  }
  const m = Number(p.code.slice(5, 7));
  return m === 12 ? `${p.year + 1}-01` : `${p.year}-${String(m + 1).padStart(2, '0')}`;
}

async function planItems(ctx: AppContext, orgId: string, projectId: string | null, period: string) {
  parsePeriod(period);
  const rows = await ctx.store.db
    .selectFrom('report_plan_items')
    .select(['title', 'owner_name', 'due_date', 'status'])
    .where('org_id', '=', orgId)
    .where('period', '=', period)
    .where('project_id', 'in', projectId ? [projectId, ''] : [''])
    .where('status', '!=', 'cancelled')
    .orderBy('due_date')
    .orderBy('title')
    .execute();
  return rows.map((r) => ({ title: r.title, owner: r.owner_name, dueDate: r.due_date, status: r.status }));
}

/**
 * Role dashboards (issue 16): each role's own figures against its targets, for a scope and
 * period, with a short trend. Every figure is taken from the one KPI layer (`computeKpis`) — the
 * role-specific ones (及时派单率, 超时工单, 欠费) are read off the same values — so the dashboard and
 * the reports cannot disagree.
 */
import type { AppContext } from '../../core/context';
import type { Actor } from '../auth/permissions';
import type { Role } from '../auth/schema';
import { withDerived, type KpiValue } from './kpi';
import { kpiKind, type KpiKind } from './kpiFormat';
import { targetGap, targetMet } from './narrative';
import { parsePeriod, previousPeriod, type Period } from './period';
import { resolveTargets, type ResolvedTarget } from './plans';
import { computeKpis } from './routes';

const HEADLINE = ['answer_rate', 'service_level', 'first_contact_resolution', 'callback_rate', 'satisfaction', 'complaint_handling_rate', 'on_time_rate', 'chase_rate', 'collection_rate', 'household_collection_rate'];

/** The KPIs each role is measured on (DESIGN.md §2 roles; the source documents' appraisal items). */
export const ROLE_KPIS: Record<Role, readonly string[]> = {
  admin: HEADLINE,
  manager: HEADLINE,
  supervisor: HEADLINE,
  agent: ['answer_rate', 'first_contact_resolution', 'callback_rate'],
  front_desk: ['answer_rate', 'first_contact_resolution', 'callback_rate'],
  dispatcher: ['on_time_rate.dispatch', 'overdue_orders', 'chase_rate'],
  collector: ['collection_rate', 'household_collection_rate', 'arrears'],
  qa: ['qa_pass_rate'],
  inspector: ['inspection_on_time_rate', 'hazard_closure_rate'],
  technician: ['on_time_rate'],
  resident: [],
};

/** Within this many ratio units of a missed target a figure is "near" (amber), not "missed" (red). */
export const NEAR_GAP = 0.02;

export type Tone = 'met' | 'near' | 'missed' | 'none';

export function toneOf(value: number | null, t: ResolvedTarget | null): Tone {
  if (value === null || !t) return 'none';
  if (targetMet(value, t)) return 'met';
  const gap = targetGap(value, t)!;
  return -gap <= NEAR_GAP + 1e-9 ? 'near' : 'missed';
}

export interface RoleKpi {
  code: string;
  kind: KpiKind;
  value: number | null;
  numerator: number;
  denominator: number;
  target: ResolvedTarget | null;
  gap: number | null;
  met: boolean | null;
  tone: Tone;
  /** Oldest first, ending with this period. */
  trend: Array<{ period: string; value: number | null }>;
}

const TREND_PERIODS = 6;

/**
 * Figures of periods already over, kept for a few minutes: a role's home asks for the same five
 * closed months on every visit, and they only move when late data arrives. Keyed by organisation,
 * the caller's project scope and the requested project, so nobody is served another scope's figures.
 */
const CLOSED_TTL_MS = 5 * 60_000;
const closedCache = new Map<string, { at: number; kpis: KpiValue[] }>();

async function periodKpis(ctx: AppContext, actor: Actor, x: Period, projectId: string | null, now: string): Promise<KpiValue[]> {
  const closed = x.to <= now;
  const key = `${actor.orgId}|${actor.projectIds === 'all' ? '*' : [...actor.projectIds].sort().join(',')}|${projectId ?? ''}|${x.code}`;
  const hit = closed ? closedCache.get(key) : undefined;
  if (hit && Date.now() - hit.at < CLOSED_TTL_MS) return hit.kpis;
  const kpis = withDerived(await computeKpis(ctx, actor, { from: x.from, to: x.to, ...(projectId ? { projectId } : {}) }, now));
  if (closed) {
    if (closedCache.size > 500) closedCache.clear();
    closedCache.set(key, { at: Date.now(), kpis });
  }
  return kpis;
}

/** Plan vs actual of a role's KPIs for a scope and period, with the values of the periods before. */
export async function rolePlanVsActual(ctx: AppContext, actor: Actor, role: Role, period: string, projectId: string | null, now = new Date().toISOString()) {
  const codes = ROLE_KPIS[role] ?? [];
  const p = parsePeriod(period);
  const scope = projectId ? { projectId } : {};
  const periods: Period[] = [p];
  while (periods.length < TREND_PERIODS) periods.unshift(previousPeriod(periods[0]));
  // Periods that have not started yet have nothing to show.
  const shown = periods.filter((x) => x.from <= now);
  const values = new Map<string, KpiValue[]>();
  // The asked period is always computed afresh (it equals /api/reports/targets); earlier ones may come from the cache.
  if (codes.length) for (const x of shown) values.set(x.code, x.code === p.code ? withDerived(await computeKpis(ctx, actor, { from: x.from, to: x.to, ...scope }, now)) : await periodKpis(ctx, actor, x, projectId, now));
  const { targets } = await resolveTargets(ctx, actor.orgId, projectId, p);
  const current = values.get(p.code) ?? [];
  const kpis: RoleKpi[] = codes.map((code) => {
    const k = current.find((x) => x.code === code);
    const value = k?.value ?? null;
    // Targets are ratios; counts and money are shown without one.
    const t = kpiKind(code) === 'rate' ? (targets.find((x) => x.code === code) ?? null) : null;
    return {
      code,
      kind: kpiKind(code),
      value,
      numerator: k?.numerator ?? 0,
      denominator: k?.denominator ?? 0,
      target: t,
      gap: t ? targetGap(value, t) : null,
      met: t ? targetMet(value, t) : null,
      tone: toneOf(value, t),
      trend: shown.map((x) => ({ period: x.code, value: values.get(x.code)?.find((y) => y.code === code)?.value ?? null })),
    };
  });
  return { role, period: p.code, from: p.from, to: p.to, projectId, kpis };
}

/**
 * Fidelity of Erlang C / Erlang A on observed intervals: predict each interval's service level
 * from its own arrivals, AHT, agents on duty and (Erlang A) estimated patience, and compare
 * with what was observed.
 */
import { queueMeasures } from './erlang';
import { requiredAgents } from './staffing';
import type { IntervalStat } from './intervals';
import type { QueueLoad, QueueMeasures, SlDefinition, SlSpec } from './types';

export interface FidelityOptions {
  /** Keep intervals with at least this many offered calls (default 20). */
  minOffered?: number;
  /** Weekdays to keep (0 = Sunday); default all. */
  weekdays?: number[];
  /**
   * Pseudo-abandonments that shrink each interval's patience estimate toward the pooled one:
   * patience = (queue time + k·pooled) / (abandons + k). Default 5.
   */
  patiencePrior?: number;
  /**
   * Agents on duty per interval; default the distinct agents with talk time. May be fractional
   * (time-weighted presence): the prediction then interpolates linearly between ⌊n⌋ and ⌈n⌉,
   * as if the extra agent were there for that share of the interval.
   */
  agentsOf?: (s: IntervalStat) => number;
}

export interface FidelityRow {
  date: string;
  start: string;
  offered: number;
  /** Agents fed to the models (see `agentsOf`). */
  agents: number;
  /** Distinct agents with talk time, for comparison. */
  distinctAgents: number;
  ahtSeconds: number;
  patienceSeconds: number;
  offeredLoad: number;
  observedSl: number;
  erlangCSl: number;
  erlangASl: number;
  observedAbandonment: number;
  erlangAAbandonment: number;
  observedAsa: number;
  erlangCAsa: number;
  erlangAAsa: number;
  /** Fractional agents at which Erlang A reproduces the observed SL (the reverse question). */
  impliedAgentsA: number;
}

export interface ErrorSummary {
  n: number;
  /** Mean of predicted − observed (bias). */
  mean: number;
  median: number;
  /** Median of |error|. */
  medianAbs: number;
  mae: number;
  rmse: number;
  p10: number;
  p25: number;
  p75: number;
  p90: number;
  /** Share of intervals with |error| ≤ 0.05 and ≤ 0.10. */
  within005: number;
  within010: number;
}

/** Quantile by linear interpolation of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Distribution summary of errors (predicted − observed). */
export function summarizeErrors(errors: readonly number[]): ErrorSummary {
  const s = errors.filter(Number.isFinite).sort((a, b) => a - b);
  const n = s.length;
  const mean = s.reduce((a, b) => a + b, 0) / n;
  return {
    n, mean, median: quantile(s, 0.5), medianAbs: quantile(s.map(Math.abs).sort((a, b) => a - b), 0.5),
    mae: s.reduce((a, b) => a + Math.abs(b), 0) / n,
    rmse: Math.sqrt(s.reduce((a, b) => a + b * b, 0) / n),
    p10: quantile(s, 0.1), p25: quantile(s, 0.25), p75: quantile(s, 0.75), p90: quantile(s, 0.9),
    within005: s.filter((e) => Math.abs(e) <= 0.05).length / n,
    within010: s.filter((e) => Math.abs(e) <= 0.1).length / n,
  };
}

type Measures = Pick<QueueMeasures, 'serviceLevel' | 'abandonment' | 'asa' | 'offeredLoad'>;

/** Queue measures for a possibly fractional agent count (linear between the neighbouring integers). */
export function measuresAt(load: QueueLoad, agents: number, sl: SlSpec): Measures {
  const lo = Math.floor(agents);
  const w = agents - lo;
  const a = queueMeasures(load, lo, sl);
  if (w === 0) return a;
  const b = queueMeasures(load, lo + 1, sl);
  const mix = (x: number, y: number) => (Number.isFinite(x) && Number.isFinite(y) ? x + (y - x) * w : x === y ? x : Infinity);
  return { serviceLevel: mix(a.serviceLevel, b.serviceLevel), abandonment: mix(a.abandonment, b.abandonment), asa: mix(a.asa, b.asa), offeredLoad: a.offeredLoad };
}

/** Per-interval observed vs. Erlang C / Erlang A predictions (SL per the stats' own definition). */
export function erlangFidelity(stats: readonly IntervalStat[], options: FidelityOptions = {}): FidelityRow[] {
  const minOffered = options.minOffered ?? 20;
  const weekdays = options.weekdays ? new Set(options.weekdays) : null;
  const k = options.patiencePrior ?? 5;
  const agentsOf = options.agentsOf ?? ((s: IntervalStat) => s.agentsOnDuty);
  const keep = stats.filter((s) => {
    if (s.offered < minOffered || !(agentsOf(s) >= 1) || s.answered < 1) return false;
    if (weekdays && !weekdays.has(new Date(`${s.date}T00:00:00Z`).getUTCDay())) return false;
    return true;
  });
  const pooledAbandons = keep.reduce((a, s) => a + s.abandoned, 0);
  const pooledExposure = keep.reduce((a, s) => a + s.waitAllSeconds, 0);
  const pooledPatience = pooledAbandons > 0 ? pooledExposure / pooledAbandons : Infinity;
  return keep.map((s) => {
    const intervalSeconds = s.intervalMinutes * 60;
    const aht = s.aht as number;
    // Without a prior (k = 0) an hour with no abandonments has no estimate of its own: use the pooled one.
    const patience = !Number.isFinite(pooledPatience) ? Infinity : s.abandoned + k > 0 ? (s.waitAllSeconds + k * pooledPatience) / (s.abandoned + k) : pooledPatience;
    const sl = { thresholdSeconds: s.slThresholdSeconds, definition: s.slDefinition as SlDefinition };
    const agents = agentsOf(s);
    const c = measuresAt({ calls: s.offered, intervalSeconds, ahtSeconds: aht }, agents, sl);
    const a = measuresAt({ calls: s.offered, intervalSeconds, ahtSeconds: aht, patienceSeconds: patience }, agents, sl);
    return {
      date: s.date, start: s.start, offered: s.offered, agents, distinctAgents: s.agentsOnDuty, ahtSeconds: aht, patienceSeconds: patience,
      offeredLoad: c.offeredLoad, observedSl: s.serviceLevel as number, erlangCSl: c.serviceLevel, erlangASl: a.serviceLevel,
      observedAbandonment: s.abandonmentRate as number, erlangAAbandonment: a.abandonment,
      observedAsa: s.asa as number, erlangCAsa: c.asa, erlangAAsa: a.asa,
      impliedAgentsA: (s.serviceLevel as number) < 1
        ? requiredAgents({ calls: s.offered, intervalSeconds, ahtSeconds: aht, patienceSeconds: patience }, { serviceLevel: { target: s.serviceLevel as number, thresholdSeconds: sl.thresholdSeconds, definition: sl.definition } }).agentsFractional
        : NaN,
    };
  });
}

/**
 * Availability learned from history (在岗可用率校准): of the agents present, the share that
 * effectively serves the queue.
 *
 * Presence counts an agent from the first to the last call of a stretch, but an agent on duty is not
 * always available to the queue (other work, skills the waiting calls do not need, a break shorter
 * than the idle threshold), and presence itself is measured with error. Each past hour says how many
 * agents Erlang A needs to reproduce what was observed (`impliedAgentsA`); the log ratio to presence
 * is modelled as a clock-hour effect plus an elasticity on presence ÷ distinct agents — the hour's
 * second, independent count of who worked: where presence is low beside it (many short stretches),
 * the stretches cut on-duty time and the model leans toward the distinct count, and the other way
 * round. Learned from outcomes, so only ever scored out of sample: each month (or, with a single
 * month, each week) is predicted from a model fitted on the others.
 */
import { erlangFidelity, quantile } from './fidelity';
import type { IntervalStat } from './intervals';
import { adaptivePresence, idleThresholdFromGaps, withinAgentGaps, type ServiceSpan } from './presence';

/** Tail probability of an on-duty agent's idle gap that ends a stretch (the fidelity report's). */
export const PRESENCE_TAIL = 0.01;

export interface AvailabilityModel {
  /** Availability at the typical presence ÷ distinct ratio, any clock hour. */
  overall: number;
  /** Availability per clock hour ("HH:MM") at the typical ratio, shrunk toward `overall`. */
  byStart: Map<string, number>;
  /** Elasticity of availability on presence ÷ distinct agents (0 when not learned). */
  slope: number;
  /** Median presence ÷ distinct agents over the training hours (the planning default). */
  typicalRatio: number;
  /** Training hours used. */
  hours: number;
  /** log availability = intercept + slope·log(ratio) + hourEffect(start). */
  intercept: number;
  hourEffect: Map<string, number>;
}

export interface AvailabilitySample {
  start: string;
  /** Agents fed to the model (presence). */
  agents: number;
  /** Distinct agents with talk time in the hour; without it the ratio term is left out. */
  distinctAgents?: number;
  /** Agents at which Erlang A reproduces the observed SL. */
  impliedAgentsA: number;
}

export interface LearnOptions {
  /** Pseudo-hours that shrink each clock hour's effect toward none (default 10). */
  shrink?: number;
  /** Learn the elasticity on presence ÷ distinct agents (default true). */
  useRatio?: boolean;
}

const median = (v: readonly number[]) => quantile([...v].sort((a, b) => a - b), 0.5);
const logRatioOf = (agents: number, distinct: number | undefined) => (distinct !== undefined && distinct > 0 ? Math.log(agents / distinct) : 0);

/**
 * Least-absolute-deviation line y ≈ a + b·x by iteratively reweighted least squares. Medians and
 * absolute deviations, because one hour's implied agents swing with its random service level.
 * Without spread in x the slope is 0 and a is the median.
 */
export function ladLine(x: readonly number[], y: readonly number[], iterations = 50): { a: number; b: number } {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  if (n < 3 || x.every((v) => Math.abs(v - mx) < 1e-9)) return { a: median(y), b: 0 };
  let a = 0;
  let b = 0;
  let w = new Array<number>(n).fill(1);
  for (let it = 0; it < iterations; it++) {
    let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (let i = 0; i < n; i++) {
      sw += w[i]; sx += w[i] * x[i]; sy += w[i] * y[i]; sxx += w[i] * x[i] * x[i]; sxy += w[i] * x[i] * y[i];
    }
    const det = sw * sxx - sx * sx;
    if (!(Math.abs(det) > 1e-12)) break;
    b = (sw * sxy - sx * sy) / det;
    a = (sy - b * sx) / sw;
    w = x.map((xi, i) => 1 / Math.max(1e-4, Math.abs(y[i] - a - b * xi)));
  }
  return { a, b };
}

/**
 * Fits log(implied ÷ present) = intercept + slope·log(present ÷ distinct) + hour effect, by
 * backfitting: the line by least absolute deviations on what the hour effects leave, each hour's
 * effect as the median of what the line leaves, shrunk toward none with `shrink` pseudo-hours (an
 * hour seen a few times stays near the overall figure).
 */
export function learnAvailability(samples: readonly AvailabilitySample[], options: LearnOptions | number = {}): AvailabilityModel {
  const { shrink = 10, useRatio = true } = typeof options === 'number' ? { shrink: options } : options;
  const usable = samples.filter((s) => s.agents > 0 && Number.isFinite(s.impliedAgentsA) && s.impliedAgentsA > 0);
  if (usable.length === 0) return { overall: 1, byStart: new Map(), slope: 0, typicalRatio: 1, hours: 0, intercept: 0, hourEffect: new Map() };
  const y = usable.map((s) => Math.log(s.impliedAgentsA / s.agents));
  const x = usable.map((s) => (useRatio ? logRatioOf(s.agents, s.distinctAgents) : 0));
  let line = { a: median(y), b: 0 };
  let effect = new Map<string, number>();
  for (let round = 0; round < 10; round++) {
    line = ladLine(x, y.map((v, i) => v - (effect.get(usable[i].start) ?? 0)));
    const byHour = new Map<string, number[]>();
    usable.forEach((s, i) => {
      const l = byHour.get(s.start) ?? [];
      l.push(y[i] - line.a - line.b * x[i]);
      byHour.set(s.start, l);
    });
    effect = new Map([...byHour].map(([start, r]) => [start, (r.length * median(r)) / (r.length + shrink)]));
  }
  const typicalLog = median(x);
  const at = (start: string | null) => Math.exp(line.a + line.b * typicalLog + (start === null ? 0 : effect.get(start) ?? 0));
  return {
    overall: at(null),
    byStart: new Map([...effect.keys()].map((start) => [start, at(start)])),
    slope: line.b,
    typicalRatio: Math.exp(typicalLog),
    hours: usable.length,
    intercept: line.a,
    hourEffect: effect,
  };
}

/**
 * Availability for a clock hour and, when known, the hour's presence and distinct agents; an hour
 * the model never saw takes no hour effect, and without counts the typical ratio is used.
 */
export function availabilityAt(model: AvailabilityModel, start: string, counts?: { agents: number; distinctAgents?: number }): number {
  const x = counts && counts.distinctAgents !== undefined && counts.distinctAgents > 0 ? logRatioOf(counts.agents, counts.distinctAgents) : Math.log(model.typicalRatio);
  return Math.exp(model.intercept + model.slope * x + (model.hourEffect.get(start) ?? 0));
}

export type FoldKind = 'month' | 'week';

/** Week key (weeks start on Sunday) of a YYYY-MM-DD date. */
export function weekKey(date: string): string {
  const day = Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
  // 1970-01-04 (day 3) was a Sunday.
  const sunday = day - ((day + 4) % 7);
  return new Date(sunday * 86_400_000).toISOString().slice(0, 10);
}

/**
 * How the data is split for out-of-sample scoring: by month when it spans two or more, else by
 * week when it spans two or more, else not at all (nothing to learn from).
 */
export function foldsOf(dates: readonly string[]): { kind: FoldKind; foldOf: (date: string) => string } | null {
  const months = new Set(dates.map((d) => d.slice(0, 7)));
  if (months.size >= 2) return { kind: 'month', foldOf: (d) => d.slice(0, 7) };
  const weeks = new Set(dates.map(weekKey));
  if (weeks.size >= 2) return { kind: 'week', foldOf: weekKey };
  return null;
}

/** One model per fold, each fitted only on the samples of the other folds. */
export function crossFittedAvailability<T extends AvailabilitySample & { date: string }>(samples: readonly T[], foldOf: (date: string) => string, options: LearnOptions | number = {}): Map<string, AvailabilityModel> {
  const folds = [...new Set(samples.map((s) => foldOf(s.date)))].sort();
  return new Map(folds.map((f) => [f, learnAvailability(samples.filter((s) => foldOf(s.date) !== f), options)]));
}

/** Fewest usable hours a queue's history needs before its availability is learned. */
export const MIN_AVAILABILITY_HOURS = 30;

export interface HistoryAvailability {
  /** Hours usable for learning (enough calls, an implied agent count). */
  hours: number;
  /** Null when the history has fewer than MIN_AVAILABILITY_HOURS usable hours. */
  model: AvailabilityModel | null;
  /** Idle threshold (s) drawn from the history's own gaps, as in the fidelity report. */
  idleThresholdSeconds: number;
}

/**
 * Availability learned from a queue's recorded history: hourly statistics and the agents' service
 * spans → presence (traffic-adaptive idle threshold) → the agents Erlang A needs per hour → the
 * model above. The same chain as the fidelity report's headline, for the staffing view.
 */
export function availabilityFromHistory(stats: readonly IntervalStat[], spans: readonly ServiceSpan[], options: { minOffered?: number; patiencePrior?: number } = {}): HistoryAvailability {
  const hourly = stats.filter((s) => s.intervalMinutes === 60);
  const threshold = idleThresholdFromGaps(withinAgentGaps(spans).sort((a, b) => a - b), PRESENCE_TAIL);
  const presence = adaptivePresence(spans, { intervalMinutes: 60, baseThresholdSeconds: threshold, tailProbability: PRESENCE_TAIL }).presence;
  const slotOf = (s: IntervalStat) => Math.floor(Date.parse(`${s.date}T${s.start}:00Z`) / 3_600_000);
  const rows = erlangFidelity(hourly, { minOffered: options.minOffered ?? 20, patiencePrior: options.patiencePrior ?? 5, agentsOf: (s) => presence.get(slotOf(s))?.agentsPresent ?? 0 })
    .filter((r) => Number.isFinite(r.observedSl));
  const hours = rows.filter((r) => Number.isFinite(r.impliedAgentsA) && r.impliedAgentsA > 0).length;
  return { hours, model: hours >= MIN_AVAILABILITY_HOURS ? learnAvailability(rows) : null, idleThresholdSeconds: threshold };
}

/**
 * Availability learned from history (在岗可用率校准): of the agents present, the share that
 * effectively serves the queue, by clock hour.
 *
 * Presence counts an agent from the first to the last call of a stretch, but an agent on duty is not
 * always available to the queue (other work, skills the waiting calls do not need, a break shorter
 * than the idle threshold). Each past hour says how many agents Erlang A needs to reproduce what was
 * observed (`impliedAgentsA`); the ratio to presence, by clock hour, is the availability a planner
 * would apply. It is learned from outcomes, so it is only ever scored out of sample: each month (or,
 * with a single month, each week) is predicted from a model fitted on the others.
 */
import { quantile } from './fidelity';

export interface AvailabilityModel {
  /** Median availability over every training hour. */
  overall: number;
  /** Availability per clock hour ("HH:MM"), shrunk toward `overall`. */
  byStart: Map<string, number>;
  /** Training hours used. */
  hours: number;
}

export interface AvailabilitySample {
  start: string;
  /** Agents fed to the model (presence). */
  agents: number;
  /** Agents at which Erlang A reproduces the observed SL. */
  impliedAgentsA: number;
}

/**
 * Fits availability per clock hour: the median of log(implied ÷ present) per hour, shrunk toward the
 * overall median with `shrink` pseudo-hours (an hour seen a few times stays near the overall figure).
 * Medians, because one hour's implied agents swing with its random service level.
 */
export function learnAvailability(samples: readonly AvailabilitySample[], shrink = 10): AvailabilityModel {
  const usable = samples.filter((s) => s.agents > 0 && Number.isFinite(s.impliedAgentsA) && s.impliedAgentsA > 0);
  if (usable.length === 0) return { overall: 1, byStart: new Map(), hours: 0 };
  const logRatio = (s: AvailabilitySample) => Math.log(s.impliedAgentsA / s.agents);
  const overallLog = quantile(usable.map(logRatio).sort((a, b) => a - b), 0.5);
  const byHour = new Map<string, number[]>();
  for (const s of usable) {
    const l = byHour.get(s.start) ?? [];
    l.push(logRatio(s));
    byHour.set(s.start, l);
  }
  const byStart = new Map<string, number>();
  for (const [start, logs] of byHour) {
    const med = quantile(logs.sort((a, b) => a - b), 0.5);
    byStart.set(start, Math.exp((logs.length * med + shrink * overallLog) / (logs.length + shrink)));
  }
  return { overall: Math.exp(overallLog), byStart, hours: usable.length };
}

/** Availability for a clock hour; the overall figure for an hour the model never saw. */
export function availabilityAt(model: AvailabilityModel, start: string): number {
  return model.byStart.get(start) ?? model.overall;
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
export function crossFittedAvailability<T extends AvailabilitySample & { date: string }>(samples: readonly T[], foldOf: (date: string) => string, shrink = 10): Map<string, AvailabilityModel> {
  const folds = [...new Set(samples.map((s) => foldOf(s.date)))].sort();
  return new Map(folds.map((f) => [f, learnAvailability(samples.filter((s) => foldOf(s.date) !== f), shrink)]));
}

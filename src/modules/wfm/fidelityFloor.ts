/**
 * The noise floor of the hourly fidelity figures: how far a single observed hour can fall from
 * the model even when the model is exactly right. One hour of a queue is one random realisation;
 * its service level scatters around the steady-state value. Here each evaluated hour is replayed
 * as an exact M/M/N+M queue with that hour's inputs, its inputs are re-estimated from the replay
 * the way the report estimates them from the data, and the replay is scored like the data.
 */
import { measuresAt, quantile } from './fidelity';
import type { SlSpec } from './types';

/** Deterministic uniform (0, 1] generator (mulberry32), so a generated report is reproducible. */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return 1 - ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SimulatedHour {
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinT: number;
  /** Σ service time of answered calls (s). */
  talkSeconds: number;
  /** Σ time in queue of all calls (s): the patience exposure. */
  waitAllSeconds: number;
}

/**
 * One interval of an M/M/N+M queue (FCFS, exponential service and patience), preceded by one
 * interval of the same traffic as warm-up so that the interval does not start empty. `calls`
 * arrivals fall uniformly in each interval (a Poisson process given its count). Served in arrival
 * order, a call reaches an agent at the earliest time one is free, or abandons if its patience
 * runs out first; an abandoning call takes no agent time, so that earliest time is exact.
 */
export function simulateInterval(calls: number, agents: number, ahtSeconds: number, patienceSeconds: number, intervalSeconds: number, thresholdSeconds: number, rand: () => number): SimulatedHour {
  const n = Math.max(1, Math.round(agents));
  const exp = (mean: number) => -Math.log(rand()) * mean;
  const arrivals: number[] = [];
  for (let i = 0; i < 2 * calls; i++) arrivals.push((rand() - 0.5) * 2 * intervalSeconds);
  arrivals.sort((x, y) => x - y);
  const free = new Array<number>(n).fill(-intervalSeconds);
  const out: SimulatedHour = { offered: 0, answered: 0, abandoned: 0, answeredWithinT: 0, talkSeconds: 0, waitAllSeconds: 0 };
  for (const t of arrivals) {
    let k = 0;
    for (let j = 1; j < n; j++) if (free[j] < free[k]) k = j;
    const wait = Math.max(0, free[k] - t);
    const patience = exp(patienceSeconds);
    const service = exp(ahtSeconds);
    const served = wait <= patience;
    if (served) free[k] = t + wait + service;
    if (t < 0) continue;
    out.offered++;
    if (served) {
      out.answered++;
      out.talkSeconds += service;
      out.waitAllSeconds += wait;
      if (wait <= thresholdSeconds) out.answeredWithinT++;
    } else {
      out.abandoned++;
      out.waitAllSeconds += patience;
    }
  }
  return out;
}

export interface FloorInput {
  offered: number;
  agents: number;
  ahtSeconds: number;
  patienceSeconds: number;
}

export interface NoiseFloor {
  /** Median |predicted − replayed SL| per replication, inputs re-estimated from each replay. */
  medianAbsByRep: number[];
  /** Mean over replications. */
  medianAbs: number;
  /** Mean signed error over all replayed hours. */
  bias: number;
}

/**
 * Replays every hour `reps` times and scores the model against the replays as the report scores
 * it against the data: offered and AHT from the replayed hour, patience from its exposure shrunk
 * toward the hour's true patience with `patiencePrior` pseudo-abandonments, agents as given.
 */
export function fidelityNoiseFloor(hours: readonly FloorInput[], options: { sl: SlSpec; intervalSeconds?: number; patiencePrior?: number; reps?: number; seed?: number }): NoiseFloor {
  const T = options.intervalSeconds ?? 3600;
  const k = options.patiencePrior ?? 5;
  const rand = seededUniform(options.seed ?? 1);
  const byRep: number[] = [];
  let sum = 0;
  let count = 0;
  for (let rep = 0; rep < (options.reps ?? 5); rep++) {
    const errs: number[] = [];
    for (const h of hours) {
      const sim = simulateInterval(h.offered, h.agents, h.ahtSeconds, h.patienceSeconds, T, options.sl.thresholdSeconds, rand);
      if (sim.offered === 0 || sim.answered === 0) continue;
      const load = { calls: sim.offered, intervalSeconds: T, ahtSeconds: sim.talkSeconds / sim.answered, patienceSeconds: (sim.waitAllSeconds + k * h.patienceSeconds) / (sim.abandoned + k) };
      const e = measuresAt(load, Math.max(1, Math.round(h.agents)), options.sl).serviceLevel - sim.answeredWithinT / sim.offered;
      errs.push(Math.abs(e));
      sum += e;
      count++;
    }
    byRep.push(quantile(errs.sort((x, y) => x - y), 0.5));
  }
  return { medianAbsByRep: byRep, medianAbs: byRep.reduce((a, b) => a + b, 0) / byRep.length, bias: sum / count };
}

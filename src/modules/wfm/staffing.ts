/**
 * Staffing requirement per interval (人员需求): the fewest agents that meet a service-level
 * and/or ASA target under a maximum occupancy, then grossed up for shrinkage (缺勤/培训/休息).
 */
import { ErlangBTable, hasAbandonment, offeredLoad, queueMeasures } from './erlang';
import type { QueueLoad, QueueMeasures, SlDefinition } from './types';

/** What a staffing plan must achieve. Any subset of the constraints may be given. */
export interface StaffingTarget {
  /** Service-level goal: `target` (0..1) of calls answered within `thresholdSeconds`. */
  serviceLevel?: { target: number; thresholdSeconds: number; definition?: SlDefinition; shortAbandonSeconds?: number };
  /** Average speed of answer goal (mean wait of answered calls), seconds. */
  maxAsaSeconds?: number;
  /** Occupancy cap (0..1], e.g. 0.85. */
  maxOccupancy?: number;
  /** Shrinkage fraction [0..1): share of paid time not available on the phones. */
  shrinkage?: number;
}

/** `stability`: Erlang C needs more agents than offered Erlangs, or at least one agent. */
export type StaffingConstraint = 'serviceLevel' | 'asa' | 'occupancy' | 'stability';

/** Requirement for one interval. */
export interface StaffingResult {
  /** Agents needed on the phones (integer requirement before shrinkage). */
  agents: number;
  /** Real-valued requirement (SL/ASA/occupancy curves interpolated); never above `agents`. */
  agentsFractional: number;
  /** Agents to schedule: ceil(agents / (1 − shrinkage)). */
  scheduled: number;
  /** agentsFractional / (1 − shrinkage). */
  scheduledFractional: number;
  /** The constraint that set the integer requirement (null when there is no traffic). */
  binding: StaffingConstraint | null;
  /** Queue measures with `agents` agents (SL per the target's definition). */
  measures: QueueMeasures;
}

/** ceil(agents / (1 − shrinkage)), tolerant of float noise such as 14/0.7 = 20.000000000000004. */
export function agentsWithShrinkage(agents: number, shrinkage: number): number {
  if (!(shrinkage >= 0 && shrinkage < 1)) throw new RangeError(`shrinkage must be in [0, 1), got ${shrinkage}`);
  return Math.max(0, Math.ceil(agents / (1 - shrinkage) - 1e-9));
}

const DEFAULT_THRESHOLD = 20;

/** Memoized measures per agent count for one interval; shares one Erlang B table. */
function evaluator(load: QueueLoad, target: StaffingTarget): (n: number) => QueueMeasures {
  const table = new ErlangBTable(offeredLoad(load));
  const sl = target.serviceLevel;
  const spec = {
    thresholdSeconds: sl?.thresholdSeconds ?? DEFAULT_THRESHOLD,
    definition: sl?.definition,
    shortAbandonSeconds: sl?.shortAbandonSeconds,
  };
  const memo = new Map<number, QueueMeasures>();
  return (n: number) => {
    let m = memo.get(n);
    if (!m) {
      m = queueMeasures(load, n, spec, table);
      memo.set(n, m);
    }
    return m;
  };
}

interface Constraint {
  name: StaffingConstraint;
  pass(m: QueueMeasures): boolean;
  /** Value whose crossing of `goal` defines the fractional requirement. */
  value(m: QueueMeasures): number;
  goal: number;
}

/**
 * Smallest n ≥ lo with pass(n), assuming pass is monotone in n (more agents never hurt).
 * Exponential search upward from `guess`, then bisection.
 */
function smallestPassing(pass: (n: number) => boolean, guess: number, limit: number): number {
  let lo = -1; // largest n known to fail (−1: none)
  let hi = Math.max(0, guess);
  if (pass(hi)) {
    // Walk down in doubling steps to bracket.
    let step = 1;
    let probe = hi - step;
    while (probe >= 0 && pass(probe)) {
      hi = probe;
      step *= 2;
      probe = hi - step;
    }
    lo = Math.max(-1, probe);
  } else {
    lo = hi;
    let step = Math.max(1, Math.ceil(hi / 8));
    for (;;) {
      const probe = lo + step;
      if (probe > limit) throw new RangeError(`no staffing up to ${limit} agents meets the target`);
      if (pass(probe)) {
        hi = probe;
        break;
      }
      lo = probe;
      step *= 2;
    }
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (pass(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

function interpolate(prev: number, next: number, goal: number, n: number): number {
  // prev = value at n−1 (fails), next = value at n (passes).
  if (!Number.isFinite(prev) || !Number.isFinite(next) || prev === next) return n;
  const f = (goal - prev) / (next - prev);
  return n - 1 + Math.min(1, Math.max(0, f));
}

/**
 * Required agents for one interval under `target` (Erlang A when `load.patienceSeconds` is
 * finite, otherwise Erlang C). With no constraint given, a 80 % in 20 s goal is assumed.
 */
export function requiredAgents(load: QueueLoad, target: StaffingTarget): StaffingResult {
  const shrinkage = target.shrinkage ?? 0;
  if (!(shrinkage >= 0 && shrinkage < 1)) throw new RangeError(`shrinkage must be in [0, 1), got ${shrinkage}`);
  const measure = evaluator(load, target);
  if (load.calls === 0) {
    return { agents: 0, agentsFractional: 0, scheduled: 0, scheduledFractional: 0, binding: null, measures: measure(0) };
  }
  const a = offeredLoad(load);
  const constraints: Constraint[] = [];
  const sl = target.serviceLevel ?? (target.maxAsaSeconds === undefined && target.maxOccupancy === undefined
    ? { target: 0.8, thresholdSeconds: DEFAULT_THRESHOLD } : undefined);
  if (sl) {
    // Exactly 100 % is never reached with a finite T; refuse rather than search forever.
    if (!(sl.target >= 0 && sl.target < 1)) throw new RangeError(`service-level target must be in [0, 1), got ${sl.target}`);
    if (sl.target > 0) {
      constraints.push({ name: 'serviceLevel', pass: (m) => m.serviceLevel >= sl.target, value: (m) => m.serviceLevel, goal: sl.target });
    }
  }
  if (target.maxAsaSeconds !== undefined) {
    const goal = target.maxAsaSeconds;
    if (!(goal >= 0)) throw new RangeError(`maxAsaSeconds must be ≥ 0, got ${goal}`);
    constraints.push({ name: 'asa', pass: (m) => m.asa <= goal, value: (m) => m.asa, goal });
  }
  if (target.maxOccupancy !== undefined) {
    const goal = target.maxOccupancy;
    if (!(goal > 0 && goal <= 1)) throw new RangeError(`maxOccupancy must be in (0, 1], got ${goal}`);
    constraints.push({ name: 'occupancy', pass: (m) => m.occupancy <= goal && m.stable && (m.agents > 0), value: (m) => m.occupancy, goal });
  }

  // Erlang C is only stable above a Erlangs; with traffic, somebody must answer at all.
  const erlangA = hasAbandonment(load);
  let agents = erlangA ? 1 : Math.floor(a) + 1;
  let fractional = erlangA ? 0 : a;
  let binding: StaffingConstraint = 'stability';
  const guess = erlangA ? Math.max(1, Math.round(a)) : Math.floor(a) + 1;
  const limit = Math.max(1000, Math.ceil(100 * (a + 10)));
  for (const c of constraints) {
    const n = smallestPassing((k) => c.pass(measure(k)), guess, limit);
    // Fractional: where the constraint's curve crosses its goal between n−1 and n.
    const frac = c.name === 'occupancy' && !erlangA
      ? Math.min(n, a / c.goal)
      : n === 0 ? 0 : interpolate(c.value(measure(n - 1)), c.value(measure(n)), c.goal, n);
    if (n > agents || (n === agents && binding === 'stability')) binding = c.name;
    agents = Math.max(agents, n);
    fractional = Math.max(fractional, frac);
  }
  fractional = Math.min(fractional, agents);
  return {
    agents,
    agentsFractional: fractional,
    scheduled: agentsWithShrinkage(agents, shrinkage),
    scheduledFractional: fractional / (1 - shrinkage),
    binding,
    measures: measure(agents),
  };
}

/** Requirement for every interval of a plan (e.g. 35,040 quarter-hours of a year). */
export function staffIntervals(loads: readonly QueueLoad[], target: StaffingTarget): StaffingResult[] {
  return loads.map((load) => requiredAgents(load, target));
}

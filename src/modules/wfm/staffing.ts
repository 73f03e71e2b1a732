/**
 * Staffing requirement per interval (人员需求): the fewest agents that meet a service-level
 * and/or ASA target under a maximum occupancy, then grossed up for shrinkage (缺勤/培训/休息).
 */
import { ErlangBTable, erlangCMeasuresFromB, hasAbandonment, offeredLoad, queueMeasures } from './erlang';
import type { QueueLoad, QueueMeasures, SlDefinition, SlSpec } from './types';

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

function specOf(target: StaffingTarget): SlSpec {
  const sl = target.serviceLevel;
  return { thresholdSeconds: sl?.thresholdSeconds ?? DEFAULT_THRESHOLD, definition: sl?.definition, shortAbandonSeconds: sl?.shortAbandonSeconds };
}

/** Memoized measures per agent count for one interval, sharing one Erlang B table. */
class Evaluator {
  private readonly table: ErlangBTable;
  private readonly memo = new Map<number, QueueMeasures>();
  constructor(private readonly load: QueueLoad, private readonly spec: SlSpec) {
    this.table = new ErlangBTable(offeredLoad(load));
  }
  at(n: number): QueueMeasures {
    let m = this.memo.get(n);
    if (!m) {
      m = queueMeasures(this.load, n, this.spec, this.table);
      this.memo.set(n, m);
    }
    return m;
  }
}

/** A constraint as plain data (no closures: this runs for every interval of a year). */
interface Constraint {
  name: 'serviceLevel' | 'asa' | 'occupancy';
  goal: number;
}

function passes(c: Constraint, m: QueueMeasures): boolean {
  if (c.name === 'serviceLevel') return m.serviceLevel >= c.goal;
  if (c.name === 'asa') return m.asa <= c.goal;
  return m.occupancy <= c.goal && m.stable && m.agents > 0;
}

/** The value whose crossing of the goal defines the fractional requirement. */
function valueOf(c: Constraint, m: QueueMeasures): number {
  return c.name === 'serviceLevel' ? m.serviceLevel : c.name === 'asa' ? m.asa : m.occupancy;
}

/**
 * Smallest n with passes(c, n), assuming monotonicity in n (more agents never hurt):
 * exponential search from `guess` in steps starting at `step`, then bisection.
 */
function smallestPassing(c: Constraint, ev: Evaluator, guess: number, step0: number, limit: number): number {
  let lo: number; // largest n known to fail (−1: none)
  let hi = Math.max(0, guess); // smallest n known to pass
  let step = Math.max(1, step0);
  if (passes(c, ev.at(hi))) {
    let probe = hi - step;
    while (probe >= 0 && passes(c, ev.at(probe))) {
      hi = probe;
      step *= 2;
      probe = hi - step;
    }
    lo = Math.max(-1, probe);
  } else {
    lo = hi;
    for (;;) {
      const probe = lo + step;
      if (probe > limit) throw new RangeError(`no staffing up to ${limit} agents meets the target`);
      if (passes(c, ev.at(probe))) {
        hi = probe;
        break;
      }
      lo = probe;
      step *= 2;
    }
  }
  // A few interpolation steps on the (smooth) measure curve, each checked against its
  // neighbour; bisection finishes whatever is left.
  for (let round = 0; round < 3 && lo >= 0 && hi - lo > 1; round++) {
    const vLo = valueOf(c, ev.at(lo));
    const vHi = valueOf(c, ev.at(hi));
    if (!(Number.isFinite(vLo) && Number.isFinite(vHi) && vHi !== vLo)) break;
    const g = Math.min(hi - 1, Math.max(lo + 1, Math.ceil(lo + ((c.goal - vLo) / (vHi - vLo)) * (hi - lo))));
    if (passes(c, ev.at(g))) {
      hi = g;
      if (hi - 1 > lo) {
        if (passes(c, ev.at(hi - 1))) hi -= 1;
        else lo = hi - 1;
      }
    } else {
      lo = g;
      if (lo + 1 < hi) {
        if (passes(c, ev.at(lo + 1))) hi = lo + 1;
        else lo += 1;
      }
    }
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (passes(c, ev.at(mid))) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** n − 1 + the fraction of the step from n − 1 (fails) to n (passes) at which `goal` is crossed. */
function interpolate(prev: number, next: number, goal: number, n: number): number {
  if (!Number.isFinite(prev) || !Number.isFinite(next) || prev === next) return n;
  const f = (goal - prev) / (next - prev);
  return n - 1 + Math.min(1, Math.max(0, f));
}

function result(agents: number, fractional: number, shrinkage: number, binding: StaffingConstraint | null, measures: QueueMeasures): StaffingResult {
  const frac = Math.min(fractional, agents);
  return {
    agents,
    agentsFractional: frac,
    scheduled: agentsWithShrinkage(agents, shrinkage),
    scheduledFractional: frac / (1 - shrinkage),
    binding,
    measures,
  };
}

/**
 * Erlang C: one upward scan from the first stable agent count, carrying Erlang B along,
 * until every constraint holds (each is monotone in the agent count).
 */
function erlangCRequirement(load: QueueLoad, a: number, constraints: readonly Constraint[], shrinkage: number, spec: SlSpec): StaffingResult {
  const base = Math.floor(a) + 1;
  let b = 1;
  for (let k = 1; k <= base; k++) b = (a * b) / (k + a * b);
  let n = base;
  let m = erlangCMeasuresFromB(load, n, spec, a, b);
  // At base − 1 the queue is unstable: SL 0, ASA ∞, occupancy 1 (as erlangCMeasures reports).
  let prevSl = 0;
  let prevAsa = Infinity;
  let agents = base;
  let fractional = a;
  let binding: StaffingConstraint = 'stability';
  let remaining = constraints.length;
  const done = [false, false, false];
  while (remaining > 0) {
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i];
      if (done[i] || !passes(c, m)) continue;
      done[i] = true;
      remaining--;
      const frac = c.name === 'occupancy' ? Math.min(n, a / c.goal) : interpolate(c.name === 'serviceLevel' ? prevSl : prevAsa, valueOf(c, m), c.goal, n);
      if (n > agents || binding === 'stability') binding = c.name;
      agents = n;
      fractional = Math.max(fractional, frac);
    }
    if (remaining === 0) break;
    prevSl = m.serviceLevel;
    prevAsa = m.asa;
    n++;
    b = (a * b) / (n + a * b);
    m = erlangCMeasuresFromB(load, n, spec, a, b);
  }
  // The scan stopped at the last constraint met, i.e. the requirement: m is at `agents`.
  return result(agents, fractional, shrinkage, binding, m);
}

/**
 * Required agents for one interval under `target` (Erlang A when `load.patienceSeconds` is
 * finite, otherwise Erlang C). With no constraint given, 80 % within 20 s is assumed.
 */
export function requiredAgents(load: QueueLoad, target: StaffingTarget): StaffingResult {
  const shrinkage = target.shrinkage ?? 0;
  if (!(shrinkage >= 0 && shrinkage < 1)) throw new RangeError(`shrinkage must be in [0, 1), got ${shrinkage}`);
  const spec = specOf(target);
  if (load.calls === 0) return result(0, 0, shrinkage, null, queueMeasures(load, 0, spec));
  const a = offeredLoad(load);
  const constraints: Constraint[] = [];
  const sl = target.serviceLevel ?? (target.maxAsaSeconds === undefined && target.maxOccupancy === undefined
    ? { target: 0.8, thresholdSeconds: DEFAULT_THRESHOLD } : undefined);
  if (sl) {
    // Exactly 100 % is never reached with a finite T; refuse rather than search forever.
    if (!(sl.target >= 0 && sl.target < 1)) throw new RangeError(`service-level target must be in [0, 1), got ${sl.target}`);
    if (sl.target > 0) constraints.push({ name: 'serviceLevel', goal: sl.target });
  }
  if (target.maxAsaSeconds !== undefined) {
    if (!(target.maxAsaSeconds >= 0)) throw new RangeError(`maxAsaSeconds must be ≥ 0, got ${target.maxAsaSeconds}`);
    constraints.push({ name: 'asa', goal: target.maxAsaSeconds });
  }
  if (target.maxOccupancy !== undefined) {
    if (!(target.maxOccupancy > 0 && target.maxOccupancy <= 1)) throw new RangeError(`maxOccupancy must be in (0, 1], got ${target.maxOccupancy}`);
    constraints.push({ name: 'occupancy', goal: target.maxOccupancy });
  }
  if (!hasAbandonment(load)) return erlangCRequirement(load, a, constraints, shrinkage, spec);

  // Erlang A: stable for any agent count, but with traffic somebody must answer.
  const ev = new Evaluator(load, spec);
  let agents = 1;
  let fractional = 0;
  let binding: StaffingConstraint = 'stability';
  const root = Math.sqrt(Math.max(1, a));
  const limit = Math.max(1000, Math.ceil(100 * (a + 10)));
  let searched = false;
  for (const c of constraints) {
    let n: number;
    if (searched && passes(c, ev.at(agents))) {
      // Met with the agents already required: it binds only if one agent fewer fails it.
      if (agents > 1 && passes(c, ev.at(agents - 1))) continue;
      n = agents;
    } else if (c.name === 'occupancy') {
      // n ↦ ⌈carried(n) ÷ cap⌉ climbs monotonically to the requirement from below, because
      // the carried load only grows with agents and never exceeds cap × requirement.
      n = searched ? agents : Math.max(1, Math.floor(a * c.goal));
      // A start that already passes may be above the requirement: search down from it instead.
      if (!searched && passes(c, ev.at(n))) n = smallestPassing(c, ev, n, Math.ceil(root / 4), limit);
      while (!passes(c, ev.at(n))) {
        const next = Math.ceil((ev.at(n).occupancy * n) / c.goal - 1e-9);
        n = next > n ? next : n + 1;
        if (n > limit) throw new RangeError(`no staffing up to ${limit} agents meets the target`);
      }
    } else {
      // Square-root staffing a + √a is a close first guess.
      n = smallestPassing(c, ev, searched ? agents + 1 : Math.ceil(a + root), Math.ceil(root / 4), limit);
    }
    searched = true;
    const frac = n === 0 ? 0 : interpolate(valueOf(c, ev.at(n - 1)), valueOf(c, ev.at(n)), c.goal, n);
    if (n > agents || (n === agents && binding === 'stability')) binding = c.name;
    agents = Math.max(agents, n);
    fractional = Math.max(fractional, frac);
  }
  return result(agents, fractional, shrinkage, binding, ev.at(agents));
}

/** Requirement for every interval of a plan (e.g. 35,040 quarter-hours of a year). */
export function staffIntervals(loads: readonly QueueLoad[], target: StaffingTarget): StaffingResult[] {
  const out: StaffingResult[] = new Array(loads.length);
  for (let i = 0; i < loads.length; i++) out[i] = requiredAgents(loads[i], target);
  return out;
}

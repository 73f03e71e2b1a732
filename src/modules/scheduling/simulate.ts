/**
 * Discrete-event simulation of one call queue (排队仿真), to check a staffing plan where the
 * Erlang formulas' assumptions do not hold: arrival rates that change by interval, non-exponential
 * (empirical) handle times and patience, retrials, and a start from an empty queue.
 *
 * Model: Poisson arrivals with a rate constant within each interval; N_i agents in interval i
 * (when N drops, agents finish the call in hand; no call is pre-empted); one FIFO queue; a caller
 * whose wait reaches their patience abandons, and may call again after a delay (retrial), which
 * counts as a new arrival. After the last interval no new calls arrive and the queue drains with
 * the last interval's agents, so every arrival has an outcome.
 *
 * Measures (over arrivals after `warmupSeconds`): SL = answered within T ÷ all arrivals,
 * ASA = mean wait of answered calls, abandonment = abandoned ÷ arrivals, occupancy = busy
 * agent-seconds ÷ staffed agent-seconds within the horizon. Each is averaged over independent
 * replications (seeded PRNG: the same input and seed give the same figures) with a Student-t
 * confidence interval.
 *
 * Pure: input → result; no I/O.
 */
import { z } from 'zod';
import { queueMeasures } from '../wfm/erlang';

const distribution = z.union([
  z.object({ dist: z.literal('exponential'), meanSeconds: z.number().positive() }),
  /** Draws uniformly from observed durations (seconds). */
  z.object({ dist: z.literal('empirical'), samples: z.array(z.number().min(0)).min(1).max(100_000) }),
  z.object({ dist: z.literal('constant'), seconds: z.number().min(0) }),
]);
export type Distribution = z.output<typeof distribution>;

export const simulationSchema = z.object({
  intervalMinutes: z.number().positive().max(1440).default(30),
  /** Per interval: expected arrivals (Poisson mean) and agents on duty. */
  intervals: z
    .array(z.object({ calls: z.number().min(0), agents: z.number().int().min(0).max(100_000) }))
    .min(1)
    .max(10_000),
  handleTime: distribution,
  /** Omitted: callers never hang up (Erlang C). */
  patience: distribution.optional(),
  /** An abandoned caller calls again with this probability after an exponential delay. */
  retrial: z.object({ probability: z.number().min(0).max(1), meanDelaySeconds: z.number().positive() }).optional(),
  slThresholdSeconds: z.number().min(0).default(20),
  /** Arrivals before this time are simulated but not measured (the queue starts empty). */
  warmupSeconds: z.number().min(0).default(0),
  replications: z.number().int().min(2).max(1000).default(20),
  seed: z.number().int().default(1),
  confidence: z.number().gt(0).lt(1).default(0.95),
  /** Refuse inputs above this many expected arrivals over all replications (CPU guard). */
  maxSimulatedCalls: z.number().int().positive().default(5_000_000),
});
export type SimulationInput = z.input<typeof simulationSchema>;
export type Simulation = z.output<typeof simulationSchema>;

export class SimulationTooLargeError extends Error {
  constructor(
    readonly calls: number,
    readonly max: number,
  ) {
    super(`simulation too large: ${Math.round(calls)} expected calls > ${max}`);
  }
}

export interface Estimate {
  mean: number;
  /** Confidence interval of the mean over replications. */
  low: number;
  high: number;
  halfWidth: number;
}

export interface SimulationResult {
  replications: number;
  confidence: number;
  serviceLevel: Estimate;
  asaSeconds: Estimate;
  abandonment: Estimate;
  occupancy: Estimate;
  /** Per interval (by arrival interval), means over replications, with Erlang A beside when it applies. */
  intervals: {
    interval: number;
    agents: number;
    arrivals: number;
    serviceLevel: number | null;
    asaSeconds: number | null;
    abandonment: number | null;
    erlang: { model: 'erlang-a' | 'erlang-c'; serviceLevel: number; asaSeconds: number; abandonment: number; occupancy: number } | null;
  }[];
  simulatedCalls: number;
  retrials: number;
  wallMs: number;
}

// ---- PRNG: xoshiro128** seeded through splitmix32 (fast, 32-bit, reproducible everywhere). ----

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A uniform generator on [0, 1) from a seed. */
export function rng(seed: number): () => number {
  const sm = splitmix32(seed);
  let a = sm();
  let b = sm();
  let c = sm();
  let d = sm();
  return () => {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return r / 4294967296;
  };
}
function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function sampler(d: Distribution | undefined, u: () => number): () => number {
  if (!d) return () => Infinity;
  if (d.dist === 'exponential') {
    const m = d.meanSeconds;
    return () => -m * Math.log(1 - u());
  }
  if (d.dist === 'constant') return () => d.seconds;
  const xs = d.samples;
  return () => xs[Math.floor(u() * xs.length)];
}

// ---- Event heap on parallel typed arrays (time, kind, call). ----

const ARRIVAL = 0;
const DEPARTURE = 1;
const ABANDON = 2;
const RETRIAL = 3;

class EventHeap {
  time = new Float64Array(1024);
  kind = new Uint8Array(1024);
  call = new Int32Array(1024);
  size = 0;
  push(t: number, k: number, c: number) {
    if (this.size === this.time.length) {
      const n = this.size * 2;
      const t2 = new Float64Array(n);
      t2.set(this.time);
      const k2 = new Uint8Array(n);
      k2.set(this.kind);
      const c2 = new Int32Array(n);
      c2.set(this.call);
      this.time = t2;
      this.kind = k2;
      this.call = c2;
    }
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.time[p] <= t) break;
      this.time[i] = this.time[p];
      this.kind[i] = this.kind[p];
      this.call[i] = this.call[p];
      i = p;
    }
    this.time[i] = t;
    this.kind[i] = k;
    this.call[i] = c;
  }
  /** Removes the earliest event into (topTime, topKind, topCall). */
  topTime = 0;
  topKind = 0;
  topCall = 0;
  pop() {
    this.topTime = this.time[0];
    this.topKind = this.kind[0];
    this.topCall = this.call[0];
    const n = --this.size;
    const t = this.time[n];
    const k = this.kind[n];
    const c = this.call[n];
    let i = 0;
    for (;;) {
      let m = 2 * i + 1;
      if (m >= n) break;
      if (m + 1 < n && this.time[m + 1] < this.time[m]) m++;
      if (this.time[m] >= t) break;
      this.time[i] = this.time[m];
      this.kind[i] = this.kind[m];
      this.call[i] = this.call[m];
      i = m;
    }
    this.time[i] = t;
    this.kind[i] = k;
    this.call[i] = c;
  }
}

interface RepTotals {
  arrivals: number;
  answeredWithin: number;
  answered: number;
  waitAnswered: number;
  abandoned: number;
  busy: number;
  staffed: number;
  calls: number;
  retrials: number;
  byInterval: { arrivals: Float64Array; within: Float64Array; answered: Float64Array; wait: Float64Array; abandoned: Float64Array };
}

function replicate(s: Simulation, seed: number): RepTotals {
  const u = rng(seed);
  const L = s.intervalMinutes * 60;
  const I = s.intervals.length;
  const horizon = I * L;
  const service = sampler(s.handleTime, u);
  const patience = sampler(s.patience, u);
  const T = s.slThresholdSeconds;
  const warm = s.warmupSeconds;
  const agentsAt = (t: number) => s.intervals[Math.min(I - 1, Math.floor(t / L))].agents;

  // Per call: arrival time, state (0 waiting, 1 served, 2 abandoned), interval.
  let cap = 4096;
  let arrivalT = new Float64Array(cap);
  let state = new Uint8Array(cap);
  let nCalls = 0;
  const newCall = (t: number) => {
    if (nCalls === cap) {
      cap *= 2;
      const a2 = new Float64Array(cap);
      a2.set(arrivalT);
      arrivalT = a2;
      const s2 = new Uint8Array(cap);
      s2.set(state);
      state = s2;
    }
    arrivalT[nCalls] = t;
    state[nCalls] = 0;
    return nCalls++;
  };
  // FIFO queue of call ids (ring buffer); abandoned calls are skipped when they reach the head.
  let q = new Int32Array(1024);
  let qHead = 0;
  let qLen = 0;
  const enqueue = (c: number) => {
    if (qLen === q.length) {
      const q2 = new Int32Array(q.length * 2);
      for (let i = 0; i < qLen; i++) q2[i] = q[(qHead + i) % q.length];
      q = q2;
      qHead = 0;
    }
    q[(qHead + qLen) % q.length] = c;
    qLen++;
  };

  const tot: RepTotals = {
    arrivals: 0,
    answeredWithin: 0,
    answered: 0,
    waitAnswered: 0,
    abandoned: 0,
    busy: 0,
    staffed: 0,
    calls: 0,
    retrials: 0,
    byInterval: { arrivals: new Float64Array(I), within: new Float64Array(I), answered: new Float64Array(I), wait: new Float64Array(I), abandoned: new Float64Array(I) },
  };
  for (let i = 0; i < I; i++) {
    const from = Math.max(i * L, warm);
    if (from < (i + 1) * L) tot.staffed += s.intervals[i].agents * ((i + 1) * L - from);
  }

  const heap = new EventHeap();
  // Next arrival of the Poisson stream: within interval i at rate calls_i / L; crossing a boundary
  // restarts at the boundary with the next rate (exact for piecewise-constant rates: memoryless).
  const nextArrival = (t: number) => {
    let i = Math.floor(t / L);
    let from = t;
    while (i < I) {
      const rate = s.intervals[i].calls / L;
      if (rate > 0) {
        const x = from - Math.log(1 - u()) / rate;
        if (x < (i + 1) * L) return x;
      }
      i++;
      from = i * L;
    }
    return Infinity;
  };
  const first = nextArrival(0);
  if (first < horizon) heap.push(first, ARRIVAL, -1);

  let busy = 0;
  let now = 0;
  const measured = (c: number) => arrivalT[c] >= warm;
  const intervalOf = (c: number) => Math.min(I - 1, Math.floor(arrivalT[c] / L));
  const startService = (c: number, t: number) => {
    state[c] = 1;
    busy++;
    heap.push(t + service(), DEPARTURE, c);
    if (measured(c)) {
      const w = t - arrivalT[c];
      const k = intervalOf(c);
      tot.answered++;
      tot.waitAnswered += w;
      tot.byInterval.answered[k]++;
      tot.byInterval.wait[k] += w;
      if (w <= T) {
        tot.answeredWithin++;
        tot.byInterval.within[k]++;
      }
    }
  };
  const arrive = (t: number) => {
    const c = newCall(t);
    tot.calls++;
    if (measured(c)) {
      tot.arrivals++;
      tot.byInterval.arrivals[intervalOf(c)]++;
    }
    if (busy < agentsAt(t) && qLen === 0) startService(c, t);
    else {
      enqueue(c);
      const p = patience();
      if (p < Infinity) heap.push(t + p, ABANDON, c);
    }
  };

  while (heap.size > 0) {
    heap.pop();
    const t = heap.topTime;
    // Busy agent-seconds within the measured part of the horizon.
    const a = Math.max(now, warm);
    const b = Math.min(t, horizon);
    if (b > a) tot.busy += busy * (b - a);
    now = t;
    const c = heap.topCall;
    switch (heap.topKind) {
      case ARRIVAL: {
        arrive(t);
        const n = nextArrival(t);
        if (n < horizon) heap.push(n, ARRIVAL, -1);
        break;
      }
      case RETRIAL:
        tot.retrials++;
        arrive(t);
        break;
      case ABANDON:
        if (state[c] === 0) {
          state[c] = 2;
          if (measured(c)) {
            tot.abandoned++;
            tot.byInterval.abandoned[intervalOf(c)]++;
          }
          if (s.retrial && u() < s.retrial.probability) heap.push(t - s.retrial.meanDelaySeconds * Math.log(1 - u()), RETRIAL, -1);
        }
        break;
      case DEPARTURE:
        busy--;
        break;
    }
    // Free agents take waiting calls (agent count follows the interval; after the horizon, the last).
    const n = agentsAt(t);
    while (busy < n && qLen > 0) {
      const head = q[qHead];
      qHead = (qHead + 1) % q.length;
      qLen--;
      if (state[head] === 0) startService(head, t);
    }
  }
  return tot;
}

/** Two-sided Student-t quantile (Cornish–Fisher expansion of the normal; < 0.1 % off for df ≥ 3). */
function tQuantile(confidence: number, df: number): number {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

/** Acklam's rational approximation of the standard normal quantile (|error| < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [-39.6968302866538, 220.946098424521, -275.928510446969, 138.357751867269, -30.6647980661472, 2.50662827745924];
  const b = [-54.4760987982241, 161.585836858041, -155.698979859887, 66.8013118877197, -13.2806815528857];
  const c = [-0.00778489400243029, -0.322396458041136, -2.40075827716184, -2.54973253934373, 4.37466414146497, 2.93816398269878];
  const d = [0.00778469570904146, 0.32246712907004, 2.445134137143, 3.75440866190742];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

function estimate(xs: number[], confidence: number): Estimate {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  const halfWidth = tQuantile(confidence, n - 1) * Math.sqrt(variance / n);
  return { mean, low: mean - halfWidth, high: mean + halfWidth, halfWidth };
}

const meanOf = (d: Distribution | undefined): number =>
  !d ? Infinity : d.dist === 'exponential' ? d.meanSeconds : d.dist === 'constant' ? d.seconds : d.samples.reduce((s, x) => s + x, 0) / d.samples.length;

export function simulateQueue(input: SimulationInput | unknown): SimulationResult {
  const t0 = performance.now();
  const s = simulationSchema.parse(input);
  const expected = s.intervals.reduce((acc, x) => acc + x.calls, 0) * s.replications * (1 + (s.retrial?.probability ?? 0));
  if (expected > s.maxSimulatedCalls) throw new SimulationTooLargeError(expected, s.maxSimulatedCalls);

  const reps: RepTotals[] = [];
  for (let r = 0; r < s.replications; r++) reps.push(replicate(s, (s.seed * 1_000_003 + r) | 0));
  const ratio = (a: number, b: number, empty: number) => (b > 0 ? a / b : empty);
  const L = s.intervalMinutes * 60;

  // Erlang A per interval, in steady state at that interval's rate, when its assumptions hold
  // (exponential handle time and patience, no retrials); Erlang C without patience.
  const markovian = s.handleTime.dist === 'exponential' && (!s.patience || s.patience.dist === 'exponential') && !s.retrial;
  const intervals: SimulationResult['intervals'] = s.intervals.map((x, i) => {
    const arrivals = reps.reduce((acc, r) => acc + r.byInterval.arrivals[i], 0);
    const answered = reps.reduce((acc, r) => acc + r.byInterval.answered[i], 0);
    let erlang: SimulationResult['intervals'][number]['erlang'] = null;
    if (markovian && x.calls > 0) {
      try {
        const m = queueMeasures({ calls: x.calls, intervalSeconds: L, ahtSeconds: meanOf(s.handleTime), patienceSeconds: s.patience ? meanOf(s.patience) : undefined }, x.agents, {
          thresholdSeconds: s.slThresholdSeconds,
        });
        erlang = { model: m.model, serviceLevel: m.answeredWithinT, asaSeconds: m.asa, abandonment: m.abandonment, occupancy: m.occupancy };
      } catch {
        erlang = null;
      }
    }
    return {
      interval: i,
      agents: x.agents,
      arrivals: arrivals / reps.length,
      serviceLevel: arrivals > 0 ? reps.reduce((acc, r) => acc + r.byInterval.within[i], 0) / arrivals : null,
      asaSeconds: answered > 0 ? reps.reduce((acc, r) => acc + r.byInterval.wait[i], 0) / answered : null,
      abandonment: arrivals > 0 ? reps.reduce((acc, r) => acc + r.byInterval.abandoned[i], 0) / arrivals : null,
      erlang,
    };
  });

  return {
    replications: s.replications,
    confidence: s.confidence,
    serviceLevel: estimate(reps.map((r) => ratio(r.answeredWithin, r.arrivals, 1)), s.confidence),
    asaSeconds: estimate(reps.map((r) => ratio(r.waitAnswered, r.answered, 0)), s.confidence),
    abandonment: estimate(reps.map((r) => ratio(r.abandoned, r.arrivals, 0)), s.confidence),
    occupancy: estimate(reps.map((r) => ratio(r.busy, r.staffed, 0)), s.confidence),
    intervals,
    simulatedCalls: reps.reduce((acc, r) => acc + r.calls, 0),
    retrials: reps.reduce((acc, r) => acc + r.retrials, 0),
    wallMs: Math.round(performance.now() - t0),
  };
}

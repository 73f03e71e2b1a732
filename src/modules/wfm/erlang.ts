/**
 * Exact Erlang B / C / A queue measures (话务模型).
 *
 * Numerics: no factorials or powers. Erlang B comes from its forward recurrence, which is
 * stable for any number of agents; Erlang A sums its birth–death chain with running rescaling
 * so neither overflow nor underflow can occur, and truncates the chain only where a geometric
 * bound proves the rest below 1e-17 of the total. Exact (to double precision) for 10,000+ agents.
 */
import type { QueueLoad, QueueMeasures, SlDefinition, SlSpec } from './types';

const RESCALE_AT = 1e280;
const RESCALE_BY = 1e-280;
const LN_RESCALE = 280 * Math.LN10;
const TAIL_EPS = 1e-17;
/** Hard cap on queue states; only reachable with absurd inputs (patience ~ 10^7 × AHT). */
const MAX_QUEUE_STATES = 5_000_000;

/** Erlang B blocking probability for `agents` servers and `load` Erlangs (stable recurrence). */
export function erlangB(agents: number, load: number): number {
  if (!(agents >= 0) || !Number.isInteger(agents)) throw new RangeError(`agents must be a non-negative integer, got ${agents}`);
  if (!(load >= 0) || !Number.isFinite(load)) throw new RangeError(`load must be finite and ≥ 0, got ${load}`);
  let b = 1;
  for (let n = 1; n <= agents; n++) b = (load * b) / (n + load * b);
  return b;
}

/** Erlang C probability of waiting for `agents` servers and `load` Erlangs (1 when agents ≤ load). */
export function erlangC(agents: number, load: number): number {
  const b = erlangB(agents, load);
  return erlangCFromB(agents, load, b);
}

/** Erlang C P(wait) from a known Erlang B value B(agents, load). */
export function erlangCFromB(agents: number, load: number, b: number): number {
  if (load === 0) return 0;
  if (agents <= load) return 1;
  // C = N·B / (N − a(1 − B)); the denominator is > N − a > 0 here.
  return (agents * b) / (agents - load * (1 - b));
}

/**
 * Growable Erlang B table B(0..n) for one load: staffing searches probe many agent counts of
 * the same interval, and this makes each probe O(1) after one O(max n) pass.
 */
export class ErlangBTable {
  private values = new Float64Array(64);
  private filled = 1;
  constructor(readonly load: number) {
    if (!(load >= 0) || !Number.isFinite(load)) throw new RangeError(`load must be finite and ≥ 0, got ${load}`);
    this.values[0] = 1;
  }
  /** B(n, load). */
  get(n: number): number {
    if (n < this.filled) return this.values[n];
    if (n >= this.values.length) {
      let size = this.values.length;
      while (size <= n) size *= 2;
      const next = new Float64Array(size);
      next.set(this.values.subarray(0, this.filled));
      this.values = next;
    }
    const a = this.load;
    let b = this.values[this.filled - 1];
    for (let k = this.filled; k <= n; k++) {
      b = (a * b) / (k + a * b);
      this.values[k] = b;
    }
    this.filled = n + 1;
    return this.values[n];
  }
}

function checkLoad(q: QueueLoad): void {
  if (!(q.calls >= 0) || !Number.isFinite(q.calls)) throw new RangeError(`calls must be finite and ≥ 0, got ${q.calls}`);
  if (!(q.intervalSeconds > 0) || !Number.isFinite(q.intervalSeconds)) throw new RangeError(`intervalSeconds must be > 0, got ${q.intervalSeconds}`);
  if (!(q.ahtSeconds > 0) || !Number.isFinite(q.ahtSeconds)) throw new RangeError(`ahtSeconds must be > 0, got ${q.ahtSeconds}`);
  if (q.patienceSeconds !== undefined && !(q.patienceSeconds > 0)) throw new RangeError(`patienceSeconds must be > 0, got ${q.patienceSeconds}`);
}

function checkSl(sl: SlSpec): void {
  if (!(sl.thresholdSeconds >= 0) || !Number.isFinite(sl.thresholdSeconds)) throw new RangeError(`thresholdSeconds must be finite and ≥ 0, got ${sl.thresholdSeconds}`);
  if (sl.shortAbandonSeconds !== undefined && !(sl.shortAbandonSeconds >= 0)) throw new RangeError(`shortAbandonSeconds must be ≥ 0`);
}

/** Offered load in Erlangs: calls per second × AHT. */
export function offeredLoad(q: QueueLoad): number {
  return (q.calls / q.intervalSeconds) * q.ahtSeconds;
}

/** True when the load has finite patience, i.e. Erlang A applies. */
export function hasAbandonment(q: QueueLoad): boolean {
  return q.patienceSeconds !== undefined && Number.isFinite(q.patienceSeconds);
}

function noTraffic(model: QueueMeasures['model'], agents: number, sl: SlSpec): QueueMeasures {
  return {
    model, agents, offeredLoad: 0, serviceLevel: 1, slThresholdSeconds: sl.thresholdSeconds,
    slDefinition: sl.definition ?? 'offered', probWait: 0, asa: 0, meanWait: 0, occupancy: 0,
    abandonment: 0, answeredWithinT: 1, stable: true,
  };
}

/** Erlang C (M/M/N, no abandonment) measures with `agents` agents. */
export function erlangCMeasures(q: QueueLoad, agents: number, sl: SlSpec, table?: ErlangBTable): QueueMeasures {
  checkLoad(q);
  checkSl(sl);
  if (!(agents >= 0) || !Number.isInteger(agents)) throw new RangeError(`agents must be a non-negative integer, got ${agents}`);
  if (q.calls === 0) return noTraffic('erlang-c', agents, sl);
  const a = offeredLoad(q);
  const definition = sl.definition ?? 'offered';
  if (agents <= a) {
    return {
      model: 'erlang-c', agents, offeredLoad: a, serviceLevel: 0, slThresholdSeconds: sl.thresholdSeconds,
      slDefinition: definition, probWait: 1, asa: Infinity, meanWait: Infinity, occupancy: 1,
      abandonment: 0, answeredWithinT: 0, stable: false,
    };
  }
  const b = table && table.load === a ? table.get(agents) : erlangB(agents, a);
  return erlangCMeasuresFromB(q, agents, sl, a, b);
}

/**
 * Erlang C measures for a stable system (agents > a) from a known B(agents, a); lets a scan
 * over agent counts reuse its running Erlang B value.
 */
export function erlangCMeasuresFromB(q: QueueLoad, agents: number, sl: SlSpec, a: number, b: number): QueueMeasures {
  const c = erlangCFromB(agents, a, b);
  // Wait of a delayed call is exponential with rate (N − a)/AHT.
  const within = 1 - c * Math.exp((-(agents - a) * sl.thresholdSeconds) / q.ahtSeconds);
  const asa = (c * q.ahtSeconds) / (agents - a);
  // Nobody abandons, so all three SL definitions coincide.
  return {
    model: 'erlang-c', agents, offeredLoad: a, serviceLevel: within, slThresholdSeconds: sl.thresholdSeconds,
    slDefinition: sl.definition ?? 'offered', probWait: c, asa, meanWait: asa, occupancy: a / agents, abandonment: 0,
    answeredWithinT: within, stable: true,
  };
}

// Scratch buffers reused between calls (single-threaded; nothing escapes a call).
let queueBuf = new Float64Array(1024);

function ensureQueueBuf(n: number): Float64Array {
  if (n < queueBuf.length) return queueBuf;
  let size = queueBuf.length;
  while (size <= n) size *= 2;
  const next = new Float64Array(size);
  next.set(queueBuf);
  queueBuf = next;
  return queueBuf;
}

/** v·e^{logScale} without intermediate overflow or underflow. */
function unscale(v: number, logScale: number): number {
  return v > 0 ? Math.exp(Math.log(v) + logScale) : 0;
}

/**
 * Σ_{i<m} w[i] · I_x(i+1, b) with x = 1 − e^{−u}, where I is the regularized incomplete beta.
 *
 * I_x(i+1, b) = P(K ≥ i+1) for K negative-binomial (failures before the b-th success, success
 * probability e^{−u}); swapping the sums gives Σ_k P(K=k)·W(k−1), W the running sum of w — all
 * terms positive, so no cancellation. P(K=k) follows a ratio recurrence in a rescaled frame.
 * `scale` multiplies every w (kept apart so callers need not copy the buffer).
 */
function weightedBetaTail(w: Float64Array, m: number, scale: number, b: number, u: number): number {
  if (m === 0 || scale === 0) return 0;
  if (u <= 0) return 0; // x = 0: I_0 = 0
  let total = 0;
  for (let i = 0; i < m; i++) total += w[i];
  total *= scale;
  if (u === Infinity) return total; // x = 1: I_1 = 1
  const x = -Math.expm1(-u);
  let logScale = -b * u; // ln P(K = 0) = b·ln(1 − x)
  let t = 1; // P(K = k) / e^{logScale}
  let head = 1; // Σ_{j≤k} P(K = j), same frame
  let acc = 0; // Σ_{1≤j≤k} P(K = j)·W(j−1), same frame (W without `scale`)
  let cum = 0;
  for (let k = 1; k <= m; k++) {
    cum += w[k - 1];
    t *= (x * (k - 1 + b)) / k;
    head += t;
    acc += t * cum;
    if (t > RESCALE_AT || acc > RESCALE_AT) {
      t *= RESCALE_BY;
      head *= RESCALE_BY;
      acc *= RESCALE_BY;
      logScale += LN_RESCALE;
    }
  }
  const headProb = Math.min(1, unscale(head, logScale));
  // For k > m the running sum is already the full total.
  return scale * unscale(acc, logScale) + total * (1 - headProb);
}

/**
 * Erlang A (M/M/N+M: Poisson arrivals, exponential service and exponential patience) measures,
 * computed exactly from the birth–death chain. Without a finite patience, falls back to Erlang C.
 *
 * A call that finds i others queued ahead is answered after S_i = Σ_{k=0..i} Exp(Nμ + kθ)
 * unless its own patience runs out first; with Y = Nμ/θ:
 * P(answered) = Y/(Y+i+1) and P(answered within t) = Y/(Y+i+1) · I_{1−e^{−θt}}(i+1, Y+1).
 */
export function erlangAMeasures(q: QueueLoad, agents: number, sl: SlSpec, table?: ErlangBTable): QueueMeasures {
  if (!hasAbandonment(q)) {
    const c = erlangCMeasures(q, agents, sl, table);
    return c;
  }
  checkLoad(q);
  checkSl(sl);
  if (!(agents >= 0) || !Number.isInteger(agents)) throw new RangeError(`agents must be a non-negative integer, got ${agents}`);
  if (q.calls === 0) return noTraffic('erlang-a', agents, sl);

  const definition: SlDefinition = sl.definition ?? 'offered';
  const lambda = q.calls / q.intervalSeconds;
  const mu = 1 / q.ahtSeconds;
  const theta = 1 / (q.patienceSeconds as number);
  const a = offeredLoad(q);
  const T = sl.thresholdSeconds;
  const n = agents;

  if (n === 0) {
    // Nobody is ever answered; everyone waits out their patience.
    return {
      model: 'erlang-a', agents: 0, offeredLoad: a, serviceLevel: 0, slThresholdSeconds: T,
      slDefinition: definition, probWait: 1, asa: Infinity, meanWait: 1 / theta, occupancy: 0,
      abandonment: 1, answeredWithinT: 0, stable: true,
    };
  }

  const b = table && table.load === a ? table.get(n) : erlangB(n, a);
  // Stationary masses relative to π_N: states below N sum to (1 − B)/B (Erlang B identity).
  let below = b > 0 ? (1 - b) / b : Infinity;
  if (!Number.isFinite(below)) {
    // π_N underflows: the chance of meeting a busy system is below 1e-308.
    return {
      model: 'erlang-a', agents: n, offeredLoad: a, serviceLevel: 1, slThresholdSeconds: T,
      slDefinition: definition, probWait: 0, asa: 0, meanWait: 0, occupancy: a / n, abandonment: 0,
      answeredWithinT: 1, stable: true,
    };
  }

  // Queue states N+i, i ≥ 0, relative to π_N: q_0 = 1, q_i = q_{i−1}·λ/(Nμ + iθ).
  const nmu = n * mu;
  let buf = ensureQueueBuf(16);
  buf[0] = 1;
  let sumQ = 1;
  let m = 1; // number of stored queue states
  for (let i = 1; ; i++) {
    const ratio = lambda / (nmu + i * theta);
    const prev = buf[i - 1];
    const qi = prev * ratio;
    // Past the peak ratios only fall, so the rest is at most a geometric tail of qi.
    if (ratio < 1 && (qi * ratio) / (1 - ratio) + qi <= TAIL_EPS * (sumQ + below)) break;
    if (i >= MAX_QUEUE_STATES) throw new RangeError('Erlang A: patience too long relative to AHT for an exact chain; use Erlang C');
    if (i >= buf.length) buf = ensureQueueBuf(i);
    buf[i] = qi;
    sumQ += qi;
    m = i + 1;
    if (qi > RESCALE_AT) {
      for (let j = 0; j <= i; j++) buf[j] *= RESCALE_BY;
      sumQ *= RESCALE_BY;
      below *= RESCALE_BY;
    }
  }
  const z = below + sumQ;
  const piN = 1 / z;

  const y = nmu / theta;
  let abandonRel = 0;
  let queueLenRel = 0;
  let servedWaitRel = 0; // Σ q_i · Y/(Y+i+1)
  let servedWaitTimeRel = 0; // Σ q_i · Y/(Y+i+1) · E[wait | answered, i ahead]
  let harmonic = 0; // Σ_{k=0..i} 1/(Nμ + (k+1)θ)
  for (let i = 0; i < m; i++) {
    const qi = buf[i];
    const pServe = y / (y + i + 1);
    abandonRel += qi * (1 - pServe);
    queueLenRel += qi * i;
    harmonic += 1 / (nmu + (i + 1) * theta);
    servedWaitRel += qi * pServe;
    servedWaitTimeRel += qi * pServe * harmonic;
  }
  const probWait = sumQ * piN;
  const abandonment = abandonRel * piN;
  const answered = below * piN + servedWaitRel * piN;
  const meanQueue = queueLenRel * piN;

  // Weighted incomplete-beta sum needs w_i = π_{N+i}·Y/(Y+i+1): rewrite buf in place.
  for (let i = 0; i < m; i++) buf[i] *= y / (y + i + 1);
  const answeredWithinT = below * piN + weightedBetaTail(buf, m, piN, y + 1, theta * T);

  let serviceLevel: number;
  if (definition === 'offered') serviceLevel = answeredWithinT;
  else if (definition === 'answered') serviceLevel = answered > 0 ? answeredWithinT / answered : 0;
  else {
    const s = sl.shortAbandonSeconds ?? 5;
    // P(abandon within s | i ahead) = 1 − e^{−θs}(1 − I_xs(i+1, Y)) − Y/(Y+i+1)·I_xs(i+1, Y+1).
    const servedWithinS = weightedBetaTail(buf, m, piN, y + 1, theta * s);
    for (let i = 0; i < m; i++) buf[i] /= y / (y + i + 1); // back to q_i
    const reachedWithinS = weightedBetaTail(buf, m, piN, y, theta * s);
    const shortAbandon = Math.max(0, probWait - Math.exp(-theta * s) * (probWait - reachedWithinS) - servedWithinS);
    const denom = 1 - shortAbandon;
    serviceLevel = denom > 0 ? answeredWithinT / denom : 0;
  }

  return {
    model: 'erlang-a',
    agents: n,
    offeredLoad: a,
    serviceLevel: Math.min(1, Math.max(0, serviceLevel)),
    slThresholdSeconds: T,
    slDefinition: definition,
    probWait: Math.min(1, probWait),
    asa: answered > 0 ? (servedWaitTimeRel * piN) / answered : Infinity,
    meanWait: meanQueue / lambda,
    occupancy: Math.min(1, (a * (1 - abandonment)) / n),
    abandonment: Math.min(1, abandonment),
    answeredWithinT: Math.min(1, answeredWithinT),
    stable: true,
  };
}

/** Measures for a given number of agents: Erlang A when the load has a finite patience, else Erlang C. */
export function queueMeasures(q: QueueLoad, agents: number, sl: SlSpec, table?: ErlangBTable): QueueMeasures {
  return hasAbandonment(q) ? erlangAMeasures(q, agents, sl, table) : erlangCMeasures(q, agents, sl, table);
}

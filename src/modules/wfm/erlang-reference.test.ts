/**
 * Independent references for the Erlang code, computed in other (slow) ways:
 * - Erlang C P(wait) in exact rational arithmetic (BigInt, the factorial formula);
 * - the stationary law of the truncated birth–death chain by solving the global balance
 *   equations with dense Gaussian elimination (no product form);
 * - a tagged call's wait by uniformization of its own absorbing Markov chain (no incomplete
 *   beta identity), and its mean wait by first-step analysis.
 */
import { describe, expect, it } from 'vitest';
import { erlangAMeasures, erlangCMeasures } from './erlang';
import type { QueueLoad } from './types';

/** Exact Erlang C for a = p/q Erlangs and n agents, as a float (BigInt rational arithmetic). */
function erlangCExact(n: number, p: bigint, q: bigint): number {
  const N = BigInt(n);
  // Σ_{k<N} a^k/k! over the common denominator q^N·N!  →  Σ p^k q^{N−k} N!/k!
  let sum = 0n;
  for (let k = 0; k < n; k++) {
    let fallingFactorial = 1n; // N!/k!
    for (let j = k + 1; j <= n; j++) fallingFactorial *= BigInt(j);
    sum += p ** BigInt(k) * q ** BigInt(n - k) * fallingFactorial;
  }
  // C = a^N/N!·N/(N−a) ÷ (Σ_{k<N} a^k/k! + a^N/N!·N/(N−a))
  const top = p ** N * N * q;
  const den = sum * (N * q - p) + top;
  const scale = 10n ** 30n;
  return Number((top * scale) / den) / 1e30;
}

/** Stationary law of a birth–death chain on 0..size−1 from Qᵀπ = 0, Σπ = 1 (Gaussian elimination). */
function solveBalance(birth: (n: number) => number, death: (n: number) => number, size: number): Float64Array {
  const A: Float64Array[] = Array.from({ length: size }, () => new Float64Array(size + 1));
  for (let n = 0; n < size; n++) {
    const up = n + 1 < size ? birth(n) : 0;
    const down = n > 0 ? death(n) : 0;
    // Column n of Q is row n of Qᵀ: inflow into n minus outflow from n.
    A[n][n] -= up + down;
    if (n + 1 < size) A[n + 1][n] += up;
    if (n > 0) A[n - 1][n] += down;
  }
  for (let j = 0; j <= size; j++) A[size - 1][j] = 1; // normalization replaces one equation
  for (let col = 0; col < size; col++) {
    let piv = col;
    for (let r = col + 1; r < size; r++) if (Math.abs(A[r][col]) > Math.abs(A[piv][col])) piv = r;
    [A[col], A[piv]] = [A[piv], A[col]];
    const d = A[col][col];
    for (let r = 0; r < size; r++) {
      if (r === col || A[r][col] === 0) continue;
      const f = A[r][col] / d;
      for (let j = col; j <= size; j++) A[r][j] -= f * A[col][j];
    }
  }
  const pi = new Float64Array(size);
  for (let n = 0; n < size; n++) pi[n] = A[n][size] / A[n][n];
  return pi;
}

function logPoissonWeights(mean: number, eps = 1e-17): Float64Array {
  const out: number[] = [];
  let logp = -mean;
  let sum = 0;
  for (let k = 0; ; k++) {
    if (k > 0) logp += Math.log(mean) - Math.log(k);
    const p = Math.exp(logp);
    out.push(p);
    sum += p;
    if (k > mean && 1 - sum < eps) break;
    if (k > mean + 50 * Math.sqrt(mean + 1) + 100) break;
  }
  return Float64Array.from(out);
}

/**
 * A tagged call with j calls queued ahead: j → j−1 at rate Nμ + jθ, 0 → answered at rate Nμ,
 * and it abandons itself at rate θ. Returns P(answered by t | j) and P(abandoned by t | j),
 * j = 0..maxAhead, by uniformization.
 */
function taggedByTime(nmu: number, theta: number, maxAhead: number, t: number): { served: Float64Array; abandoned: Float64Array } {
  const J = maxAhead + 1;
  const served = new Float64Array(J);
  const abandoned = new Float64Array(J);
  if (t === 0) return { served, abandoned };
  const rate = nmu + maxAhead * theta + theta;
  const w = logPoissonWeights(rate * t);
  // u = P(in absorbing state after k uniformized steps | start j); absorbing states keep mass.
  let uS = new Float64Array(J);
  let uA = new Float64Array(J);
  for (let k = 0; k < w.length; k++) {
    for (let j = 0; j < J; j++) {
      served[j] += w[k] * uS[j];
      abandoned[j] += w[k] * uA[j];
    }
    const nS = new Float64Array(J);
    const nA = new Float64Array(J);
    for (let j = 0; j < J; j++) {
      const move = nmu + j * theta;
      const stay = 1 - (move + theta) / rate;
      nS[j] = stay * uS[j] + (theta / rate) * 0 + (move / rate) * (j === 0 ? 1 : uS[j - 1]);
      nA[j] = stay * uA[j] + (theta / rate) * 1 + (move / rate) * (j === 0 ? 0 : uA[j - 1]);
    }
    uS = nS;
    uA = nA;
  }
  return { served, abandoned };
}

interface Reference { sl: number; slAnswered: number; slExclShort: number; probWait: number; abandonment: number; asa: number }

function erlangAReference(load: Required<QueueLoad>, n: number, t: number, short: number, extra = 400): Reference {
  const lambda = load.calls / load.intervalSeconds;
  const mu = 1 / load.ahtSeconds;
  const theta = 1 / load.patienceSeconds;
  const size = n + extra + 1;
  const pi = solveBalance(() => lambda, (k) => Math.min(k, n) * mu + Math.max(0, k - n) * theta, size);
  const byT = taggedByTime(n * mu, theta, extra, t);
  const byShort = taggedByTime(n * mu, theta, extra, short);
  let noWait = 0;
  for (let k = 0; k < n; k++) noWait += pi[k];
  let probWait = 0;
  let within = noWait;
  let abandonment = 0;
  let answered = noWait;
  let shortAb = 0;
  let waitServed = 0;
  // First-step analysis: s_j = P(answered | j ahead), m_j = E[wait · 1{answered} | j ahead].
  let sPrev = 1;
  let mPrev = 0;
  for (let j = 0; j <= extra; j++) {
    const move = n * mu + j * theta;
    const out = move + theta;
    const s = (move / out) * sPrev;
    const m = (move / out) * (sPrev / out + mPrev);
    const p = pi[n + j];
    probWait += p;
    within += p * byT.served[j];
    abandonment += p * (1 - s);
    answered += p * s;
    shortAb += p * byShort.abandoned[j];
    waitServed += p * m;
    sPrev = s;
    mPrev = m;
  }
  return {
    sl: within,
    slAnswered: within / answered,
    slExclShort: within / (1 - shortAb),
    probWait,
    abandonment,
    asa: waitServed / answered,
  };
}

describe('Erlang C against exact rational arithmetic', () => {
  const cases: [number, bigint, bigint][] = [
    [14, 10n, 1n],
    [11, 10n, 1n],
    [50, 437n, 10n],
    [200, 1873n, 10n],
    [3, 5n, 2n],
  ];
  for (const [n, p, q] of cases) {
    it(`P(wait), N = ${n}, a = ${p}/${q}`, () => {
      const a = Number(p) / Number(q);
      // Express a as calls in one hour with AHT 3600 s·a/calls.
      const m = erlangCMeasures({ calls: a * 10, intervalSeconds: 3600, ahtSeconds: 360 }, n, { thresholdSeconds: 20 });
      const exact = erlangCExact(n, p, q);
      expect(Math.abs(m.probWait - exact) / exact).toBeLessThan(1e-12);
    });
  }
});

describe('Erlang C against a balance-equation solution', () => {
  it('service level and ASA, 100 calls / 30 min, AHT 180 s, 12–16 agents', () => {
    const load = { calls: 100, intervalSeconds: 1800, ahtSeconds: 180 };
    const lambda = 100 / 1800;
    const mu = 1 / 180;
    for (let n = 12; n <= 16; n++) {
      const size = n + 500;
      const pi = solveBalance(() => lambda, (k) => Math.min(k, n) * mu, size);
      // A call finding i queued waits Erlang(i+1, Nμ): P(wait ≤ T) = 1 − Σ_{k≤i} Poisson(k; NμT).
      const x = n * mu * 20;
      let sl = 0;
      let asa = 0;
      for (let k = 0; k < n; k++) sl += pi[k];
      let cdfTerm = Math.exp(-x);
      let cdf = cdfTerm;
      for (let i = 0; n + i < size; i++) {
        if (i > 0) {
          cdfTerm *= x / i;
          cdf += cdfTerm;
        }
        sl += pi[n + i] * (1 - cdf);
        asa += pi[n + i] * ((i + 1) / (n * mu));
      }
      const m = erlangCMeasures(load, n, { thresholdSeconds: 20 });
      expect(Math.abs(m.serviceLevel - sl)).toBeLessThan(1e-10);
      expect(Math.abs(m.asa - asa)).toBeLessThan(1e-8);
    }
  });
});

describe('Erlang A against balance equations + uniformization', () => {
  const cases: { name: string; load: Required<QueueLoad>; n: number; t: number; short: number; extra?: number }[] = [
    { name: 'published example, 14 agents', load: { calls: 100, intervalSeconds: 1800, ahtSeconds: 180, patienceSeconds: 300 }, n: 14, t: 20, short: 5 },
    { name: 'overloaded, impatient', load: { calls: 100, intervalSeconds: 1800, ahtSeconds: 180, patienceSeconds: 60 }, n: 8, t: 30, short: 5 },
    { name: 'one agent, long T', load: { calls: 20, intervalSeconds: 3600, ahtSeconds: 150, patienceSeconds: 200 }, n: 1, t: 300, short: 10 },
    { name: 'T = 0', load: { calls: 300, intervalSeconds: 1800, ahtSeconds: 240, patienceSeconds: 90 }, n: 40, t: 0, short: 3 },
    { name: 'patience shorter than AHT', load: { calls: 400, intervalSeconds: 900, ahtSeconds: 300, patienceSeconds: 25 }, n: 120, t: 15, short: 5, extra: 300 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ref = erlangAReference(c.load, c.n, c.t, c.short, c.extra);
      const get = (definition: 'offered' | 'answered' | 'excludeShortAbandons') =>
        erlangAMeasures(c.load, c.n, { thresholdSeconds: c.t, definition, shortAbandonSeconds: c.short });
      const m = get('offered');
      expect(Math.abs(m.serviceLevel - ref.sl)).toBeLessThan(1e-9);
      expect(Math.abs(m.probWait - ref.probWait)).toBeLessThan(1e-9);
      expect(Math.abs(m.abandonment - ref.abandonment)).toBeLessThan(1e-9);
      expect(Math.abs(m.asa - ref.asa)).toBeLessThan(1e-7);
      expect(Math.abs(get('answered').serviceLevel - ref.slAnswered)).toBeLessThan(1e-9);
      expect(Math.abs(get('excludeShortAbandons').serviceLevel - ref.slExclShort)).toBeLessThan(1e-9);
    });
  }
});

describe('Erlang A at 10,000 agents against uniformization of the tagged call', () => {
  it('service level matches with the stationary law taken from log-space sums', () => {
    const load = { calls: 100_000, intervalSeconds: 1800, ahtSeconds: 180, patienceSeconds: 300 };
    const n = 10_000;
    const lambda = load.calls / load.intervalSeconds;
    const mu = 1 / load.ahtSeconds;
    const theta = 1 / load.patienceSeconds;
    // ln π_k (unnormalized): below N the Poisson-like a^k/k!, above N the abandonment chain.
    const extra = 1500;
    const logs = new Float64Array(n + extra + 1);
    for (let k = 1; k <= n + extra; k++) logs[k] = logs[k - 1] + Math.log(lambda) - Math.log(Math.min(k, n) * mu + Math.max(0, k - n) * theta);
    let max = -Infinity;
    for (const v of logs) max = Math.max(max, v);
    let z = 0;
    for (const v of logs) z += Math.exp(v - max);
    const pi = (k: number) => Math.exp(logs[k] - max) / z;
    const byT = taggedByTime(n * mu, theta, extra, 20);
    let sl = 0;
    for (let k = 0; k < n; k++) sl += pi(k);
    for (let j = 0; j <= extra; j++) sl += pi(n + j) * byT.served[j];
    const m = erlangAMeasures(load, n, { thresholdSeconds: 20 });
    expect(Math.abs(m.serviceLevel - sl)).toBeLessThan(1e-8);
  });
});

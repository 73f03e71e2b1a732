import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ErlangBTable, erlangAMeasures, erlangB, erlangC, erlangCMeasures, queueMeasures } from './erlang';
import type { QueueLoad, SlDefinition } from './types';

// Published example: 100 calls per 30 min, AHT 3 min, T = 20 s.
const example: QueueLoad = { calls: 100, intervalSeconds: 1800, ahtSeconds: 180 };

describe('Erlang C — published values', () => {
  it('14 agents: SL 0.88835, P(wait) 0.17413, occupancy 0.714', () => {
    const m = erlangCMeasures(example, 14, { thresholdSeconds: 20 });
    expect(m.offeredLoad).toBeCloseTo(10, 12);
    expect(m.serviceLevel).toBeCloseTo(0.88835, 5);
    expect(m.probWait).toBeCloseTo(0.17413, 5);
    expect(m.occupancy).toBeCloseTo(0.714, 3);
    expect(m.stable).toBe(true);
    expect(m.abandonment).toBe(0);
  });

  it('13 agents miss 80 %, so 14 is the requirement', () => {
    expect(erlangCMeasures(example, 13, { thresholdSeconds: 20 }).serviceLevel).toBeLessThan(0.8);
  });

  it('is unstable at or below the offered load', () => {
    const m = erlangCMeasures(example, 10, { thresholdSeconds: 20 });
    expect(m.stable).toBe(false);
    expect(m.serviceLevel).toBe(0);
    expect(m.asa).toBe(Infinity);
    expect(m.probWait).toBe(1);
  });
});

describe('Erlang A — published values', () => {
  it('14 agents, patience 5 min: SL 0.916792 and abandonment 0.013984', () => {
    const m = erlangAMeasures({ ...example, patienceSeconds: 300 }, 14, { thresholdSeconds: 20 });
    expect(m.model).toBe('erlang-a');
    expect(m.serviceLevel).toBeCloseTo(0.916792, 6);
    expect(m.abandonment).toBeCloseTo(0.013984, 6);
  });

  it('SL definitions order as expected: ÷ answered ≥ ÷ (offered − short abandons) ≥ ÷ offered', () => {
    const load = { ...example, patienceSeconds: 120 };
    const get = (definition: SlDefinition) => erlangAMeasures(load, 12, { thresholdSeconds: 20, definition, shortAbandonSeconds: 5 }).serviceLevel;
    const offered = get('offered');
    const excl = get('excludeShortAbandons');
    const answered = get('answered');
    expect(excl).toBeGreaterThan(offered);
    expect(answered).toBeGreaterThan(excl);
  });

  it('falls back to Erlang C without patience', () => {
    const a = erlangAMeasures(example, 14, { thresholdSeconds: 20 });
    expect(a.model).toBe('erlang-c');
    expect(a.serviceLevel).toBeCloseTo(0.88835, 5);
  });

  it('with no agents everyone abandons', () => {
    const m = erlangAMeasures({ ...example, patienceSeconds: 60 }, 0, { thresholdSeconds: 20 });
    expect(m.abandonment).toBe(1);
    expect(m.serviceLevel).toBe(0);
    expect(m.meanWait).toBeCloseTo(60, 12);
  });

  it('is stable and sensible when overloaded (fluid limit: abandonment ≈ 1 − N/a)', () => {
    const load: QueueLoad = { calls: 100_000, intervalSeconds: 1800, ahtSeconds: 180, patienceSeconds: 300 };
    const m = erlangAMeasures(load, 9000, { thresholdSeconds: 20 });
    expect(m.abandonment).toBeCloseTo(0.1, 3);
    expect(m.occupancy).toBeGreaterThan(0.999);
    expect(m.probWait).toBeCloseTo(1, 9);
  });
});

describe('Erlang B', () => {
  it('matches small hand values', () => {
    // B(1, a) = a/(1+a); B(2, a) = a²/2 / (1 + a + a²/2)
    expect(erlangB(1, 3)).toBeCloseTo(3 / 4, 15);
    expect(erlangB(2, 3)).toBeCloseTo(4.5 / 8.5, 15);
    expect(erlangB(0, 5)).toBe(1);
  });

  it('table agrees with direct computation', () => {
    const t = new ErlangBTable(37.5);
    for (const n of [0, 1, 40, 10, 200, 63]) expect(t.get(n)).toBe(erlangB(n, 37.5));
  });

  it('agrees with a log-space sum at 10,000 and 20,000 agents', () => {
    for (const [n, a] of [[10_000, 9_800], [20_000, 19_900], [12_000, 10_000]] as const) {
      // ln(a^k/k!) by a running sum of logs, then log-sum-exp over k = 0..n.
      const logs = new Float64Array(n + 1);
      for (let k = 1; k <= n; k++) logs[k] = logs[k - 1] + Math.log(a) - Math.log(k);
      let max = -Infinity;
      for (let k = 0; k <= n; k++) max = Math.max(max, logs[k]);
      let s = 0;
      for (let k = 0; k <= n; k++) s += Math.exp(logs[k] - max);
      const ref = Math.exp(logs[n] - max - Math.log(s));
      expect(Math.abs(erlangB(n, a) - ref) / ref).toBeLessThan(1e-9);
    }
  });
});

describe('large systems stay finite and exact', () => {
  it('Erlang C with 10,050 agents for 10,000 Erlangs', () => {
    const load = { calls: 100_000, intervalSeconds: 1800, ahtSeconds: 180 };
    const m = erlangCMeasures(load, 10_050, { thresholdSeconds: 20 });
    expect(Number.isFinite(m.serviceLevel)).toBe(true);
    expect(m.probWait).toBeGreaterThan(0);
    expect(m.probWait).toBeLessThan(1);
    // Consistency of the closed forms: ASA = C·AHT/(N − a).
    expect(m.asa).toBeCloseTo((m.probWait * 180) / 50, 10);
  });

  it('Erlang A with 10,000 agents: identities hold', () => {
    const load = { calls: 100_000, intervalSeconds: 1800, ahtSeconds: 180, patienceSeconds: 300 };
    const m = erlangAMeasures(load, 10_000, { thresholdSeconds: 20 });
    // Abandonment = θ·E[queue]/λ = mean wait / patience (Little's law on the queue).
    expect(m.abandonment).toBeCloseTo(m.meanWait / 300, 12);
    expect(m.serviceLevel).toBeGreaterThan(0.9);
    expect(m.serviceLevel).toBeLessThan(1);
  });
});

// ---------- property tests ----------
const loadArb = fc.record({
  calls: fc.double({ min: 0.5, max: 2000, noNaN: true }),
  intervalSeconds: fc.constantFrom(900, 1800, 3600),
  ahtSeconds: fc.double({ min: 20, max: 900, noNaN: true }),
});
const patienceArb = fc.double({ min: 5, max: 3600, noNaN: true });
const thresholdArb = fc.integer({ min: 0, max: 120 });

describe('properties', () => {
  it('service level rises (weakly) with agents — Erlang C and A', () => {
    fc.assert(
      fc.property(loadArb, patienceArb, thresholdArb, fc.constantFrom<SlDefinition>('offered', 'answered', 'excludeShortAbandons'), (load, patience, t, def) => {
        const a = (load.calls / load.intervalSeconds) * load.ahtSeconds;
        const start = Math.max(0, Math.floor(a) - 3);
        const withA = { ...load, patienceSeconds: patience };
        let prevC = -1;
        let prevA = -1;
        for (let n = start; n <= start + 12; n++) {
          const c = erlangCMeasures(load, n, { thresholdSeconds: t, definition: def }).serviceLevel;
          const ea = erlangAMeasures(withA, n, { thresholdSeconds: t, definition: def }).serviceLevel;
          expect(c).toBeGreaterThanOrEqual(prevC - 1e-12);
          expect(ea).toBeGreaterThanOrEqual(prevA - 1e-12);
          prevC = c;
          prevA = ea;
        }
      }),
      { numRuns: 60 },
    );
  });

  it('Erlang A tends to Erlang C as patience grows', () => {
    fc.assert(
      fc.property(loadArb, thresholdArb, fc.double({ min: 0.55, max: 0.97, noNaN: true }), (load, t, rho) => {
        const a = (load.calls / load.intervalSeconds) * load.ahtSeconds;
        const n = Math.max(1, Math.ceil(a / rho));
        if (n <= a) return;
        const c = erlangCMeasures(load, n, { thresholdSeconds: t });
        const far = erlangAMeasures({ ...load, patienceSeconds: load.ahtSeconds * 1e7 }, n, { thresholdSeconds: t });
        const near = erlangAMeasures({ ...load, patienceSeconds: load.ahtSeconds * 1e3 }, n, { thresholdSeconds: t });
        const dFar = Math.abs(far.serviceLevel - c.serviceLevel);
        const dNear = Math.abs(near.serviceLevel - c.serviceLevel);
        expect(dFar).toBeLessThan(1e-4);
        expect(dFar).toBeLessThanOrEqual(dNear + 1e-12);
        expect(Math.abs(far.probWait - c.probWait)).toBeLessThan(1e-4);
      }),
      { numRuns: 60 },
    );
  });

  it('Erlang A: probabilities in [0,1] and abandonment = θ·E[wait] identity', () => {
    fc.assert(
      fc.property(loadArb, patienceArb, thresholdArb, fc.integer({ min: 0, max: 400 }), (load, patience, t, n) => {
        const m = erlangAMeasures({ ...load, patienceSeconds: patience }, n, { thresholdSeconds: t });
        for (const p of [m.serviceLevel, m.probWait, m.abandonment, m.occupancy, m.answeredWithinT]) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
        expect(Math.abs(m.abandonment - m.meanWait / patience)).toBeLessThan(1e-9);
        // Answered within T can never exceed answered = 1 − abandonment.
        expect(m.answeredWithinT).toBeLessThanOrEqual(1 - m.abandonment + 1e-12);
      }),
      { numRuns: 150 },
    );
  });

  it('Erlang C P(wait) equals erlangC() and lies between Erlang B and 1', () => {
    fc.assert(
      fc.property(loadArb, fc.integer({ min: 1, max: 60 }), (load, extra) => {
        const a = (load.calls / load.intervalSeconds) * load.ahtSeconds;
        const n = Math.floor(a) + extra;
        const m = queueMeasures(load, n, { thresholdSeconds: 20 });
        expect(m.probWait).toBeCloseTo(erlangC(n, a), 14);
        expect(m.probWait).toBeGreaterThanOrEqual(erlangB(n, a) - 1e-15);
        expect(m.probWait).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });
});

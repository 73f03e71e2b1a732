import { describe, expect, it } from 'vitest';
import { queueMeasures } from '../wfm/erlang';
import { rng, simulateQueue, SimulationTooLargeError } from './simulate';

/** A stationary day: 48 half-hours at one rate, the first hour discarded as warm-up. */
const stationary = (calls: number, agents: number, aht: number, patience?: number) => ({
  intervalMinutes: 30,
  intervals: Array.from({ length: 48 }, () => ({ calls, agents })),
  handleTime: { dist: 'exponential' as const, meanSeconds: aht },
  ...(patience ? { patience: { dist: 'exponential' as const, meanSeconds: patience } } : {}),
  slThresholdSeconds: 20,
  warmupSeconds: 3600,
  replications: 20,
  confidence: 0.99,
});

describe('queue simulator', () => {
  it.each([
    // λ per half-hour, agents, AHT s, mean patience s
    [100, 11, 180, 120],
    [200, 21, 180, 300],
    [50, 6, 240, 60],
  ])('agrees with exact Erlang A within its 99%% confidence bounds (λ=%i/30 min, N=%i, AHT %i s, patience %i s)', (calls, agents, aht, patience) => {
    const r = simulateQueue(stationary(calls, agents, aht, patience));
    const exact = queueMeasures({ calls, intervalSeconds: 1800, ahtSeconds: aht, patienceSeconds: patience }, agents, { thresholdSeconds: 20 });
    expect(exact.model).toBe('erlang-a');
    const pairs = [
      [r.serviceLevel, exact.answeredWithinT],
      [r.asaSeconds, exact.asa],
      [r.abandonment, exact.abandonment],
      [r.occupancy, exact.occupancy],
    ] as const;
    for (const [est, value] of pairs) {
      expect(value).toBeGreaterThanOrEqual(est.low);
      expect(value).toBeLessThanOrEqual(est.high);
    }
    // Tight enough to mean something: SL to ±2.5 points, abandonment to ±1.5 points.
    expect(r.serviceLevel.halfWidth).toBeLessThan(0.025);
    expect(r.abandonment.halfWidth).toBeLessThan(0.015);
    // The per-interval Erlang figure is given beside the simulated one.
    expect(r.intervals[10].erlang?.serviceLevel).toBeCloseTo(exact.answeredWithinT, 12);
  });

  it('agrees with Erlang C when nobody abandons', () => {
    const r = simulateQueue(stationary(100, 12, 180));
    const exact = queueMeasures({ calls: 100, intervalSeconds: 1800, ahtSeconds: 180 }, 12, { thresholdSeconds: 20 });
    expect(exact.answeredWithinT).toBeGreaterThanOrEqual(r.serviceLevel.low);
    expect(exact.answeredWithinT).toBeLessThanOrEqual(r.serviceLevel.high);
    expect(r.abandonment.mean).toBe(0);
  });

  it('is reproducible from its seed, and different for another seed', () => {
    const input = { ...stationary(60, 7, 200, 90), intervals: stationary(60, 7, 200, 90).intervals.slice(0, 8), replications: 3 };
    const a = simulateQueue(input);
    const b = simulateQueue(input);
    const c = simulateQueue({ ...input, seed: 2 });
    expect(b.serviceLevel).toEqual(a.serviceLevel);
    expect(b.simulatedCalls).toBe(a.simulatedCalls);
    expect(c.serviceLevel.mean).not.toBe(a.serviceLevel.mean);
    const u = rng(7);
    const xs = Array.from({ length: 100_000 }, u);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 2);
  });

  it('follows the staffing plan interval by interval, and retrials add arrivals', () => {
    // Nobody on duty in the third half-hour: its callers wait and many give up.
    const intervals = [
      { calls: 40, agents: 5 },
      { calls: 40, agents: 5 },
      { calls: 40, agents: 0 },
      { calls: 40, agents: 5 },
    ];
    const base = { intervals, handleTime: { dist: 'exponential' as const, meanSeconds: 180 }, patience: { dist: 'empirical' as const, samples: [30, 60, 120, 240] }, replications: 30 };
    const r = simulateQueue(base);
    expect(r.intervals[2].serviceLevel!).toBeLessThan(0.1);
    expect(r.intervals[2].abandonment!).toBeGreaterThan(0.5);
    expect(r.intervals[1].serviceLevel!).toBeGreaterThan(0.6);
    expect(r.intervals[2].erlang).toBeNull(); // empirical patience: no exact formula
    const retry = simulateQueue({ ...base, retrial: { probability: 0.8, meanDelaySeconds: 300 } });
    expect(retry.retrials).toBeGreaterThan(0);
    // Retrials are arrivals too: simulated calls = fresh Poisson arrivals + retrials.
    expect(retry.simulatedCalls - retry.retrials).toBeGreaterThan(0.8 * r.simulatedCalls);
    expect(retry.intervals.reduce((s, x) => s + x.arrivals, 0)).toBeGreaterThan(r.intervals.reduce((s, x) => s + x.arrivals, 0));
  });

  it('refuses a simulation beyond its CPU guard', () => {
    expect(() => simulateQueue({ ...stationary(1000, 100, 180), replications: 200, maxSimulatedCalls: 1_000_000 })).toThrow(SimulationTooLargeError);
  });
});

import { describe, expect, it } from 'vitest';
import { queueMeasures } from './erlang';
import { fidelityNoiseFloor, seededUniform, simulateInterval } from './fidelityFloor';

describe('fidelity noise floor', () => {
  it('draws reproducible uniforms in (0, 1]', () => {
    const a = seededUniform(7);
    const b = seededUniform(7);
    const xs = Array.from({ length: 10_000 }, a);
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, b));
    expect(Math.min(...xs)).toBeGreaterThan(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(1);
    expect(xs.reduce((x, y) => x + y, 0) / xs.length).toBeCloseTo(0.5, 1);
  });

  it('simulates M/M/N+M in agreement with exact Erlang A over many hours', () => {
    const rand = seededUniform(42);
    const sums = { offered: 0, within: 0, abandoned: 0 };
    for (let h = 0; h < 600; h++) {
      const r = simulateInterval(100, 6, 180, 300, 3600, 20, rand);
      sums.offered += r.offered;
      sums.within += r.answeredWithinT;
      sums.abandoned += r.abandoned;
      expect(r.answered + r.abandoned).toBe(r.offered);
    }
    const exact = queueMeasures({ calls: 100, intervalSeconds: 3600, ahtSeconds: 180, patienceSeconds: 300 }, 6, { thresholdSeconds: 20, definition: 'offered' });
    expect(sums.within / sums.offered).toBeCloseTo(exact.serviceLevel, 1);
    expect(Math.abs(sums.within / sums.offered - exact.serviceLevel)).toBeLessThan(0.02);
    expect(Math.abs(sums.abandoned / sums.offered - exact.abandonment)).toBeLessThan(0.015);
  });

  it('shows single hours scattering around an exact model, and more so with fewer calls', () => {
    const sl = { thresholdSeconds: 20, definition: 'offered' as const };
    const few = fidelityNoiseFloor(Array.from({ length: 200 }, () => ({ offered: 30, agents: 3, ahtSeconds: 180, patienceSeconds: 300 })), { sl, reps: 2, seed: 3 });
    const many = fidelityNoiseFloor(Array.from({ length: 200 }, () => ({ offered: 300, agents: 17, ahtSeconds: 180, patienceSeconds: 300 })), { sl, reps: 2, seed: 3 });
    expect(few.medianAbs).toBeGreaterThan(many.medianAbs);
    expect(many.medianAbs).toBeGreaterThan(0.005);
    expect(few.medianAbs).toBeLessThan(0.2);
    expect(fidelityNoiseFloor([{ offered: 50, agents: 4, ahtSeconds: 180, patienceSeconds: 300 }], { sl, seed: 9 })).toEqual(fidelityNoiseFloor([{ offered: 50, agents: 4, ahtSeconds: 180, patienceSeconds: 300 }], { sl, seed: 9 }));
  });
});

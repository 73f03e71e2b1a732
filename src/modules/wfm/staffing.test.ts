import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { queueMeasures } from './erlang';
import { agentsWithShrinkage, requiredAgents, staffIntervals, type StaffingTarget } from './staffing';
import type { QueueLoad, SlDefinition } from './types';

const example: QueueLoad = { calls: 100, intervalSeconds: 1800, ahtSeconds: 180 };
const publishedTarget: StaffingTarget = { serviceLevel: { target: 0.8, thresholdSeconds: 20 }, maxOccupancy: 0.85, shrinkage: 0.3 };

describe('published staffing example', () => {
  it('Erlang C: 14 agents before shrinkage, 20 after; SL 0.88835, occupancy 0.714, P(wait) 0.17413', () => {
    const r = requiredAgents(example, publishedTarget);
    expect(r.agents).toBe(14);
    expect(r.scheduled).toBe(20);
    expect(r.binding).toBe('serviceLevel');
    expect(r.measures.serviceLevel).toBeCloseTo(0.88835, 5);
    expect(r.measures.occupancy).toBeCloseTo(0.714, 3);
    expect(r.measures.probWait).toBeCloseTo(0.17413, 5);
    expect(r.agentsFractional).toBeGreaterThan(13);
    expect(r.agentsFractional).toBeLessThanOrEqual(14);
  });

  it('Erlang A with patience 5 min and 14 agents: SL 0.916792, abandonment 0.013984', () => {
    const m = queueMeasures({ ...example, patienceSeconds: 300 }, 14, { thresholdSeconds: 20 });
    expect(m.serviceLevel).toBeCloseTo(0.916792, 6);
    expect(m.abandonment).toBeCloseTo(0.013984, 6);
  });

  it('the occupancy cap binds when T is generous', () => {
    const r = requiredAgents(example, { serviceLevel: { target: 0.8, thresholdSeconds: 600 }, maxOccupancy: 0.7 });
    expect(r.binding).toBe('occupancy');
    expect(r.agents).toBe(15); // 10 / 0.7 = 14.29 → 15
    expect(r.agentsFractional).toBeCloseTo(10 / 0.7, 12);
  });

  it('an ASA target alone', () => {
    const r = requiredAgents(example, { maxAsaSeconds: 10 });
    expect(r.binding).toBe('asa');
    expect(r.measures.asa).toBeLessThanOrEqual(10);
    expect(queueMeasures(example, r.agents - 1, { thresholdSeconds: 20 }).asa).toBeGreaterThan(10);
  });

  it('no traffic needs nobody', () => {
    const r = requiredAgents({ ...example, calls: 0 }, publishedTarget);
    expect(r).toMatchObject({ agents: 0, scheduled: 0, agentsFractional: 0, binding: null });
  });

  it('rejects impossible or malformed targets', () => {
    expect(() => requiredAgents(example, { serviceLevel: { target: 1, thresholdSeconds: 20 } })).toThrow(RangeError);
    expect(() => requiredAgents(example, { shrinkage: 1 })).toThrow(RangeError);
    expect(() => requiredAgents(example, { maxOccupancy: 0 })).toThrow(RangeError);
  });

  it('handles 10,000+ agents', () => {
    const big: QueueLoad = { calls: 120_000, intervalSeconds: 1800, ahtSeconds: 180 };
    const r = requiredAgents(big, { serviceLevel: { target: 0.9, thresholdSeconds: 20 } });
    expect(r.agents).toBeGreaterThan(12_000);
    expect(r.measures.serviceLevel).toBeGreaterThanOrEqual(0.9);
    expect(queueMeasures(big, r.agents - 1, { thresholdSeconds: 20 }).serviceLevel).toBeLessThan(0.9);
    const ra = requiredAgents({ ...big, patienceSeconds: 240 }, { serviceLevel: { target: 0.9, thresholdSeconds: 20 } });
    expect(ra.measures.serviceLevel).toBeGreaterThanOrEqual(0.9);
    expect(ra.agentsFractional).toBeLessThanOrEqual(ra.agents);
  });
});

describe('shrinkage', () => {
  it('ceil(agents / (1 − shrinkage)) without float noise', () => {
    expect(agentsWithShrinkage(14, 0.3)).toBe(20);
    expect(agentsWithShrinkage(14, 0)).toBe(14);
    expect(agentsWithShrinkage(15, 0.3)).toBe(22);
    expect(agentsWithShrinkage(0, 0.5)).toBe(0);
  });
});

// ---------- properties ----------
const loadArb = fc.record({
  calls: fc.double({ min: 0.2, max: 1500, noNaN: true }),
  intervalSeconds: fc.constantFrom(900, 1800, 3600),
  ahtSeconds: fc.double({ min: 30, max: 720, noNaN: true }),
  patienceSeconds: fc.option(fc.double({ min: 10, max: 1200, noNaN: true }), { nil: undefined }),
});
const targetArb = fc.record({
  serviceLevel: fc.option(
    fc.record({
      target: fc.double({ min: 0.3, max: 0.98, noNaN: true }),
      thresholdSeconds: fc.integer({ min: 0, max: 120 }),
      definition: fc.constantFrom<SlDefinition>('offered', 'answered', 'excludeShortAbandons'),
    }),
    { nil: undefined },
  ),
  maxAsaSeconds: fc.option(fc.double({ min: 1, max: 120, noNaN: true }), { nil: undefined }),
  maxOccupancy: fc.option(fc.double({ min: 0.5, max: 1, noNaN: true }), { nil: undefined }),
  shrinkage: fc.option(fc.double({ min: 0, max: 0.5, noNaN: true }), { nil: undefined }),
});

describe('staffing properties', () => {
  it('fractional ≤ integer, and scheduled ≥ agents', () => {
    fc.assert(
      fc.property(loadArb, targetArb, (load, target) => {
        const r = requiredAgents(load, target);
        expect(r.agentsFractional).toBeLessThanOrEqual(r.agents);
        expect(r.agentsFractional).toBeGreaterThanOrEqual(0);
        expect(r.scheduledFractional).toBeLessThanOrEqual(r.scheduled + 1e-9);
        expect(r.scheduled).toBeGreaterThanOrEqual(r.agents);
      }),
      { numRuns: 200 },
    );
  });

  it('forward and reverse agree: the requirement meets every target and one agent fewer misses one', () => {
    fc.assert(
      fc.property(loadArb, targetArb, (load, target) => {
        const r = requiredAgents(load, target);
        const sl = target.serviceLevel;
        const spec = { thresholdSeconds: sl?.thresholdSeconds ?? 20, definition: sl?.definition };
        const at = queueMeasures(load, r.agents, spec);
        expect(at.serviceLevel).toBe(r.measures.serviceLevel);
        const meets = (m: typeof at) =>
          (sl === undefined || m.serviceLevel >= sl.target) &&
          (target.maxAsaSeconds === undefined || m.asa <= target.maxAsaSeconds) &&
          (target.maxOccupancy === undefined || (m.occupancy <= target.maxOccupancy && m.stable));
        const none = sl === undefined && target.maxAsaSeconds === undefined && target.maxOccupancy === undefined;
        if (!none) expect(meets(at)).toBe(true);
        if (!none && r.binding !== 'stability' && r.agents > 1) {
          expect(meets(queueMeasures(load, r.agents - 1, spec))).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('more traffic never needs fewer agents', () => {
    fc.assert(
      fc.property(loadArb, targetArb, fc.double({ min: 1, max: 3, noNaN: true }), (load, target, k) => {
        const r1 = requiredAgents(load, target);
        const r2 = requiredAgents({ ...load, calls: load.calls * k }, target);
        expect(r2.agents).toBeGreaterThanOrEqual(r1.agents);
      }),
      { numRuns: 100 },
    );
  });
});

describe('staffIntervals', () => {
  it('maps every interval', () => {
    const loads = [0, 50, 100, 200].map((calls) => ({ ...example, calls }));
    const r = staffIntervals(loads, publishedTarget);
    expect(r.map((x) => x.agents)).toEqual(loads.map((l) => requiredAgents(l, publishedTarget).agents));
    expect(r[2].agents).toBe(14);
  });
});

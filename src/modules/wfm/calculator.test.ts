import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangCalculator, ErlangInputError, type ErlangInput } from './calculator';
import { queueMeasures } from './erlang';

const published: ErlangInput = { model: 'c', calls: 100, intervalMinutes: 30, ahtSeconds: 180, serviceLevel: 0.8, thresholdSeconds: 20, maxOccupancy: 0.85, shrinkage: 0.3 };

describe('Erlang calculator', () => {
  it('reproduces the published Erlang C example', () => {
    const r = erlangCalculator(published);
    expect(r).toMatchObject({ model: 'erlang-c', agents: 14, agentsWithShrinkage: 20, binding: 'serviceLevel', slThresholdSeconds: 20, slDefinition: 'offered', stable: true });
    expect(r.offeredLoad).toBeCloseTo(10, 12);
    expect(r.serviceLevel).toBeCloseTo(0.88835, 5);
    expect(r.waitProbability).toBeCloseTo(0.17413, 5);
    expect(r.occupancy).toBeCloseTo(0.714, 3);
    expect(r.agentsFractional).toBeGreaterThan(13);
    expect(r.agentsFractional).toBeLessThanOrEqual(14);
    expect(r.abandonment).toBeUndefined();
  });

  it('answers the reverse question for K agents (Erlang A with patience 5 min)', () => {
    const r = erlangCalculator({ model: 'a', calls: 100, intervalMinutes: 30, ahtSeconds: 180, thresholdSeconds: 20, patienceSeconds: 300, agents: 14, serviceLevel: 0.9 });
    expect(r.serviceLevel).toBeCloseTo(0.916792, 6);
    expect(r.abandonment).toBeCloseTo(0.013984, 6);
    expect(r).toMatchObject({ agents: 14, agentsWithShrinkage: 14, meetsTarget: true });
    expect(r.agentsFractional).toBeUndefined();
  });

  it('reports an unstable Erlang C queue with ASA null rather than Infinity', () => {
    const r = erlangCalculator({ ...published, agents: 9 });
    expect(r).toMatchObject({ stable: false, asa: null, serviceLevel: 0, meetsTarget: false });
    expect(JSON.parse(JSON.stringify(r)).asa).toBeNull();
  });

  it('the forward answer is the smallest K whose reverse answer meets the target (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 60, max: 600 }),
        fc.double({ min: 0.5, max: 0.95, noNaN: true }),
        fc.integer({ min: 5, max: 60 }),
        (calls, aht, target, threshold) => {
          const input: ErlangInput = { model: 'c', calls, intervalMinutes: 30, ahtSeconds: aht, serviceLevel: target, thresholdSeconds: threshold };
          const r = erlangCalculator(input);
          expect(r.serviceLevel).toBeGreaterThanOrEqual(target);
          expect(erlangCalculator({ ...input, agents: r.agents }).meetsTarget).toBe(true);
          if (r.agents > 1) expect(queueMeasures({ calls, intervalSeconds: 1800, ahtSeconds: aht }, r.agents - 1, { thresholdSeconds: threshold }).serviceLevel).toBeLessThan(target);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses incomplete or contradictory input with a code for the message catalogue', () => {
    const code = (i: ErlangInput) => {
      try {
        erlangCalculator(i);
        return null;
      } catch (e) {
        expect(e).toBeInstanceOf(ErlangInputError);
        return (e as ErlangInputError).code;
      }
    };
    expect(code({ model: 'c', calls: 100, intervalMinutes: 30, ahtSeconds: 180 })).toBe('wfm.erlang.target_required');
    expect(code({ ...published, model: 'a' })).toBe('wfm.erlang.bad_input');
    expect(code({ ...published, patienceSeconds: 100 })).toBe('wfm.erlang.bad_input');
    expect(code({ ...published, shrinkage: 1 })).toBe('wfm.erlang.bad_input');
    expect(code({ ...published, ahtSeconds: 0 })).toBe('wfm.erlang.bad_input');
    expect(code({ ...published, thresholdSeconds: undefined })).toBe('wfm.erlang.bad_input');
    expect(code({ ...published, agents: 2.5 })).toBe('wfm.erlang.bad_input');
  });
});

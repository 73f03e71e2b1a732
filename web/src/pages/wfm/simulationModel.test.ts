import { describe, expect, it } from 'vitest';
import type { QueueStaffing, SimulationResult, StaffingRow } from '../../wfmApi';
import { simulationRequest, simulationRows, staffingDates } from './simulationModel';

const row = (date: string, start: string, calls: number, agents: number): StaffingRow =>
  ({ date, start, startAt: `${date}T${start}:00.000Z`, calls, agents, agentsFractional: agents, availability: null, present: null, presentFractional: null, scheduled: agents, scheduledFractional: agents, serviceLevel: 0.8, asa: 10, occupancy: 0.8, abandonment: 0.02, binding: null, agentsOnDuty: null });
const inputs = (model: 'erlang-a' | 'erlang-c', patienceSeconds: number | null): QueueStaffing['inputs'] =>
  ({ model, ahtSeconds: 180, ahtSource: 'queue', ahtHistory: { from: '2026-02-01', to: '2026-02-28', talkSeconds: null, wrapUpSeconds: 0, answered: 0 }, patienceSeconds, patienceSource: 'queue', serviceLevel: { target: 0.8, thresholdSeconds: 15 }, asaSeconds: null, maxOccupancy: null, shrinkage: 0.3, availability: null });
const rows = [row('2026-03-02', '09:00', 0, 0), row('2026-03-02', '09:30', 40, 6), row('2026-03-03', '09:00', 50, 7)];

describe('simulation of a staffing day', () => {
  it('sends every interval of the chosen day with the plan\'s agents, AHT, patience and SL threshold', () => {
    expect(staffingDates(rows)).toEqual(['2026-03-02', '2026-03-03']);
    const req = simulationRequest({ intervalMinutes: 30, inputs: inputs('erlang-a', 120), intervals: rows }, '2026-03-02')!;
    expect(req.intervals).toEqual([{ calls: 0, agents: 0 }, { calls: 40, agents: 6 }]);
    expect(req.handleTime).toEqual({ dist: 'exponential', meanSeconds: 180 });
    expect(req.patience).toEqual({ dist: 'exponential', meanSeconds: 120 });
    expect(req.slThresholdSeconds).toBe(15);
    expect(req.intervalMinutes).toBe(30);
  });

  it('leaves patience out under Erlang C and refuses a day without calls', () => {
    const req = simulationRequest({ intervalMinutes: 30, inputs: inputs('erlang-c', 120), intervals: rows }, '2026-03-03')!;
    expect(req.patience).toBeUndefined();
    expect(simulationRequest({ intervalMinutes: 30, inputs: inputs('erlang-a', 120), intervals: [row('2026-03-04', '09:00', 0, 0)] }, '2026-03-04')).toBeNull();
  });

  it('pairs the simulated figures with Erlang\'s per interval, skipping empty ones', () => {
    const est = { mean: 0.8, low: 0.78, high: 0.82, halfWidth: 0.02 };
    const result: SimulationResult = {
      replications: 20, confidence: 0.95, serviceLevel: est, asaSeconds: est, abandonment: est, occupancy: est, simulatedCalls: 800, retrials: 0, wallMs: 5,
      intervals: [
        { interval: 0, agents: 0, arrivals: 0, serviceLevel: null, asaSeconds: null, abandonment: null, erlang: null },
        { interval: 1, agents: 6, arrivals: 39.5, serviceLevel: 0.81, asaSeconds: 9, abandonment: 0.03, erlang: { model: 'erlang-a', serviceLevel: 0.8, asaSeconds: 10, abandonment: 0.02, occupancy: 0.8 } },
      ],
    };
    expect(simulationRows(rows, '2026-03-02', result)).toEqual([
      { start: '09:30', calls: 40, agents: 6, erlangSl: 0.8, simSl: 0.81, erlangAsa: 10, simAsa: 9, erlangAbandonment: 0.02, simAbandonment: 0.03 },
    ]);
  });
});

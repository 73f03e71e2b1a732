import type { QueueStaffing, SimulationRequest, SimulationResult, StaffingRow } from '../../wfmApi';

/** Dates present in the staffing rows, in order. */
export function staffingDates(rows: readonly StaffingRow[]): string[] {
  return [...new Set(rows.map((r) => r.date))];
}

/**
 * The simulator's input for one day of the staffing plan: every interval of that day with its
 * forecast calls and the agents Erlang asked for, exponential handle time at the plan's AHT,
 * and exponential patience when the plan is Erlang A (Erlang C assumes nobody hangs up).
 * Null when the day has no calls.
 */
export function simulationRequest(s: Pick<QueueStaffing, 'intervalMinutes' | 'inputs' | 'intervals'>, date: string, replications = 20): SimulationRequest | null {
  const rows = s.intervals.filter((r) => r.date === date);
  if (!rows.some((r) => r.calls > 0) || !(s.inputs.ahtSeconds > 0)) return null;
  const withPatience = s.inputs.model === 'erlang-a' && s.inputs.patienceSeconds !== null && s.inputs.patienceSeconds > 0;
  return {
    intervalMinutes: s.intervalMinutes,
    intervals: rows.map((r) => ({ calls: r.calls, agents: r.agents })),
    handleTime: { dist: 'exponential', meanSeconds: s.inputs.ahtSeconds },
    ...(withPatience && { patience: { dist: 'exponential' as const, meanSeconds: s.inputs.patienceSeconds as number } }),
    slThresholdSeconds: s.inputs.serviceLevel?.thresholdSeconds ?? 20,
    replications,
    seed: 1,
  };
}

/** One table row per interval with calls: Erlang (analytic) beside the simulation. */
export interface SimulationRow {
  start: string;
  calls: number;
  agents: number;
  erlangSl: number | null;
  simSl: number | null;
  erlangAsa: number | null;
  simAsa: number | null;
  erlangAbandonment: number | null;
  simAbandonment: number | null;
}

export function simulationRows(rows: readonly StaffingRow[], date: string, result: SimulationResult): SimulationRow[] {
  const day = rows.filter((r) => r.date === date);
  return result.intervals
    .filter((iv) => day[iv.interval] && day[iv.interval].calls > 0)
    .map((iv) => {
      const r = day[iv.interval];
      return {
        start: r.start,
        calls: r.calls,
        agents: iv.agents,
        erlangSl: iv.erlang?.serviceLevel ?? null,
        simSl: iv.serviceLevel,
        erlangAsa: iv.erlang?.asaSeconds ?? null,
        simAsa: iv.asaSeconds,
        erlangAbandonment: iv.erlang?.abandonment ?? null,
        simAbandonment: iv.abandonment,
      };
    });
}

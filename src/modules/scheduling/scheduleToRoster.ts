/**
 * Glue between shift design and rostering (pure): the designed shifts become roster shift types
 * and per-date demand, and after rostering the designed break times are dealt out to the named
 * agents on each shift.
 */
import type { ScheduleResult } from './shiftDesign';
import type { RosterAssignment, RosterProblemInput } from './rosterSchemas';

/** Shift types (one per source × start time × length) and per-date demand from a schedule. */
export function rosterInputFromSchedule(
  schedule: Pick<ScheduleResult, 'shifts'>,
): Required<Pick<RosterProblemInput, 'shiftTypes' | 'demand'>> {
  const types = new Map<string, NonNullable<RosterProblemInput['shiftTypes']>[number]>();
  const demand = new Map<string, { shiftTypeId: string; date: string; required: number }>();
  for (const s of schedule.shifts) {
    const time = s.startLocal.slice(11, 16);
    const id = `${s.sourceId}-${time.replace(':', '')}-${s.lengthMinutes}`;
    if (!types.has(id)) {
      types.set(id, { id, name: s.name, start: time, durationMinutes: s.lengthMinutes, paidMinutes: s.paidMinutes, skills: [] });
    }
    const date = s.startLocal.slice(0, 10);
    const key = `${id}|${date}`;
    const d = demand.get(key) ?? { shiftTypeId: id, date, required: 0 };
    d.required += s.count;
    demand.set(key, d);
  }
  return { shiftTypes: [...types.values()], demand: [...demand.values()] };
}

export interface AgentBreak {
  agentId: string;
  date: string;
  shiftTypeId: string;
  breaks: { name: string; startLocal: string; durationMinutes: number; paid: boolean }[];
}

/**
 * Deal the designed break placements of each (date, shift type) to the agents rostered on it, in
 * agent order, so that every agent gets one placement of each break and the interval coverage
 * the shift design counted on is kept.
 */
export function dealBreaks(schedule: Pick<ScheduleResult, 'shifts'>, assignments: RosterAssignment[]): AgentBreak[] {
  const pools = new Map<string, { name: string; paid: boolean; durationMinutes: number; starts: string[] }[]>();
  for (const s of schedule.shifts) {
    const time = s.startLocal.slice(11, 16);
    const key = `${s.sourceId}-${time.replace(':', '')}-${s.lengthMinutes}|${s.startLocal.slice(0, 10)}`;
    const list = pools.get(key) ?? s.breaks.map((b) => ({ name: b.name, paid: b.paid, durationMinutes: b.durationMinutes, starts: [] as string[] }));
    s.breaks.forEach((b, j) => {
      for (const p of b.placements) for (let k = 0; k < p.count; k++) list[j].starts.push(p.startLocal);
    });
    pools.set(key, list);
  }
  const used = new Map<string, number>();
  return assignments
    .slice()
    .sort((a, b) => a.agentId.localeCompare(b.agentId))
    .map((x) => {
      const key = `${x.shiftTypeId}|${x.date}`;
      const i = used.get(key) ?? 0;
      used.set(key, i + 1);
      const pool = pools.get(key) ?? [];
      return {
        agentId: x.agentId,
        date: x.date,
        shiftTypeId: x.shiftTypeId,
        breaks: pool
          .filter((b) => b.starts.length > 0)
          .map((b) => ({ name: b.name, startLocal: b.starts[i % b.starts.length], durationMinutes: b.durationMinutes, paid: b.paid })),
      };
    });
}

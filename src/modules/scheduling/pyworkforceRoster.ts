/**
 * Converter from pyworkforce's `MinHoursRoster` input (rostering_data.json) to the product's
 * roster problem, so that the published instance (55 agents × 7 days × 4 shifts, optimum 2379)
 * can be solved — and checked — by the product's own model.
 *
 * pyworkforce's model, and how each part is written here:
 * - coverage ≥ requirement, over-coverage allowed  → demand per date; maxOverstaff = all agents
 * - one shift a day                                 → the model's own row
 * - at most `max_resting` days of rest              → rules.minWorkDaysPerWeek = days − max_resting (hard)
 * - banned (agent, day, shift)                      → agents[].bannedShifts with the date (hard)
 * - non-sequential origin → destination             → rules.forbiddenSequences; `literal` (default)
 *   reproduces the code as written: after `origin`, no shift at all the next day
 * - at least `min_working_hours` in the horizon     → agents[].minMinutesPerWeek, mode hard
 * - minimise Σ hours − Σ weight × (preferred shift) → weights.paidHour 1, weights.preference 1,
 *   agents[].preferenceWeight; fairness off (weight 0); no rest, days-off or hour caps.
 * The horizon must be one week: pyworkforce's minimums are per horizon, the product's per week.
 */
import type { RosterProblemInput } from './rosterSchemas';

export interface PyworkforceRosterData {
  num_days: number;
  resources: string[];
  shifts: string[];
  shifts_hours: number[];
  min_working_hours: number;
  max_resting: number;
  non_sequential_shifts?: { origin: string; destination: string }[] | null;
  banned_shifts?: { resource: string; shift: string; day: number }[] | null;
  required_resources: Record<string, number[]>;
  resources_preferences?: { resource: string; shift: string }[] | null;
  resources_prioritization?: { resource: string; weight: number }[] | null;
}

export interface PyworkforceOptions {
  /** First date of the horizon (a Monday keeps week blocks aligned). */
  startDate?: string;
  /** true (default): after a non-sequential origin, no shift at all the next day, as pyworkforce's code does. */
  literal?: boolean;
  timeLimitSeconds?: number;
  mipRelGap?: number;
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function rosterFromPyworkforce(data: PyworkforceRosterData, opts: PyworkforceOptions = {}): RosterProblemInput {
  if (data.num_days !== 7) throw new Error('pyworkforce conversion needs a 7-day horizon (its minimums are per horizon, ours per week)');
  const startDate = opts.startDate ?? '2026-03-02';
  const literal = opts.literal ?? true;
  const weight = new Map((data.resources_prioritization ?? []).map((x) => [x.resource, x.weight]));
  return {
    startDate,
    days: data.num_days,
    // Start times carry no meaning in pyworkforce (rest is not modelled); one common start keeps
    // every pair of days apart by 24 h minus the shift.
    shiftTypes: data.shifts.map((id, i) => ({ id, start: '08:00', durationMinutes: Math.round(data.shifts_hours[i] * 60) })),
    demand: data.shifts.flatMap((id) =>
      data.required_resources[id].map((required, d) => ({ shiftTypeId: id, date: addDays(startDate, d), required })),
    ),
    agents: data.resources.map((id) => ({
      id,
      minMinutesPerWeek: Math.round(data.min_working_hours * 60),
      preferenceWeight: weight.get(id) ?? 1,
      preferences: { shiftTypes: (data.resources_preferences ?? []).filter((x) => x.resource === id).map((x) => x.shift) },
      bannedShifts: (data.banned_shifts ?? [])
        .filter((x) => x.resource === id)
        .map((x) => ({ shiftTypeId: x.shift, date: addDays(startDate, x.day) })),
    })),
    rules: {
      minRestMinutes: 0,
      noEarlyAfterNight: false,
      maxMinutesPerWeek: 7 * 24 * 60,
      minDaysOffPerWeek: 0,
      maxConsecutiveWorkDays: data.num_days,
      minWorkDaysPerWeek: data.num_days - data.max_resting,
      forbiddenSequences: (data.non_sequential_shifts ?? []).map((x) => (literal ? { from: x.origin } : { from: x.origin, to: [x.destination] })),
      maxOverstaff: data.resources.length,
      mode: { minWeeklyHours: 'hard' },
    },
    weights: { shortfall: 1000, fairness: 0, preference: 1, paidHour: 1, overstaff: 0 },
    solver: { method: 'milp', timeLimitSeconds: opts.timeLimitSeconds ?? 45, mipRelGap: opts.mipRelGap ?? 0 },
  };
}

/** pyworkforce's objective for a roster: Σ shift hours − Σ weight × (shift is one the agent prefers). */
export function pyworkforceObjective(data: PyworkforceRosterData, roster: { agentId: string; shiftTypeId: string }[]): number {
  const hoursOf = new Map(data.shifts.map((s, i) => [s, data.shifts_hours[i]]));
  const weight = new Map((data.resources_prioritization ?? []).map((x) => [x.resource, x.weight]));
  const prefers = new Set((data.resources_preferences ?? []).map((x) => `${x.resource}|${x.shift}`));
  let total = 0;
  for (const x of roster) {
    total += hoursOf.get(x.shiftTypeId)!;
    if (prefers.has(`${x.agentId}|${x.shiftTypeId}`)) total -= weight.get(x.agentId) ?? 1;
  }
  return Math.round(total * 1e6) / 1e6;
}

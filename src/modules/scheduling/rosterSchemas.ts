/**
 * Input schema of rostering (排班到人): named agents onto shifts over a week or a month.
 *
 * Definitions shared by the builder and the independent checker (both implement them separately):
 * - A shift belongs to the date it starts on. Times are local wall-clock in `timeZone`.
 * - Weeks are consecutive 7-day blocks from `startDate` (a month of 30 days = 4 full blocks and
 *   one 2-day block). Weekly limits apply per block; a short last block needs
 *   ⌊minDaysOffPerWeek × days / 7⌋ days off and no consecutive pair.
 * - A day off is a day with no shift and no leave of reason `leave`/`training`
 *   (days marked `unavailable` count as rest, leave does not).
 * - Kind (早 early / 中 middle / 晚 late / 夜 night), when not given, follows the start time:
 *   05:00–09:59 early, 10:00–13:59 middle, 14:00–19:59 late, otherwise night.
 * - "No early after night": a night shift starting on day d forbids an early shift starting on d+1.
 * - `forbiddenSequences` {from, to}: a `from` shift starting on day d forbids a `to` shift (any
 *   shift when `to` is omitted) starting on d+1.
 * - Working days per week: days with a shift in the block. The minimum is prorated for a short
 *   last block (⌊min × days / 7⌋) and lowered by one per leave/training/unavailable day in it;
 *   the maximum is prorated upwards (⌈max × days / 7⌉).
 * - A rule family listed in `rules.mode` as `soft` is priced (weights.rulePenalty) instead of
 *   enforced; `minWeeklyHours` is soft unless set `hard`. The checker reports a softened family
 *   with severity `soft`.
 */
import { z } from 'zod';
import { timeZoneStr } from '../../core/dates';
import { isValidLocalDateTime } from './time';

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm');
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => isValidLocalDateTime(s), 'not a calendar date');
const kind = z.enum(['early', 'middle', 'late', 'night']);

/** Rule families that can be made soft (or, for minWeeklyHours, hard). */
export const FLEX_RULES = [
  'minRest',
  'earlyAfterNight',
  'forbiddenSequence',
  'maxWeeklyHours',
  'minWeeklyHours',
  'daysOff',
  'minWorkDays',
  'maxWorkDays',
  'maxConsecutiveDays',
  'banned',
] as const;
export type FlexRule = (typeof FLEX_RULES)[number];

/** Default mode of a flexible rule family. */
export function ruleMode(p: { rules: { mode: Partial<Record<FlexRule, 'hard' | 'soft'>> } }, rule: FlexRule): 'hard' | 'soft' {
  return p.rules.mode[rule] ?? (rule === 'minWeeklyHours' ? 'soft' : 'hard');
}

export const rosterShiftTypeSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  kind: kind.optional(),
  start: timeOfDay,
  durationMinutes: z.number().int().positive().max(24 * 60),
  /** Minutes that count towards weekly hours; default the duration. */
  paidMinutes: z.number().int().min(0).optional(),
  /** Skills an agent needs (all of them) to work this shift. */
  skills: z.array(z.string()).default([]),
});

export const rosterDemandSchema = z.object({
  shiftTypeId: z.string(),
  /** One date; omit for every day (optionally only on `weekdays`). Later entries override earlier. */
  date: date.optional(),
  weekdays: z.array(z.number().int().min(1).max(7)).optional(),
  required: z.number().int().min(0),
});

export const rosterAgentSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  skills: z.array(z.string()).default([]),
  /** Overrides rules.maxMinutesPerWeek for this agent (part-timers). */
  maxMinutesPerWeek: z.number().int().min(0).optional(),
  /** Contracted minimum (soft), prorated by the agent's days without leave in the week. */
  minMinutesPerWeek: z.number().int().min(0).optional(),
  /** Whole days the agent cannot start a shift. */
  unavailable: z
    .array(z.object({ date, reason: z.enum(['leave', 'training', 'unavailable']).default('leave') }))
    .default([]),
  /** If given, the only shift types this agent may work. */
  allowedShiftTypes: z.array(z.string()).optional(),
  noNights: z.boolean().default(false),
  /** Ask for two consecutive days off in each full week (overrides the rule default). */
  consecutiveDaysOff: z.boolean().optional(),
  preferences: z
    .object({
      shiftTypes: z.array(z.string()).default([]),
      avoidShiftTypes: z.array(z.string()).default([]),
      daysOff: z.array(date).default([]),
    })
    .prefault({}),
  /** Multiplies weights.preference for this agent's wishes (a senior agent's wishes count more). */
  preferenceWeight: z.number().min(0).default(1),
  /** Shift types this agent may not work on one date (all dates when `date` is omitted). */
  bannedShifts: z.array(z.object({ shiftTypeId: z.string(), date: date.optional() })).default([]),
  /** What happened just before `startDate`, for rest and consecutive-day rules. */
  history: z
    .object({
      lastShift: z
        .object({ date, start: timeOfDay, durationMinutes: z.number().int().positive(), kind: kind.optional() })
        .optional(),
      /** Days worked in a row up to the day before `startDate`. */
      consecutiveWorkDays: z.number().int().min(0).default(0),
    })
    .prefault({}),
});

export const rosterRulesSchema = z.object({
  minRestMinutes: z.number().int().min(0).default(11 * 60),
  noEarlyAfterNight: z.boolean().default(true),
  maxMinutesPerWeek: z.number().int().min(0).default(40 * 60),
  minDaysOffPerWeek: z.number().int().min(0).max(7).default(2),
  consecutiveDaysOff: z.boolean().default(false),
  maxConsecutiveWorkDays: z.number().int().min(1).max(62).default(6),
  /** A fair share may be missed by this many shifts before it is a violation. */
  nightsTolerance: z.number().min(0).default(1),
  weekendsTolerance: z.number().min(0).default(1),
  weekendDays: z.array(z.number().int().min(1).max(7)).default([6, 7]),
  /** Least working days in a week block (0: none). */
  minWorkDaysPerWeek: z.number().int().min(0).max(7).default(0),
  /** Most working days in a week block, on top of minDaysOffPerWeek. */
  maxWorkDaysPerWeek: z.number().int().min(0).max(7).default(7),
  /** Day-to-day sequences that are not allowed (e.g. night → morning, or night → any shift). */
  forbiddenSequences: z.array(z.object({ from: z.string(), to: z.array(z.string()).optional() })).default([]),
  /** Agents a shift may have above its requirement (0: never more than asked). */
  maxOverstaff: z.number().int().min(0).default(0),
  /** Which rule families are enforced (`hard`) or priced (`soft`). */
  mode: z.partialRecord(z.enum(FLEX_RULES), z.enum(['hard', 'soft'])).default({}),
});

/** Objective weights of the builder (unitless; defaults keep coverage far above fairness and wishes). */
export const rosterWeightsSchema = z.object({
  shortfall: z.number().min(0).default(1000),
  fairness: z.number().min(0).default(40),
  /** Per hour below an agent's contracted minimum. */
  minHours: z.number().min(0).default(5),
  preference: z.number().min(0).default(2),
  /** Cost per paid hour assigned (0: hours are free; 1 with no shortfall = minimise total hours). */
  paidHour: z.number().min(0).default(0),
  /** Cost per agent above a shift's requirement (when rules.maxOverstaff allows any). */
  overstaff: z.number().min(0).default(0),
  /** Price of one unit of a softened rule (per day, hour of rest or weekly hour, per shift). */
  rulePenalty: z.number().min(0).default(100),
});

export const rosterProblemSchema = z
  .object({
    startDate: date,
    days: z.number().int().min(1).max(62),
    timeZone: timeZoneStr.default('Asia/Shanghai'),
    shiftTypes: z.array(rosterShiftTypeSchema).min(1),
    demand: z.array(rosterDemandSchema).default([]),
    agents: z.array(rosterAgentSchema).min(1),
    /** Assignments fixed in advance; always kept, and reported if they break a rule. */
    pinned: z.array(z.object({ agentId: z.string(), date, shiftTypeId: z.string() })).default([]),
    rules: rosterRulesSchema.prefault({}),
    weights: rosterWeightsSchema.prefault({}),
    solver: z
      .object({
        timeLimitSeconds: z.number().positive().max(3600).default(60),
        mipRelGap: z.number().min(0).max(1).default(0.01),
        /**
         * `milp`: HiGHS, started from the heuristic roster. `heuristic`: construction + repair
         * only. `auto` (default): MILP when it has at most `milpMaxCells` assignment variables.
         */
        method: z.enum(['auto', 'milp', 'heuristic']).default('auto'),
        milpMaxCells: z.number().int().positive().default(2500),
        /** Time for the heuristic's repair phase. */
        heuristicSeconds: z.number().positive().max(600).default(3),
      })
      .prefault({}),
  })
  .superRefine((p, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const shiftIds = new Set<string>();
    p.shiftTypes.forEach((s, i) => {
      if (shiftIds.has(s.id)) issue(['shiftTypes', i, 'id'], `duplicate shift type ${s.id}`);
      shiftIds.add(s.id);
    });
    const agentIds = new Set<string>();
    p.agents.forEach((a, i) => {
      if (agentIds.has(a.id)) issue(['agents', i, 'id'], `duplicate agent ${a.id}`);
      agentIds.add(a.id);
      for (const [k, s] of (a.allowedShiftTypes ?? []).entries()) {
        if (!shiftIds.has(s)) issue(['agents', i, 'allowedShiftTypes', k], `unknown shift type ${s}`);
      }
    });
    p.agents.forEach((a, i) =>
      a.bannedShifts.forEach((b, k) => {
        if (!shiftIds.has(b.shiftTypeId)) issue(['agents', i, 'bannedShifts', k, 'shiftTypeId'], `unknown shift type ${b.shiftTypeId}`);
      }),
    );
    p.rules.forbiddenSequences.forEach((q, i) => {
      for (const [k, id] of [q.from, ...(q.to ?? [])].entries()) {
        if (!shiftIds.has(id)) issue(['rules', 'forbiddenSequences', i, k === 0 ? 'from' : 'to'], `unknown shift type ${id}`);
      }
    });
    p.demand.forEach((d, i) => {
      if (!shiftIds.has(d.shiftTypeId)) issue(['demand', i, 'shiftTypeId'], `unknown shift type ${d.shiftTypeId}`);
    });
    const first = Date.parse(`${p.startDate}T00:00:00Z`);
    p.pinned.forEach((x, i) => {
      if (!agentIds.has(x.agentId)) issue(['pinned', i, 'agentId'], `unknown agent ${x.agentId}`);
      if (!shiftIds.has(x.shiftTypeId)) issue(['pinned', i, 'shiftTypeId'], `unknown shift type ${x.shiftTypeId}`);
      const day = (Date.parse(`${x.date}T00:00:00Z`) - first) / 86_400_000;
      if (day < 0 || day >= p.days) issue(['pinned', i, 'date'], 'outside the roster horizon');
    });
  });

export type RosterProblemInput = z.input<typeof rosterProblemSchema>;
export type RosterProblem = z.output<typeof rosterProblemSchema>;
export type RosterAgent = z.output<typeof rosterAgentSchema>;
export type RosterShiftType = z.output<typeof rosterShiftTypeSchema>;
export type ShiftKind = z.output<typeof kind>;

/** One agent working one shift type on one date (the date the shift starts). */
export interface RosterAssignment {
  agentId: string;
  date: string;
  shiftTypeId: string;
}

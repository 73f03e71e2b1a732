/**
 * Input schema of shift design (排班设计): requirements per interval → how many agents start each
 * shift. JSON in, JSON out, so the HTTP API and `shouwen schedule --input problem.json` are thin.
 */
import { z } from 'zod';
import { timeZoneStr } from '../../core/dates';
import { isValidLocalDateTime, timeOfDayMinutes } from './time';

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm');
const localDateTime = z
  .string()
  .refine(isValidLocalDateTime, 'expected a local date-time YYYY-MM-DDTHH:mm');
const fen = z.number().int().min(0);
const count = z.number().int().min(0);

/** A break or lunch (休息 / 午餐) placed somewhere inside a window measured from the shift start. */
export const breakRuleSchema = z.object({
  name: z.string().default('break'),
  durationMinutes: z.number().int().positive(),
  /** Paid breaks count towards paid hours (cost); unpaid ones do not. Both remove the agent from the phones. */
  paid: z.boolean().default(false),
  /** Earliest break start, minutes after the shift start. */
  earliestStartMinutes: z.number().int().min(0),
  /** Latest break start, minutes after the shift start. */
  latestStartMinutes: z.number().int().min(0),
  /** Only for shifts of these lengths (e.g. an unpaid lunch only for shifts over 6 h); default all. */
  forLengthsMinutes: z.array(z.number().int().positive()).optional(),
});

export const shiftTemplateSchema = z.object({
  id: z.string().min(1),
  /** Display name, e.g. 早班 / 中班 / 晚班 / 夜班. */
  name: z.string().optional(),
  /** Explicit local start times … */
  startTimes: z.array(timeOfDay).optional(),
  /** … or a grid: every `stepMinutes` from `earliest` to `latest` inclusive (local time). */
  startWindow: z
    .object({ earliest: timeOfDay, latest: timeOfDay, stepMinutes: z.number().int().positive() })
    .optional(),
  lengthsMinutes: z.array(z.number().int().positive()).min(1),
  breaks: z.array(breakRuleSchema).default([]),
  /** ISO weekdays (1 = Monday … 7 = Sunday) on which the shift may start; default every day. */
  days: z.array(z.number().int().min(1).max(7)).optional(),
  /** Cost of one agent working one such shift = costPerShiftFen + costPerPaidHourFen × paid hours. */
  costPerShiftFen: fen.default(0),
  costPerPaidHourFen: fen.default(0),
  /** Bounds on the number of agents starting at each individual start (per start time and day). */
  minPerStart: count.default(0),
  maxPerStart: count.optional(),
  /** Upper bound on agents over all starts of this template in the horizon. */
  maxTotal: count.optional(),
});

/** A shift given directly as a 0/1 coverage pattern over intervals (cover = 1). */
export const explicitShiftSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  /** Interval index where `pattern[0]` lands. */
  startInterval: z.number().int().min(0).default(0),
  pattern: z.array(z.union([z.literal(0), z.literal(1)])).min(1),
  costFen: fen,
  /** Paid minutes for reporting; default = covered intervals × intervalMinutes. */
  paidMinutes: z.number().int().min(0).optional(),
  min: count.default(0),
  max: count.optional(),
});

const perInterval = z.union([z.number().min(0), z.array(z.number().min(0))]);

export const scheduleProblemSchema = z
  .object({
    /** Local date-time of interval 0 in `timeZone`. */
    start: localDateTime,
    timeZone: timeZoneStr.default('Asia/Shanghai'),
    intervalMinutes: z.union([z.literal(5), z.literal(10), z.literal(15), z.literal(20), z.literal(30), z.literal(60)]),
    /** Agents needed (working, not on break) per interval; may be fractional (e.g. from Erlang). */
    requirements: z.array(z.number().min(0)).min(1).max(20_000),
    /**
     * `ceil`: coverage must reach ⌈requirement⌉ (default; a fractional Erlang figure of 7.2 needs
     * 8 people). `fractional`: the requirement is used as-is and shortfall may be fractional.
     */
    requirementRounding: z.enum(['ceil', 'fractional']).default('ceil'),
    /** Floor on working agents per interval (e.g. at least 1 at night); raises the requirement. */
    minPerInterval: perInterval.optional(),
    /** Hard cap on agents on duty (seats) per interval. */
    maxPerInterval: perInterval.optional(),
    /** Agents already on duty from earlier decisions (e.g. a night shift carried in), per interval. */
    fixedCoverage: z.array(z.number().int().min(0)).optional(),
    templates: z.array(shiftTemplateSchema).default([]),
    explicitShifts: z.array(explicitShiftSchema).default([]),
    /** Treat the horizon as a repeating cycle: a shift running past the end covers the start. */
    wrapAround: z.boolean().default(false),
    /** Cost of one agent missing for one interval; default 10 × the dearest candidate shift. */
    shortfallPenaltyFen: fen.optional(),
    /** Cost of one agent more than required for one interval (default 0: over-coverage is only reported). */
    overstaffPenaltyFen: fen.default(0),
    /** `optimize`: break starts are MILP variables. `midpoint`: each break fixed at its window's middle (baseline). */
    breakPlacement: z.enum(['optimize', 'midpoint']).default('optimize'),
    solver: z
      .object({
        timeLimitSeconds: z.number().positive().max(3600).default(30),
        mipRelGap: z.number().min(0).max(1).default(0.01),
        /**
         * How break positions enter the MILP: `patterns` = one column per shift × break-position
         * combination; `implicit` = head count plus break-start counts; `auto` (default) uses
         * patterns when a shift has at most 64 combinations.
         */
        breakFormulation: z.enum(['auto', 'patterns', 'implicit']).default('auto'),
      })
      .prefault({}),
  })
  .superRefine((p, ctx) => {
    const n = p.requirements.length;
    const step = p.intervalMinutes;
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (p.templates.length === 0 && p.explicitShifts.length === 0) {
      issue(['templates'], 'give at least one shift template or explicit shift');
    }
    for (const key of ['minPerInterval', 'maxPerInterval', 'fixedCoverage'] as const) {
      const v = p[key];
      if (Array.isArray(v) && v.length !== n) issue([key], `must have ${n} entries, one per interval`);
    }
    if (!p.start.includes('T') || p.start.length < 16) issue(['start'], 'give a time as well, e.g. 2026-03-02T00:00');
    else if (timeOfDayMinutes(p.start.slice(11, 16)) % step !== 0) issue(['start'], `must fall on a ${step}-minute boundary`);
    p.templates.forEach((t, ti) => {
      const at = (...rest: (string | number)[]) => ['templates', ti, ...rest];
      if (!t.startTimes && !t.startWindow) issue(at(), 'give startTimes or startWindow');
      for (const [i, s] of (t.startTimes ?? []).entries()) {
        if (timeOfDayMinutes(s) % step !== 0) issue(at('startTimes', i), `start ${s} is not on the ${step}-minute grid`);
      }
      if (t.startWindow) {
        const { earliest, latest, stepMinutes } = t.startWindow;
        if (timeOfDayMinutes(earliest) % step !== 0) issue(at('startWindow', 'earliest'), 'not on the interval grid');
        if (stepMinutes % step !== 0) issue(at('startWindow', 'stepMinutes'), `must be a multiple of ${step}`);
        if (timeOfDayMinutes(latest) < timeOfDayMinutes(earliest)) issue(at('startWindow'), 'latest is before earliest');
      }
      t.lengthsMinutes.forEach((len, li) => {
        if (len % step !== 0) issue(at('lengthsMinutes', li), `must be a multiple of ${step}`);
        if (len > 24 * 60) issue(at('lengthsMinutes', li), 'at most 24 hours');
        if (p.wrapAround && len > n * step) issue(at('lengthsMinutes', li), 'longer than the whole (wrapped) horizon');
        // Breaks of one length are checked for fit and order: windows must not overlap, so two
        // breaks of one agent can never be placed on top of each other.
        const bs = t.breaks.filter((b) => !b.forLengthsMinutes || b.forLengthsMinutes.includes(len));
        let prevEnd = -1;
        for (const b of bs) {
          const bi = t.breaks.indexOf(b);
          if (b.durationMinutes % step !== 0) issue(at('breaks', bi, 'durationMinutes'), `must be a multiple of ${step}`);
          if (b.earliestStartMinutes % step !== 0 || b.latestStartMinutes % step !== 0) {
            issue(at('breaks', bi), `window must be on the ${step}-minute grid`);
          }
          if (b.latestStartMinutes < b.earliestStartMinutes) issue(at('breaks', bi), 'latest start before earliest start');
          if (b.latestStartMinutes + b.durationMinutes > len) {
            issue(at('breaks', bi), `does not fit in a ${len}-minute shift`);
          }
          if (b.earliestStartMinutes < prevEnd) {
            issue(at('breaks', bi), 'break windows of one shift must not overlap; list them in time order');
          }
          prevEnd = b.latestStartMinutes + b.durationMinutes;
        }
      });
      if (t.maxPerStart !== undefined && t.maxPerStart < t.minPerStart) issue(at('maxPerStart'), 'below minPerStart');
    });
    p.explicitShifts.forEach((s, si) => {
      if (!p.wrapAround && s.startInterval + s.pattern.length > n) {
        issue(['explicitShifts', si, 'pattern'], 'runs past the end of the horizon (set wrapAround or shorten it)');
      }
      if (p.wrapAround && s.pattern.length > n) issue(['explicitShifts', si, 'pattern'], 'longer than the horizon');
      if (s.startInterval >= n) issue(['explicitShifts', si, 'startInterval'], 'outside the horizon');
      if (s.max !== undefined && s.max < s.min) issue(['explicitShifts', si, 'max'], 'below min');
    });
  });

export type ScheduleProblemInput = z.input<typeof scheduleProblemSchema>;
export type ScheduleProblem = z.output<typeof scheduleProblemSchema>;
export type ShiftTemplate = z.output<typeof shiftTemplateSchema>;
export type BreakRule = z.output<typeof breakRuleSchema>;

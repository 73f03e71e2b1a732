/**
 * Input schema of the capacity plan (加班还是招人): months ahead, required FTE against projected
 * staff, and the levers overtime, hiring, temporary staff and accepting a lower service level.
 * Money in integer fen.
 */
import { z } from 'zod';

const fen = z.number().int().min(0);
const share = z.number().min(0).max(1);

export const serviceLevelPointSchema = z.object({
  /** Effective FTE ÷ required FTE. */
  staffingRatio: z.number().positive(),
  /** Expected service level (e.g. share answered within 20 s) at that ratio. */
  serviceLevel: share,
});

export const capacityPlanSchema = z
  .object({
    /** First month of the plan, `YYYY-MM`. */
    startMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM'),
    /** Required FTE per month (from staffing: Erlang requirement × hours ÷ FTE hours), one per month. */
    requiredFte: z.array(z.number().min(0)).min(1).max(60),
    /** Paid hours of one FTE in a month (174 = 21.75 paid days × 8 h); converts overtime hours into FTE and sets the hourly wage. */
    hoursPerFteMonth: z.number().positive().default(174),
    staff: z.object({
      /** Fully productive agents at the start of the first month. */
      headcount: z.number().min(0),
      /** Hires already recruited: they start at the beginning of month `startMonthIndex` and ramp up. */
      pipeline: z.array(z.object({ startMonthIndex: z.number().int().min(0), count: z.number().int().min(1) })).default([]),
      /** Expected share of staff leaving each month (0.03 ≈ 31 % a year). */
      monthlyAttrition: share,
      /** Fully loaded monthly cost of one agent (salary, social insurance, seat), fen. */
      salaryFenPerMonth: fen,
    }),
    hiring: z
      .object({
        enabled: z.boolean().default(true),
        /** Months from the hiring decision to the first day at work. */
        leadTimeMonths: z.number().int().min(0).max(12).default(1),
        /** Weeks of classroom training at full salary and zero productivity. */
        trainingWeeks: z.number().min(0).max(52).default(4),
        /** Productivity in each month after training begins to pay off (then 100 %). */
        ramp: z.array(share).default([0.5, 0.75]),
        recruitingCostFen: fen.default(0),
        trainingCostFen: fen.default(0),
        maxPerMonth: z.number().int().min(0).optional(),
      })
      .prefault({}),
    overtime: z
      .object({
        enabled: z.boolean().default(true),
        /** Pay multiple for overtime hours (1.5 on workdays in China, 2 on rest days). */
        premium: z.number().min(1).default(1.5),
        /** Cap per fully productive agent and week. */
        maxHoursPerAgentPerWeek: z.number().min(0).default(9),
        /** Cap per agent and month (Labour Law art. 41: 36 h). */
        maxHoursPerAgentPerMonth: z.number().min(0).default(36),
        /** Output of an overtime hour relative to a normal hour (fatigue). */
        productivity: share.default(1),
        /** Extra monthly attrition per unit of overtime share (overtime hours ÷ regular hours); 0 = none. */
        attritionPerOvertimeShare: z.number().min(0).default(0),
      })
      .prefault({}),
    temps: z
      .object({
        enabled: z.boolean().default(true),
        /** Agency or outsourced cost of one temporary agent for a month, fen. */
        costFenPerMonth: fen.default(0),
        /** Output relative to a trained agent. */
        productivity: share.default(0.8),
        maxAgents: z.number().int().min(0).default(0),
      })
      .prefault({}),
    serviceLevel: z.object({
      /** Target service level per month. */
      target: share,
      /** Expected service level by staffing ratio; increasing, interpolated linearly, clamped at the ends. */
      curve: z.array(serviceLevelPointSchema).min(2),
      /** Lowest service level the business would ever accept; default 0. */
      floor: share.default(0),
      /**
       * What one FTE-month below the target is worth avoiding (lost calls, complaints), fen. When
       * given, the plan may accept a lower service level where that is cheaper; when absent the
       * target is only missed when no lever can reach it.
       */
      shortfallCostFenPerFteMonth: fen.optional(),
    }),
    /** Keep at least this many people on payroll at the end (so the plan does not drain the team). */
    endHeadcountAtLeast: z.number().min(0).optional(),
    solver: z
      .object({ timeLimitSeconds: z.number().positive().max(600).default(20), mipRelGap: z.number().min(0).max(1).default(0) })
      .prefault({}),
  })
  .superRefine((p, ctx) => {
    const pts = p.serviceLevel.curve;
    for (let i = 1; i < pts.length; i++) {
      if (!(pts[i].staffingRatio > pts[i - 1].staffingRatio) || pts[i].serviceLevel < pts[i - 1].serviceLevel) {
        ctx.addIssue({ code: 'custom', path: ['serviceLevel', 'curve', i], message: 'ratios must increase and service levels must not fall' });
      }
    }
    if (p.serviceLevel.floor > p.serviceLevel.target) {
      ctx.addIssue({ code: 'custom', path: ['serviceLevel', 'floor'], message: 'floor above target' });
    }
    p.staff.pipeline.forEach((x, i) => {
      if (x.startMonthIndex >= p.requiredFte.length) {
        ctx.addIssue({ code: 'custom', path: ['staff', 'pipeline', i, 'startMonthIndex'], message: 'after the plan ends' });
      }
    });
  });

export type CapacityPlanInput = z.input<typeof capacityPlanSchema>;
export type CapacityPlan = z.output<typeof capacityPlanSchema>;

/** Decisions per month: hires decided, overtime hours worked, temporary agents engaged. */
export interface CapacityDecisions {
  hires: number[];
  overtimeHours: number[];
  temps: number[];
}

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  buildCapacityModel,
  monthLabel,
  noDecisions,
  overtimeCapPerAgent,
  productivityByAge,
  ratioForServiceLevel,
  serviceLevelAt,
  simulatePlan,
  WEEKS_PER_MONTH,
} from './capacity';
import { solveCapacityPlan } from './capacityPlan';
import { capacityPlanSchema, type CapacityPlanInput } from './capacitySchemas';
import { erlangServiceLevelCurve } from './erlangC';

/** The worked example of docs/scheduling.md. */
const DOCS_EXAMPLE: CapacityPlanInput = {
  startMonth: '2026-07',
  requiredFte: [50, 52, 55, 58, 58, 56],
  hoursPerFteMonth: 174,
  staff: { headcount: 52, monthlyAttrition: 0.03, salaryFenPerMonth: 696_000 },
  hiring: { leadTimeMonths: 1, trainingWeeks: 4, ramp: [0.5, 0.75], recruitingCostFen: 200_000, trainingCostFen: 300_000, maxPerMonth: 10 },
  overtime: { premium: 1.5, maxHoursPerAgentPerWeek: 9, maxHoursPerAgentPerMonth: 36 },
  temps: { costFenPerMonth: 1_000_000, productivity: 0.8, maxAgents: 10 },
  endHeadcountAtLeast: 56,
  serviceLevel: {
    target: 0.8,
    curve: [
      { staffingRatio: 0.8, serviceLevel: 0.5 },
      { staffingRatio: 0.9, serviceLevel: 0.68 },
      { staffingRatio: 1.0, serviceLevel: 0.8 },
      { staffingRatio: 1.1, serviceLevel: 0.88 },
      { staffingRatio: 1.2, serviceLevel: 0.93 },
    ],
  },
};
const plan = capacityPlanSchema.parse(DOCS_EXAMPLE);
const zeros = () => new Array(6).fill(0);

describe('new-hire productivity', () => {
  it('4 weeks of training and a 50 % / 75 % ramp', () => {
    // Month 0: 4 of 4.33 weeks in class → 1/13 of the month at 50 %; month 1: 75 %; then 100 %.
    const p = productivityByAge(4, [0.5, 0.75]);
    expect(p).toHaveLength(3);
    expect(p[0]).toBeCloseTo((1 - 4 / WEEKS_PER_MONTH) * 0.5, 12);
    expect(p[0]).toBeCloseTo(0.5 / 13, 12);
    expect(p[1]).toBe(0.75);
    expect(p[2]).toBe(1);
  });
  it('6 weeks of training spill into the second month', () => {
    const p = productivityByAge(6, [0.5, 0.75]);
    expect(p[0]).toBe(0);
    expect(p[1]).toBeCloseTo((1 - (6 - WEEKS_PER_MONTH) / WEEKS_PER_MONTH) * 0.5, 12);
    expect(p.slice(2)).toEqual([0.75, 1]);
  });
  it('no training and no ramp: productive at once', () => {
    expect(productivityByAge(0, [])).toEqual([1]);
  });
});

describe('service-level curve', () => {
  const curve = plan.serviceLevel.curve;
  it('interpolates linearly and clamps', () => {
    expect(serviceLevelAt(curve, 0.95)).toBeCloseTo(0.74, 12);
    expect(serviceLevelAt(curve, 0.5)).toBe(0.5);
    expect(serviceLevelAt(curve, 3)).toBe(0.93);
  });
  it('inverts the curve', () => {
    expect(ratioForServiceLevel(curve, 0.8)).toBe(1);
    expect(ratioForServiceLevel(curve, 0.84)).toBeCloseTo(1.05, 12);
    expect(ratioForServiceLevel(curve, 0.99)).toBeNull();
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 0.93, noNaN: true }), (sl) => {
        const r = ratioForServiceLevel(curve, sl)!;
        return Math.abs(serviceLevelAt(curve, r) - sl) < 1e-9;
      }),
    );
  });
  it('can be derived from Erlang C for a representative half hour', () => {
    const c = erlangServiceLevelCurve({ callsPerInterval: 300, ahtSeconds: 240, intervalSeconds: 1800, answerWithinSeconds: 20, target: 0.8 });
    expect(c.find((x) => x.staffingRatio === 1)!.serviceLevel).toBeGreaterThanOrEqual(0.8);
    for (let i = 1; i < c.length; i++) expect(c[i].serviceLevel).toBeGreaterThanOrEqual(c[i - 1].serviceLevel);
  });
});

describe('projection arithmetic', () => {
  it('attrition: 52 agents lose 3 % a month, paid at 6,960 yuan', () => {
    const months = simulatePlan(plan, noDecisions(plan));
    months.forEach((m, i) => {
      expect(m.tenured).toBeCloseTo(52 * 0.97 ** i, 10);
      expect(m.costs.salaryFen).toBe(Math.round(52 * 0.97 ** i * 696_000));
      expect(m.leavers).toBeCloseTo(52 * 0.97 ** i * 0.03, 10);
    });
    expect(months.map((m) => m.month)).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    expect(months[1].tenured).toBeCloseTo(50.44, 10);
  });

  it('hires: lead time, training, ramp, attrition in ramp, then joining the tenured pool', () => {
    const months = simulatePlan(plan, { hires: [8, 0, 0, 0, 0, 0], overtimeHours: zeros(), temps: zeros() });
    const p0 = 0.5 / 13;
    // Decided in July → start in August, in class most of the month.
    expect(months[0]).toMatchObject({ hiresDecided: 8, hiresStarting: 0, inRamp: 0 });
    expect(months[0].costs.hiringFen).toBe(8 * 200_000);
    expect(months[1]).toMatchObject({ hiresStarting: 8, inRamp: 8 });
    expect(months[1].rampFte).toBeCloseTo(8 * p0, 12);
    expect(months[1].costs.hiringFen).toBe(8 * 300_000);
    expect(months[1].costs.salaryFen).toBe(Math.round((52 * 0.97 + 8) * 696_000));
    expect(months[2].inRamp).toBeCloseTo(8 * 0.97, 12);
    expect(months[2].rampFte).toBeCloseTo(8 * 0.97 * 0.75, 12);
    // October: fully productive, part of the tenured pool.
    expect(months[3].inRamp).toBe(0);
    expect(months[3].tenured).toBeCloseTo(52 * 0.97 ** 3 + 8 * 0.97 ** 2, 10);
  });

  it('pipeline hires are already recruited: training cost, no recruiting cost', () => {
    const p = capacityPlanSchema.parse({ ...DOCS_EXAMPLE, staff: { ...DOCS_EXAMPLE.staff, pipeline: [{ startMonthIndex: 0, count: 5 }] } });
    const months = simulatePlan(p, noDecisions(p));
    expect(months[0]).toMatchObject({ inRamp: 5, hiresStarting: 5 });
    expect(months[0].costs.hiringFen).toBe(5 * 300_000);
    expect(months[2].tenured).toBeCloseTo(52 * 0.97 ** 2 + 5 * 0.97 ** 2, 10);
  });

  it('overtime: cap min(9 h × 52/12, 36 h) per tenured agent, paid at 1.5 × 40 yuan', () => {
    expect(overtimeCapPerAgent(plan)).toBe(36);
    const weekly = capacityPlanSchema.parse({ ...DOCS_EXAMPLE, overtime: { maxHoursPerAgentPerWeek: 6, maxHoursPerAgentPerMonth: 36 } });
    expect(overtimeCapPerAgent(weekly)).toBeCloseTo(26, 12);
    const months = simulatePlan(plan, { hires: zeros(), overtimeHours: [174, 0, 0, 0, 0, 0], temps: zeros() });
    expect(months[0].overtimeCapHours).toBeCloseTo(36 * 52, 10);
    expect(months[0].overtimeFte).toBeCloseTo(1, 12);
    expect(months[0].costs.overtimeFen).toBe(174 * 6_000);
    expect(months[0].effectiveFte).toBeCloseTo(53, 12);
  });

  it('overtime may raise attrition: extra leavers = γ × overtime hours ÷ FTE hours', () => {
    const p = capacityPlanSchema.parse({ ...DOCS_EXAMPLE, overtime: { ...DOCS_EXAMPLE.overtime, attritionPerOvertimeShare: 0.5 } });
    const months = simulatePlan(p, { hires: zeros(), overtimeHours: [174, 0, 0, 0, 0, 0], temps: zeros() });
    // Overtime share 174 / (52 × 174) = 1/52; extra attrition 0.5/52 of 52 people = 0.5 leavers.
    expect(months[0].leavers).toBeCloseTo(52 * 0.03 + 0.5, 12);
    expect(months[1].tenured).toBeCloseTo(52 * 0.97 - 0.5, 12);
  });

  it('temps count at their productivity and agency rate', () => {
    const months = simulatePlan(plan, { hires: zeros(), overtimeHours: zeros(), temps: [0, 5, 0, 0, 0, 0] });
    expect(months[1].tempFte).toBe(4);
    expect(months[1].costs.tempsFen).toBe(5_000_000);
    expect(months[1].serviceLevel).toBeCloseTo(serviceLevelAt(plan.serviceLevel.curve, (52 * 0.97 + 4) / 52), 12);
  });

  it('month labels roll over the year', () => {
    expect(monthLabel('2026-11', 3)).toBe('2027-02');
  });
});

describe('cheapest mix (HiGHS) against the simulator', () => {
  it('the docs example: figures, consistency and the recommendation', async () => {
    const r = await solveCapacityPlan(DOCS_EXAMPLE);
    const mix = r.options.find((o) => o.option === 'mix')!;
    expect(r.solver.every((s) => s.status === 'optimal')).toBe(true);
    expect(mix.meetsTargetEveryMonth).toBe(true);
    // The MILP objective leaves out July's pay of today's 52 agents (no decision changes it).
    const objective = r.solver.find((s) => s.option === 'mix')!.objective!;
    expect(Math.abs(mix.totalFen - 52 * 696_000 - objective)).toBeLessThan(500);
    // Overtime stays within the cap every month.
    for (const m of mix.months) expect(m.overtimeHours).toBeLessThanOrEqual(m.overtimeCapHours + 0.01);
    // No option that meets the target is cheaper than the mix.
    for (const o of r.options) if (o.meetsTargetEveryMonth) expect(o.totalFen).toBeGreaterThanOrEqual(mix.totalFen - 500);
    // Documented figures (docs/scheduling.md).
    expect(mix.decisions.hires).toEqual([8, 4, 1, 0, 0, 0]);
    expect(mix.decisions.temps).toEqual([0, 0, 0, 0, 0, 0]);
    expect(mix.totalFen / 100).toBeCloseTo(2_485_517, -1);
    expect(mix.meetsEndHeadcount).toBe(true);
    expect(r.options.find((o) => o.option === 'overtime')!.meetsEndHeadcount).toBe(false);
    // The August walk-through in the docs.
    const aug = mix.months[1];
    expect(aug.tenured).toBeCloseTo(50.44, 10);
    expect(aug.rampFte).toBeCloseTo(8 * (0.5 / 13), 10);
    expect(aug.overtimeHours).toBe(217.91);
    expect(aug.overtimeCapHours).toBeCloseTo(36 * 50.44, 10);
    expect(aug.costs).toEqual({
      salaryFen: Math.round((50.44 + 8) * 696_000),
      overtimeFen: Math.round(217.91 * 6_000),
      tempsFen: 0,
      hiringFen: 4 * 200_000 + 8 * 300_000,
      shortfallFen: 0,
      totalFen: 45_181_700,
    });
    expect(mix.months[3].tenured).toBeCloseTo(52 * 0.97 ** 3 + 8 * 0.97 ** 2, 10);
    const hiring = r.options.find((o) => o.option === 'hiring')!;
    expect(hiring.months[1].meetsTarget).toBe(false); // August: new hires are still in class
    const none = r.options.find((o) => o.option === 'acceptLowerServiceLevel')!;
    expect(none.totalFen).toBe(simulatePlan(plan, noDecisions(plan)).reduce((s, m) => s + m.costs.totalFen, 0));
    expect(none.lowestServiceLevel).toBe(0.5);
    expect(r.recommendation['zh-CN']).toContain('建议');
    expect(r.recommendation['zh-CN']).toContain('2026-07 决定招聘 8 人');
    expect(r.recommendation.en).toContain('Hiring only');
  });

  it('prices a lower service level when told what it costs', async () => {
    // Shortfall at 1 yuan per FTE-month is cheaper than any lever: the mix does nothing.
    const r = await solveCapacityPlan({
      ...DOCS_EXAMPLE,
      endHeadcountAtLeast: undefined,
      serviceLevel: { ...DOCS_EXAMPLE.serviceLevel, shortfallCostFenPerFteMonth: 100 },
    });
    const mix = r.options.find((o) => o.option === 'mix')!;
    expect(mix.decisions.hires.every((h) => h === 0)).toBe(true);
    expect(mix.decisions.overtimeHours.every((h) => h === 0)).toBe(true);
    expect(mix.months[3].costs.shortfallFen).toBe(Math.round((58 - 52 * 0.97 ** 3) * 100));
  });

  it('a floor on the service level is honoured even when shortfall is cheap', async () => {
    const r = await solveCapacityPlan({
      ...DOCS_EXAMPLE,
      serviceLevel: { ...DOCS_EXAMPLE.serviceLevel, floor: 0.68, shortfallCostFenPerFteMonth: 100 },
    });
    const mix = r.options.find((o) => o.option === 'mix')!;
    for (const m of mix.months) expect(m.serviceLevel).toBeGreaterThanOrEqual(0.68 - 1e-6);
  });

  it('the MILP model lists only decisions that exist', () => {
    const m = buildCapacityModel(plan, { hiring: true, overtime: false, temps: false, lowerServiceLevel: false });
    // Lead time 1: a hire decided in the last month would start after the plan.
    expect(m.variables.hires).toEqual(['h0', 'h1', 'h2', 'h3', 'h4', null]);
    expect(m.variables.overtime.every((v) => v === null)).toBe(true);
    expect(m.lp).toContain('ten1: T1 - 0.97 T0 = 0');
  });
});

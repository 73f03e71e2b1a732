/**
 * Capacity plan end to end: for each option (cheapest mix, overtime only, hiring only, temporary
 * staff only) solve the MILP of capacity.ts in a HiGHS worker, then evaluate every option — and
 * "no action" — with the same month-by-month simulator, so all figures are comparable and the
 * recommendation rests on the simulator's arithmetic, not on solver internals.
 */
import {
  buildCapacityModel,
  decisionsFromValues,
  monthLabel,
  noDecisions,
  overtimeCapPerAgent,
  productivityByAge,
  recommendationText,
  simulatePlan,
  summariseOption,
  type CapacityOptionId,
  type CapacityOptionResult,
  type Levers,
} from './capacity';
import { capacityPlanSchema, type CapacityPlanInput } from './capacitySchemas';
import { runHighs, SolveJob, type HighsRunHooks, type SolveStatus } from './highsRunner';

export interface CapacityPlanResult {
  months: string[];
  targetServiceLevel: number;
  /** Staffing ratio the target needs on the curve (null: the curve never reaches it). */
  targetRatio: number | null;
  overtimeCapHoursPerAgent: number;
  /** New-hire productivity by month since start (last entry = 1). */
  newHireProductivity: number[];
  /** Cheapest mix first, then single levers, then no action. */
  options: CapacityOptionResult[];
  recommendation: { 'zh-CN': string; en: string };
  solver: { option: CapacityOptionId; status: SolveStatus; objective: number | null; gap: number | null; wallMs: number }[];
}

const LEVERS: Record<Exclude<CapacityOptionId, 'acceptLowerServiceLevel'>, Levers> = {
  mix: { hiring: true, overtime: true, temps: true, lowerServiceLevel: true },
  overtime: { hiring: false, overtime: true, temps: false, lowerServiceLevel: false },
  hiring: { hiring: true, overtime: false, temps: false, lowerServiceLevel: false },
  temps: { hiring: false, overtime: false, temps: true, lowerServiceLevel: false },
};

export async function solveCapacityPlan(input: CapacityPlanInput | unknown, hooks: HighsRunHooks = {}): Promise<CapacityPlanResult> {
  const plan = capacityPlanSchema.parse(input);
  const enabled: Record<string, boolean> = {
    mix: true,
    overtime: plan.overtime.enabled,
    hiring: plan.hiring.enabled,
    temps: plan.temps.enabled && plan.temps.maxAgents > 0,
  };
  const options: CapacityOptionResult[] = [];
  const solver: CapacityPlanResult['solver'] = [];
  for (const id of ['mix', 'overtime', 'hiring', 'temps'] as const) {
    if (!enabled[id]) continue;
    const model = buildCapacityModel(plan, LEVERS[id]);
    const run = await runHighs(model.lp, { timeLimitSeconds: plan.solver.timeLimitSeconds, mipRelGap: plan.solver.mipRelGap }, hooks);
    solver.push({ option: id, status: run.status, objective: run.objective, gap: run.gap, wallMs: run.wallMs });
    const decisions = decisionsFromValues(plan, model, run.values);
    options.push(summariseOption(plan, id, decisions, simulatePlan(plan, decisions)));
    if (run.status === 'cancelled') break;
  }
  const none = noDecisions(plan);
  options.push(summariseOption(plan, 'acceptLowerServiceLevel', none, simulatePlan(plan, none)));
  const target = buildCapacityModel(plan, LEVERS.mix).targetRatio;
  return {
    months: plan.requiredFte.map((_, m) => monthLabel(plan.startMonth, m)),
    targetServiceLevel: plan.serviceLevel.target,
    targetRatio: target,
    overtimeCapHoursPerAgent: overtimeCapPerAgent(plan),
    newHireProductivity: productivityByAge(plan.hiring.trainingWeeks, plan.hiring.ramp),
    options,
    recommendation: recommendationText(plan, options),
    solver,
  };
}

export function startCapacityPlan(input: CapacityPlanInput | unknown): SolveJob<CapacityPlanResult> {
  return new SolveJob((hooks) => solveCapacityPlan(input, hooks));
}

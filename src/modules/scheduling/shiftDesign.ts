/**
 * Shift design end to end: validate → build the MILP (pure) → HiGHS in a worker → report.
 */
import { runHighs, SolveJob, type HighsRunHooks, type SolveStatus } from './highsRunner';
import { scheduleProblemSchema, type ScheduleProblem, type ScheduleProblemInput } from './shiftSchemas';
import {
  buildShiftModel,
  minimumSolution,
  reportSolution,
  solutionFromValues,
  type ScheduleReport,
} from './shiftModel';

export interface SolverSummary {
  status: SolveStatus;
  /** Objective as HiGHS reports it (fen, penalties included). */
  objective: number | null;
  /** Proven lower bound on the objective. */
  bestBound: number | null;
  /** Relative gap between objective and bound (0.01 = 1 %). */
  gap: number | null;
  nodes: number | null;
  solverSeconds: number | null;
  wallMs: number;
  timeLimitSeconds: number;
  mipRelGap: number;
  /** The schedule comes from the last incumbent streamed before a cancel or watchdog stop. */
  fromIncumbent: boolean;
  /** No solver answer was usable; the all-minimum schedule is reported instead. */
  usedFallback: boolean;
  message?: string;
}

export interface ScheduleResult extends ScheduleReport {
  status: SolveStatus;
  solver: SolverSummary;
  model: { integerVariables: number; continuousVariables: number; rows: number; candidates: number };
  horizon: { start: string; timeZone: string; intervalMinutes: number; intervals: number; wrapAround: boolean };
  requirementRounding: ScheduleProblem['requirementRounding'];
  breakPlacement: ScheduleProblem['breakPlacement'];
  /** Price of one agent short for one interval, as used in the objective. */
  shortfallPenaltyFenPerAgentInterval: number;
}

/** Solve a shift-design problem. Throws ZodError / ScheduleInputError on bad input (a 4xx). */
export async function solveSchedule(input: ScheduleProblemInput | unknown, hooks: HighsRunHooks = {}): Promise<ScheduleResult> {
  const t0 = performance.now();
  hooks.onProgress?.({ phase: 'building', elapsedMs: 0, objective: null, bestBound: null, gap: null, nodes: null });
  const problem = scheduleProblemSchema.parse(input);
  const model = buildShiftModel(problem);
  const buildMs = performance.now() - t0;
  const run = await runHighs(
    model.lp,
    { timeLimitSeconds: problem.solver.timeLimitSeconds, mipRelGap: problem.solver.mipRelGap, streamIncumbents: true },
    {
      ...hooks,
      onProgress: hooks.onProgress ? (p) => hooks.onProgress!({ ...p, elapsedMs: Math.round(p.elapsedMs + buildMs) }) : undefined,
    },
  );
  const usable = run.values !== null;
  const solution = usable ? solutionFromValues(model, run.values!) : minimumSolution(model);
  const report = reportSolution(model, problem.requirements, solution);
  return {
    status: run.status,
    ...report,
    solver: {
      status: run.status,
      objective: run.objective,
      bestBound: run.bestBound,
      gap: run.gap,
      nodes: run.nodes,
      solverSeconds: run.solverSeconds,
      wallMs: Math.round(run.wallMs + buildMs),
      timeLimitSeconds: problem.solver.timeLimitSeconds,
      mipRelGap: problem.solver.mipRelGap,
      fromIncumbent: run.fromIncumbent,
      usedFallback: !usable,
      ...(run.message ? { message: run.message } : {}),
    },
    model: model.stats,
    horizon: {
      start: problem.start,
      timeZone: problem.timeZone,
      intervalMinutes: problem.intervalMinutes,
      intervals: problem.requirements.length,
      wrapAround: problem.wrapAround,
    },
    requirementRounding: problem.requirementRounding,
    breakPlacement: problem.breakPlacement,
    shortfallPenaltyFenPerAgentInterval: model.shortfallPenaltyFen,
  };
}

/** Start a solve the server can stream (`job.on('progress', …)`) and cancel (`job.cancel()`). */
export function startScheduleSolve(input: ScheduleProblemInput | unknown): SolveJob<ScheduleResult> {
  return new SolveJob((hooks) => solveSchedule(input, hooks));
}

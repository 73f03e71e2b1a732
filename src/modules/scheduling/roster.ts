/**
 * Rostering end to end: validate → heuristic roster (rosterGreedy.ts) → MILP (rosterModel.ts)
 * in a HiGHS worker, started from the heuristic, when small enough → independent checker
 * (rosterRules.ts) → report. The violations in the result always come from the checker, never
 * from the builder's own belief about its output.
 */
import { runHighs, SolveJob, type HighsRunHooks, type SolveStatus } from './highsRunner';
import { greedyRoster } from './rosterGreedy';
import { assignmentsFromValues, buildRosterModel, builderShortfall, startValues } from './rosterModel';
import { conflictsFromSlack, precheckRoster, type RosterConflict } from './rosterConflicts';
import { classifyShift, prepareRoster } from './rosterPrep';
import { checkRoster, sortViolations, type RosterRule, type RosterViolation } from './rosterRules';
import { rosterProblemSchema, type RosterAssignment, type RosterProblemInput, type ShiftKind } from './rosterSchemas';
import { addDays, formatTimeOfDay, localToUtcMs, timeOfDayMinutes } from './time';

export interface RosterAssignmentDetail extends RosterAssignment {
  shiftName: string;
  kind: ShiftKind;
  startLocal: string;
  endLocal: string;
  startUtc: string;
  endUtc: string;
  paidMinutes: number;
  pinned: boolean;
}

export interface RosterAgentSummary {
  agentId: string;
  name: string;
  shifts: number;
  paidHours: number;
  nights: number;
  weekends: number;
  /** Preference requests (preferred shift types worked + avoided types and wished days off respected). */
  preferencesGranted: number;
  preferencesRequested: number;
}

export interface RosterResult {
  status: SolveStatus;
  solver: {
    status: SolveStatus;
    objective: number | null;
    bestBound: number | null;
    gap: number | null;
    nodes: number | null;
    solverSeconds: number | null;
    wallMs: number;
    fromIncumbent: boolean;
    usedFallback: boolean;
    message?: string;
  };
  assignments: RosterAssignmentDetail[];
  violations: RosterViolation[];
  summary: { hard: number; demand: number; soft: number; byRule: Partial<Record<RosterRule, number>>; placesShort: number };
  agents: RosterAgentSummary[];
  coverage: { date: string; shiftTypeId: string; required: number; assigned: number }[];
  model: { method: 'milp' | 'heuristic'; cells: number; binaries: number | null; continuous: number | null; rows: number | null };
  /** Unfilled places left by the heuristic alone (before any MILP). */
  heuristicPlacesShort: number;
  /**
   * Hard rules that cannot all hold, with the agent and week (empty when they can). When not
   * empty the status is `infeasible`; the roster returned is the best one found, and the checker's
   * violations show where it breaks which rule.
   */
  conflicts: RosterConflict[];
}

export async function solveRoster(input: RosterProblemInput | unknown, hooks: HighsRunHooks = {}): Promise<RosterResult> {
  const t0 = performance.now();
  hooks.onProgress?.({ phase: 'building', elapsedMs: 0, objective: null, bestBound: null, gap: null, nodes: null });
  const p = rosterProblemSchema.parse(input);
  const prep = prepareRoster(p);
  const conflicts = precheckRoster(prep);
  const greedy = greedyRoster(prep, { timeBudgetMs: p.solver.heuristicSeconds * 1000 });
  let cells = 0;
  for (const ag of prep.agents) for (let d = 0; d < prep.D; d++) for (let s = 0; s < prep.S; s++) if (ag.eligible[d][s] || ag.pins[d].includes(s)) cells++;
  const useMilp = p.solver.method === 'milp' || (p.solver.method === 'auto' && cells <= p.solver.milpMaxCells);

  let assignments = greedy.assignments;
  let status: SolveStatus = 'feasible';
  let solver: RosterResult['solver'] = {
    status,
    objective: null,
    bestBound: null,
    gap: null,
    nodes: null,
    solverSeconds: null,
    wallMs: Math.round(performance.now() - t0),
    fromIncumbent: false,
    usedFallback: false,
  };
  let stats: RosterResult['model'] = { method: 'heuristic', cells, binaries: null, continuous: null, rows: null };
  if (useMilp && !hooks.signal?.aborted) {
    const model = buildRosterModel(p, prep);
    stats = { method: 'milp', cells, ...model.stats };
    const buildMs = performance.now() - t0;
    const run = await runHighs(
      model.lp,
      {
        timeLimitSeconds: p.solver.timeLimitSeconds,
        mipRelGap: p.solver.mipRelGap,
        streamIncumbents: true,
        start: startValues(p, model, greedy.assignments),
      },
      {
        ...hooks,
        onProgress: hooks.onProgress ? (x) => hooks.onProgress!({ ...x, elapsedMs: Math.round(x.elapsedMs + buildMs) }) : undefined,
      },
    );
    const fromMilp = run.values ? assignmentsFromValues(p, model, run.values) : null;
    const short = (xs: RosterAssignment[]) => builderShortfall(p, model, xs).flat().reduce((a, b) => a + b, 0);
    // Keep the heuristic roster if the solver had nothing better (e.g. cancelled before its start was read).
    const better = fromMilp !== null && short(fromMilp) <= short(greedy.assignments);
    if (better) {
      assignments = fromMilp;
      conflicts.push(...conflictsFromSlack(prep, model, run.values!, conflicts));
    }
    status = better ? run.status : run.status === 'cancelled' ? 'cancelled' : 'feasible';
    solver = {
      status,
      objective: run.objective,
      bestBound: run.bestBound,
      gap: run.gap,
      nodes: run.nodes,
      solverSeconds: run.solverSeconds,
      wallMs: Math.round(run.wallMs + buildMs),
      fromIncumbent: run.fromIncumbent,
      usedFallback: !better,
      ...(run.message ? { message: run.message } : {}),
    };
  } else {
    hooks.onProgress?.({ phase: 'done', elapsedMs: Math.round(performance.now() - t0), objective: null, bestBound: null, gap: null, nodes: null });
  }
  const violations = sortViolations(checkRoster(p, assignments));
  if (conflicts.length && status !== 'cancelled') status = 'infeasible';

  const shiftById = new Map(p.shiftTypes.map((s) => [s.id, s]));
  const pinKey = new Set(p.pinned.map((x) => `${x.agentId}|${x.date}|${x.shiftTypeId}`));
  const details: RosterAssignmentDetail[] = assignments
    .map((x) => {
      const s = shiftById.get(x.shiftTypeId)!;
      const startMin = timeOfDayMinutes(s.start);
      const endMin = startMin + s.durationMinutes;
      const startLocal = `${x.date}T${s.start}`;
      const endLocal = `${addDays(x.date, Math.floor(endMin / 1440))}T${formatTimeOfDay(endMin)}`;
      return {
        ...x,
        shiftName: s.name ?? s.id,
        kind: classifyShift(s.start, s.kind),
        startLocal,
        endLocal,
        startUtc: new Date(localToUtcMs(startLocal, p.timeZone)).toISOString(),
        endUtc: new Date(localToUtcMs(endLocal, p.timeZone)).toISOString(),
        paidMinutes: s.paidMinutes ?? s.durationMinutes,
        pinned: pinKey.has(`${x.agentId}|${x.date}|${x.shiftTypeId}`),
      };
    })
    .sort((a, b) => a.startLocal.localeCompare(b.startLocal) || a.agentId.localeCompare(b.agentId));

  const byRule: Partial<Record<RosterRule, number>> = {};
  for (const v of violations) byRule[v.rule] = (byRule[v.rule] ?? 0) + 1;
  const weekend = (date: string) => {
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
    return p.rules.weekendDays.includes(dow);
  };
  const agents: RosterAgentSummary[] = p.agents.map((a) => {
    const mine = details.filter((x) => x.agentId === a.id);
    const pref = a.preferences;
    const dates = new Set(mine.map((x) => x.date));
    // Each worked shift answers the agent's shift-type wishes; each wished day off is one request.
    let granted = 0;
    let requested = 0;
    for (const x of mine) {
      if (pref.shiftTypes.length) {
        requested++;
        if (pref.shiftTypes.includes(x.shiftTypeId)) granted++;
      }
      if (pref.avoidShiftTypes.length) {
        requested++;
        if (!pref.avoidShiftTypes.includes(x.shiftTypeId)) granted++;
      }
    }
    for (const d of pref.daysOff) {
      requested++;
      if (!dates.has(d)) granted++;
    }
    return {
      agentId: a.id,
      name: a.name ?? a.id,
      shifts: mine.length,
      paidHours: Math.round((mine.reduce((s, x) => s + x.paidMinutes, 0) / 60) * 100) / 100,
      nights: mine.filter((x) => x.kind === 'night').length,
      weekends: mine.filter((x) => weekend(x.date)).length,
      preferencesGranted: granted,
      preferencesRequested: requested,
    };
  });
  const coverage: RosterResult['coverage'] = [];
  let placesShort = 0;
  prep.dates.forEach((date, d) =>
    p.shiftTypes.forEach((s, si) => {
      const required = prep.required[d][si];
      const assigned = assignments.filter((x) => x.date === date && x.shiftTypeId === s.id).length;
      placesShort += Math.max(0, required - assigned);
      if (required > 0 || assigned > 0) coverage.push({ date, shiftTypeId: s.id, required, assigned });
    }),
  );

  return {
    status,
    solver,
    assignments: details,
    violations,
    summary: {
      hard: violations.filter((v) => v.severity === 'hard').length,
      demand: violations.filter((v) => v.severity === 'demand').length,
      soft: violations.filter((v) => v.severity === 'soft').length,
      byRule,
      placesShort,
    },
    agents,
    coverage,
    model: stats,
    heuristicPlacesShort: greedy.placesShort,
    conflicts,
  };
}

export function startRosterSolve(input: RosterProblemInput | unknown): SolveJob<RosterResult> {
  return new SolveJob((hooks) => solveRoster(input, hooks));
}

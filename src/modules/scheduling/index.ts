/**
 * Workforce planning II (排班): shift design, break placement, rostering with an independent rule
 * checker, and the overtime-or-hire capacity plan. Every entry point takes JSON validated by an
 * exported zod schema and returns JSON, so the HTTP API and CLI are thin wrappers.
 */
export { scheduleProblemSchema, shiftTemplateSchema, explicitShiftSchema, breakRuleSchema } from './shiftSchemas';
export type { ScheduleProblem, ScheduleProblemInput } from './shiftSchemas';
export { solveSchedule, startScheduleSolve } from './shiftDesign';
export type { ScheduleResult, SolverSummary } from './shiftDesign';
export { buildShiftModel, expandCandidates, reportSolution, ScheduleInputError } from './shiftModel';
export type { ShiftModel, ScheduledShift, IntervalCoverage, CoverageGap } from './shiftModel';

export { rosterProblemSchema } from './rosterSchemas';
export type { RosterProblem, RosterProblemInput, RosterAssignment } from './rosterSchemas';
export { solveRoster, startRosterSolve } from './roster';
export type { RosterResult, RosterAssignmentDetail, RosterAgentSummary } from './roster';
export { checkRoster, RULE_SEVERITY } from './rosterRules';
export type { RosterViolation, RosterRule, RosterSeverity } from './rosterRules';
export { rosterInputFromSchedule, dealBreaks } from './scheduleToRoster';
export { precheckRoster } from './rosterConflicts';
export type { RosterConflict } from './rosterConflicts';
export { rosterFromPyworkforce, pyworkforceObjective } from './pyworkforceRoster';
export type { PyworkforceRosterData } from './pyworkforceRoster';
export { simulateQueue, simulationSchema, SimulationTooLargeError } from './simulate';
export type { SimulationInput, SimulationResult, Estimate } from './simulate';

export { capacityPlanSchema } from './capacitySchemas';
export type { CapacityPlan, CapacityPlanInput, CapacityDecisions } from './capacitySchemas';
export { solveCapacityPlan, startCapacityPlan } from './capacityPlan';
export type { CapacityPlanResult } from './capacityPlan';
export { simulatePlan, productivityByAge, serviceLevelAt, ratioForServiceLevel } from './capacity';
export type { CapacityMonth, CapacityOptionResult, CapacityOptionId } from './capacity';
export { erlangServiceLevelCurve } from './erlangC';

export { runHighs, SolveJob } from './highsRunner';
export type { SolveProgress, SolveStatus, SolvePhase, HighsRunHooks } from './highsRunner';

/**
 * Client for the workforce-planning API (话务排班): queues, call-history imports, statistics,
 * forecast, staffing, the Erlang calculator and the solver jobs (shift design, rostering,
 * capacity plan) with their server-sent progress. Types mirror only what the screens read.
 */
import { http, withQuery, type SessionUser } from './api';

// ---------- solver jobs ----------

export type SolveKind = 'schedule' | 'roster' | 'capacity';
export type SolvePhase = 'building' | 'loading' | 'solving' | 'tick' | 'incumbent' | 'done' | 'cancelled';
export type SolveStatus = 'optimal' | 'time_limit' | 'cancelled' | 'feasible' | 'infeasible' | 'unbounded' | 'error';

export interface SolveProgress {
  phase: SolvePhase;
  elapsedMs: number;
  objective: number | null;
  bestBound: number | null;
  gap: number | null;
  nodes: number | null;
}

export interface SolveJobView<R> {
  id: string;
  kind: SolveKind;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  startedAt: string;
  progress: SolveProgress | null;
  result: R | null;
  error: { code: string; message: string; details?: unknown } | null;
}

// ---------- shift design 排班设计 ----------

export interface BreakRuleInput {
  name?: string;
  durationMinutes: number;
  paid?: boolean;
  earliestStartMinutes: number;
  latestStartMinutes: number;
  forLengthsMinutes?: number[];
}

export interface ShiftTemplateInput {
  id: string;
  name?: string;
  startTimes?: string[];
  startWindow?: { earliest: string; latest: string; stepMinutes: number };
  lengthsMinutes: number[];
  breaks?: BreakRuleInput[];
  costPerShiftFen?: number;
  costPerPaidHourFen?: number;
  maxTotal?: number;
}

export interface ScheduleProblem {
  start: string;
  timeZone?: string;
  intervalMinutes: 5 | 10 | 15 | 20 | 30 | 60;
  requirements: number[];
  requirementRounding?: 'ceil' | 'fractional';
  wrapAround?: boolean;
  templates: ShiftTemplateInput[];
  solver?: { timeLimitSeconds?: number; mipRelGap?: number };
}

export interface ScheduledShift {
  sourceId: string;
  name: string;
  startInterval: number;
  startLocal: string;
  endLocal: string;
  lengthMinutes: number;
  paidMinutes: number;
  count: number;
  costPerAgentFen: number;
  costFen: number;
  breaks: { name: string; paid: boolean; durationMinutes: number; placements: { startInterval: number; startLocal: string; count: number }[] }[];
}

export interface IntervalCoverage {
  interval: number;
  startLocal: string;
  requirement: number;
  required: number;
  onDuty: number;
  onBreak: number;
  working: number;
  short: number;
  over: number;
}

export interface CoverageGap {
  fromInterval: number;
  toInterval: number;
  fromLocal: string;
  toLocal: string;
  maxAgents: number;
  agentHours: number;
}

export interface GapSummary {
  agentIntervals: number;
  agentHours: number;
  intervals: number;
  periods: CoverageGap[];
}

export interface SolverSummary {
  status: SolveStatus;
  objective: number | null;
  bestBound: number | null;
  gap: number | null;
  wallMs: number;
  timeLimitSeconds?: number;
  mipRelGap?: number;
  fromIncumbent: boolean;
  usedFallback: boolean;
}

export interface ScheduleResult {
  status: SolveStatus;
  solver: SolverSummary;
  shifts: ScheduledShift[];
  coverage: IntervalCoverage[];
  shortfall: GapSummary;
  overCoverage: GapSummary;
  shiftCostFen: number;
  shortfallPenaltyFen: number;
  objectiveFen: number;
  agents: number;
  paidHours: number;
  horizon: { start: string; timeZone: string; intervalMinutes: number; intervals: number; wrapAround: boolean };
}

// ---------- rostering 排人 ----------

export type ShiftKind = 'early' | 'middle' | 'late' | 'night';

export interface RosterShiftTypeInput {
  id: string;
  name?: string;
  kind?: ShiftKind;
  start: string;
  durationMinutes: number;
  skills?: string[];
}

export interface RosterAgentInput {
  id: string;
  name?: string;
  skills?: string[];
  maxMinutesPerWeek?: number;
  unavailable?: { date: string; reason?: 'leave' | 'training' | 'unavailable' }[];
  noNights?: boolean;
  consecutiveDaysOff?: boolean;
  preferences?: { shiftTypes?: string[]; avoidShiftTypes?: string[]; daysOff?: string[] };
  history?: { lastShift?: { date: string; start: string; durationMinutes: number }; consecutiveWorkDays?: number };
}

export interface RosterProblem {
  startDate: string;
  days: number;
  shiftTypes: RosterShiftTypeInput[];
  demand: { shiftTypeId: string; date?: string; weekdays?: number[]; required: number }[];
  agents: RosterAgentInput[];
  pinned?: { agentId: string; date: string; shiftTypeId: string }[];
  solver?: { timeLimitSeconds?: number; method?: 'auto' | 'milp' | 'heuristic' };
}

export type RosterSeverity = 'hard' | 'demand' | 'soft';

export interface RosterViolation {
  rule: string;
  severity: RosterSeverity;
  agentId: string | null;
  date: string | null;
  shiftTypeId: string | null;
  details: Record<string, string | number>;
  message: { 'zh-CN': string; en: string };
}

export interface RosterAssignment {
  agentId: string;
  date: string;
  shiftTypeId: string;
  shiftName: string;
  kind: ShiftKind;
  startLocal: string;
  endLocal: string;
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
  preferencesGranted: number;
  preferencesRequested: number;
}

export interface RosterResult {
  status: SolveStatus;
  solver: SolverSummary;
  assignments: RosterAssignment[];
  violations: RosterViolation[];
  summary: { hard: number; demand: number; soft: number; byRule: Record<string, number>; placesShort: number };
  agents: RosterAgentSummary[];
  coverage: { date: string; shiftTypeId: string; required: number; assigned: number }[];
  model: { method: 'milp' | 'heuristic'; cells: number };
}

// ---------- capacity plan 人力规划 ----------

export interface CapacityPlanInput {
  startMonth: string;
  requiredFte: number[];
  hoursPerFteMonth?: number;
  staff: { headcount: number; monthlyAttrition: number; salaryFenPerMonth: number; pipeline?: { startMonthIndex: number; count: number }[] };
  hiring?: { enabled?: boolean; leadTimeMonths?: number; trainingWeeks?: number; ramp?: number[]; recruitingCostFen?: number; trainingCostFen?: number; maxPerMonth?: number };
  overtime?: { enabled?: boolean; premium?: number; maxHoursPerAgentPerWeek?: number; maxHoursPerAgentPerMonth?: number };
  temps?: { enabled?: boolean; costFenPerMonth?: number; productivity?: number; maxAgents?: number };
  serviceLevel: { target: number; curve: { staffingRatio: number; serviceLevel: number }[]; floor?: number };
  endHeadcountAtLeast?: number;
  solver?: { timeLimitSeconds?: number };
}

export type CapacityOptionId = 'mix' | 'overtime' | 'hiring' | 'temps' | 'acceptLowerServiceLevel';

export interface CapacityMonth {
  month: string;
  requiredFte: number;
  tenured: number;
  inRamp: number;
  payroll: number;
  rampFte: number;
  overtimeHours: number;
  overtimeCapHours: number;
  temps: number;
  effectiveFte: number;
  serviceLevel: number;
  meetsTarget: boolean;
  hiresDecided: number;
  hiresStarting: number;
  costs: { salaryFen: number; overtimeFen: number; tempsFen: number; hiringFen: number; shortfallFen: number; totalFen: number };
}

export interface CapacityOption {
  option: CapacityOptionId;
  decisions: { hires: number[]; overtimeHours: number[]; temps: number[] };
  months: CapacityMonth[];
  totalFen: number;
  monthsBelowTarget: number;
  lowestServiceLevel: number;
  averageServiceLevel: number;
  meetsTargetEveryMonth: boolean;
  endPayroll: number;
  meetsEndHeadcount: boolean;
}

export interface CapacityResult {
  months: string[];
  targetServiceLevel: number;
  targetRatio: number | null;
  overtimeCapHoursPerAgent: number;
  newHireProductivity: number[];
  options: CapacityOption[];
  recommendation: { 'zh-CN': string; en: string };
  solver: { option: CapacityOptionId; status: SolveStatus; objective: number | null; gap: number | null; wallMs: number }[];
}

// ---------- queues and history 话务队列与历史 ----------

export type SlDefinition = 'offered' | 'answered' | 'excludeShortAbandons';
export type IntervalMinutes = 15 | 30 | 60;

export interface Metrics {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  answeredWithinT: number;
  serviceLevel: number | null;
  answerRate: number | null;
  abandonmentRate: number | null;
  asa: number | null;
  aht: number | null;
  occupancy: number | null;
  agentsOnDuty: number;
}

export interface Queue {
  id: string;
  name: string;
  projectId: string | null;
  description: string | null;
  timeZone: string;
  intervalMinutes: IntervalMinutes;
  serviceLevel: { target: number; thresholdSeconds: number; definition: SlDefinition; shortAbandonSeconds: number };
  targetAsaSeconds: number | null;
  maxOccupancy: number | null;
  shrinkage: number;
  model: 'erlang-c' | 'erlang-a';
  patienceSeconds: number | null;
  defaultAhtSeconds: number | null;
  wrapUpSeconds: number;
  forecastMethod: string | null;
  history: { calls: number; firstCallAt: string | null; lastCallAt: string | null };
  recent: (Metrics & { from: string; to: string; callsPerDay: number }) | null;
}

export interface QueueDetail extends Queue {
  imports: CallImport[];
  definitions: Record<string, string>;
}

export interface QueueInput {
  name: string;
  projectId?: string | null;
  description?: string | null;
  intervalMinutes?: IntervalMinutes;
  serviceLevel?: { target?: number; thresholdSeconds?: number; definition?: SlDefinition };
  maxOccupancy?: number | null;
  shrinkage?: number;
  model?: 'erlang-c' | 'erlang-a';
}

export interface CallImport {
  id: string;
  queueId: string;
  fileName: string;
  preset: string | null;
  status: 'running' | 'done' | 'failed';
  phase: string;
  percent: number;
  totalBytes: number;
  bytesRead: number;
  rowsRead: number;
  records: number;
  inserted: number;
  duplicates: number;
  malformed: number;
  issues?: { line: number; reason: string; message: string; reasonText: string }[];
  error: { code: string; message: string } | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface StatsRow extends Metrics {
  date?: string;
  start?: string;
  startAt?: string;
  periodStart?: string;
  periodEnd?: string;
}

export interface QueueStats {
  from: string;
  to: string;
  intervalMinutes: IntervalMinutes;
  rollUp: 'interval' | 'day' | 'week' | 'month';
  definitions: { slThresholdSeconds: number; slDefinition: SlDefinition; shortAbandonSeconds: number; text: Record<string, string> };
  totals: Metrics;
  rows: StatsRow[];
}

export interface QueueForecast {
  from: string;
  to: string;
  origin: string;
  method: { name: string; description: string; chosenBy: 'backtest' | 'queue' | 'request' | 'default' };
  backtest: {
    chosen: string;
    chosenWape: number | null;
    baselineWape: number | null;
    methods: { method: string; description: string; wape: number | null; mase: number | null; points: number }[];
  } | null;
  accuracy: { wape: number; points: number; through: string } | null;
  totals: { forecast: number; actual: number | null };
  intervals: { date: string; start: string; forecast: number; actual: number | null }[];
}

export interface StaffingRow {
  date: string;
  start: string;
  calls: number;
  agents: number;
  agentsFractional: number;
  scheduled: number;
  scheduledFractional: number;
  serviceLevel: number | null;
  asa: number | null;
  occupancy: number | null;
  abandonment: number | null;
}

export interface QueueStaffing {
  from: string;
  to: string;
  intervalMinutes: IntervalMinutes;
  source: 'forecast' | 'actual';
  inputs: {
    model: 'erlang-c' | 'erlang-a';
    ahtSeconds: number;
    ahtSource: 'request' | 'queue' | 'history';
    patienceSeconds: number | null;
    serviceLevel: { target: number; thresholdSeconds: number } | null;
    asaSeconds: number | null;
    maxOccupancy: number | null;
    shrinkage: number;
  };
  definitions: { text: Record<string, string> };
  totals: { calls: number; agentHours: number; scheduledHours: number; peakAgents: number; peakScheduled: number };
  intervals: StaffingRow[];
}

export interface StaffingQuery {
  from?: string;
  to?: string;
  interval?: IntervalMinutes;
  source?: 'forecast' | 'actual';
  model?: 'erlang-c' | 'erlang-a';
  serviceLevel?: number;
  slThresholdSeconds?: number;
  shrinkage?: number;
  maxOccupancy?: number;
}

export interface ErlangInput {
  model: 'c' | 'a';
  calls: number;
  intervalMinutes: number;
  ahtSeconds: number;
  serviceLevel?: number;
  thresholdSeconds?: number;
  asaSeconds?: number;
  patienceSeconds?: number;
  maxOccupancy?: number;
  shrinkage?: number;
  agents?: number;
}

export interface ErlangOutput {
  model: 'erlang-c' | 'erlang-a';
  offeredLoad: number;
  agents: number;
  agentsFractional?: number;
  agentsWithShrinkage: number;
  serviceLevel: number;
  slThresholdSeconds: number;
  slDefinition: SlDefinition;
  asa: number | null;
  waitProbability: number;
  occupancy: number;
  abandonment?: number;
  binding?: string | null;
  stable: boolean;
  meetsTarget?: boolean;
}

/** Body of POST /api/wfm/simulate (docs/scheduling.md §6). */
export type SimDistribution = { dist: 'exponential'; meanSeconds: number } | { dist: 'constant'; seconds: number } | { dist: 'empirical'; samples: number[] };

export interface SimulationRequest {
  intervalMinutes: number;
  intervals: { calls: number; agents: number }[];
  handleTime: SimDistribution;
  patience?: SimDistribution;
  slThresholdSeconds?: number;
  replications?: number;
  seed?: number;
  confidence?: number;
}

export interface SimEstimate {
  mean: number;
  low: number;
  high: number;
  halfWidth: number;
}

export interface SimulationResult {
  replications: number;
  confidence: number;
  serviceLevel: SimEstimate;
  asaSeconds: SimEstimate;
  abandonment: SimEstimate;
  occupancy: SimEstimate;
  intervals: {
    interval: number;
    agents: number;
    arrivals: number;
    serviceLevel: number | null;
    asaSeconds: number | null;
    abandonment: number | null;
    erlang: { model: 'erlang-a' | 'erlang-c'; serviceLevel: number; asaSeconds: number; abandonment: number; occupancy: number } | null;
  }[];
  simulatedCalls: number;
  retrials: number;
  wallMs: number;
}

/** GET /api/wfm/queues/:id/intraday. */
export interface QueueIntraday {
  date: string;
  now: string;
  intervalMinutes: IntervalMinutes;
  method: { name: string; chosenBy: string; description?: string };
  reforecast: { seenForecast: number; seenActual: number; ratio: number; weight: number; factor: number; priorCalls: number };
  intervals: {
    start: string;
    startAt: string;
    past: boolean;
    forecast: number;
    actual: number | null;
    reforecast: number;
    requiredAgents: number;
    requiredAgentsReforecast: number | null;
  }[];
}

export interface WfmOptions {
  presets: string[];
  forecastMethods: string[];
  slDefinitions: SlDefinition[];
  intervals: IntervalMinutes[];
}

const q = encodeURIComponent;

export const wfmApi = {
  solve: (kind: SolveKind, problem: unknown) => http.post<{ id: string; status: string; events: string }>(`/api/wfm/solve/${kind}`, problem),
  job: <R>(id: string) => http.get<SolveJobView<R>>(`/api/wfm/jobs/${q(id)}`),
  cancel: <R>(id: string) => http.del<SolveJobView<R>>(`/api/wfm/jobs/${q(id)}`),
  eventsUrl: (id: string) => `/api/wfm/jobs/${q(id)}/events`,

  options: () => http.get<WfmOptions>('/api/wfm/options'),
  queues: () => http.get<{ items: Queue[]; total: number }>('/api/wfm/queues'),
  queue: (id: string) => http.get<QueueDetail>(`/api/wfm/queues/${q(id)}`),
  createQueue: (body: QueueInput) => http.post<Queue>('/api/wfm/queues', body),
  imports: (queueId: string) => http.get<{ items: CallImport[] }>(`/api/wfm/queues/${q(queueId)}/imports`),
  startImport: (queueId: string, file: File, opts: { preset?: string; format?: string; timeZone?: string; sourceQueues?: string }) => {
    const fd = new FormData();
    if (opts.preset) fd.append('preset', opts.preset);
    if (opts.format) fd.append('format', opts.format);
    if (opts.timeZone) fd.append('timeZone', opts.timeZone);
    if (opts.sourceQueues) fd.append('sourceQueues', opts.sourceQueues);
    fd.append('file', file, file.name);
    return http.post<CallImport & { importId: string }>(`/api/wfm/queues/${q(queueId)}/imports`, fd);
  },
  importJob: (id: string) => http.get<CallImport>(`/api/wfm/imports/${q(id)}`),
  importErrorsUrl: (id: string) => `/api/wfm/imports/${q(id)}/errors.csv`,
  stats: (queueId: string, query: { from?: string; to?: string; interval?: IntervalMinutes; rollUp?: QueueStats['rollUp'] }) =>
    http.get<QueueStats>(withQuery(`/api/wfm/queues/${q(queueId)}/stats`, query)),
  forecast: (queueId: string, query: { from?: string; to?: string; interval?: IntervalMinutes; method?: string }) =>
    http.get<QueueForecast>(withQuery(`/api/wfm/queues/${q(queueId)}/forecast`, query)),
  staffing: (queueId: string, query: StaffingQuery) => http.get<QueueStaffing>(withQuery(`/api/wfm/queues/${q(queueId)}/staffing`, query as Record<string, string | number | undefined>)),
  erlang: (body: ErlangInput) => http.post<ErlangOutput>('/api/wfm/erlang', body),
  simulate: (body: SimulationRequest) => http.post<SimulationResult>('/api/wfm/simulate', body),
  intraday: (queueId: string, query: { date?: string; now?: string; interval?: IntervalMinutes }) =>
    http.get<QueueIntraday>(withQuery(`/api/wfm/queues/${q(queueId)}/intraday`, query)),
};

/** May this user start solver jobs and imports (the server checks the same permission)? */
export function canPlan(user: Pick<SessionUser, 'permissions'>): boolean {
  return user.permissions.includes('wfm.write');
}

/**
 * Client for the workforce-planning API (话务排班): queues, call-history imports, statistics,
 * forecast, staffing, the Erlang calculator and the solver jobs (shift design, rostering,
 * capacity plan) with their server-sent progress. Request bodies and queries come from the
 * generated OpenAPI types; answers are the server's own TypeScript types, imported type-only
 * (erased at build, so no server code reaches the bundle) — a server change breaks the typecheck.
 */
import { http, type SessionUser } from './api';
import { apiClient, data, type BodyOf, type QueryOf } from './apiClient';
import type { SolveJobView as ServerJobView } from '../../src/modules/scheduling/routes';
import type { ScheduleProblemInput, RosterProblemInput, SimulationInput, SimulationResult } from '../../src/modules/scheduling';
import type { SolveKind } from '../../src/modules/scheduling/jobs';
import type { ErlangOutput } from '../../src/modules/wfm/calculator';
import type { importOut } from '../../src/modules/wfm/importJobs';
import type { queueIntraday } from '../../src/modules/wfm/intraday';
import type { queueForecast, queueRecent, queueStaffing, queueStatistics } from '../../src/modules/wfm/service';
import type { loadCalendarDays, QueueView } from '../../src/modules/wfm/store';
import type { describeDefinitions } from '../../src/modules/wfm/messages';
import type { wfmOptions } from '../../src/modules/wfm/queueRoutes';

// ---------- solver jobs ----------

export type { SolveKind };
export type { SolvePhase, SolveStatus, SolveProgress } from '../../src/modules/scheduling';
/** A job's view with the result typed by the caller (the server keeps it as the solver's JSON). */
export type SolveJobView<R> = Omit<ServerJobView, 'result'> & { result: R | null };

// ---------- shift design 排班设计 ----------

export type ScheduleProblem = ScheduleProblemInput;
export type ShiftTemplateInput = NonNullable<ScheduleProblemInput['templates']>[number];
export type { ScheduleResult, SolverSummary, ScheduledShift, IntervalCoverage, CoverageGap } from '../../src/modules/scheduling';

// ---------- rostering 排人 ----------

export type RosterProblem = RosterProblemInput;
export type RosterAgentInput = RosterProblemInput['agents'][number];
export type { ShiftKind } from '../../src/modules/scheduling/rosterSchemas';
export type { RosterResult, RosterAgentSummary, RosterAssignmentDetail as RosterAssignment, RosterViolation, RosterSeverity } from '../../src/modules/scheduling';

// ---------- capacity plan 人力规划 ----------

export type { CapacityPlanInput, CapacityMonth, CapacityOptionId, CapacityOptionResult as CapacityOption, CapacityPlanResult as CapacityResult } from '../../src/modules/scheduling';

// ---------- queues and history 话务队列与历史 ----------

export type { SlDefinition } from '../../src/modules/wfm/types';
export type { IntervalMinutes } from '../../src/modules/wfm/service';

/** A queue as the list answers it: the stored settings with the last 28 days' figures. */
export type Queue = QueueView & { recent: Awaited<ReturnType<typeof queueRecent>> };
export type QueueInput = BodyOf<'/api/wfm/queues', 'post'>;
export type CallImport = ReturnType<typeof importOut>;
/** The routes add the definitions in the reader's language (`text`) to what the service computes. */
type WithDefinitionText<T extends { definitions: object }> = Omit<T, 'definitions'> & { definitions: T['definitions'] & { text: Record<string, string> } };
type ServerStats = Awaited<ReturnType<typeof queueStatistics>>;
type KeysOf<U> = U extends unknown ? keyof U : never;
/** Interval rows (date, start) or period rows (periodStart, periodEnd): either kind, the other's keys absent. */
type Either<U, K extends PropertyKey = KeysOf<U>> = U extends unknown ? U & { [P in Exclude<K, keyof U>]?: undefined } : never;
export type StatsRow = Either<ServerStats['rows'][number]>;
export type QueueStats = WithDefinitionText<Omit<ServerStats, 'rows'> & { rows: StatsRow[] }>;
export type QueueForecast = Awaited<ReturnType<typeof queueForecast>>;
export type QueueStaffing = WithDefinitionText<Awaited<ReturnType<typeof queueStaffing>>>;
export type StaffingRow = QueueStaffing['intervals'][number];
export type StaffingQuery = QueryOf<'/api/wfm/queues/{id}/staffing'>;
export type QueueIntraday = Awaited<ReturnType<typeof queueIntraday>>;
export type WfmOptions = ReturnType<typeof wfmOptions>;

export type ErlangInput = BodyOf<'/api/wfm/erlang', 'post'>;
export type { ErlangOutput };

/** Body of POST /api/wfm/simulate (docs/scheduling.md §6). */
export type SimulationRequest = SimulationInput;
export type { SimulationResult };
export type { Estimate as SimEstimate } from '../../src/modules/scheduling';

/** GET /api/wfm/queues/:id: the queue with its calendar days, recent imports and definitions. */
export type QueueDetail = Queue & {
  calendarDays: Awaited<ReturnType<typeof loadCalendarDays>>;
  imports: CallImport[];
  definitions: ReturnType<typeof describeDefinitions>;
};

const byId = (id: string) => ({ path: { id } });

export const wfmApi = {
  solve: (kind: SolveKind, problem: unknown) =>
    data<Pick<ServerJobView, 'id' | 'status'> & { events: string }>(apiClient.POST('/api/wfm/solve/{kind}', { params: { path: { kind } }, body: problem })),
  job: <R>(id: string) => data<SolveJobView<R>>(apiClient.GET('/api/wfm/jobs/{id}', { params: byId(id) })),
  cancel: <R>(id: string) => data<SolveJobView<R>>(apiClient.DELETE('/api/wfm/jobs/{id}', { params: byId(id) })),
  eventsUrl: (id: string) => `/api/wfm/jobs/${encodeURIComponent(id)}/events`,

  options: () => data<WfmOptions>(apiClient.GET('/api/wfm/options')),
  queues: () => data<{ items: Queue[]; total: number }>(apiClient.GET('/api/wfm/queues')),
  queue: (id: string) => data<QueueDetail>(apiClient.GET('/api/wfm/queues/{id}', { params: byId(id) })),
  createQueue: (body: QueueInput) => data<QueueView>(apiClient.POST('/api/wfm/queues', { body })),
  imports: (queueId: string) => data<{ items: CallImport[] }>(apiClient.GET('/api/wfm/queues/{id}/imports', { params: byId(queueId) })),
  /** Multipart, which the document does not describe: the plain transport. */
  startImport: (queueId: string, file: File, opts: { preset?: string; format?: string; timeZone?: string; sourceQueues?: string }) => {
    const fd = new FormData();
    if (opts.preset) fd.append('preset', opts.preset);
    if (opts.format) fd.append('format', opts.format);
    if (opts.timeZone) fd.append('timeZone', opts.timeZone);
    if (opts.sourceQueues) fd.append('sourceQueues', opts.sourceQueues);
    fd.append('file', file, file.name);
    return http.post<CallImport & { importId: string }>(`/api/wfm/queues/${encodeURIComponent(queueId)}/imports`, fd);
  },
  importJob: (id: string) => data<CallImport>(apiClient.GET('/api/wfm/imports/{id}', { params: byId(id) })),
  importErrorsUrl: (id: string) => `/api/wfm/imports/${encodeURIComponent(id)}/errors.csv`,
  stats: (queueId: string, query: QueryOf<'/api/wfm/queues/{id}/stats'>) =>
    data<QueueStats>(apiClient.GET('/api/wfm/queues/{id}/stats', { params: { ...byId(queueId), query } })),
  forecast: (queueId: string, query: QueryOf<'/api/wfm/queues/{id}/forecast'>) =>
    data<QueueForecast>(apiClient.GET('/api/wfm/queues/{id}/forecast', { params: { ...byId(queueId), query } })),
  staffing: (queueId: string, query: StaffingQuery) => data<QueueStaffing>(apiClient.GET('/api/wfm/queues/{id}/staffing', { params: { ...byId(queueId), query } })),
  erlang: (body: ErlangInput) => data<ErlangOutput>(apiClient.POST('/api/wfm/erlang', { body })),
  simulate: (body: SimulationRequest) => data<SimulationResult>(apiClient.POST('/api/wfm/simulate', { body })),
  intraday: (queueId: string, query: QueryOf<'/api/wfm/queues/{id}/intraday'>) =>
    data<QueueIntraday>(apiClient.GET('/api/wfm/queues/{id}/intraday', { params: { ...byId(queueId), query } })),
  publishSchedule: (queueId: string, body: BodyOf<'/api/wfm/queues/{id}/schedule', 'put'>) =>
    data<{ from: string; to: string; intervals: number }>(apiClient.PUT('/api/wfm/queues/{id}/schedule', { params: byId(queueId), body })),
};

/** May this user start solver jobs and imports (the server checks the same permission)? */
export function canPlan(user: Pick<SessionUser, 'permissions'>): boolean {
  return user.permissions.includes('wfm.write');
}

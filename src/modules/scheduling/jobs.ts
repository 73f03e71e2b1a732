import { ZodError } from 'zod';
import { AppError } from '../../core/errors';
import { newId } from '../../db/ids';
import { ScheduleInputError, startCapacityPlan, startRosterSolve, startScheduleSolve, type SolveJob, type SolveProgress } from './index';

export type SolveKind = 'schedule' | 'roster' | 'capacity';

export interface JobRecord {
  id: string;
  orgId: string;
  kind: SolveKind;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  startedAt: string;
  progress: SolveProgress[];
  result: unknown;
  error: AppError | null;
  job: SolveJob<unknown>;
  listeners: Set<(event: string, data: unknown) => void>;
}

/** Solves running in this process (HiGHS runs in worker threads; two cores → two at a time). */
const jobs = new Map<string, JobRecord>();
export const MAX_RUNNING = 2;

/** Input problems as localisable 400s: zod paths and the model's own contradictions. */
export function inputError(e: unknown): AppError | null {
  if (e instanceof ZodError) {
    return new AppError(400, 'scheduling.invalid_input', { count: e.issues.length }, e.issues.slice(0, 50).map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message })));
  }
  if (e instanceof ScheduleInputError) return new AppError(400, 'scheduling.contradictory_input', { count: e.issues.length }, e.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  return null;
}

export function startSolve(orgId: string, kind: SolveKind, input: unknown): JobRecord {
  const running = [...jobs.values()].filter((j) => j.status === 'running').length;
  if (running >= MAX_RUNNING) throw new AppError(429, 'scheduling.busy', { max: MAX_RUNNING });
  const job = (kind === 'schedule' ? startScheduleSolve(input) : kind === 'roster' ? startRosterSolve(input) : startCapacityPlan(input)) as SolveJob<unknown>;
  const rec: JobRecord = { id: newId(), orgId, kind, status: 'running', startedAt: new Date().toISOString(), progress: [], result: null, error: null, job, listeners: new Set() };
  jobs.set(rec.id, rec);
  job.on('progress', (p) => {
    rec.progress.push(p);
    if (rec.progress.length > 500) rec.progress.splice(0, rec.progress.length - 500);
    for (const l of rec.listeners) l('progress', p);
  });
  job.result.then(
    (r) => {
      if (rec.status === 'running') rec.status = 'done';
      rec.result = r;
      for (const l of rec.listeners) l('result', r);
    },
    (e) => {
      rec.status = 'failed';
      rec.error = inputError(e) ?? new AppError(500, 'internal');
      for (const l of rec.listeners) l('error', { code: rec.error.code });
    },
  );
  // Finished jobs are kept for an hour for late readers.
  setTimeout(() => jobs.delete(rec.id), 3600_000).unref();
  return rec;
}

export function getJob(orgId: string, id: string): JobRecord {
  const j = jobs.get(id);
  if (!j || j.orgId !== orgId) throw new AppError(404, 'not_found', { what: 'what.solve_job' });
  return j;
}

export function cancelJob(rec: JobRecord) {
  if (rec.status !== 'running') return;
  rec.status = 'cancelled';
  rec.job.cancel();
}

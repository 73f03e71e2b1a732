import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { localeOf } from '../../core/http';
import { t } from '../../core/i18n';
import { authorize } from '../auth/permissions';
import { cancelJob, getJob, inputError, startSolve, type JobRecord, type SolveKind } from './jobs';
import { access } from '../auth/access';
import { simulateQueue } from './simulate';
import { simulationError } from './cli';

/** CPU guard for a simulation run inside a request (about 2 s on one core). */
const API_MAX_SIMULATED_CALLS = 5_000_000;

const kindParam = z.object({ kind: z.enum(['schedule', 'roster', 'capacity']) });
const jobParam = z.object({ id: z.string().min(1).max(40) });

const DESCRIPTIONS: Record<SolveKind, string> = {
  schedule: 'Shift design: requirements per interval + shift templates → shifts to open, breaks, coverage, shortfall (docs/scheduling.md).',
  roster: 'Rostering named agents onto shifts with availability, rest, weekly hours, days off and fairness; violations name rule, agent and day.',
  capacity: 'Capacity plan (加班还是招人): months of workload vs headcount with attrition, hiring lead time and ramp; cost and service level per option.',
};

function view(j: JobRecord, locale: ReturnType<typeof localeOf>) {
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    startedAt: j.startedAt,
    progress: j.progress[j.progress.length - 1] ?? null,
    result: j.result,
    error: j.error ? { code: j.error.code, message: t(locale, j.error.code, j.error.params), details: j.error.details } : null,
  };
}
/** A solve job as GET /api/wfm/jobs/:id answers it (the web client imports this type). */
export type SolveJobView = ReturnType<typeof view>;

/** Shift design, rostering and the capacity plan as solver jobs with live progress (SSE) and cancellation. */
export async function schedulingRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const tags = ['scheduling'];

  app.post(
    '/api/wfm/solve/:kind',
    { config: access('wfm.write', 'org'),
      schema: {
        tags,
        summary: '求解排班 / 排人 / 人力规划 Start a schedule, roster or capacity-plan solve',
        description: `${Object.entries(DESCRIPTIONS).map(([k, d]) => `${k}: ${d}`).join('\n')}\nBody: the problem JSON. ?wait=1 answers with the finished result; otherwise 202 with a job id to follow at /api/wfm/jobs/:id/events (server-sent events).`,
        params: kindParam,
        querystring: z.object({ wait: z.enum(['0', '1']).optional() }),
        body: z.unknown(),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'wfm.write');
      const rec = startSolve(a.orgId, req.params.kind, req.body);
      if (req.query.wait === '1') {
        try {
          await rec.job.result;
        } catch (e) {
          const err = inputError(e);
          if (err) throw err;
          throw e;
        }
        return view(rec, localeOf(req));
      }
      // Input errors surface at once rather than as a failed job.
      await Promise.race([rec.job.result.catch(() => undefined), new Promise((r) => setTimeout(r, 50))]);
      if (rec.status === 'failed' && rec.error) throw rec.error;
      return reply.status(202).send({ id: rec.id, status: rec.status, events: `/api/wfm/jobs/${rec.id}/events` });
    },
  );

  app.post(
    '/api/wfm/simulate',
    {
      config: access('wfm.read', 'org'),
      schema: {
        tags,
        summary: '排队仿真 Discrete-event simulation of a queue under a staffing plan',
        description:
          'Body: { intervalMinutes, intervals: [{calls, agents}], handleTime, patience?, retrial?, slThresholdSeconds, warmupSeconds, replications, seed } (docs/scheduling.md §6). Answers SL, ASA, abandonment and occupancy with confidence intervals, and per interval the Erlang A figures beside the simulated ones.',
        body: z.unknown(),
      },
    },
    async (req) => {
      authorize(req.actor, 'wfm.read');
      const body = req.body;
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        const o = body as Record<string, unknown>;
        const asked = typeof o.maxSimulatedCalls === 'number' ? o.maxSimulatedCalls : API_MAX_SIMULATED_CALLS;
        o.maxSimulatedCalls = Math.min(asked, API_MAX_SIMULATED_CALLS);
      }
      try {
        return simulateQueue(body);
      } catch (e) {
        throw simulationError(e) ?? e;
      }
    },
  );

  app.get('/api/wfm/jobs/:id', { config: access('wfm.read', 'org'), schema: { tags, summary: '求解任务状态与结果 Solve job status and result', params: jobParam } }, async (req) => {
    const a = authorize(req.actor, 'wfm.read');
    return view(getJob(a.orgId, req.params.id), localeOf(req));
  });

  app.delete('/api/wfm/jobs/:id', { config: access('wfm.write', 'org'), schema: { tags, summary: '取消求解（保留已找到的最优解）Cancel a solve; the best solution so far is kept', params: jobParam } }, async (req) => {
    const a = authorize(req.actor, 'wfm.write');
    const j = getJob(a.orgId, req.params.id);
    cancelJob(j);
    await j.job.result.catch(() => undefined);
    return view(j, localeOf(req));
  });

  app.get('/api/wfm/jobs/:id/events', { config: access('wfm.read', 'org'), schema: { tags, summary: '求解进度（SSE）Solve progress as server-sent events', params: jobParam } }, async (req, reply) => {
    const a = authorize(req.actor, 'wfm.read');
    const j = getJob(a.orgId, req.params.id);
    const locale = localeOf(req);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    for (const p of j.progress) send('progress', p);
    const finish = () => {
      send(j.status === 'failed' ? 'error' : 'result', view(j, locale));
      res.end();
    };
    if (j.status !== 'running') return finish();
    const listener = (event: string) => {
      if (event === 'progress') send('progress', j.progress[j.progress.length - 1]);
      else {
        j.listeners.delete(listener);
        finish();
      }
    };
    j.listeners.add(listener);
    req.raw.on('close', () => j.listeners.delete(listener));
  });
}

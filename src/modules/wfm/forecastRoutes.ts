/** From history to agents: interval statistics, forecasts (with their backtest), intraday re-forecast, staffing and the Erlang calculator. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateStr } from '../../core/dates';
import { AppError } from '../../core/errors';
import { localeOf } from '../../core/http';
import { idParam } from '../../core/paging';
import { access } from '../auth/access';
import { authorize } from '../auth/permissions';
import { erlangCalculator, ErlangInputError } from './calculator';
import { queueIntraday } from './intraday';
import { describeDefinitions } from './messages';
import { queueForecast, queueStaffing, queueStatistics, type IntervalMinutes } from './service';
import type { QueueRow } from './store';
import { addDays, localDateOf } from './timezone';
import type { SlDefinition } from './types';
import { checkMethod, SL_DEFINITIONS, tags, wfmKit } from './routeKit';

const intervalOf = z.coerce.number().int().refine((v) => v === 15 || v === 30 || v === 60, { message: 'validation.interval' });

const slQuery = {
  slThresholdSeconds: z.coerce.number().min(0).max(3600).optional(),
  slDefinition: z.enum(SL_DEFINITIONS).optional(),
  shortAbandonSeconds: z.coerce.number().min(0).max(600).optional(),
};
const statsQuery = z.object({
  from: dateStr.optional(),
  to: dateStr.optional(),
  interval: intervalOf.optional(),
  rollUp: z.enum(['interval', 'day', 'week', 'month']).optional(),
  ...slQuery,
});
const forecastQuery = z.object({
  from: dateStr.optional(),
  to: dateStr.optional(),
  interval: intervalOf.optional(),
  method: z.string().max(60).optional(),
  historyWeeks: z.coerce.number().int().min(2).max(156).optional(),
  backtestWeeks: z.coerce.number().int().min(1).max(26).optional(),
});
const staffingQuery = forecastQuery.extend({
  source: z.enum(['forecast', 'actual']).optional(),
  model: z.enum(['erlang-c', 'erlang-a']).optional(),
  serviceLevel: z.coerce.number().min(0).lt(1).optional(),
  slThresholdSeconds: z.coerce.number().min(0).max(3600).optional(),
  slDefinition: z.enum(SL_DEFINITIONS).optional(),
  asaSeconds: z.coerce.number().min(0).max(3600).optional(),
  maxOccupancy: z.coerce.number().gt(0).max(1).optional(),
  shrinkage: z.coerce.number().min(0).lt(1).optional(),
  patienceSeconds: z.coerce.number().gt(0).max(86_400).optional(),
  ahtSeconds: z.coerce.number().gt(0).max(86_400).optional(),
  /** `history`: agents needed scaled by the availability of present agents learned from the 8 weeks before. */
  availability: z.enum(['none', 'history']).optional(),
});
const erlangBody = z.object({
  model: z.enum(['c', 'a']).default('c'),
  calls: z.number().min(0).max(10_000_000),
  intervalMinutes: z.number().gt(0).max(1440),
  ahtSeconds: z.number().gt(0).max(86_400),
  serviceLevel: z.number().gt(0).lt(1).optional(),
  thresholdSeconds: z.number().min(0).max(3600).optional(),
  slDefinition: z.enum(SL_DEFINITIONS).optional(),
  shortAbandonSeconds: z.number().min(0).max(600).optional(),
  asaSeconds: z.number().min(0).max(3600).optional(),
  patienceSeconds: z.number().gt(0).max(86_400).optional(),
  maxOccupancy: z.number().gt(0).max(1).optional(),
  shrinkage: z.number().min(0).lt(1).optional(),
  agents: z.number().int().min(0).max(1_000_000).optional(),
});

export async function wfmForecastRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { store, queueFor } = wfmKit(app);

  // ---------- statistics 时段统计 ----------
  app.get(
    '/api/wfm/queues/:id/stats',
    { config: access('wfm.read', 'project'),
      schema: {
        tags,
        summary: '时段统计 Interval statistics',
        description: 'Per 15/30/60-minute interval (a complete grid), or rolled up by day / week / month. Default range: the last 7 days of history. Every response carries the definitions used.',
        params: idParam,
        querystring: statsQuery,
      },
    },
    async (req) => {
      const { queue } = await queueFor(req.actor, 'wfm.read', req.params.id);
      const qs = req.query;
      const to = qs.to ?? (queue.last_call_at ? localDateOf(Date.parse(queue.last_call_at), queue.time_zone) : localDateOf(Date.now(), queue.time_zone));
      const from = qs.from ?? addDays(to, -6);
      const r = await queueStatistics(store(), queue, {
        from, to, intervalMinutes: (qs.interval ?? queue.interval_minutes) as IntervalMinutes, rollUp: qs.rollUp ?? 'interval',
        sl: { thresholdSeconds: qs.slThresholdSeconds, definition: qs.slDefinition as SlDefinition | undefined, shortAbandonSeconds: qs.shortAbandonSeconds },
      });
      return { ...r, definitions: { ...r.definitions, text: describeDefinitions(localeOf(req), { thresholdSeconds: r.definitions.slThresholdSeconds, definition: r.definitions.slDefinition, shortAbandonSeconds: r.definitions.shortAbandonSeconds }) } };
    },
  );

  function defaultForecastRange(queue: QueueRow, from?: string, to?: string) {
    const today = localDateOf(Date.now(), queue.time_zone);
    const last = queue.last_call_at ? localDateOf(Date.parse(queue.last_call_at), queue.time_zone) : today;
    const f = from ?? addDays(last < today ? last : today, 1);
    return { from: f, to: to ?? addDays(f, 6) };
  }

  // ---------- forecast 话务预测 ----------
  app.get(
    '/api/wfm/queues/:id/forecast',
    { config: access('wfm.read', 'project'),
      schema: {
        tags,
        summary: '话务预测（含回测与实际对比）Forecast with backtest and actuals',
        description: 'Offered calls per interval for local dates from…to (default: the week after the last history day). The method is chosen per queue by a rolling-origin backtest (WAPE, MASE per horizon against seasonal-naive) unless `method` or the queue fixes it; actuals are given wherever history covers the range.',
        params: idParam,
        querystring: forecastQuery,
      },
    },
    async (req) => {
      const { queue } = await queueFor(req.actor, 'wfm.read', req.params.id);
      const qs = req.query;
      if (qs.method) checkMethod(qs.method);
      const range = defaultForecastRange(queue, qs.from, qs.to);
      return queueForecast(store(), queue, { ...range, intervalMinutes: (qs.interval ?? queue.interval_minutes) as IntervalMinutes, method: qs.method, historyWeeks: qs.historyWeeks, backtestWeeks: qs.backtestWeeks });
    },
  );

  // ---------- intraday 日内重预测 ----------
  app.get(
    '/api/wfm/queues/:id/intraday',
    { config: access('wfm.read', 'project'),
      schema: {
        tags,
        summary: '日内重预测 Intraday re-forecast',
        description: 'For one local date (default today): forecast, actual, re-forecast and required agents per interval. Elapsed intervals (ending at or before `now`, default the current time) give the ratio actual ÷ forecast, shrunk toward 1 by F ÷ (F + priorCalls) with F the calls forecast so far; the remaining intervals are scaled by it and staffed again.',
        params: idParam,
        querystring: z.object({
          date: dateStr.optional(),
          now: z.string().datetime({ offset: true }).optional(),
          interval: intervalOf.optional(),
          priorCalls: z.coerce.number().min(0).max(1_000_000).optional(),
        }),
      },
    },
    async (req) => {
      const { queue } = await queueFor(req.actor, 'wfm.read', req.params.id);
      const qs = req.query;
      const nowMs = qs.now ? Date.parse(qs.now) : Date.now();
      const date = qs.date ?? localDateOf(nowMs, queue.time_zone);
      return queueIntraday(store(), queue, { date, nowMs, intervalMinutes: (qs.interval ?? queue.interval_minutes) as IntervalMinutes, priorCalls: qs.priorCalls });
    },
  );

  // ---------- staffing 人员需求 ----------
  app.get(
    '/api/wfm/queues/:id/staffing',
    { config: access('wfm.read', 'project'),
      schema: {
        tags,
        summary: '人员需求 Required agents per interval',
        description: 'Forecast (or recorded, source=actual) calls → agents per interval by Erlang C or A. Defaults come from the queue settings; AHT and patience default to the last 8 weeks of history. With availability=history, the agents to schedule are scaled by the availability of present agents learned from those weeks (per clock hour; none applied when fewer than 30 usable hours).',
        params: idParam,
        querystring: staffingQuery,
      },
    },
    async (req) => {
      const { queue } = await queueFor(req.actor, 'wfm.read', req.params.id);
      const qs = req.query;
      if (qs.method) checkMethod(qs.method);
      const range = defaultForecastRange(queue, qs.from, qs.to);
      const r = await queueStaffing(store(), queue, {
        ...range, intervalMinutes: (qs.interval ?? queue.interval_minutes) as IntervalMinutes, method: qs.method, historyWeeks: qs.historyWeeks,
        backtestWeeks: qs.backtestWeeks, source: qs.source, model: qs.model, serviceLevel: qs.serviceLevel, thresholdSeconds: qs.slThresholdSeconds,
        slDefinition: qs.slDefinition as SlDefinition | undefined, asaSeconds: qs.asaSeconds, maxOccupancy: qs.maxOccupancy, shrinkage: qs.shrinkage,
        patienceSeconds: qs.patienceSeconds, ahtSeconds: qs.ahtSeconds, availability: qs.availability,
      });
      return { ...r, definitions: { ...r.definitions, text: describeDefinitions(localeOf(req), { thresholdSeconds: r.definitions.slThresholdSeconds, definition: r.definitions.slDefinition, shortAbandonSeconds: r.definitions.shortAbandonSeconds }) } };
    },
  );

  // ---------- Erlang calculator 话务计算器 ----------
  app.post(
    '/api/wfm/erlang',
    { config: access('wfm.read', 'project'),
      schema: {
        tags,
        summary: 'Erlang C / A 计算器 Erlang calculator',
        description: 'Required agents for a service-level (X within T s) and/or ASA target with an occupancy cap and shrinkage; with `agents`, the service those agents give (SL, ASA, P(wait), occupancy, abandonment).',
        body: erlangBody,
      },
    },
    async (req) => {
      authorize(req.actor, 'wfm.read');
      try {
        return erlangCalculator(req.body);
      } catch (e) {
        if (e instanceof ErlangInputError) throw new AppError(400, e.code, e.params);
        throw e;
      }
    },
  );
}

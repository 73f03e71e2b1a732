/** Call queues (话务队列) with their settings and business calendars, and the reference data the screens need. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateStr } from '../../core/dates';
import { AppError, notFound } from '../../core/errors';
import { localeOf } from '../../core/http';
import { idParam } from '../../core/paging';
import { access } from '../auth/access';
import { authorize, projectFilter, type Actor } from '../auth/permissions';
import { BUILT_IN_CALENDARS } from './calendars';
import { formatOverridesSchema, PRESET_NAMES, timeZoneSchema } from './formats';
import { TEXT_ENCODINGS } from './importer';
import { importOut } from './importJobs';
import { describeDefinitions } from './messages';
import { checkRange, countingOf, forecastMethodNames, MAX_RANGE_DAYS, queueRecent } from './service';
import {
  createQueue, findQueue, loadCalendarDays, parseCalendar, queueOut, rebuildAllSlots, saveCalendarDays, updateQueue, withQueueLock,
  type CalendarDay, type QueueInput,
} from './store';
import { checkMethod, SL_DEFINITIONS, tags, wfmKit } from './routeKit';
import { loadSchedule, saveSchedule, type ScheduleInterval } from './schedule';
import { localDateRangeUtc } from './history';
import { localToUtcMs } from './timezone';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const hhmmEnd = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/);
const intervalBody = z.union([z.literal(15), z.literal(30), z.literal(60)]);
/** A schedule's step: whatever a shift design may use. */
const scheduleStep = z.union([z.literal(5), z.literal(10), z.literal(15), z.literal(20), z.literal(30), z.literal(60)]);
const headcount = z.number().min(0).max(100_000);

/** A design's coverage arrays from a local start → dated intervals (UTC steps, as the design counts them). */
function seriesIntervals(s: { start: string; timeZone?: string; intervalMinutes: number; onDuty: number[]; working: number[] }, queueZone: string): ScheduleInterval[] {
  const [date, time] = s.start.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const startMs = localToUtcMs(y, m, d, hh, mm, 0, s.timeZone ?? queueZone);
  return s.onDuty.map((onDuty, i) => ({ startAt: new Date(startMs + i * s.intervalMinutes * 60_000).toISOString(), intervalMinutes: s.intervalMinutes, onDuty, working: s.working[i] }));
}

const calendarSettings = z
  .object({
    closedWeekdays: z.array(z.number().int().min(0).max(6)).max(7),
    openHours: z.record(
      z.string().regex(/^[0-6]$/),
      z.object({ from: hhmm, to: hhmmEnd }).refine((h) => h.from < h.to, { message: 'validation.hours' }),
    ),
    autoLabels: z.boolean(),
    weekStartsOn: z.number().int().min(0).max(6),
    holidaySet: z.enum(BUILT_IN_CALENDARS),
  })
  .partial();

const queueFields = {
  projectId: z.string().max(40).nullish(),
  description: z.string().max(500).nullish(),
  timeZone: timeZoneSchema.optional(),
  intervalMinutes: intervalBody.optional(),
  serviceLevel: z
    .object({
      target: z.number().gt(0).lt(1),
      thresholdSeconds: z.number().min(0).max(3600),
      definition: z.enum(SL_DEFINITIONS),
      shortAbandonSeconds: z.number().min(0).max(600),
    })
    .partial()
    .optional(),
  targetAsaSeconds: z.number().min(0).max(3600).nullish(),
  maxOccupancy: z.number().gt(0).max(1).nullish(),
  shrinkage: z.number().min(0).lt(1).optional(),
  model: z.enum(['erlang-c', 'erlang-a']).optional(),
  patienceSeconds: z.number().gt(0).max(86_400).nullish(),
  defaultAhtSeconds: z.number().gt(0).max(86_400).nullish(),
  wrapUpSeconds: z.number().min(0).max(3600).optional(),
  forecastMethod: z.string().max(60).nullish(),
  calendar: calendarSettings.optional(),
};
const queueCreateBody = z.object({ name: z.string().trim().min(1).max(60), ...queueFields });
const queuePatchBody = z.object({ name: z.string().trim().min(1).max(60).optional(), ...queueFields });

const calendarDay = z
  .object({
    date: dateStr,
    kind: z.enum(['holiday', 'special', 'exclude']),
    factor: z.number().gt(0).max(100).nullish(),
    label: z.string().trim().min(1).max(40).nullish(),
    note: z.string().max(200).nullish(),
  })
  .refine((d) => d.kind !== 'special' || d.factor != null || d.label != null, { message: 'validation.special_day' });
const calendarBody = calendarSettings.extend({ days: z.array(calendarDay).max(2000).optional() });

/** GET /api/wfm/options: the reference data the screens offer (the web client imports its type). */
export function wfmOptions() {
  return {
    presets: PRESET_NAMES,
    encodings: TEXT_ENCODINGS,
    forecastMethods: ['auto', ...forecastMethodNames()],
    slDefinitions: SL_DEFINITIONS,
    intervals: [15, 30, 60] as const,
    models: ['erlang-c', 'erlang-a'] as const,
    formatFields: Object.keys(formatOverridesSchema.shape),
  };
}

export async function wfmQueueRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { store, db, queueFor } = wfmKit(app);

  async function checkProject(a: Actor, projectId: string | null | undefined) {
    if (!projectId) return;
    const p = await db().selectFrom('projects').select('id').where('id', '=', projectId).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!p) throw notFound('what.project');
    authorize(a, 'wfm.write', { projectId });
  }

  // ---------- reference data for the screens ----------
  app.get('/api/wfm/options', { config: access('wfm.read', 'project'), schema: { tags, summary: '导入预设、预测方法与口径 Import presets, forecast methods, definitions' } }, async (req) => {
    authorize(req.actor, 'wfm.read');
    return wfmOptions();
  });

  // ---------- queues 话务队列 ----------
  app.get('/api/wfm/queues', { config: access('wfm.read', 'project'), schema: { tags, summary: '话务队列列表 Call queues' } }, async (req) => {
    const a = authorize(req.actor, 'wfm.read');
    let q = db().selectFrom('wfm_queues').selectAll().where('org_id', '=', a.orgId);
    const pf = projectFilter(a);
    if (pf) q = q.where((eb) => eb.or([eb('project_id', 'is', null), ...(pf.length ? [eb('project_id', 'in', pf)] : [])]));
    const rows = await q.orderBy('name').execute();
    const items = [];
    for (const r of rows) items.push({ ...queueOut(r), recent: await queueRecent(store(), r) });
    return { items, total: items.length };
  });

  app.post('/api/wfm/queues', { config: access('wfm.write', 'project'), schema: { tags, summary: '新建话务队列 Create a call queue', body: queueCreateBody } }, async (req, reply) => {
    const a = authorize(req.actor, 'wfm.write');
    await checkProject(a, req.body.projectId);
    checkMethod(req.body.forecastMethod);
    const q = await createQueue(db(), a.orgId, req.body as QueueInput & { name: string });
    return reply.status(201).send(queueOut(q));
  });

  app.get('/api/wfm/queues/:id', { config: access('wfm.read', 'project'), schema: { tags, summary: '话务队列详情 Queue detail', params: idParam } }, async (req) => {
    const { queue } = await queueFor(req.actor, 'wfm.read', req.params.id);
    const imports = await db().selectFrom('wfm_imports').selectAll().where('queue_id', '=', queue.id).orderBy('created_at', 'desc').limit(10).execute();
    const locale = localeOf(req);
    return {
      ...queueOut(queue),
      calendarDays: await loadCalendarDays(db(), queue.id),
      recent: await queueRecent(store(), queue),
      imports: imports.map((j) => ({ ...importOut(j, locale, 0), issues: undefined })),
      definitions: describeDefinitions(locale, countingOf(queue)),
    };
  });

  app.patch('/api/wfm/queues/:id', { config: access('wfm.write', 'project'), schema: { tags, summary: '修改队列设置 Update queue settings', params: idParam, body: queuePatchBody } }, async (req) => {
    const { a, queue } = await queueFor(req.actor, 'wfm.write', req.params.id);
    await checkProject(a, req.body.projectId);
    checkMethod(req.body.forecastMethod);
    const updated = await updateQueue(db(), queue, req.body as QueueInput);
    // Stored 15-minute sums count "answered within T" and short abandons: new limits mean a recount.
    if (Number(updated.sl_threshold_s) !== Number(updated.slots_threshold_s) || Number(updated.short_abandon_s) !== Number(updated.slots_short_abandon_s)) {
      await withQueueLock(queue.id, () => rebuildAllSlots(store(), updated));
    }
    return queueOut((await findQueue(db(), a.orgId, queue.id))!);
  });

  app.delete('/api/wfm/queues/:id', { config: access('wfm.write', 'project'), schema: { tags, summary: '删除队列及其话务历史 Delete a queue and its history', params: idParam } }, async (req) => {
    const { queue } = await queueFor(req.actor, 'wfm.write', req.params.id);
    await withQueueLock(queue.id, async () => {
      await db().deleteFrom('wfm_slots').where('queue_id', '=', queue.id).execute();
      await db().deleteFrom('wfm_calls').where('queue_id', '=', queue.id).execute();
      await db().deleteFrom('wfm_calendar_days').where('queue_id', '=', queue.id).execute();
      await db().deleteFrom('wfm_schedule').where('queue_id', '=', queue.id).execute();
      await db().deleteFrom('wfm_imports').where('queue_id', '=', queue.id).execute();
      await db().deleteFrom('wfm_queues').where('id', '=', queue.id).execute();
    });
    return { ok: true };
  });

  // ---------- calendar 营业日历 ----------
  app.get('/api/wfm/queues/:id/calendar', { config: access('wfm.read', 'project'), schema: { tags, summary: '队列日历 Queue calendar', params: idParam } }, async (req) => {
    const { queue } = await queueFor(req.actor, 'wfm.read', req.params.id);
    return { ...parseCalendar(queue.calendar_json), days: await loadCalendarDays(db(), queue.id) };
  });

  app.put(
    '/api/wfm/queues/:id/calendar',
    { config: access('wfm.write', 'project'),
      schema: {
        tags,
        summary: '设置营业时间、节假日与特殊日 Set opening hours, holidays and special days',
        description: 'Weekly settings are merged into the current ones; `days`, when given, replaces every dated entry.',
        params: idParam,
        body: calendarBody,
      },
    },
    async (req) => {
      const { queue } = await queueFor(req.actor, 'wfm.write', req.params.id);
      const { days, ...weekly } = req.body;
      if (Object.keys(weekly).length) await updateQueue(db(), queue, { calendar: weekly });
      if (days) {
        const seen = new Set<string>();
        for (const d of days) {
          const k = `${d.date}|${d.kind}`;
          if (seen.has(k)) throw new AppError(409, 'conflict.duplicate', { field: `${d.date} ${d.kind}` });
          seen.add(k);
        }
        await saveCalendarDays(db(), queue, days.map((d): CalendarDay => ({ date: d.date, kind: d.kind, factor: d.factor ?? null, label: d.label ?? null, note: d.note ?? null })));
      }
      const fresh = (await findQueue(db(), queue.org_id, queue.id))!;
      return { ...parseCalendar(fresh.calendar_json), days: await loadCalendarDays(db(), queue.id) };
    },
  );

  // ---------- schedule 排班 ----------
  app.get(
    '/api/wfm/queues/:id/schedule',
    { config: access('wfm.read', 'project'),
      schema: { tags, summary: '已发布的排班 Published schedule', description: 'Agents on shift and working (on shift, not on a planned break) per interval over local dates `from`…`to` (at most 93 days).', params: idParam, querystring: z.object({ from: dateStr, to: dateStr }) },
    },
    async (req) => {
      const { queue } = await queueFor(req.actor, 'wfm.read', req.params.id);
      const { from, to } = req.query;
      checkRange(from, to, MAX_RANGE_DAYS.interval);
      const { startMs, endMs } = localDateRangeUtc(from, to, queue.time_zone);
      return { queue: { id: queue.id, name: queue.name, timeZone: queue.time_zone }, from, to, intervals: await loadSchedule(db(), queue.id, new Date(startMs).toISOString(), new Date(endMs).toISOString()) };
    },
  );

  app.put(
    '/api/wfm/queues/:id/schedule',
    { config: access('wfm.write', 'project'),
      schema: {
        tags,
        summary: '发布排班 Publish a schedule',
        description: 'Replaces the published schedule over the span the intervals cover (from the first start to the last end). Either `intervals` (UTC starts) or `series`: a shift design\'s coverage as arrays from a local start (in `timeZone`, default the queue\'s). Intervals must not overlap; working ≤ on duty.',
        params: idParam,
        body: z
          .object({
            intervals: z
              .array(z.object({
                startAt: z.string().datetime({ offset: true }),
                intervalMinutes: scheduleStep,
                onDuty: headcount,
                working: headcount,
              }))
              .min(1)
              .max(20_000)
              .optional(),
            series: z
              .object({
                start: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/),
                timeZone: timeZoneSchema.optional(),
                intervalMinutes: scheduleStep,
                onDuty: z.array(headcount).min(1).max(20_000),
                working: z.array(headcount).min(1).max(20_000),
              })
              .refine((x) => x.onDuty.length === x.working.length, { message: 'wfm.schedule_lengths', path: ['working'] })
              .optional(),
          })
          .refine((b) => (b.intervals === undefined) !== (b.series === undefined), { message: 'wfm.schedule_form', path: ['intervals'] }),
      },
    },
    async (req) => {
      const { a, queue } = await queueFor(req.actor, 'wfm.write', req.params.id);
      const intervals = (req.body.intervals ?? seriesIntervals(req.body.series!, queue.time_zone)).sort((x, y) => Date.parse(x.startAt) - Date.parse(y.startAt));
      let end = -Infinity;
      for (const i of intervals) {
        const at = Date.parse(i.startAt);
        if (i.working > i.onDuty) throw new AppError(400, 'wfm.schedule_working', { at: i.startAt, working: i.working, onDuty: i.onDuty });
        if (at < end) throw new AppError(400, 'wfm.schedule_overlap', { at: i.startAt });
        end = at + i.intervalMinutes * 60_000;
      }
      return saveSchedule(db(), queue, intervals, a.userId);
    },
  );
}

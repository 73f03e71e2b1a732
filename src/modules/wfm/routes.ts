/**
 * Workforce-planning API (/api/wfm): queues and their calendars, call-history imports with
 * progress, interval statistics, forecasts (with the backtest that chose the method), staffing,
 * and the Erlang calculator.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateStr } from '../../core/dates';
import { AppError, notFound } from '../../core/errors';
import { localeOf } from '../../core/http';
import { toCsvLine } from '../../core/csv';
import { safeFileName } from '../../core/redact';
import { idParam } from '../../core/paging';
import { newId } from '../../db/ids';
import { authorize, projectFilter, type Actor } from '../auth/permissions';
import { erlangCalculator, ErlangInputError } from './calculator';
import { formatOverridesSchema, PRESET_NAMES, resolveFormat, timeZoneSchema } from './formats';
import { TEXT_ENCODINGS, type TextEncodingName } from './importer';
import { importOut, startImportJob } from './importJobs';
import { importIntervalCounts } from './intervalImport';
import { BUILT_IN_CALENDARS } from './calendars';
import { queueIntraday } from './intraday';
import { CallRecordFormatError } from './callRecords';
import { t } from '../../core/i18n';
import { describeDefinitions } from './messages';
import {
  countingOf, forecastMethodNames, queueForecast, queueRecent, queueStaffing, queueStatistics, type IntervalMinutes,
} from './service';
import {
  createQueue, findQueue, loadCalendarDays, parseCalendar, queueOut, rebuildAllSlots, saveCalendarDays, updateQueue, withQueueLock,
  type CalendarDay, type QueueInput, type QueueRow,
} from './store';
import { addDays, localDateOf } from './timezone';
import type { SlDefinition } from './types';
import './messages';
import { access } from '../auth/access';

const tags = ['wfm'];
const SL_DEFINITIONS = ['offered', 'answered', 'excludeShortAbandons'] as const;
/** Largest call-history upload accepted (streamed to a temporary file, never held in memory). */
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

// Calendar dates come from the shared strict schema (impossible dates are a 400, not a 500).
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const hhmmEnd = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/);
const intervalOf = z.coerce.number().int().refine((v) => v === 15 || v === 30 || v === 60, { message: 'validation.interval' });
const intervalBody = z.union([z.literal(15), z.literal(30), z.literal(60)]);

const columnRef = z.union([z.string().min(1).max(100), z.number().int().min(0).max(500)]);
const intervalFormatSchema = z
  .object({
    columns: z
      .object({ start: columnRef, offered: columnRef, answered: columnRef, abandoned: columnRef, ahtSeconds: columnRef, asaSeconds: columnRef, answeredWithinT: columnRef, serviceLevel: columnRef, agents: columnRef, queue: columnRef })
      .partial()
      .strict(),
    timeFormat: z.string().min(1).max(60),
    delimiter: z.string().min(1).max(3),
    ignoreZone: z.boolean(),
  })
  .partial()
  .strict();

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

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/**
 * Stream a multipart upload's one file to `tmp` and collect its text fields. Malformed or
 * over-large uploads become 400 / 413; the caller removes `tmp` whatever happens.
 */
async function receiveUpload(req: FastifyRequest, tmp: string, defaultName: string): Promise<{ fileName: string; fields: Record<string, string> }> {
  let fileName: string | null = null;
  const fields: Record<string, string> = {};
  try {
    for await (const part of req.parts({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } })) {
      if (part.type === 'file') {
        if (fileName === null) {
          fileName = safeFileName(part.filename, defaultName);
          await pipeline(part.file, createWriteStream(tmp));
          if (part.file.truncated) throw new AppError(413, 'validation.too_large');
        } else await part.toBuffer();
      } else fields[part.fieldname] = String(part.value);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    if ((e as any)?.statusCode === 413) throw new AppError(413, 'validation.too_large');
    throw new AppError(400, 'import.bad_file', { reason: 'multipart' });
  }
  if (fileName === null) throw new AppError(400, 'wfm.file_required');
  return { fileName, fields };
}

export async function wfmRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const store = () => app.ctx.store;
  const db = () => app.ctx.store.db;

  /** The queue, if the caller may see it (queues tied to a project follow the project scope). */
  async function queueFor(actor: Actor | null | undefined, perm: 'wfm.read' | 'wfm.write', id: string): Promise<{ a: Actor; queue: QueueRow }> {
    const a = authorize(actor, perm);
    const queue = await findQueue(db(), a.orgId, id);
    if (!queue) throw notFound('what.wfm_queue');
    if (queue.project_id) authorize(a, perm, { projectId: queue.project_id });
    return { a, queue };
  }

  async function checkProject(a: Actor, projectId: string | null | undefined) {
    if (!projectId) return;
    const p = await db().selectFrom('projects').select('id').where('id', '=', projectId).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!p) throw notFound('what.project');
    authorize(a, 'wfm.write', { projectId });
  }

  function checkMethod(m: string | null | undefined) {
    if (m == null || m === 'auto') return;
    const names = forecastMethodNames();
    if (!names.includes(m)) throw new AppError(400, 'wfm.unknown_method', { method: m, methods: ['auto', ...names].join(', ') });
  }

  // ---------- reference data for the screens ----------
  app.get('/api/wfm/options', { config: access('wfm.read', 'project'), schema: { tags, summary: '导入预设、预测方法与口径 Import presets, forecast methods, definitions' } }, async (req) => {
    authorize(req.actor, 'wfm.read');
    return {
      presets: PRESET_NAMES,
      encodings: TEXT_ENCODINGS,
      forecastMethods: ['auto', ...forecastMethodNames()],
      slDefinitions: SL_DEFINITIONS,
      intervals: [15, 30, 60],
      models: ['erlang-c', 'erlang-a'],
      formatFields: Object.keys(formatOverridesSchema.shape),
    };
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

  // ---------- imports 话单导入 ----------
  app.post(
    '/api/wfm/queues/:id/imports',
    { config: access('wfm.write', 'project'),
      schema: {
        tags,
        summary: '导入话单 Import call records (CSV / TSV)',
        description:
          'multipart/form-data: file; preset (e.g. "anonymous-bank") and/or format (JSON: columns mapping, timeFormat, dateFormat, durationFormat, delimiter, outcomes, …); timeZone (zone of the file\'s local times, default the queue\'s); sourceQueues (comma-separated values of the queue column to keep); encoding ("auto" | "utf-8" | "gb18030", default auto); wait ("1" = answer with the finished job). Answers 202 with the job id; poll GET /api/wfm/imports/:id. Calls already stored for the queue (same call id, or same content when the file has no call id) are skipped, so re-importing a file does not double the history.',
        params: idParam,
        querystring: z.object({ wait: z.enum(['0', '1']).optional() }),
      },
    },
    async (req, reply) => {
      const { a, queue } = await queueFor(req.actor, 'wfm.write', req.params.id);
      if (!req.isMultipart()) throw new AppError(400, 'wfm.file_required');
      const tmp = path.join(os.tmpdir(), `shouwen-calls-${newId()}.upload`);
      try {
        const { fileName, fields } = await receiveUpload(req, tmp, 'calls.csv');
        let overrides = undefined;
        if (fields.format) {
          const parsed = formatOverridesSchema.safeParse(safeJson(fields.format));
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new AppError(400, 'wfm.bad_format', { reason: `${issue.path.join('.') || 'format'}: ${issue.message}` });
          }
          overrides = parsed.data;
        }
        const preset = fields.preset || null;
        const format = resolveFormat({ preset, format: overrides, timeZone: fields.timeZone || null }, queue.time_zone);
        const sourceQueues = fields.sourceQueues ? fields.sourceQueues.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
        const encoding = (fields.encoding || 'auto') as TextEncodingName;
        if (!TEXT_ENCODINGS.includes(encoding)) throw new AppError(400, 'wfm.bad_format', { reason: `encoding: ${TEXT_ENCODINGS.join(' | ')}` });
        const totalBytes = (await stat(tmp)).size;
        const job = await startImportJob(store(), { queue, userId: a.userId, fileName, preset, format, sourceQueues, encoding, totalBytes });
        const done = job.run(createReadStream(tmp)).finally(() => rm(tmp, { force: true }));
        if ((fields.wait ?? req.query.wait) === '1') {
          await done.catch(() => undefined);
        } else {
          done.catch((e) => {
            if (!(e instanceof AppError)) req.log.error({ err: { message: (e as Error)?.message } }, 'call import failed');
          });
        }
        const row = (await db().selectFrom('wfm_imports').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow());
        const out = importOut(row, localeOf(req));
        return reply.status(row.status === 'running' ? 202 : 200).send({ importId: job.id, ...out });
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
    },
  );

  // ---------- interval-count import 时段话务量导入 ----------
  app.post(
    '/api/wfm/queues/:id/interval-imports',
    { config: access('wfm.write', 'project'),
      schema: {
        tags,
        summary: '导入时段话务量 Import interval counts (CSV / TSV / XLSX)',
        description:
          'multipart/form-data: file (CSV/TSV, or XLSX by its .xlsx name: first worksheet); columns found by header (interval_start, offered, answered, abandoned, optional aht, asa, answered_within_t or service_level, agents) or mapped by format (JSON: {columns, timeFormat, delimiter}); sourceMinutes (minutes per row, default the queue\'s interval); timeZone (default the queue\'s); encoding. The 15-minute slots covered are replaced. Malformed rows are reported with their line and skipped.',
        params: idParam,
      },
    },
    async (req) => {
      const { queue } = await queueFor(req.actor, 'wfm.write', req.params.id);
      if (!req.isMultipart()) throw new AppError(400, 'wfm.file_required');
      const tmp = path.join(os.tmpdir(), `shouwen-intervals-${newId()}.upload`);
      try {
        const { fileName, fields } = await receiveUpload(req, tmp, 'intervals.csv');
        const parsed = intervalFormatSchema.safeParse(fields.format ? safeJson(fields.format) : {});
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new AppError(400, 'wfm.bad_format', { reason: `${issue.path.join('.') || 'format'}: ${issue.message}` });
        }
        const sourceMinutes = fields.sourceMinutes ? Number(fields.sourceMinutes) : undefined;
        if (sourceMinutes !== undefined && !(Number.isInteger(sourceMinutes) && sourceMinutes > 0 && 1440 % sourceMinutes === 0)) {
          throw new AppError(400, 'wfm.bad_format', { reason: 'sourceMinutes: 1440 ÷ n' });
        }
        const zone = fields.timeZone || queue.time_zone;
        if (!timeZoneSchema.safeParse(zone).success) throw new AppError(400, 'wfm.bad_time_zone', { zone });
        const encoding = (fields.encoding || 'auto') as TextEncodingName;
        if (!TEXT_ENCODINGS.includes(encoding)) throw new AppError(400, 'wfm.bad_format', { reason: `encoding: ${TEXT_ENCODINGS.join(' | ')}` });
        let r;
        try {
          r = await importIntervalCounts(store(), createReadStream(tmp), {
            queue, format: { ...parsed.data, sourceTimeZone: zone }, sourceMinutes, encoding, xlsx: /\.xlsx$/i.test(fileName),
          });
        } catch (e) {
          if (e instanceof CallRecordFormatError) throw new AppError(400, 'wfm.bad_format', { reason: e.message });
          if (/zip|signature|central directory/i.test((e as Error)?.message ?? '')) throw new AppError(400, 'import.bad_file', { reason: 'xlsx' });
          throw e;
        }
        const locale = localeOf(req);
        return {
          queueId: queue.id, fileName, slotsWritten: r.slotsWritten, ...r.report,
          issues: r.report.issues.map((i) => ({ ...i, reasonText: t(locale, `wfm.malformed.${i.reason}`) })),
        };
      } finally {
        await rm(tmp, { force: true });
      }
    },
  );

  app.get('/api/wfm/queues/:id/imports', { config: access('wfm.read', 'project'), schema: { tags, summary: '导入记录 Imports of a queue', params: idParam } }, async (req) => {
    const { queue } = await queueFor(req.actor, 'wfm.read', req.params.id);
    const rows = await db().selectFrom('wfm_imports').selectAll().where('queue_id', '=', queue.id).orderBy('created_at', 'desc').limit(100).execute();
    const locale = localeOf(req);
    return { items: rows.map((j) => ({ ...importOut(j, locale, 0), issues: undefined })) };
  });

  async function importFor(actor: Actor | null | undefined, id: string) {
    const a = authorize(actor, 'wfm.read');
    const job = await db().selectFrom('wfm_imports').selectAll().where('id', '=', id).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!job) throw notFound('what.wfm_import');
    await queueFor(a, 'wfm.read', job.queue_id);
    return job;
  }

  app.get('/api/wfm/imports/:id', { config: access('wfm.read', 'project'), schema: { tags, summary: '导入进度与报告 Import progress and report', params: idParam } }, async (req) => {
    const job = await importFor(req.actor, req.params.id);
    return importOut(job, localeOf(req));
  });

  app.get('/api/wfm/imports/:id/errors.csv', { config: access('wfm.read', 'project'), schema: { tags, summary: '问题行下载 Malformed rows (CSV)', params: idParam } }, async (req, reply) => {
    const job = await importFor(req.actor, req.params.id);
    const out = importOut(job, localeOf(req));
    const lines = [toCsvLine(['行号 line', '原因 reason', '说明 detail'])];
    for (const i of out.issues) lines.push(toCsvLine([i.line, i.reasonText, i.message]));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="call-import-errors-${job.id}.csv"`)
      .send('\ufeff' + lines.join('\r\n'));
  });

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
        description: 'Forecast (or recorded, source=actual) calls → agents per interval by Erlang C or A. Defaults come from the queue settings; AHT and patience default to the last 8 weeks of history.',
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
        patienceSeconds: qs.patienceSeconds, ahtSeconds: qs.ahtSeconds,
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

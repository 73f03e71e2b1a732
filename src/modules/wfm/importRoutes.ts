/** Call-history imports (话单导入) with progress and error reports, and interval-count imports (时段话务量导入). */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { localeOf } from '../../core/http';
import { toCsvLine } from '../../core/csv';
import { t } from '../../core/i18n';
import { safeFileName } from '../../core/redact';
import { idParam } from '../../core/paging';
import { newId } from '../../db/ids';
import { access } from '../auth/access';
import { authorize, type Actor } from '../auth/permissions';
import { CallRecordFormatError } from './callRecords';
import { formatOverridesSchema, resolveFormat, timeZoneSchema } from './formats';
import { TEXT_ENCODINGS, type TextEncodingName } from './importer';
import { importOut, startImportJob } from './importJobs';
import { importIntervalCounts } from './intervalImport';
import { tags, wfmKit } from './routeKit';

/** Largest call-history upload accepted (streamed to a temporary file, never held in memory). */
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

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

export async function wfmImportRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { store, db, queueFor } = wfmKit(app);

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
}

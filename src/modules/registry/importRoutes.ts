import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { localeOf } from '../../core/http';
import { t } from '../../core/i18n';
import { toCsvLine } from '../../core/csv';
import { idParam } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { authorize } from '../auth/permissions';
import { importUnitsAndParties, readTable, type ImportProgress, type ImportResult } from './import';
import { IMPORT_FIELDS, type ColumnMapping } from './importRules';
import { access } from '../auth/access';

/** Live progress of imports running in this process; the job row holds the final outcome. */
const live = new Map<string, ImportProgress>();

export async function importRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;

  app.post(
    '/api/registry/import',
    { config: access('registry.import', 'project'),
      schema: {
        tags: ['registry'],
        summary: '导入房屋与客户（XLSX / CSV）Import units and parties',
        description:
          'multipart/form-data: file (xlsx/csv), dryRun ("1" = only check), mapping (JSON: field → column header), wait ("1" = answer with the result instead of a job id). A file with any bad row imports nothing.',
        querystring: z.object({ wait: z.enum(['0', '1']).optional(), dryRun: z.enum(['0', '1']).optional() }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'registry.import');
      if (!req.isMultipart()) throw new AppError(400, 'import.file_required');
      let file: { buf: Buffer; name: string } | null = null;
      const fields: Record<string, string> = {};
      try {
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            if (!file) file = { buf: await part.toBuffer(), name: part.filename };
            else await part.toBuffer();
          } else fields[part.fieldname] = String(part.value);
        }
      } catch (e) {
        // A truncated or malformed multipart body is the client's fault, not ours.
        if ((e as any)?.statusCode === 413) throw new AppError(413, 'validation.too_large');
        throw new AppError(400, 'import.bad_file', { reason: 'multipart' });
      }
      if (!file) throw new AppError(400, 'import.file_required');
      let mapping: ColumnMapping | undefined;
      if (fields.mapping) {
        const parsed = z.record(z.enum(IMPORT_FIELDS), z.string().max(80)).safeParse(safeJson(fields.mapping));
        if (!parsed.success) throw new AppError(400, 'validation.failed', { fields: 'mapping' });
        mapping = parsed.data;
      }
      const dryRun = (fields.dryRun ?? req.query.dryRun) === '1';
      const sheet = await readTable(file.buf, file.name);
      const id = newId();
      await db()
        .insertInto('import_jobs')
        .values({ id, org_id: a.orgId, user_id: a.userId, kind: 'units_parties', status: 'running', dry_run: dryRun ? 1 : 0, total_rows: sheet.rows.length, processed_rows: 0, error_count: 0, errors_json: '[]', summary_json: null, created_at: nowIso(), finished_at: null })
        .execute();
      live.set(id, { phase: 'validating', processed: 0, total: sheet.rows.length });
      const run = importUnitsAndParties(db(), app.ctx.secrets, a.orgId, sheet, {
        mapping,
        dryRun,
        allowedProjectIds: a.projectIds,
        onProgress: (p) => live.set(id, p),
      }).then(
        async (r) => {
          await finish(id, r);
          return r;
        },
        async (e) => {
          const code = e instanceof AppError ? e.code : 'internal';
          if (!(e instanceof AppError)) req.log.error({ err: { message: e?.message } }, 'import failed');
          await db().updateTable('import_jobs').set({ status: 'failed', errors_json: JSON.stringify([{ line: 0, field: null, code, params: (e as AppError).params ?? {} }]), finished_at: nowIso() }).where('id', '=', id).execute();
          live.delete(id);
          throw e;
        },
      );
      if ((fields.wait ?? req.query.wait) === '1') {
        const r = await run;
        const locale = localeOf(req);
        const body = { jobId: id, ...r, errors: r.errors.map((e) => ({ ...e, message: t(locale, e.code, e.params) })) };
        if (!r.ok) return reply.status(422).send({ error: { code: 'import.rejected', message: t(locale, 'import.rejected', { count: r.errors.length }), details: body } });
        return body;
      }
      run.catch(() => undefined);
      return reply.status(202).send({ jobId: id, total: sheet.rows.length });
    },
  );

  async function finish(id: string, r: ImportResult) {
    await db()
      .updateTable('import_jobs')
      .set({ status: r.ok ? 'done' : 'failed', processed_rows: r.total, error_count: r.errors.length, errors_json: JSON.stringify(r.errors), summary_json: JSON.stringify(r.summary), finished_at: nowIso() })
      .where('id', '=', id)
      .execute();
    live.delete(id);
  }

  app.get('/api/imports/:id', { config: access('registry.import', 'project'), schema: { tags: ['registry'], summary: '导入进度 Import progress', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'registry.import');
    const job = await db().selectFrom('import_jobs').selectAll().where('id', '=', req.params.id).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!job) throw notFound('what.import');
    const p = live.get(job.id);
    const locale = localeOf(req);
    const errors = (JSON.parse(job.errors_json) as any[]).slice(0, 500).map((e) => ({ ...e, message: t(locale, e.code, e.params) }));
    return {
      id: job.id,
      status: job.status,
      dryRun: !!job.dry_run,
      phase: p?.phase ?? 'done',
      processed: p ? p.processed : job.processed_rows,
      total: p ? p.total : job.total_rows,
      errorCount: job.error_count,
      errors,
      summary: job.summary_json ? JSON.parse(job.summary_json) : null,
    };
  });

  app.get('/api/imports/:id/errors.csv', { config: access('registry.import', 'project'), schema: { tags: ['registry'], summary: '错误报告下载 Error report', params: idParam } }, async (req, reply) => {
    const a = authorize(req.actor, 'registry.import');
    const job = await db().selectFrom('import_jobs').selectAll().where('id', '=', req.params.id).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!job) throw notFound('what.import');
    const locale = localeOf(req);
    const lines = [toCsvLine(['行号', '字段', '错误'])];
    for (const e of JSON.parse(job.errors_json) as any[]) lines.push(toCsvLine([e.line, e.field ?? '', t(locale, e.code, e.params)]));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="import-errors-${job.id}.csv"`)
      .send('\ufeff' + lines.join('\r\n'));
  });
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

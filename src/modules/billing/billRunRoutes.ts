/** The monthly cycle: meter readings (抄表: entry and XLSX/CSV import) and the bill runs (出账) that price them. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { access } from '../auth/access';
import { authorize } from '../auth/permissions';
import { readTable } from '../registry/import';
import { runBills } from './billRuns';
import { assertProject, dateStr, dec, decimalStr, idStr, inScope, periodStr, projectOfRow, who } from './http';
import { addReading, importReadings } from './meters';

const tags = ['billing'];

export async function billingRunRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const ctx = () => app.ctx;
  const db = () => app.ctx.store.db;

  // ---------- meter readings 抄表 ----------
  app.get(
    '/api/billing/readings',
    { config: access('billing.read', 'project'), schema: { tags, summary: '抄表记录 Meter readings', querystring: z.object({ ...pageQuery, projectId: idStr.optional(), unitId: idStr.optional(), feeItemId: idStr.optional(), from: dateStr.optional(), to: dateStr.optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'billing.read');
      let q = inScope(a, db().selectFrom('meter_readings as r').innerJoin('units as u', 'u.id', 'r.unit_id').selectAll('r').select('u.number as unit_number').where('r.org_id', '=', a.orgId), 'r.project_id');
      const f = req.query;
      if (a.role === 'resident') q = q.where('r.unit_id', 'in', a.unitIds.length ? a.unitIds : ['']);
      if (f.projectId) q = q.where('r.project_id', '=', f.projectId);
      if (f.unitId) q = q.where('r.unit_id', '=', f.unitId);
      if (f.feeItemId) q = q.where('r.fee_item_id', '=', f.feeItemId);
      if (f.from) q = q.where('r.read_date', '>=', f.from);
      if (f.to) q = q.where('r.read_date', '<=', f.to);
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('r.read_date', 'desc').orderBy('u.number'), (r) => ({
        id: r.id,
        projectId: r.project_id,
        unitId: r.unit_id,
        unitNumber: r.unit_number,
        feeItemId: r.fee_item_id,
        readDate: r.read_date,
        previous: r.previous_reading,
        current: r.current_reading,
        multiplier: r.multiplier,
        replacement: r.old_final !== null ? { oldFinal: r.old_final, newInitial: r.new_initial } : null,
        source: r.source,
      }));
    },
  );

  app.post(
    '/api/billing/readings',
    { config: access('billing.write', 'project'),
      schema: {
        tags,
        summary: '录入抄表读数（上次读数默认取该表上一次读数）Enter a meter reading',
        body: z.object({ unitId: idStr, feeItemId: idStr, readDate: dateStr, current: decimalStr(4), previous: decimalStr(4).nullish(), multiplier: decimalStr(4).nullish(), replacement: z.object({ oldFinal: decimalStr(4), newInitial: decimalStr(4) }).nullish() }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.write');
      const b = req.body;
      const unit = await db().selectFrom('units').select('project_id').where('id', '=', b.unitId).where('org_id', '=', a.orgId).executeTakeFirst();
      if (!unit) throw notFound('what.unit');
      authorize(a, 'billing.write', { projectId: unit.project_id });
      const row = await addReading(ctx(), who(a), {
        unitId: b.unitId,
        feeItemId: b.feeItemId,
        readDate: b.readDate,
        current: dec(b.current),
        previous: b.previous != null ? dec(b.previous) : null,
        multiplier: b.multiplier != null ? dec(b.multiplier) : null,
        replacement: b.replacement ? { oldFinal: dec(b.replacement.oldFinal), newInitial: dec(b.replacement.newInitial) } : null,
      });
      return reply.status(201).send({ id: row.id, previous: row.previous_reading, current: row.current_reading, multiplier: row.multiplier });
    },
  );

  app.post(
    '/api/billing/readings/import',
    { config: access('billing.write', 'project'),
      schema: {
        tags,
        summary: '导入抄表读数（XLSX / CSV）Import meter readings',
        description: 'multipart/form-data: file (xlsx/csv with 房号, 费目, 抄表日期, 本次读数[, 上次读数, 倍率, 旧表止度, 新表起度]), projectId, dryRun ("1" = only check). A file with any bad row imports nothing.',
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'billing.write');
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
        if ((e as any)?.statusCode === 413) throw new AppError(413, 'validation.too_large');
        throw new AppError(400, 'import.bad_file', { reason: 'multipart' });
      }
      if (!file) throw new AppError(400, 'import.file_required');
      const projectId = fields.projectId ?? '';
      if (!projectId) throw new AppError(400, 'validation.failed', { fields: 'projectId' });
      await assertProject(db(), a, projectId, 'billing.write');
      const sheet = await readTable(file.buf, file.name);
      if (!sheet.rows.length) throw new AppError(400, 'import.no_rows');
      const out = await importReadings(ctx(), who(a), projectId, sheet, fields.dryRun === '1');
      if (out.errors.length) throw new AppError(400, 'import.rejected', { count: out.errors.length }, out.errors.slice(0, 200));
      return out;
    },
  );

  app.delete('/api/billing/readings/:id', { config: access('billing.write', 'project'), schema: { tags, summary: '删除未出账的读数 Delete a reading not yet billed', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'billing.write');
    await projectOfRow(db(), a, 'meter_readings', req.params.id, 'what.reading', 'billing.write');
    const billed = await db().selectFrom('bills').select('id').where('basis_json', 'like', `%"readingId":"${req.params.id}"%`).executeTakeFirst();
    if (billed) throw new AppError(409, 'billing.reading_billed');
    await db().deleteFrom('meter_readings').where('id', '=', req.params.id).execute();
    return { ok: true };
  });

  // ---------- bill runs 出账 ----------
  app.post(
    '/api/billing/runs',
    { config: access('billing.write', 'project'),
      schema: {
        tags,
        summary: '出账（幂等：同一账期重复出账或并发出账都不会重复生成账单）Run bills for a period (idempotent)',
        body: z.object({ projectId: idStr, period: periodStr, dryRun: z.boolean().default(false) }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.write');
      await assertProject(db(), a, req.body.projectId, 'billing.write');
      const r = await runBills(ctx(), who(a), req.body);
      return reply.status(r.dryRun ? 200 : 201).send(r);
    },
  );
  const runOut = (r: any) => ({
    id: r.id,
    projectId: r.project_id,
    period: r.period,
    startedBy: r.started_by,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    plannedCount: r.planned_count,
    createdCount: r.created_count,
    existingCount: r.existing_count,
    createdFen: Number(r.created_fen),
  });
  app.get('/api/billing/runs', { config: access('billing.read', 'project'), schema: { tags, summary: '出账记录 Bill runs', querystring: z.object({ ...pageQuery, projectId: idStr.optional(), period: z.string().max(10).optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'billing.read');
    let q = inScope(a, db().selectFrom('bill_runs').selectAll().where('org_id', '=', a.orgId), 'project_id');
    if (req.query.projectId) q = q.where('project_id', '=', req.query.projectId);
    if (req.query.period) q = q.where('period', '=', req.query.period);
    return paginate(q, req.query.page, req.query.pageSize, (x) => x.orderBy('started_at', 'desc'), runOut);
  });
  app.get('/api/billing/runs/:id', { config: access('billing.read', 'project'), schema: { tags, params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'billing.read');
    await projectOfRow(db(), a, 'bill_runs', req.params.id, 'what.bill_run', 'billing.read');
    const r = await db().selectFrom('bill_runs').selectAll().where('id', '=', req.params.id).executeTakeFirstOrThrow();
    return { ...runOut(r), issues: JSON.parse(r.issues_json) };
  });
}

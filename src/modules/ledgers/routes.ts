/**
 * Front-desk ledgers over HTTP. Every ledger has the same shape — list with paging and filters,
 * detail, create, edit while open, and its closing actions — so each is a specification
 * (specs.ts) handed to one route builder (this file):
 *   /api/ledgers/visitors          访客登记      checkout
 *   /api/ledgers/vehicles          车辆出入      exit
 *   /api/ledgers/parking-permits   停车证        revoke, renew
 *   /api/ledgers/keys              钥匙借还      return
 *   /api/ledgers/mail              邮件/传真/包裹 notify, deliver, return_to_sender
 *   /api/ledgers/lost-found        失物招领      return, dispose
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { likeOp } from '../../db/migrationHelpers';
import { authorize, projectFilter, type Actor } from '../auth/permissions';
import { localDate } from '../inspections/core';
import { normalisePlate, permitStatus } from './rules';
import { access } from '../auth/access';
import { idStr, isoTime, LEDGERS, permits, type Row } from './specs';

export async function ledgerRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;
  const tags = ['ledgers'];

  for (const spec of LEDGERS) {
    const url = `/api/ledgers/${spec.path}`;
    const table = spec.table as any;
    const load = async (a: Actor, id: string, perm: 'ledgers.read' | 'ledgers.write') => {
      const row = (await db().selectFrom(table).selectAll().where('id', '=', id).where('org_id', '=', a.orgId).executeTakeFirst()) as Row | undefined;
      if (!row) throw notFound(spec.what);
      authorize(a, perm, { projectId: row.project_id });
      return row;
    };
    const clock = () => {
      const now = nowIso();
      return { now, today: localDate(now) };
    };
    const checkUnits = async (a: Actor, projectId: string, row: Record<string, unknown>) => {
      for (const col of spec.unitCols) {
        const unitId = row[col] as string | null | undefined;
        if (!unitId) continue;
        const u = await db().selectFrom('units').select('project_id').where('id', '=', unitId).where('org_id', '=', a.orgId).executeTakeFirst();
        if (!u || u.project_id !== projectId) throw notFound('what.unit');
      }
    };

    const extra = Object.fromEntries(Object.entries(spec.filters ?? {}).map(([k, f]) => [k, (f.schema as z.ZodType).optional()]));
    app.get(
      url,
      {
        config: access('ledgers.read', 'project'),
        schema: {
          tags,
          summary: spec.summary,
          querystring: z.object({
            ...pageQuery,
            projectId: idStr.optional(),
            status: z.enum(spec.statuses).optional(),
            open: z.enum(['1']).optional(),
            overdue: z.enum(['1']).optional(),
            from: isoTime.optional(),
            to: isoTime.optional(),
            q: z.string().trim().min(1).max(40).optional(),
            ...extra,
          }),
        },
      },
      async (req) => {
        const a = authorize(req.actor, 'ledgers.read');
        const f = req.query as Record<string, any>;
        let q: any = db().selectFrom(table).selectAll().where('org_id', '=', a.orgId);
        const pf = projectFilter(a);
        if (pf) q = q.where('project_id', 'in', pf.length ? pf : ['']);
        if (f.projectId) q = q.where('project_id', '=', f.projectId);
        if (f.status) q = q.where('status', '=', f.status);
        if (f.open) q = q.where('status', 'in', spec.openStatuses);
        if (f.from) q = q.where(spec.timeCol, '>=', spec.timeCol === 'valid_to' ? String(f.from).slice(0, 10) : new Date(f.from).toISOString());
        if (f.to) q = q.where(spec.timeCol, '<', spec.timeCol === 'valid_to' ? String(f.to).slice(0, 10) : new Date(f.to).toISOString());
        for (const [k, filt] of Object.entries(spec.filters ?? {})) {
          if (f[k] === undefined) continue;
          q = q.where(filt.col, '=', k === 'plate' ? (normalisePlate(String(f[k])) ?? String(f[k])) : f[k]);
        }
        if (f.q) q = q.where((eb: any) => eb.or(spec.searchCols.map((c) => eb(c, likeOp(db()), `%${f.q}%`))));
        const c = clock();
        if (spec.listHook) q = spec.listHook(q, f, c);
        return paginate(q, f.page, f.pageSize, (x: any) => x.orderBy(spec.timeCol, 'desc').orderBy('id'), (r: Row) => spec.out(r, c));
      },
    );

    app.get(`${url}/:id`, { config: access('ledgers.read', 'project'), schema: { tags, summary: spec.summary, params: idParam } }, async (req) => {
      const a = authorize(req.actor, 'ledgers.read');
      return spec.out(await load(a, req.params.id, 'ledgers.read'), clock());
    });

    app.post(url, { config: access('ledgers.write', 'project'), schema: { tags, summary: spec.summary, body: spec.createBody } }, async (req, reply) => {
      const a = authorize(req.actor, 'ledgers.write');
      const b = req.body as any;
      const p = await db().selectFrom('projects').select('id').where('id', '=', b.projectId).where('org_id', '=', a.orgId).executeTakeFirst();
      if (!p) throw notFound('what.project');
      authorize(a, 'ledgers.write', { projectId: b.projectId });
      const c = { ...clock(), app: app.ctx, actor: a, projectId: b.projectId };
      const cols = await spec.create(b, c);
      await checkUnits(a, b.projectId, cols);
      const id = newId();
      await db()
        .insertInto(table)
        .values({ id, org_id: a.orgId, project_id: b.projectId, note: b.note ?? null, created_by: a.userId, closed_by: null, created_at: c.now, updated_at: c.now, ...cols })
        .execute();
      return reply.status(201).send(spec.out(await load(a, id, 'ledgers.write'), c));
    });

    app.patch(`${url}/:id`, { config: access('ledgers.write', 'project'), schema: { tags, summary: `${spec.summary}（修改未结记录 edit while open）`, params: idParam, body: spec.patchBody } }, async (req) => {
      const a = authorize(req.actor, 'ledgers.write');
      const row = await load(a, req.params.id, 'ledgers.write');
      if (!spec.openStatuses.includes(row.status)) throw new AppError(409, 'ledgers.closed');
      const set = spec.patch(req.body);
      const c = clock();
      await db().updateTable(table).set({ ...set, updated_at: c.now }).where('id', '=', row.id).execute();
      return spec.out(await load(a, row.id, 'ledgers.write'), c);
    });

    for (const [name, action] of Object.entries(spec.actions)) {
      app.post(`${url}/:id/${name.replaceAll('_', '-')}`, { config: access('ledgers.write', 'project'), schema: { tags, summary: action.summary, params: idParam, body: action.body } }, async (req) => {
        const a = authorize(req.actor, 'ledgers.write');
        const row = await load(a, req.params.id, 'ledgers.write');
        if (!action.from.includes(row.status)) throw new AppError(409, 'ledgers.wrong_status', { status: row.status });
        const c = { ...clock(), app: app.ctx, actor: a, projectId: row.project_id };
        const set = await action.apply(req.body, row, c);
        await db()
          .transaction()
          .execute(async (trx) => {
            const booked = action.book ? await action.book(trx, req.body, row, c) : {};
            // Guarded by the status read above: of two desks closing the same record, one wins (and the loser books nothing).
            const res = await trx
              .updateTable(table)
              .set({ ...set, ...booked, status: action.to, ...(action.closes ? { closed_by: a.userId } : {}), updated_at: c.now })
              .where('id', '=', row.id)
              .where('status', '=', row.status)
              .executeTakeFirst();
            if (Number((res as any).numUpdatedRows) !== 1) throw new AppError(409, 'conflict.version');
          });
        return spec.out(await load(a, row.id, 'ledgers.write'), c);
      });
    }
  }

  app.get(
    '/api/ledgers/parking-permits/check',
    { config: access('ledgers.read', 'project'), schema: { tags, summary: '岗亭查验：车牌是否持有有效停车证 Is there a valid permit for this plate?', querystring: z.object({ projectId: idStr, plate: z.string().max(20) }) } },
    async (req) => {
      const a = authorize(req.actor, 'ledgers.read', { projectId: req.query.projectId });
      const plate = normalisePlate(req.query.plate);
      if (!plate) throw new AppError(400, 'ledgers.validation.plate');
      const { today } = { today: localDate(nowIso()) };
      const rows = await db().selectFrom('parking_permits').selectAll().where('org_id', '=', a.orgId).where('project_id', '=', req.query.projectId).where('plate', '=', plate).orderBy('valid_to', 'desc').execute();
      const valid = rows.find((r) => permitStatus(r, today) === 'active');
      return { plate, valid: !!valid, permit: valid ? permits.out(valid as Row, { now: nowIso(), today }) : null, inside: !!(await db().selectFrom('vehicle_entries').select('id').where('project_id', '=', req.query.projectId).where('plate', '=', plate).where('status', '=', 'in').executeTakeFirst()) };
    },
  );
}

/** Liabilities (计费责任期): who pays for a unit or parking space from when to when (move-in, sale, lease, move-out). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { access } from '../auth/access';
import { authorize, type Actor } from '../auth/permissions';
import { partyUsableIn } from '../registry/queries';
import { addDays } from './core';
import { assertProject, dateStr, idStr, inScope, projectOfRow } from './http';
import type { FeeLiabilityTable } from './schema';

const tags = ['billing'];

const liabilityOut = (r: FeeLiabilityTable & { party_name?: string | null }) => ({
  id: r.id,
  projectId: r.project_id,
  targetKind: r.target_kind,
  targetId: r.target_id,
  accountId: r.account_id,
  partyId: r.party_id,
  partyName: r.party_name ?? null,
  role: r.role,
  startDate: r.start_date,
  endDate: r.end_date,
});

export async function billingLiabilityRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;

  // ---------- liabilities 计费责任期 (move-in / move-out) ----------
  app.get(
    '/api/billing/liabilities',
    { config: access('billing.read', 'project'), schema: { tags, summary: '计费责任期 Liabilities (who pays a unit from when to when)', querystring: z.object({ ...pageQuery, projectId: idStr.optional(), targetId: idStr.optional(), partyId: idStr.optional(), current: z.enum(['1']).optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'billing.read');
      let q = inScope(a, db().selectFrom('fee_liabilities as l').innerJoin('parties as p', 'p.id', 'l.party_id').selectAll('l').select('p.name as party_name').where('l.org_id', '=', a.orgId), 'l.project_id');
      const f = req.query;
      if (f.projectId) q = q.where('l.project_id', '=', f.projectId);
      if (f.targetId) q = q.where('l.target_id', '=', f.targetId);
      if (f.partyId) q = q.where('l.party_id', '=', f.partyId);
      if (f.current) q = q.where('l.end_date', 'is', null);
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('l.target_id').orderBy('l.start_date'), liabilityOut);
    },
  );

  app.post(
    '/api/billing/liabilities',
    { config: access('billing.write', 'project'),
      schema: {
        tags,
        summary: '登记计费责任（入住/过户/租赁）；默认把前一责任期截止到前一天 Record who pays from a date (move-in, sale, lease)',
        body: z.object({ targetKind: z.enum(['unit', 'parking']).default('unit'), targetId: idStr, partyId: idStr, role: z.enum(['owner', 'tenant', 'company', 'renter']).default('owner'), startDate: dateStr, endDate: dateStr.nullish(), closePrevious: z.boolean().default(true) }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.write');
      const b = req.body;
      const target = await billingTarget(a, b.targetKind, b.targetId);
      authorize(a, 'billing.write', { projectId: target.projectId });
      // A new owner may not be linked to any unit yet; a customer of another project never.
      if (!(await partyUsableIn(db(), a.orgId, b.partyId, target.projectId, true))) throw notFound('what.party');
      if (b.endDate && b.endDate < b.startDate) throw new AppError(400, 'billing.core.INVALID_RANGE', {});
      const id = newId();
      await db()
        .transaction()
        .execute(async (trx) => {
          const others = await trx.selectFrom('fee_liabilities').selectAll().where('target_id', '=', b.targetId).execute();
          for (const o of others) {
            const overlaps = o.start_date <= (b.endDate ?? '9999-12-31') && (o.end_date ?? '9999-12-31') >= b.startDate;
            if (!overlaps) continue;
            // A move-in / sale ends the previous liability the day before; anything else overlapping is a mistake.
            if (b.closePrevious && o.start_date < b.startDate && !b.endDate) {
              await trx.updateTable('fee_liabilities').set({ end_date: addDays(b.startDate, -1), updated_at: nowIso() }).where('id', '=', o.id).execute();
            } else throw new AppError(409, 'billing.liability_overlap', { start: o.start_date, end: o.end_date ?? '—' });
          }
          const ts = nowIso();
          await trx
            .insertInto('fee_liabilities')
            .values({ id, org_id: a.orgId, project_id: target.projectId, target_kind: b.targetKind, target_id: b.targetId, account_id: target.accountId, party_id: b.partyId, role: b.role, start_date: b.startDate, end_date: b.endDate ?? null, created_at: ts, updated_at: ts })
            .execute();
        });
      return reply.status(201).send(liabilityOut(await db().selectFrom('fee_liabilities').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
    },
  );

  app.post('/api/billing/liabilities/:id/end', { config: access('billing.write', 'project'), schema: { tags, summary: '结束计费责任（搬离/退租）End a liability (move-out)', params: idParam, body: z.object({ endDate: dateStr }) } }, async (req) => {
    const a = authorize(req.actor, 'billing.write');
    await projectOfRow(db(), a, 'fee_liabilities', req.params.id, 'what.liability', 'billing.write');
    const l = await db().selectFrom('fee_liabilities').selectAll().where('id', '=', req.params.id).executeTakeFirstOrThrow();
    if (req.body.endDate < l.start_date) throw new AppError(400, 'billing.core.INVALID_RANGE', {});
    await db().updateTable('fee_liabilities').set({ end_date: req.body.endDate, updated_at: nowIso() }).where('id', '=', l.id).execute();
    return liabilityOut({ ...l, end_date: req.body.endDate });
  });

  app.post(
    '/api/billing/liabilities/sync',
    { config: access('billing.write', 'project'),
      schema: {
        tags,
        summary: '按房屋档案生成计费责任（业主自交房日起；商铺/写字楼为租户或公司）Create liabilities from the registry',
        body: z.object({ projectId: idStr, defaultStart: dateStr }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'billing.write');
      await assertProject(db(), a, req.body.projectId, 'billing.write');
      return syncLiabilities(a, req.body.projectId, req.body.defaultStart);
    },
  );

  async function billingTarget(a: Actor, kind: 'unit' | 'parking', id: string): Promise<{ projectId: string; accountId: string }> {
    if (kind === 'unit') {
      const u = await db().selectFrom('units').select(['id', 'project_id']).where('id', '=', id).where('org_id', '=', a.orgId).executeTakeFirst();
      if (!u) throw notFound('what.unit');
      return { projectId: u.project_id, accountId: u.id };
    }
    const s = await db().selectFrom('parking_spaces').select(['id', 'project_id', 'unit_id']).where('id', '=', id).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!s) throw notFound('what.parking');
    return { projectId: s.project_id, accountId: s.unit_id ?? s.id };
  }

  /**
   * Liabilities from the registry for units that have none yet: the owner from move-in (or the
   * default start), for shops and offices the tenant or company; rented parking spaces to their
   * holder. Existing liabilities are never touched.
   */
  async function syncLiabilities(a: Actor, projectId: string, defaultStart: string) {
    const have = new Set((await db().selectFrom('fee_liabilities').select('target_id').where('project_id', '=', projectId).execute()).map((r) => r.target_id));
    const rel = await db()
      .selectFrom('party_units as pu')
      .innerJoin('units as u', 'u.id', 'pu.unit_id')
      .select(['pu.unit_id', 'pu.party_id', 'pu.role', 'pu.move_in_date', 'pu.move_out_date', 'u.type'])
      .where('u.project_id', '=', projectId)
      .where('pu.role', 'in', ['owner', 'tenant', 'company'])
      .orderBy('pu.unit_id')
      .execute();
    const byUnit = new Map<string, typeof rel>();
    for (const r of rel) byUnit.set(r.unit_id, [...(byUnit.get(r.unit_id) ?? []), r]);
    const ts = nowIso();
    const rows: FeeLiabilityTable[] = [];
    for (const [unitId, list] of byUnit) {
      if (have.has(unitId)) continue;
      const residential = list[0].type === 'residence';
      const pick = residential ? (list.find((r) => r.role === 'owner') ?? list[0]) : (list.find((r) => r.role === 'company') ?? list.find((r) => r.role === 'tenant') ?? list[0]);
      const start = pick.move_in_date && pick.move_in_date > defaultStart ? pick.move_in_date : defaultStart;
      if (pick.move_out_date && pick.move_out_date < start) continue;
      rows.push({ id: newId(), org_id: a.orgId, project_id: projectId, target_kind: 'unit', target_id: unitId, account_id: unitId, party_id: pick.party_id, role: pick.role, start_date: start, end_date: pick.move_out_date, created_at: ts, updated_at: ts });
    }
    const spaces = await db().selectFrom('parking_spaces').select(['id', 'unit_id', 'party_id', 'kind']).where('project_id', '=', projectId).where('party_id', 'is not', null).where('kind', '=', 'rented').execute();
    for (const s of spaces) {
      if (have.has(s.id)) continue;
      rows.push({ id: newId(), org_id: a.orgId, project_id: projectId, target_kind: 'parking', target_id: s.id, account_id: s.unit_id ?? s.id, party_id: s.party_id!, role: 'renter', start_date: defaultStart, end_date: null, created_at: ts, updated_at: ts });
    }
    await db()
      .transaction()
      .execute(async (trx) => {
        for (let i = 0; i < rows.length; i += 300) await trx.insertInto('fee_liabilities').values(rows.slice(i, i + 300)).execute();
      });
    return { created: rows.length, units: rows.filter((r) => r.target_kind === 'unit').length, parking: rows.filter((r) => r.target_kind === 'parking').length };
  }
}

/**
 * Billing set-up and bill runs: fee items, discounts, settings (late fees, dunning ladder,
 * receipt prefix), collectors, collection plans, liabilities (move-in / move-out), meter
 * readings (entry and XLSX/CSV import) and bill runs.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { authorize, type Actor } from '../auth/permissions';
import { readTable } from '../registry/import';
import { addDays, DEFAULT_LATE_FEE_RULE, ladderSchedule, type DunningLadder } from './core';
import { runBills } from './billRuns';
import { scopeKey } from './collectors';
import { assertProject, dateStr, dec, decimalStr, fen, idStr, monthStr, periodStr, projectOfRow, scopedProjects, who } from './http';
import { addReading, importReadings } from './meters';
import type { FeeItemTable, FeeLiabilityTable } from './schema';
import { DEFAULT_SETTINGS_VIEW, guarded, jsonList, loadSettings } from './store';
import { access } from '../auth/access';
import { partyUsableIn } from '../registry/queries';
import { assertFeeWithinLimits } from './limits';

const tags = ['billing'];
const CYCLES = ['monthly', 'quarterly', 'yearly'] as const;
const UNIT_KINDS = z.array(z.enum(['residence', 'shop', 'office', 'storage', 'other', 'parking'])).min(1).max(6);

const feeItemBody = z.object({
  projectId: idStr,
  code: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/),
  name: z.string().trim().min(1).max(40),
  kind: z.enum(['area', 'fixed', 'metered', 'service']),
  category: z.string().trim().min(1).max(20),
  cycle: z.enum(CYCLES).default('monthly'),
  unitPrice: decimalStr(4).nullish(),
  monthlyFen: fen.nullish(),
  unitKinds: UNIT_KINDS.nullish(),
  validFrom: dateStr.nullish(),
  validTo: dateStr.nullish(),
  dueDays: z.number().int().min(0).max(365).default(0),
});

export function feeItemOut(r: FeeItemTable) {
  return {
    id: r.id,
    projectId: r.project_id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    category: r.category,
    cycle: r.cycle,
    unitPrice: r.unit_price,
    monthlyFen: r.monthly_fen === null ? null : Number(r.monthly_fen),
    unitKinds: jsonList(r.unit_kinds_json),
    validFrom: r.valid_from,
    validTo: r.valid_to,
    dueDays: r.due_days,
    active: !!r.active,
  };
}

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

const ladderSchema = z.object({
  entry: z.object({ minMonthsInArrears: z.number().int().min(1).max(60), minOverdueFen: z.number().int().min(1).optional() }),
  steps: z
    .array(
      z.object({
        code: z.string().regex(/^[a-z0-9_]{1,30}$/),
        dayOfMonth: z.number().int().min(1).max(31),
        action: z.string().regex(/^[a-z_]{1,30}$/),
        requiresApproval: z.boolean().optional(),
        approverRoles: z.array(z.string().max(20)).max(5).optional(),
      }),
    )
    .min(1)
    .max(10),
  minGapDays: z.number().int().min(0).max(31).optional(),
});

const lateFeeSchema = z.object({
  enabled: z.boolean(),
  dailyRatePercent: decimalStr(6),
  graceDays: z.number().int().min(0).max(365),
  retroactive: z.boolean().optional(),
  capPercentOfPrincipal: decimalStr(4).nullable().optional(),
});

export async function billingSetupRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const ctx = () => app.ctx;
  const db = () => app.ctx.store.db;

  const inScope = <Q extends { where: any }>(a: Actor, q: Q, col: string): Q => {
    const pf = scopedProjects(a);
    return pf ? (q.where(col, 'in', pf.length ? pf : ['']) as Q) : q;
  };

  // ---------- fee items 收费项目 ----------
  app.get(
    '/api/billing/fee-items',
    { config: access('billing.read', 'project'), schema: { tags, summary: '收费项目 Fee items', querystring: z.object({ ...pageQuery, projectId: idStr.optional(), kind: z.enum(['area', 'fixed', 'metered', 'service']).optional(), active: z.enum(['0', '1']).optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'billing.read');
      let q = inScope(a, db().selectFrom('fee_items').selectAll().where('org_id', '=', a.orgId), 'project_id');
      const f = req.query;
      if (f.projectId) q = q.where('project_id', '=', f.projectId);
      if (f.kind) q = q.where('kind', '=', f.kind);
      if (f.active) q = q.where('active', '=', Number(f.active));
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('project_id').orderBy('code'), feeItemOut);
    },
  );

  app.post('/api/billing/fee-items', { config: access('billing.approve', 'project'), schema: { tags, summary: '新建收费项目 Create a fee item', body: feeItemBody } }, async (req, reply) => {
    const a = authorize(req.actor, 'billing.approve');
    const b = req.body;
    await assertProject(db(), a, b.projectId, 'billing.approve');
    if ((b.kind === 'area' || b.kind === 'metered' || b.kind === 'service') && (b.unitPrice === null || b.unitPrice === undefined)) throw new AppError(400, 'billing.unit_price_required');
    if (b.kind === 'fixed' && (b.monthlyFen === null || b.monthlyFen === undefined)) throw new AppError(400, 'billing.monthly_fen_required');
    if (b.validFrom && b.validTo && b.validTo < b.validFrom) throw new AppError(400, 'billing.core.INVALID_RANGE', {});
    assertFeeWithinLimits(b.kind, b.kind === 'fixed' ? b.monthlyFen : b.unitPrice);
    const ts = nowIso();
    const id = newId();
    await db()
      .insertInto('fee_items')
      .values({
        id,
        org_id: a.orgId,
        project_id: b.projectId,
        code: b.code,
        name: b.name,
        kind: b.kind,
        category: b.category,
        cycle: b.cycle,
        unit_price: b.kind === 'fixed' ? null : dec(b.unitPrice!),
        monthly_fen: b.kind === 'fixed' ? b.monthlyFen! : null,
        unit_kinds_json: b.unitKinds ? JSON.stringify(b.unitKinds) : null,
        valid_from: b.validFrom ?? null,
        valid_to: b.validTo ?? null,
        due_days: b.dueDays,
        active: 1,
        created_at: ts,
        updated_at: ts,
      })
      .execute();
    return reply.status(201).send(feeItemOut((await db().selectFrom('fee_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow())));
  });

  app.patch(
    '/api/billing/fee-items/:id',
    { config: access('billing.approve', 'project'),
      schema: {
        tags,
        summary: '修改收费项目（已出账的项目不能改价，请新建项目并设置生效日期）Edit a fee item',
        params: idParam,
        body: z.object({ name: z.string().trim().min(1).max(40).optional(), unitPrice: decimalStr(4).optional(), monthlyFen: fen.optional(), validTo: dateStr.nullish(), dueDays: z.number().int().min(0).max(365).optional(), active: z.boolean().optional(), unitKinds: UNIT_KINDS.nullish() }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'billing.approve');
      await projectOfRow(db(), a, 'fee_items', req.params.id, 'what.fee_item', 'billing.approve');
      const b = req.body;
      if (b.unitPrice !== undefined || b.monthlyFen !== undefined) {
        // A price change must not rewrite history: once billed, it is a new item from a date.
        const billed = await db().selectFrom('bills').select('id').where('fee_item_id', '=', req.params.id).limit(1).executeTakeFirst();
        if (billed) throw new AppError(409, 'billing.fee_item_billed');
        const { kind } = await db().selectFrom('fee_items').select('kind').where('id', '=', req.params.id).executeTakeFirstOrThrow();
        assertFeeWithinLimits(kind, kind === 'fixed' ? b.monthlyFen : b.unitPrice);
      }
      await db()
        .updateTable('fee_items')
        .set({
          ...(b.name !== undefined && { name: b.name }),
          ...(b.unitPrice !== undefined && { unit_price: dec(b.unitPrice) }),
          ...(b.monthlyFen !== undefined && { monthly_fen: b.monthlyFen }),
          ...(b.validTo !== undefined && { valid_to: b.validTo ?? null }),
          ...(b.dueDays !== undefined && { due_days: b.dueDays }),
          ...(b.active !== undefined && { active: b.active ? 1 : 0 }),
          ...(b.unitKinds !== undefined && { unit_kinds_json: b.unitKinds ? JSON.stringify(b.unitKinds) : null }),
          updated_at: nowIso(),
        })
        .where('id', '=', req.params.id)
        .execute();
      return feeItemOut(await db().selectFrom('fee_items').selectAll().where('id', '=', req.params.id).executeTakeFirstOrThrow());
    },
  );

  // ---------- discounts 优惠 ----------
  const discountBody = z.object({
    projectId: idStr,
    name: z.string().trim().min(1).max(40),
    kind: z.enum(['percent', 'fixed']),
    percentOff: decimalStr(4).optional(),
    amountFen: fen.optional(),
    feeItemIds: z.array(idStr).max(50).optional(),
    unitIds: z.array(idStr).max(5000).optional(),
    cycles: z.array(z.enum(CYCLES)).max(3).optional(),
    validFrom: dateStr.optional(),
    validTo: dateStr.optional(),
    seq: z.number().int().min(1).max(99).default(1),
  });
  const discountOut = (r: any) => ({
    id: r.id,
    projectId: r.project_id,
    name: r.name,
    kind: r.kind,
    percentOff: r.percent_off,
    amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
    feeItemIds: jsonList(r.fee_item_ids_json),
    unitIds: jsonList(r.unit_ids_json),
    cycles: jsonList(r.cycles_json),
    validFrom: r.valid_from,
    validTo: r.valid_to,
    seq: r.seq,
    active: !!r.active,
  });
  app.get('/api/billing/discounts', { config: access('billing.read', 'project'), schema: { tags, summary: '优惠 Discounts', querystring: z.object({ ...pageQuery, projectId: idStr.optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'billing.read');
    let q = inScope(a, db().selectFrom('fee_discounts').selectAll().where('org_id', '=', a.orgId), 'project_id');
    if (req.query.projectId) q = q.where('project_id', '=', req.query.projectId);
    return paginate(q, req.query.page, req.query.pageSize, (x) => x.orderBy('seq').orderBy('created_at'), discountOut);
  });
  app.post('/api/billing/discounts', { config: access('billing.approve', 'project'), schema: { tags, summary: '新建优惠（如预交一年九五折）Create a discount', body: discountBody } }, async (req, reply) => {
    const a = authorize(req.actor, 'billing.approve');
    const b = req.body;
    await assertProject(db(), a, b.projectId, 'billing.approve');
    if (b.kind === 'percent' && (b.percentOff === undefined || Number(dec(b.percentOff)) > 100)) throw new AppError(400, 'billing.validation.percent');
    if (b.kind === 'fixed' && b.amountFen === undefined) throw new AppError(400, 'billing.validation.amount_required');
    const ts = nowIso();
    const id = newId();
    await db()
      .insertInto('fee_discounts')
      .values({
        id,
        org_id: a.orgId,
        project_id: b.projectId,
        name: b.name,
        kind: b.kind,
        percent_off: b.kind === 'percent' ? dec(b.percentOff!) : null,
        amount_fen: b.kind === 'fixed' ? b.amountFen! : null,
        fee_item_ids_json: b.feeItemIds ? JSON.stringify(b.feeItemIds) : null,
        unit_ids_json: b.unitIds ? JSON.stringify(b.unitIds) : null,
        cycles_json: b.cycles ? JSON.stringify(b.cycles) : null,
        valid_from: b.validFrom ?? null,
        valid_to: b.validTo ?? null,
        seq: b.seq,
        active: 1,
        created_at: ts,
        updated_at: ts,
      })
      .execute();
    return reply.status(201).send(discountOut(await db().selectFrom('fee_discounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
  });
  app.patch('/api/billing/discounts/:id', { config: access('billing.approve', 'project'), schema: { tags, params: idParam, body: z.object({ active: z.boolean().optional(), validTo: dateStr.nullish() }) } }, async (req) => {
    const a = authorize(req.actor, 'billing.approve');
    await projectOfRow(db(), a, 'fee_discounts', req.params.id, 'what.discount', 'billing.approve');
    await db()
      .updateTable('fee_discounts')
      .set({ ...(req.body.active !== undefined && { active: req.body.active ? 1 : 0 }), ...(req.body.validTo !== undefined && { valid_to: req.body.validTo ?? null }), updated_at: nowIso() })
      .where('id', '=', req.params.id)
      .execute();
    return discountOut(await db().selectFrom('fee_discounts').selectAll().where('id', '=', req.params.id).executeTakeFirstOrThrow());
  });

  // ---------- settings 收费设置 ----------
  app.get('/api/billing/settings/:projectId', { config: access('billing.read', 'project'), schema: { tags, summary: '项目收费设置：滞纳金、催缴阶梯、收据前缀 Billing settings', params: z.object({ projectId: idStr }) } }, async (req) => {
    const a = authorize(req.actor, 'billing.read');
    await assertProject(db(), a, req.params.projectId, 'billing.read');
    const s = await loadSettings(db(), req.params.projectId);
    return { projectId: req.params.projectId, lateFee: s.lateFee ?? DEFAULT_SETTINGS_VIEW.lateFee, ladder: s.ladder, receiptPrefix: s.receiptPrefix };
  });
  app.put(
    '/api/billing/settings/:projectId',
    { config: access('billing.approve', 'project'),
      schema: {
        tags,
        summary: '修改收费设置 Update billing settings',
        params: z.object({ projectId: idStr }),
        body: z.object({ lateFee: lateFeeSchema.optional(), ladder: ladderSchema.optional(), receiptPrefix: z.string().regex(/^[A-Z]{1,6}$/).optional() }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'billing.approve');
      await assertProject(db(), a, req.params.projectId, 'billing.approve');
      const b = req.body;
      if (b.ladder) {
        // Let the core validate the ladder once (codes unique, days 1–31).
        await guarded(() => ladderSchedule(b.ladder as DunningLadder, '2026-01-01'));
      }
      const lateFee = b.lateFee
        ? { ...b.lateFee, dailyRatePercent: dec(b.lateFee.dailyRatePercent), capPercentOfPrincipal: b.lateFee.capPercentOfPrincipal === undefined ? DEFAULT_LATE_FEE_RULE.capPercentOfPrincipal : b.lateFee.capPercentOfPrincipal === null ? null : dec(b.lateFee.capPercentOfPrincipal) }
        : undefined;
      const ts = nowIso();
      await db()
        .insertInto('billing_settings')
        .values({ project_id: req.params.projectId, org_id: a.orgId, late_fee_json: lateFee ? JSON.stringify(lateFee) : null, ladder_json: b.ladder ? JSON.stringify(b.ladder) : null, receipt_prefix: b.receiptPrefix ?? 'SK', dunning_evaluated_on: null, updated_by: a.userId, updated_at: ts })
        .onConflict((oc) =>
          oc.column('project_id').doUpdateSet({
            ...(lateFee && { late_fee_json: JSON.stringify(lateFee) }),
            ...(b.ladder && { ladder_json: JSON.stringify(b.ladder) }),
            ...(b.receiptPrefix && { receipt_prefix: b.receiptPrefix }),
            updated_by: a.userId,
            updated_at: ts,
          }),
        )
        .execute();
      const s = await loadSettings(db(), req.params.projectId);
      return { projectId: req.params.projectId, lateFee: s.lateFee ?? DEFAULT_SETTINGS_VIEW.lateFee, ladder: s.ladder, receiptPrefix: s.receiptPrefix };
    },
  );

  // ---------- collectors 收费员分工 ----------
  app.get('/api/billing/collector-assignments', { config: access('billing.read', 'project'), schema: { tags, summary: '收费员分工 Collector assignments', querystring: z.object({ projectId: idStr.optional(), collectorId: idStr.optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'billing.read');
    let q = inScope(
      a,
      db()
        .selectFrom('collector_assignments as c')
        .innerJoin('users as u', 'u.id', 'c.collector_id')
        .leftJoin('buildings as b', 'b.id', 'c.building_id')
        .leftJoin('units as un', 'un.id', 'c.unit_id')
        .select(['c.id', 'c.project_id', 'c.building_id', 'c.unit_id', 'c.collector_id', 'u.display_name', 'b.name as building_name', 'un.number as unit_number'])
        .where('c.org_id', '=', a.orgId),
      'c.project_id',
    );
    if (req.query.projectId) q = q.where('c.project_id', '=', req.query.projectId);
    if (req.query.collectorId) q = q.where('c.collector_id', '=', req.query.collectorId);
    const rows = await q.orderBy('c.project_id').orderBy('b.name').execute();
    return { items: rows.map((r) => ({ id: r.id, projectId: r.project_id, buildingId: r.building_id, buildingName: r.building_name, unitId: r.unit_id, unitNumber: r.unit_number, collectorId: r.collector_id, collectorName: r.display_name })) };
  });
  app.post(
    '/api/billing/collector-assignments',
    { config: access('billing.approve', 'project'), schema: { tags, summary: '分配收费员到项目、楼栋或房屋 Assign a collector', body: z.object({ projectId: idStr, buildingId: idStr.nullish(), unitId: idStr.nullish(), collectorId: idStr }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'billing.approve');
      const b = req.body;
      await assertProject(db(), a, b.projectId, 'billing.approve');
      const u = await db().selectFrom('users').select(['id', 'role', 'active']).where('id', '=', b.collectorId).where('org_id', '=', a.orgId).executeTakeFirst();
      if (!u || !u.active || u.role === 'resident') throw notFound('what.user');
      if (b.buildingId) {
        const bl = await db().selectFrom('buildings').select('project_id').where('id', '=', b.buildingId).executeTakeFirst();
        if (!bl || bl.project_id !== b.projectId) throw notFound('what.building');
      }
      if (b.unitId) {
        const un = await db().selectFrom('units').select('project_id').where('id', '=', b.unitId).executeTakeFirst();
        if (!un || un.project_id !== b.projectId) throw notFound('what.unit');
      }
      const key = scopeKey(b.projectId, b.unitId ? null : b.buildingId, b.unitId);
      const id = newId();
      await db()
        .insertInto('collector_assignments')
        .values({ id, org_id: a.orgId, project_id: b.projectId, building_id: b.unitId ? null : (b.buildingId ?? null), unit_id: b.unitId ?? null, scope_key: key, collector_id: b.collectorId, created_at: nowIso() })
        .onConflict((oc) => oc.column('scope_key').doUpdateSet({ collector_id: b.collectorId }))
        .execute();
      const row = await db().selectFrom('collector_assignments').select('id').where('scope_key', '=', key).executeTakeFirstOrThrow();
      return reply.status(201).send({ id: row.id });
    },
  );
  app.delete('/api/billing/collector-assignments/:id', { config: access('billing.approve', 'project'), schema: { tags, params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'billing.approve');
    await projectOfRow(db(), a, 'collector_assignments', req.params.id, 'what.assignment', 'billing.approve');
    await db().deleteFrom('collector_assignments').where('id', '=', req.params.id).execute();
    return { ok: true };
  });

  // ---------- collection plans 收费计划 ----------
  const planBody = z.object({
    projectId: idStr,
    month: monthStr.nullish(),
    phaseId: idStr.nullish(),
    buildingId: idStr.nullish(),
    collectorId: idStr.nullish(),
    feeItemId: idStr.nullish(),
    targetRate: decimalStr(4).nullish(),
    plannedFen: fen.nullish(),
  });
  const planOut = (p: any) => ({ id: p.id, projectId: p.project_id, month: p.month, phaseId: p.phase_id, buildingId: p.building_id, collectorId: p.collector_id, feeItemId: p.fee_item_id, targetRate: p.target_rate, plannedFen: p.planned_fen === null ? null : Number(p.planned_fen) });
  app.get('/api/billing/plans', { config: access('billing.read', 'project'), schema: { tags, summary: '收费计划 Collection plans (targets)', querystring: z.object({ projectId: idStr.optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'billing.read');
    let q = inScope(a, db().selectFrom('collection_plans').selectAll().where('org_id', '=', a.orgId), 'project_id');
    if (req.query.projectId) q = q.where('project_id', '=', req.query.projectId);
    return { items: (await q.orderBy('month').execute()).map(planOut) };
  });
  app.put('/api/billing/plans', { config: access('billing.approve', 'project'), schema: { tags, summary: '设置收费计划（同一分组覆盖）Set a plan for a report group', body: planBody } }, async (req) => {
    const a = authorize(req.actor, 'billing.approve');
    const b = req.body;
    await assertProject(db(), a, b.projectId, 'billing.approve');
    if (b.targetRate != null && Number(dec(b.targetRate)) > 1) throw new AppError(400, 'billing.validation.rate');
    const key = [b.projectId, b.month ?? '', b.phaseId ?? '', b.buildingId ?? '', b.collectorId ?? '', b.feeItemId ?? ''].join('|');
    const ts = nowIso();
    const values = { target_rate: b.targetRate != null ? dec(b.targetRate) : null, planned_fen: b.plannedFen ?? null, updated_at: ts };
    await db()
      .insertInto('collection_plans')
      .values({ id: newId(), org_id: a.orgId, project_id: b.projectId, month: b.month ?? null, phase_id: b.phaseId ?? null, building_id: b.buildingId ?? null, collector_id: b.collectorId ?? null, fee_item_id: b.feeItemId ?? null, scope_key: key, created_at: ts, ...values })
      .onConflict((oc) => oc.column('scope_key').doUpdateSet(values))
      .execute();
    return planOut(await db().selectFrom('collection_plans').selectAll().where('scope_key', '=', key).executeTakeFirstOrThrow());
  });
  app.delete('/api/billing/plans/:id', { config: access('billing.approve', 'project'), schema: { tags, params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'billing.approve');
    await projectOfRow(db(), a, 'collection_plans', req.params.id, 'what.collection_plan', 'billing.approve');
    await db().deleteFrom('collection_plans').where('id', '=', req.params.id).execute();
    return { ok: true };
  });

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

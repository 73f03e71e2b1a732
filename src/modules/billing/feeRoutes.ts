/** Billing tariffs: fee items (收费项目), discounts (优惠) and project settings (late fees, dunning ladder, receipt prefix). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { access } from '../auth/access';
import { authorize } from '../auth/permissions';
import { DEFAULT_LATE_FEE_RULE, ladderSchedule, type DunningLadder } from './core';
import { assertProject, dateStr, dec, decimalStr, fen, idStr, inScope, projectOfRow } from './http';
import { assertFeeWithinLimits } from './limits';
import type { FeeItemTable } from './schema';
import { DEFAULT_SETTINGS_VIEW, guarded, jsonList, loadSettings } from './store';

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

/** A fee item as the API answers it. */
export type FeeItemOut = ReturnType<typeof feeItemOut>;
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

export async function billingFeeRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;

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
}

/**
 * Renovation (装修) on the work-order engine: each step is the engine's transition on the
 * `renovation` order plus the record that goes with it (permit number and working hours,
 * deposit receipt, patrol, rectification notice, refund), written in one transaction.
 */
import type { AppContext } from '../../core/context';
import { AppError, notFound } from '../../core/errors';
import { newId, nowIso } from '../../db/ids';
import type { Actor } from '../auth/permissions';
import { BillingError, validatePayment, type PaymentMethod } from '../billing/core';
import { billingAppError, nextSequence } from '../billing/store';
import { postDepositMovement } from '../billing/deposits';
import { createWorkOrder, transitionInTx } from '../workorders/service';
import { DEFAULT_WORKING_HOURS, localDate, withinWorkingHours, type WorkingHours } from './core';
import { holidaysFor } from './service';
import type { RenovationTable } from './schema';

export interface ApplicationInput {
  projectId: string;
  unitId: string;
  partyId?: string | null;
  applicantName: string;
  applicantPhone?: string | null;
  contractorName?: string | null;
  contractorPhone?: string | null;
  workers?: number | null;
  scope: string;
  plannedStart: string;
  plannedEnd: string;
}

function dayNo(prefix: string, date: string, seq: number): string {
  return `${prefix}${date.replaceAll('-', '')}${String(seq).padStart(4, '0')}`;
}

/** 装修申请: a renovation order and its record, together. */
export async function applyRenovation(ctx: AppContext, actor: Actor, input: ApplicationInput): Promise<{ orderId: string; number: string }> {
  if (input.plannedEnd < input.plannedStart) throw new AppError(400, 'renovation.bad_dates');
  return ctx.store.db.transaction().execute(async (trx) => {
    const unit = await trx.selectFrom('units').select(['id', 'project_id', 'number', 'building_id']).where('id', '=', input.unitId).where('org_id', '=', actor.orgId).executeTakeFirst();
    if (!unit || unit.project_id !== input.projectId) throw notFound('what.unit');
    const created = await createWorkOrder(ctx, trx, actor, {
      projectId: input.projectId,
      kind: 'renovation',
      category: '装修',
      title: `装修申请 ${unit.number}`,
      description: input.scope,
      areaScope: 'unit',
      buildingId: unit.building_id,
      unitId: unit.id,
      partyId: actor.role === 'resident' ? actor.partyId : (input.partyId ?? null),
      contactName: input.applicantName,
      contactPhone: input.applicantPhone ?? null,
      channel: actor.role === 'resident' ? 'app' : 'walk_in',
    });
    const ts = nowIso();
    await trx
      .insertInto('renovations')
      .values({
        order_id: created.id,
        org_id: actor.orgId,
        project_id: input.projectId,
        unit_id: unit.id,
        applicant_name: input.applicantName,
        applicant_phone: input.applicantPhone ?? null,
        contractor_name: input.contractorName ?? null,
        contractor_phone: input.contractorPhone ?? null,
        workers: input.workers ?? null,
        scope: input.scope,
        planned_start: input.plannedStart,
        planned_end: input.plannedEnd,
        working_hours_json: JSON.stringify(DEFAULT_WORKING_HOURS),
        permit_no: null,
        permit_issued_at: null,
        deposit_receipt_no: null,
        deposit_method: null,
        deposit_reference: null,
        refund_method: null,
        refund_reference: null,
        refunded_at: null,
        created_at: ts,
        updated_at: ts,
      })
      .execute();
    return { orderId: created.id, number: created.number };
  });
}

async function record(ctx: AppContext, orgId: string, orderId: string): Promise<RenovationTable> {
  const r = await ctx.store.db.selectFrom('renovations').selectAll().where('order_id', '=', orderId).where('org_id', '=', orgId).executeTakeFirst();
  if (!r) throw notFound('what.renovation');
  return r;
}

/** 审批通过: the deposit to collect and the permitted working hours. */
export async function approveRenovation(ctx: AppContext, actor: Actor, orderId: string, input: { depositFen: number; workingHours?: WorkingHours; note?: string }) {
  await record(ctx, actor.orgId, orderId);
  return ctx.store.db.transaction().execute(async (trx) => {
    const out = await transitionInTx(ctx, trx, actor, orderId, 'approve', { at: nowIso(), amountFen: input.depositFen, note: input.note });
    if (input.workingHours) await trx.updateTable('renovations').set({ working_hours_json: JSON.stringify(input.workingHours), updated_at: nowIso() }).where('order_id', '=', orderId).execute();
    return out.order;
  });
}

/** 收取押金 with a receipt number (YJ…); non-cash needs the transaction reference. */
export async function collectDeposit(ctx: AppContext, actor: Actor, orderId: string, input: { amountFen: number; method: PaymentMethod; reference?: string | null }) {
  await record(ctx, actor.orgId, orderId);
  const day = localDate(nowIso());
  try {
    validatePayment({ id: 'deposit', date: day, amountFen: input.amountFen, method: input.method, reference: input.reference ?? undefined });
  } catch (e) {
    if (e instanceof BillingError) throw billingAppError(e);
    throw e;
  }
  return ctx.store.db.transaction().execute(async (trx) => {
    const out = await transitionInTx(ctx, trx, actor, orderId, 'collect_deposit', { at: nowIso(), amountFen: input.amountFen });
    const receiptNo = dayNo('YJ', day, await nextSequence(trx, actor.orgId, 'YJ', day));
    await trx.updateTable('renovations').set({ deposit_receipt_no: receiptNo, deposit_method: input.method, deposit_reference: input.reference ?? null, updated_at: nowIso() }).where('order_id', '=', orderId).execute();
    // The same money in the unit's account ledger, under the same receipt number.
    const r = await trx.selectFrom('renovations').select(['project_id', 'unit_id']).where('order_id', '=', orderId).executeTakeFirstOrThrow();
    await postDepositMovement(trx, ctx.store.dialect, { orgId: actor.orgId, projectId: r.project_id, accountId: r.unit_id, sourceKind: 'renovation', sourceId: orderId, kind: 'received', amountFen: input.amountFen, method: input.method, reference: input.reference, receiptNo, userId: actor.userId });
    return { order: out.order, receiptNo };
  });
}

/** 发放装修许可证: the engine checks the deposit is paid; the permit gets its number. */
export async function issuePermit(ctx: AppContext, actor: Actor, orderId: string) {
  await record(ctx, actor.orgId, orderId);
  const day = localDate(nowIso());
  return ctx.store.db.transaction().execute(async (trx) => {
    const out = await transitionInTx(ctx, trx, actor, orderId, 'issue_permit', { at: nowIso() });
    const permitNo = dayNo('ZX', day, await nextSequence(trx, actor.orgId, 'ZX', day));
    await trx.updateTable('renovations').set({ permit_no: permitNo, permit_issued_at: nowIso(), updated_at: nowIso() }).where('order_id', '=', orderId).execute();
    return { order: out.order, permitNo };
  });
}

/**
 * 装修巡查: records whether work was going on inside the permitted hours; a violation (given,
 * or work outside the hours) moves the order to 违规 through the engine.
 */
export async function inspectRenovation(ctx: AppContext, actor: Actor, orderId: string, input: { at?: string; findings?: string | null; violation?: string | null }) {
  const r = await record(ctx, actor.orgId, orderId);
  const at = input.at ?? nowIso();
  const day = localDate(at);
  const within = withinWorkingHours(JSON.parse(r.working_hours_json) as WorkingHours, at, { holidays: holidaysFor(day, day) });
  const violation = input.violation?.trim() || (within ? null : '非许可时间施工');
  return ctx.store.db.transaction().execute(async (trx) => {
    const out = violation
      ? await transitionInTx(ctx, trx, actor, orderId, 'record_violation', { at: nowIso(), reason: violation, note: input.findings ?? undefined })
      : await transitionInTx(ctx, trx, actor, orderId, 'inspect', { at: nowIso(), note: input.findings ?? undefined });
    await trx
      .insertInto('renovation_inspections')
      .values({ id: newId(), org_id: actor.orgId, order_id: orderId, inspected_at: at, inspector_id: actor.userId, within_hours: within ? 1 : 0, violation: violation ? 1 : 0, findings: [violation, input.findings].filter(Boolean).join('；') || null, created_at: nowIso() })
      .execute();
    return { order: out.order, withinWorkingHours: within, violation };
  });
}

/** 下发整改通知书 with a deadline; numbered ZG…, printable as DOCX / HTML. */
export async function issueNotice(ctx: AppContext, actor: Actor, orderId: string, input: { violation?: string | null; requirement: string; deadline: string }) {
  await record(ctx, actor.orgId, orderId);
  const day = localDate(nowIso());
  if (input.deadline < day) throw new AppError(400, 'renovation.deadline_past');
  return ctx.store.db.transaction().execute(async (trx) => {
    let violation = input.violation?.trim() || null;
    if (!violation) {
      const ev = await trx.selectFrom('work_order_events').select('data_json').where('order_id', '=', orderId).where('action', '=', 'record_violation').orderBy('seq', 'desc').executeTakeFirst();
      violation = (ev?.data_json ? JSON.parse(ev.data_json).reason : null) ?? '装修违规';
    }
    const out = await transitionInTx(ctx, trx, actor, orderId, 'issue_rectification_notice', { at: nowIso(), note: `${input.requirement}（限 ${input.deadline} 前整改）` });
    const id = newId();
    const noticeNo = dayNo('ZG', day, await nextSequence(trx, actor.orgId, 'ZG', day));
    await trx
      .insertInto('renovation_notices')
      .values({ id, org_id: actor.orgId, order_id: orderId, notice_no: noticeNo, issued_on: day, violation: violation!, requirement: input.requirement, deadline: input.deadline, issued_by: actor.userId, status: 'open', verified_on: null, verified_by: null, created_at: nowIso() })
      .execute();
    return { order: out.order, noticeId: id, noticeNo };
  });
}

/** 整改复查: pass → back to works and the open notices are closed; fail → stays in rectification. */
export async function verifyRectification(ctx: AppContext, actor: Actor, orderId: string, input: { outcome: 'pass' | 'fail'; reason?: string; note?: string }) {
  await record(ctx, actor.orgId, orderId);
  return ctx.store.db.transaction().execute(async (trx) => {
    const out = await transitionInTx(ctx, trx, actor, orderId, 'verify_rectification', { at: nowIso(), outcome: input.outcome, reason: input.reason, note: input.note });
    if (input.outcome === 'pass') {
      await trx.updateTable('renovation_notices').set({ status: 'rectified', verified_on: localDate(nowIso()), verified_by: actor.userId }).where('order_id', '=', orderId).where('status', '=', 'open').execute();
    }
    return out.order;
  });
}

/** 退还押金: refund + deduction account for the whole deposit (the engine checks it). */
export async function refundDeposit(ctx: AppContext, actor: Actor, orderId: string, input: { amountFen: number; deductionFen?: number; reason?: string; method: PaymentMethod; reference?: string | null }) {
  await record(ctx, actor.orgId, orderId);
  return ctx.store.db.transaction().execute(async (trx) => {
    const out = await transitionInTx(ctx, trx, actor, orderId, 'refund_deposit', { at: nowIso(), amountFen: input.amountFen, deductionFen: input.deductionFen, reason: input.reason });
    await trx.updateTable('renovations').set({ refund_method: input.method, refund_reference: input.reference ?? null, refunded_at: nowIso(), updated_at: nowIso() }).where('order_id', '=', orderId).execute();
    // Deduction (with its reason) and refund in the unit's account ledger; the refund gets a receipt.
    const r = await trx.selectFrom('renovations').select(['project_id', 'unit_id']).where('order_id', '=', orderId).executeTakeFirstOrThrow();
    const base = { orgId: actor.orgId, projectId: r.project_id, accountId: r.unit_id, sourceKind: 'renovation' as const, sourceId: orderId, userId: actor.userId };
    await postDepositMovement(trx, ctx.store.dialect, { ...base, kind: 'deducted', amountFen: input.deductionFen ?? 0, reason: input.reason ?? null });
    await postDepositMovement(trx, ctx.store.dialect, { ...base, kind: 'refunded', amountFen: input.amountFen, method: input.method, reference: input.reference, reason: input.reason ?? null });
    return out.order;
  });
}

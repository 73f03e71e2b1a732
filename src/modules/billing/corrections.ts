/**
 * Corrections (更正): void a payment the same day before the cashier's day is closed (作废),
 * reverse it afterwards by a red entry (冲红) and re-apply the money to the right account,
 * cancel an unpaid bill (作废账单) or issue a credit note against a bill (红字冲减). The original
 * is never rewritten: it keeps its row and gains a link to the correction; the effect is booked
 * as new settlements (negative ones for money taken back) so the account's books still add up
 * and reports "as of" a date before the correction still see the original.
 *
 * Approval: a void, reversal or cancellation from the project's threshold up (default 1,000 元),
 * and every credit note, waits for someone else holding billing.approve; below it the cashier's
 * own request takes effect at once.
 */
import type { AppContext } from '../../core/context';
import { AppError, notFound } from '../../core/errors';
import { newId, nowIso } from '../../db/ids';
import { businessDate } from './core';
import { recordPayment, settle } from './accounts';
import { allocateReceiptNo, cashierSettings } from './receiptNumbers';
import type { BillingCorrectionTable, CorrectionKind, CorrectionStatus, PaymentKind, PaymentStatus } from './cashierSchema';
import type { PaymentMethod } from './core';
import { PROJECT_INCOME_KINDS } from './projectIncome';
import { lockAccount, setAccountCredit, today, type Db, type Who } from './store';

/** The cashier's business day of an instant (Asia/Shanghai). */
export function cashierDay(receivedAt: string): string {
  return businessDate(receivedAt, 'Asia/Shanghai');
}

/** [start, end) of a business day as UTC instants, for `received_at` ranges. */
export function dayBounds(day: string): { start: string; end: string } {
  const start = new Date(`${day}T00:00:00+08:00`);
  return { start: start.toISOString(), end: new Date(start.getTime() + 86_400_000).toISOString() };
}

export async function isDayClosed(db: Db, orgId: string, projectId: string, collectorId: string | null, day: string): Promise<boolean> {
  if (!collectorId) return false;
  const r = await db.selectFrom('cashier_closes').select('id').where('org_id', '=', orgId).where('project_id', '=', projectId).where('collector_id', '=', collectorId).where('day', '=', day).executeTakeFirst();
  return !!r;
}

export interface CorrectionInput {
  kind: CorrectionKind;
  paymentId?: string;
  billId?: string;
  /** Credit notes: how much to take off the bill; otherwise the whole payment / bill. */
  amountFen?: number;
  reason: string;
  /** Reversals: re-apply the money to this account once reversed. */
  reapplyAccountId?: string | null;
}

type Target = { projectId: string; accountId: string; amountFen: number };

/** Loads what a correction acts on and checks it can be corrected in the requested way (also re-checked on apply). */
async function checkTarget(db: Db, orgId: string, kind: CorrectionKind, paymentId: string | null | undefined, billId: string | null | undefined, amountFen: number | undefined): Promise<Target> {
  if (kind === 'void' || kind === 'reversal') {
    if (!paymentId) throw new AppError(400, 'billing.correction_target_required');
    const p = await db.selectFrom('payments').selectAll().where('id', '=', paymentId).where('org_id', '=', orgId).executeTakeFirst();
    if (!p) throw notFound('what.payment');
    // Fee receipts and project income (临停费) may be corrected; deposits go through their renovation, red entries are final.
    if (p.kind !== 'payment' && !(PROJECT_INCOME_KINDS as readonly string[]).includes(p.kind)) throw new AppError(409, 'billing.correction_not_a_payment', { receiptNo: p.receipt_no });
    if (p.status !== 'valid') throw new AppError(409, 'billing.payment_already_voided', { receiptNo: p.receipt_no });
    if (p.reversed_by_id) throw new AppError(409, 'billing.payment_already_reversed', { receiptNo: p.receipt_no });
    if (kind === 'void') {
      const day = cashierDay(p.received_at);
      // A void only on the day the money was taken, and only until that cashier's day is closed.
      if (day !== today()) throw new AppError(409, 'billing.void_not_same_day', { receiptNo: p.receipt_no });
      if (await isDayClosed(db, orgId, p.project_id, p.collector_id, day)) throw new AppError(409, 'billing.void_day_closed', { receiptNo: p.receipt_no, day });
    }
    return { projectId: p.project_id, accountId: p.account_id, amountFen: Number(p.amount_fen) };
  }
  if (!billId) throw new AppError(400, 'billing.correction_target_required');
  const b = await db.selectFrom('bills').selectAll().where('id', '=', billId).where('org_id', '=', orgId).executeTakeFirst();
  if (!b) throw notFound('what.bill');
  if (kind === 'cancel_bill') {
    if (Number(b.paid_fen) > 0 || Number(b.written_off_fen) > 0) throw new AppError(409, 'billing.cancel_bill_paid');
    return { projectId: b.project_id, accountId: b.account_id, amountFen: Number(b.amount_fen) };
  }
  const room = Number(b.amount_fen) - Number(b.written_off_fen);
  if (!amountFen || amountFen > room) throw new AppError(409, 'billing.credit_note_exceeds', { amountFen: amountFen ?? 0, availableFen: room });
  return { projectId: b.project_id, accountId: b.account_id, amountFen };
}

/** Open requests on the same target: one at a time, so two cashiers cannot both correct one receipt. */
async function assertNoOpenRequest(db: Db, paymentId: string | null, billId: string | null): Promise<void> {
  let q = db.selectFrom('billing_corrections').select('id').where('status', '=', 'pending');
  q = paymentId ? q.where('payment_id', '=', paymentId) : q.where('bill_id', '=', billId ?? '');
  if (await q.executeTakeFirst()) throw new AppError(409, 'billing.correction_pending');
}

/**
 * Requests a correction. Returns it applied when it needs no approval, pending otherwise.
 * The route has checked the caller's scope on the target's project.
 */
export async function requestCorrection(ctx: AppContext, who: Who & { userId: string }, input: CorrectionInput): Promise<CorrectionOut> {
  const db = ctx.store.db;
  const target = await checkTarget(db, who.orgId, input.kind, input.paymentId, input.billId, input.amountFen);
  const { approvalThresholdFen } = await cashierSettings(db, target.projectId);
  const needsApproval = input.kind === 'credit_note' || target.amountFen >= approvalThresholdFen;
  if (input.kind !== 'reversal' && input.reapplyAccountId) throw new AppError(400, 'billing.reapply_only_reversal');
  if (input.reapplyAccountId) {
    // A visitor's parking fee is nobody's house money: it is reversed, never moved onto a house.
    if (target.accountId === target.projectId) throw new AppError(400, 'billing.reapply_project_income');
    const acc = await db.selectFrom('units').select('project_id').where('id', '=', input.reapplyAccountId).where('org_id', '=', who.orgId).executeTakeFirst();
    const space = acc ? undefined : await db.selectFrom('parking_spaces').select('project_id').where('id', '=', input.reapplyAccountId).where('org_id', '=', who.orgId).executeTakeFirst();
    if ((acc ?? space)?.project_id !== target.projectId) throw new AppError(400, 'billing.reapply_other_project');
  }
  const id = newId();
  const at = nowIso();
  const row: BillingCorrectionTable = {
    id,
    org_id: who.orgId,
    project_id: target.projectId,
    account_id: target.accountId,
    kind: input.kind,
    payment_id: input.paymentId ?? null,
    bill_id: input.billId ?? null,
    amount_fen: target.amountFen,
    reason: input.reason,
    status: 'pending',
    requested_by: who.userId,
    requested_at: at,
    decided_by: null,
    decided_at: null,
    decision_note: null,
    red_payment_id: null,
    reapply_payment_id: null,
    reapply_account_id: input.reapplyAccountId ?? null,
    applied_at: null,
    created_at: at,
  };
  await db.transaction().execute(async (trx) => {
    await lockAccount(trx, ctx.store.dialect, who.orgId, target.accountId, target.projectId);
    await assertNoOpenRequest(trx, row.payment_id, row.payment_id ? null : row.bill_id);
    await trx.insertInto('billing_corrections').values(row).execute();
    if (!needsApproval) await applyInTx(ctx, trx, who, row);
  });
  if (!needsApproval) await reapplyIfAsked(ctx, who, id);
  return loadCorrection(db, who.orgId, id);
}

/** Approve or reject a pending correction; the requester may not decide their own. */
export async function decideCorrection(ctx: AppContext, who: Who & { userId: string }, id: string, approve: boolean, note?: string): Promise<CorrectionOut> {
  const db = ctx.store.db;
  await db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom('billing_corrections').selectAll().where('id', '=', id).where('org_id', '=', who.orgId).executeTakeFirst();
    if (!c) throw notFound('what.correction');
    await lockAccount(trx, ctx.store.dialect, who.orgId, c.account_id, c.project_id);
    const fresh = await trx.selectFrom('billing_corrections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (fresh.status !== 'pending') throw new AppError(409, 'billing.core.WRITE_OFF_ALREADY_DECIDED', { id, status: fresh.status });
    if (fresh.requested_by === who.userId) throw new AppError(403, 'billing.self_approval');
    const at = nowIso();
    await trx.updateTable('billing_corrections').set({ decided_by: who.userId, decided_at: at, decision_note: note ?? null, status: approve ? 'pending' : 'rejected' }).where('id', '=', id).execute();
    if (approve) await applyInTx(ctx, trx, who, { ...fresh, amount_fen: Number(fresh.amount_fen) });
  });
  if (approve) await reapplyIfAsked(ctx, who, id);
  return loadCorrection(db, who.orgId, id);
}

/** Books a correction's effect in the caller's transaction (the account is locked). */
async function applyInTx(ctx: AppContext, trx: Db, who: Who & { userId: string }, c: BillingCorrectionTable): Promise<void> {
  // Re-check under the lock: the payment may have been voided, or the day closed, since the request.
  await checkTarget(trx, who.orgId, c.kind, c.payment_id, c.bill_id, c.kind === 'credit_note' ? Number(c.amount_fen) : undefined);
  const { creditFen } = await lockAccount(trx, ctx.store.dialect, who.orgId, c.account_id, c.project_id);
  const day = today();
  const at = nowIso();
  let redId: string | null = null;
  if (c.kind === 'void' || c.kind === 'reversal') {
    const p = await trx.selectFrom('payments').selectAll().where('id', '=', c.payment_id!).executeTakeFirstOrThrow();
    const credited = Number(p.credited_fen);
    if (credited > creditFen) throw new AppError(409, 'billing.correction_credit_spent', { creditedFen: credited, creditFen });
    const allocated = await trx.selectFrom('bill_settlements').select(['bill_id', 'fen']).where('source', '=', 'payment').where('source_id', '=', p.id).execute();
    if (c.kind === 'reversal') {
      // 冲红: a red entry of the whole payment, with its own receipt number, in today's books of whoever books it.
      redId = newId();
      await trx
        .insertInto('payments')
        .values({
          id: redId,
          org_id: who.orgId,
          project_id: p.project_id,
          account_id: p.account_id,
          party_id: p.party_id,
          payer_name: p.payer_name,
          receipt_no: await allocateReceiptNo(trx, who.orgId, p.project_id, day),
          paid_on: day,
          received_at: at,
          amount_fen: -Number(p.amount_fen),
          allocated_fen: -Number(p.allocated_fen),
          credited_fen: -credited,
          method: p.method,
          reference: p.reference,
          reference_key: null,
          note: c.reason,
          collector_id: who.userId,
          created_at: at,
          kind: 'reversal',
          status: 'valid',
          reverses_id: p.id,
        })
        .execute();
      const r = await trx.updateTable('payments').set({ reversed_by_id: redId }).where('id', '=', p.id).where('reversed_by_id', 'is', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError(409, 'conflict.version');
    } else {
      const r = await trx.updateTable('payments').set({ status: 'voided', void_correction_id: c.id }).where('id', '=', p.id).where('status', '=', 'valid').executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError(409, 'conflict.version');
    }
    // Take back what the payment settled: negative settlements, dated today, from the red entry (or the void).
    await settle(trx, who.orgId, p.account_id, allocated.map((s) => ({ billId: s.bill_id, source: 'payment' as const, sourceId: redId ?? c.id, date: day, fen: -Number(s.fen) })));
    await setAccountCredit(trx, p.account_id, creditFen - credited);
  } else {
    const b = await trx.selectFrom('bills').selectAll().where('id', '=', c.bill_id!).executeTakeFirstOrThrow();
    const amount = Number(c.amount_fen);
    // A credit note on a paid bill: what was paid beyond the new amount goes to the account's credit.
    const fromPaid = Math.max(0, amount - Number(b.outstanding_fen));
    if (fromPaid > 0) await settle(trx, who.orgId, b.account_id, [{ billId: b.id, source: 'payment', sourceId: c.id, date: day, fen: -fromPaid }]);
    await settle(trx, who.orgId, b.account_id, [{ billId: b.id, source: 'write_off', sourceId: c.id, date: day, fen: amount }]);
    if (fromPaid > 0) await setAccountCredit(trx, b.account_id, creditFen + fromPaid);
  }
  await trx.updateTable('billing_corrections').set({ status: 'applied', applied_at: at, red_payment_id: redId }).where('id', '=', c.id).execute();
}

/** After a reversal: a new payment on the right account, linked to the red entry. */
async function reapplyIfAsked(ctx: AppContext, who: Who & { userId: string }, id: string): Promise<void> {
  const c = await ctx.store.db.selectFrom('billing_corrections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  if (c.kind !== 'reversal' || c.status !== 'applied' || !c.reapply_account_id || c.reapply_payment_id) return;
  await reapplyReversed(ctx, who, id, c.reapply_account_id);
}

/** Re-applies a reversed payment's money to an account (once per reversal). */
export async function reapplyReversed(ctx: AppContext, who: Who & { userId: string }, correctionId: string, accountId: string, billIds?: string[]): Promise<CorrectionOut> {
  const db = ctx.store.db;
  const c = await db.selectFrom('billing_corrections').selectAll().where('id', '=', correctionId).where('org_id', '=', who.orgId).executeTakeFirst();
  if (!c) throw notFound('what.correction');
  if (c.kind !== 'reversal' || c.status !== 'applied' || !c.red_payment_id) throw new AppError(409, 'billing.reapply_not_reversed');
  if (c.reapply_payment_id) throw new AppError(409, 'billing.reapply_done');
  const p = await db.selectFrom('payments').selectAll().where('id', '=', c.payment_id!).executeTakeFirstOrThrow();
  const r = await recordPayment(ctx, who, {
    accountId,
    amountFen: Number(p.amount_fen),
    method: p.method as never,
    reference: p.reference,
    paidOn: p.paid_on,
    billIds,
    payerName: p.payer_name,
    note: `重新入账（原收据 ${p.receipt_no} 已冲红）`,
    reappliedFromId: c.red_payment_id,
  });
  const u = await db.updateTable('billing_corrections').set({ reapply_payment_id: r.id, reapply_account_id: accountId }).where('id', '=', c.id).where('reapply_payment_id', 'is', null).executeTakeFirst();
  if (Number(u.numUpdatedRows) !== 1) throw new AppError(409, 'conflict.version');
  return loadCorrection(db, who.orgId, correctionId);
}

export interface CorrectionOut {
  id: string;
  projectId: string;
  accountId: string;
  kind: CorrectionKind;
  paymentId: string | null;
  billId: string | null;
  amountFen: number;
  reason: string;
  status: CorrectionStatus;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  redPaymentId: string | null;
  reapplyPaymentId: string | null;
  reapplyAccountId: string | null;
  appliedAt: string | null;
}

export function correctionOut(c: BillingCorrectionTable): CorrectionOut {
  return {
    id: c.id,
    projectId: c.project_id,
    accountId: c.account_id,
    kind: c.kind,
    paymentId: c.payment_id,
    billId: c.bill_id,
    amountFen: Number(c.amount_fen),
    reason: c.reason,
    status: c.status,
    requestedBy: c.requested_by,
    requestedAt: c.requested_at,
    decidedBy: c.decided_by,
    decidedAt: c.decided_at,
    decisionNote: c.decision_note,
    redPaymentId: c.red_payment_id,
    reapplyPaymentId: c.reapply_payment_id,
    reapplyAccountId: c.reapply_account_id,
    appliedAt: c.applied_at,
  };
}

export async function loadCorrection(db: Db, orgId: string, id: string): Promise<CorrectionOut> {
  const c = await db.selectFrom('billing_corrections').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
  if (!c) throw notFound('what.correction');
  return correctionOut(c);
}

/**
 * The receipt trail (收据轨迹) of a payment: the original, its void or red entry, the re-apply,
 * the corrections asked for and every reprint — following the links both ways.
 */
export type ReceiptTrail = Awaited<ReturnType<typeof receiptTrail>>;
export async function receiptTrail(db: Db, orgId: string, paymentId: string) {
  const base = await db.selectFrom('payments').selectAll().where('id', '=', paymentId).where('org_id', '=', orgId).executeTakeFirst();
  if (!base) throw notFound('what.payment');
  // Walk to the original: a red entry points at it, a re-apply at the red entry.
  let original = base;
  for (let i = 0; i < 4; i++) {
    const up = original.reverses_id ?? original.reapplied_from_id;
    if (!up) break;
    original = (await db.selectFrom('payments').selectAll().where('id', '=', up).executeTakeFirstOrThrow());
  }
  const red = original.reversed_by_id ? await db.selectFrom('payments').selectAll().where('id', '=', original.reversed_by_id).executeTakeFirst() : undefined;
  const reapplied = red ? await db.selectFrom('payments').selectAll().where('reapplied_from_id', '=', red.id).execute() : [];
  const corrections = await db.selectFrom('billing_corrections').selectAll().where('payment_id', '=', original.id).orderBy('created_at').execute();
  const ids = [original.id, ...(red ? [red.id] : []), ...reapplied.map((r) => r.id)];
  const prints = await db.selectFrom('receipt_prints').selectAll().where('payment_id', 'in', ids).orderBy('printed_at').execute();
  const entry = (p: typeof base) => ({
    id: p.id,
    receiptNo: p.receipt_no,
    kind: p.kind as PaymentKind,
    status: p.status as PaymentStatus,
    accountId: p.account_id,
    amountFen: Number(p.amount_fen),
    paidOn: p.paid_on,
    receivedAt: p.received_at,
    method: p.method as PaymentMethod,
    collectorId: p.collector_id,
    reversesId: p.reverses_id,
    reversedById: p.reversed_by_id,
    reappliedFromId: p.reapplied_from_id,
    reprintCount: Number(p.reprint_count),
  });
  return {
    original: entry(original),
    reversal: red ? entry(red) : null,
    reapplied: reapplied.map(entry),
    corrections: corrections.map(correctionOut),
    reprints: prints.map((r) => ({ paymentId: r.payment_id, printNo: r.print_no, printedBy: r.printed_by, printedAt: r.printed_at })),
  };
}

/** Records a reprint (重打) and returns its number (1 = the first reprint). */
export async function recordReprint(db: Db, orgId: string, paymentId: string, userId: string | null): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('payments').set((eb) => ({ reprint_count: eb('reprint_count', '+', 1) })).where('id', '=', paymentId).where('org_id', '=', orgId).returning('reprint_count').executeTakeFirst();
    if (!r) throw notFound('what.payment');
    const n = Number(r.reprint_count);
    await trx.insertInto('receipt_prints').values({ id: newId(), org_id: orgId, payment_id: paymentId, print_no: n, printed_by: userId, printed_at: nowIso() }).execute();
    return n;
  });
}

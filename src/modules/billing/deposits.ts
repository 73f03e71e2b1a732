/**
 * Deposits (押金) in the billing ledger: money held on a unit's account for a purpose
 * (renovation), apart from its fee credit — it settles no bill and cannot be spent on fees.
 * Receiving and refunding are receipts on the account (kind deposit / deposit_refund, the
 * refund negative) so they appear in the cashier's close and the income report; a deduction
 * (扣除) is income kept from the deposit, with its reason.
 */
import { AppError } from '../../core/errors';
import { newId, nowIso } from '../../db/ids';
import type { Dialect } from '../../db';
import { allocateReceiptNo } from './receiptNumbers';
import { lockAccount, today, type Db } from './store';

export interface DepositMovement {
  orgId: string;
  projectId: string;
  accountId: string;
  sourceKind: 'renovation';
  sourceId: string;
  kind: 'received' | 'deducted' | 'refunded';
  amountFen: number;
  method?: string;
  reference?: string | null;
  reason?: string | null;
  /** A receipt number already issued for it (the renovation deposit's YJ…); otherwise one is allocated. */
  receiptNo?: string | null;
  userId: string | null;
}

/** What is held for a source (received − deducted − refunded). */
export async function depositHeld(db: Db, sourceKind: string, sourceId: string): Promise<number> {
  const rows = await db.selectFrom('deposit_entries').select(['kind', 'amount_fen']).where('source_kind', '=', sourceKind).where('source_id', '=', sourceId).execute();
  return rows.reduce((s, r) => s + (r.kind === 'received' ? 1 : -1) * Number(r.amount_fen), 0);
}

/**
 * Posts one deposit movement in the caller's transaction (the renovation step's). Returns the
 * payment booked for it, if money moved.
 */
export async function postDepositMovement(db: Db, dialect: Dialect, m: DepositMovement): Promise<{ paymentId: string | null; receiptNo: string | null }> {
  if (m.amountFen <= 0) return { paymentId: null, receiptNo: null };
  await lockAccount(db, dialect, m.orgId, m.accountId, m.projectId);
  if (m.kind !== 'received') {
    const held = await depositHeld(db, m.sourceKind, m.sourceId);
    if (m.amountFen > held) throw new AppError(409, 'billing.deposit_exceeds_held', { amountFen: m.amountFen, heldFen: held });
    if (m.kind === 'deducted' && !m.reason?.trim()) throw new AppError(400, 'billing.deposit_deduction_reason');
  }
  const day = today();
  const at = nowIso();
  let paymentId: string | null = null;
  let receiptNo: string | null = null;
  if (m.kind !== 'deducted') {
    paymentId = newId();
    receiptNo = m.receiptNo ?? (await allocateReceiptNo(db, m.orgId, m.projectId, day));
    const sign = m.kind === 'received' ? 1 : -1;
    const reference = m.reference?.trim() || null;
    await db
      .insertInto('payments')
      .values({
        id: paymentId,
        org_id: m.orgId,
        project_id: m.projectId,
        account_id: m.accountId,
        party_id: null,
        payer_name: null,
        receipt_no: receiptNo,
        paid_on: day,
        received_at: at,
        amount_fen: sign * m.amountFen,
        allocated_fen: 0,
        credited_fen: 0,
        method: m.method ?? 'cash',
        reference,
        // Money coming in by a channel is unique by its reference, as any payment.
        reference_key: m.kind === 'received' && reference ? `${m.method}|${reference}` : null,
        note: m.reason ?? null,
        collector_id: m.userId,
        created_at: at,
        kind: m.kind === 'received' ? 'deposit' : 'deposit_refund',
        status: 'valid',
      })
      .execute();
  }
  await db
    .insertInto('deposit_entries')
    .values({ id: newId(), org_id: m.orgId, project_id: m.projectId, account_id: m.accountId, source_kind: m.sourceKind, source_id: m.sourceId, kind: m.kind, amount_fen: m.amountFen, payment_id: paymentId, reason: m.reason ?? null, day, created_by: m.userId, created_at: at })
    .execute();
  return { paymentId, receiptNo };
}

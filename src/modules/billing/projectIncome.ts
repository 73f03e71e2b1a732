/**
 * Project income (项目收入): money the centre takes that belongs to no house — temporary parking
 * fees (临停费) paid by visitors at the gate. It is booked in the one ledger as a receipt on the
 * project's own account (the account id is the project id), so it gets a receipt number, shows
 * in the cashier's daily close under the guard who took it, can be voided or reversed like any
 * receipt, and is counted in the income report. Charging it to the visited house would be wrong:
 * the visitor pays, not the owner.
 */
import { AppError } from '../../core/errors';
import { newId, nowIso } from '../../db/ids';
import type { Dialect } from '../../db';
import type { PaymentMethod } from './core';
import { allocateReceiptNo } from './receiptNumbers';
import { lockAccount, today, type Db } from './store';

/** How each kind of receipt is named in printed lists and exports. */
export const PAYMENT_KIND_LABEL: Record<string, string> = { payment: '收款', reversal: '冲红', deposit: '押金', deposit_refund: '退押金', temp_parking: '临时停车费' };

/** Payment kinds that are project income rather than a house's money. */
export const PROJECT_INCOME_KINDS = ['temp_parking'] as const;
export type ProjectIncomeKind = (typeof PROJECT_INCOME_KINDS)[number];

export interface ProjectIncome {
  orgId: string;
  projectId: string;
  kind: ProjectIncomeKind;
  amountFen: number;
  method: PaymentMethod;
  reference?: string | null;
  payerName?: string | null;
  note?: string | null;
  userId: string;
}

/** Books one project-income receipt in the caller's transaction; returns the payment and its receipt number. */
export async function postProjectIncome(db: Db, dialect: Dialect, m: ProjectIncome): Promise<{ paymentId: string; receiptNo: string }> {
  if (!Number.isSafeInteger(m.amountFen) || m.amountFen <= 0) throw new AppError(400, 'validation.bad_request');
  await lockAccount(db, dialect, m.orgId, m.projectId, m.projectId);
  const day = today();
  const at = nowIso();
  const paymentId = newId();
  const receiptNo = await allocateReceiptNo(db, m.orgId, m.projectId, day);
  const reference = m.reference?.trim() || null;
  await db
    .insertInto('payments')
    .values({
      id: paymentId,
      org_id: m.orgId,
      project_id: m.projectId,
      account_id: m.projectId,
      party_id: null,
      payer_name: m.payerName?.trim() || null,
      receipt_no: receiptNo,
      paid_on: day,
      received_at: at,
      amount_fen: m.amountFen,
      allocated_fen: 0,
      credited_fen: 0,
      method: m.method,
      reference,
      // A channel payment is unique by its reference, as any payment.
      reference_key: reference && m.method !== 'cash' ? `${m.method}|${reference}` : null,
      note: m.note ?? null,
      collector_id: m.userId,
      created_at: at,
      kind: m.kind,
      status: 'valid',
    })
    .execute();
  return { paymentId, receiptNo };
}

/**
 * What to call the account a receipt was booked on: the house number, the parking space code,
 * or "项目收入" for the project's own account. One lookup for every printed list.
 */
export async function accountLabels(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const slice = unique.slice(i, i + 500);
    for (const u of await db.selectFrom('units').select(['id', 'number']).where('id', 'in', slice).execute()) out.set(u.id, u.number);
    for (const s of await db.selectFrom('parking_spaces').select(['id', 'code']).where('id', 'in', slice).execute()) out.set(s.id, s.code);
    for (const p of await db.selectFrom('projects').select(['id']).where('id', 'in', slice).execute()) out.set(p.id, '项目收入');
  }
  return out;
}

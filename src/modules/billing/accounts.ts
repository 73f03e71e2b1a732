/**
 * Account operations (账户): issuing bills, payments with receipts, credit, refunds, write-offs,
 * paid services and late fees. Each operation is one transaction; amounts are allocated by the
 * billing core (oldest first) and persisted as settlements, so replaying an account's stored
 * events through `replayLedger` gives exactly the stored state.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../core/context';
import { AppError, notFound } from '../../core/errors';
import { newId, nowIso } from '../../db/ids';
import type { Dialect, Store } from '../../db';
import type { Actor } from '../auth/permissions';
import { toLifecycle, transitionInTx } from '../workorders/service';
import { onAwaitingVisit } from '../workorders/visits';
import {
  addDays,
  allocateOldestFirst,
  assessLateFees,
  decideWriteOff as coreDecideWriteOff,
  requestWriteOff as coreRequestWriteOff,
  serviceChargeFen,
  validatePayment,
  type AccountState,
  type BillState,
  type PaymentMethod,
  type ServiceItem,
  type Settlement,
} from './core';
import { creditLayers, datedCreditSettlements } from './creditAsOf';
import type { BillTable } from './schema';
import { allocateReceiptNo } from './receiptNumbers';
import { accountInfo, billRow, guarded, insertBatches, loadSettings, lockAccount, setAccountCredit, today, type Db, type Who } from './store';

// ---------- settling ----------

interface NewSettlement {
  billId: string;
  source: 'payment' | 'credit' | 'write_off';
  sourceId: string;
  date: string;
  fen: number;
}

/**
 * Books settlements: inserts them and moves each bill's paid / written-off / outstanding
 * amounts. The UPDATE re-checks the outstanding amount, so a stale allocation fails loudly
 * instead of overpaying a bill.
 */
export async function settle(db: Db, orgId: string, accountId: string, items: readonly NewSettlement[]): Promise<void> {
  if (!items.length) return;
  const at = nowIso();
  await insertBatches(
    db,
    'bill_settlements',
    items.map((s) => ({ id: newId(), org_id: orgId, account_id: accountId, bill_id: s.billId, source: s.source, source_id: s.sourceId, settled_on: s.date, fen: s.fen, created_at: at })),
  );
  for (const s of items) {
    const col = s.source === 'write_off' ? 'written_off_fen' : 'paid_fen';
    const r = await db
      .updateTable('bills')
      .set((eb) => ({ [col]: eb(col, '+', s.fen), outstanding_fen: eb('outstanding_fen', '-', s.fen), updated_at: at }) as any)
      .where('id', '=', s.billId)
      .where('outstanding_fen', '>=', s.fen)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError(409, 'conflict.version');
  }
}

async function openBills(db: Db, accountId: string, billIds?: readonly string[]) {
  let q = db.selectFrom('bills').select(['id', 'due_date', 'cover_start', 'outstanding_fen', 'kind', 'source_order_id']).where('account_id', '=', accountId).where('outstanding_fen', '>', 0);
  if (billIds) q = q.where('id', 'in', billIds.length ? billIds : ['']);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, dueDate: r.due_date, coverStart: r.cover_start, outstandingFen: Number(r.outstanding_fen), kind: r.kind, sourceOrderId: r.source_order_id }));
}

// ---------- issuing bills ----------

/**
 * Inserts bill rows that do not exist yet (ON CONFLICT on the line key does nothing, so a
 * line another run already created — even one committing concurrently — is skipped), then
 * pays the new bills from each account's credit balance, as the ledger does on issue.
 * Returns the rows actually inserted.
 */
export async function issueBills(db: Db, store: Pick<Store, 'dialect' | 'sqlite'>, rows: readonly BillTable[]): Promise<BillTable[]> {
  const inserted: BillTable[] = [];
  if (store.sqlite) {
    // SQLite: one prepared single-row statement run inside the caller's transaction (Kysely
    // holds the only connection) — far cheaper than compiling multi-row statements.
    const stmt = sqliteBillInsert(store.sqlite);
    for (const r of rows) if (stmt.run(BILL_COLUMNS.map((c) => r[c])).changes === 1) inserted.push(r);
  } else {
    for (let i = 0; i < rows.length; i += 5000) {
      const part = rows.slice(i, i + 5000);
      const ids = new Set((await insertBillsUnnest(db, part)).map((g) => g.id));
      for (const r of part) if (ids.has(r.id)) inserted.push(r);
    }
  }
  await applyCreditToNewBills(db, store.dialect, inserted);
  return inserted;
}

const BILL_COLUMNS: readonly (keyof BillTable)[] = [
  'id', 'org_id', 'project_id', 'phase_id', 'building_id', 'unit_id', 'space_id', 'account_id', 'party_id', 'liability_id', 'fee_item_id',
  'category', 'kind', 'line_key', 'period_key', 'cover_start', 'cover_end', 'account_month', 'issued_on', 'due_date', 'gross_fen',
  'discount_fen', 'amount_fen', 'paid_fen', 'written_off_fen', 'outstanding_fen', 'basis_json', 'discounts_json', 'description', 'run_id',
  'source_bill_id', 'source_order_id', 'created_by', 'created_at', 'updated_at',
];
const FEN_COLUMNS = new Set<keyof BillTable>(['gross_fen', 'discount_fen', 'amount_fen', 'paid_fen', 'written_off_fen', 'outstanding_fen']);

const billInserts = new WeakMap<object, { run(params: unknown[]): { changes: number } }>();
function sqliteBillInsert(raw: NonNullable<Store['sqlite']>) {
  let st = billInserts.get(raw);
  if (!st) {
    st = raw.prepare(`insert into bills (${BILL_COLUMNS.join(', ')}) values (${BILL_COLUMNS.map(() => '?').join(', ')}) on conflict (org_id, line_key) do nothing`) as unknown as { run(params: unknown[]): { changes: number } };
    billInserts.set(raw, st);
  }
  return st;
}

/**
 * PostgreSQL: one INSERT … SELECT FROM unnest(arrays) per chunk — one parameter per column
 * instead of one per value, which is what makes a 6,000-line run cheap to parse and bind.
 * Same ON CONFLICT DO NOTHING on the line key, same RETURNING of what was inserted.
 */
async function insertBillsUnnest(db: Db, part: readonly BillTable[]): Promise<{ id: string }[]> {
  const arrays = BILL_COLUMNS.map((c) => sql`${part.map((r) => r[c])}::${sql.raw(FEN_COLUMNS.has(c) ? 'bigint[]' : 'text[]')}`);
  const r = await sql<{ id: string }>`
    insert into bills (${sql.join(BILL_COLUMNS.map((c) => sql.ref(c)))})
    select * from unnest(${sql.join(arrays)})
    on conflict (org_id, line_key) do nothing
    returning id`.execute(db);
  return r.rows;
}

async function applyCreditToNewBills(db: Db, dialect: Dialect, bills: readonly BillTable[]): Promise<void> {
  if (!bills.length) return;
  const byAccount = new Map<string, BillTable[]>();
  for (const b of bills) {
    if (b.outstanding_fen <= 0) continue;
    const list = byAccount.get(b.account_id) ?? [];
    list.push(b);
    byAccount.set(b.account_id, list);
  }
  const ids = [...byAccount.keys()];
  const withCredit: string[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('billing_accounts').select('id').where('id', 'in', ids.slice(i, i + 500)).where('credit_fen', '>', 0).execute();
    withCredit.push(...rows.map((r) => r.id));
  }
  // Lock in id order so two transactions never wait on each other crosswise.
  for (const accountId of withCredit.sort()) {
    const list = byAccount.get(accountId)!;
    const { creditFen } = await lockAccount(db, dialect, list[0].org_id, accountId, list[0].project_id);
    if (creditFen <= 0) continue;
    const items = list.map((b) => ({ id: b.id, dueDate: b.due_date, coverStart: b.cover_start, outstandingFen: b.outstanding_fen }));
    const { allocations, remainderFen } = allocateOldestFirst(items, creditFen);
    const byId = new Map(list.map((b) => [b.id, b]));
    // Dated when the credit and the bill both existed, not on the run day (see creditAsOf.ts).
    await settle(db, list[0].org_id, accountId, datedCreditSettlements(await creditLayers(db, accountId, creditFen), allocations, byId));
    await setAccountCredit(db, accountId, remainderFen);
  }
}

// ---------- payments ----------

export interface PaymentInput {
  accountId: string;
  amountFen: number;
  method: PaymentMethod;
  reference?: string | null;
  /** Date the money was paid (a bank transfer may be entered later); default today. */
  paidOn?: string;
  /** Pay these bills first (oldest first among them); the rest becomes credit. */
  billIds?: string[];
  partyId?: string | null;
  payerName?: string | null;
  note?: string | null;
  /** A re-apply after a reversal (冲红后重新入账): links to the red entry; the channel reference stays with the original. */
  reappliedFromId?: string | null;
}

export interface PaymentResult {
  id: string;
  receiptNo: string;
  accountId: string;
  amountFen: number;
  allocatedFen: number;
  creditedFen: number;
  creditFen: number;
  allocations: { billId: string; fen: number }[];
  confirmedOrders: string[];
}

/**
 * 收款: validates the payment (non-cash needs its channel reference), locks the account,
 * allocates oldest first (or to the named bills), books the rest as credit, hands out the
 * receipt number, and confirms payment on any paid-repair order whose bill it settles.
 */
export async function recordPayment(ctx: AppContext, who: Who, input: PaymentInput): Promise<PaymentResult> {
  const day = today();
  const paidOn = input.paidOn ?? day;
  const reference = input.reference?.trim() || null;
  await guarded(() => validatePayment({ id: 'new', date: paidOn, amountFen: input.amountFen, method: input.method, reference: reference ?? undefined }));
  if (paidOn > day) throw new AppError(400, 'billing.future_date', { date: paidOn });
  const info = await accountInfo(ctx.store.db, who.orgId, input.accountId);
  if (!info) throw notFound('what.account');
  const settings = await loadSettings(ctx.store.db, info.projectId);
  // A re-applied payment repeats the original's channel reference, which stays booked on the original.
  const referenceKey = reference && !input.reappliedFromId ? `${input.method}|${reference}` : null;
  return ctx.store.db.transaction().execute(async (trx) => {
    const { creditFen } = await lockAccount(trx, ctx.store.dialect, who.orgId, info.id, info.projectId);
    if (referenceKey) {
      const dup = await trx.selectFrom('payments').select('receipt_no').where('org_id', '=', who.orgId).where('reference_key', '=', referenceKey).executeTakeFirst();
      if (dup) throw new AppError(409, 'billing.core.DUPLICATE_PAYMENT', { reference: reference!, receiptNo: dup.receipt_no });
    }
    const open = await openBills(trx, info.id, input.billIds);
    if (input.billIds) {
      const known = await trx.selectFrom('bills').select('id').where('account_id', '=', info.id).where('id', 'in', input.billIds.length ? input.billIds : ['']).execute();
      if (known.length !== new Set(input.billIds).size) throw new AppError(400, 'billing.bill_not_in_account');
    }
    const { allocations, remainderFen } = await guarded(() => allocateOldestFirst(open, input.amountFen));
    const id = newId();
    const receiptNo = await allocateReceiptNo(trx, who.orgId, info.projectId, day, settings.receiptPrefix);
    const at = nowIso();
    await trx
      .insertInto('payments')
      .values({
        id,
        org_id: who.orgId,
        project_id: info.projectId,
        account_id: info.id,
        party_id: input.partyId ?? null,
        payer_name: input.payerName ?? null,
        receipt_no: receiptNo,
        paid_on: paidOn,
        received_at: at,
        amount_fen: input.amountFen,
        allocated_fen: input.amountFen - remainderFen,
        credited_fen: remainderFen,
        method: input.method,
        reference,
        reference_key: referenceKey,
        note: input.note ?? null,
        collector_id: who.userId,
        created_at: at,
        reapplied_from_id: input.reappliedFromId ?? null,
      })
      .execute();
    await settle(trx, who.orgId, info.id, allocations.map((a) => ({ billId: a.billId, source: 'payment' as const, sourceId: id, date: paidOn, fen: a.fen })));
    if (remainderFen) await setAccountCredit(trx, info.id, creditFen + remainderFen);
    else await setAccountCredit(trx, info.id, creditFen);
    const confirmedOrders = await confirmPaidOrders(ctx, trx, who, allocations.map((a) => a.billId), receiptNo, at);
    return { id, receiptNo, accountId: info.id, amountFen: input.amountFen, allocatedFen: input.amountFen - remainderFen, creditedFen: remainderFen, creditFen: creditFen + remainderFen, allocations, confirmedOrders };
  });
}

/**
 * A paid repair whose bill is now settled in full: confirm the payment on the order (待支付 →
 * 待回访) in the same transaction, so the order and the books never disagree.
 */
async function confirmPaidOrders(ctx: AppContext, trx: Db, who: Who, billIds: readonly string[], receiptNo: string, at: string): Promise<string[]> {
  if (!billIds.length) return [];
  const settled = await trx
    .selectFrom('bills')
    .select(['source_order_id'])
    .where('id', 'in', billIds)
    .where('kind', '=', 'service')
    .where('outstanding_fen', '=', 0)
    .where('source_order_id', 'is not', null)
    .execute();
  const done: string[] = [];
  for (const s of settled) {
    const order = await trx.selectFrom('work_orders').selectAll().where('id', '=', s.source_order_id!).where('org_id', '=', who.orgId).executeTakeFirst();
    if (!order || order.state !== 'awaiting_payment') continue;
    const lo = toLifecycle(order);
    const due = lo.chargeFen - lo.paidFen;
    if (due <= 0) continue;
    const out = await transitionInTx(ctx, trx, { system: true, orgId: who.orgId }, order.id, 'confirm_payment', { at, amountFen: due, note: `收费处收款，收据 ${receiptNo}` });
    if (out.order.state === 'awaiting_visit') await onAwaitingVisit(ctx, trx, out.order, at);
    done.push(order.id);
  }
  return done;
}

/** Spends the credit balance on outstanding bills, oldest first (预存款抵扣). */
export async function applyCredit(ctx: AppContext, who: Who, accountId: string): Promise<{ appliedFen: number; creditFen: number }> {
  const info = await accountInfo(ctx.store.db, who.orgId, accountId);
  if (!info) throw notFound('what.account');
  return ctx.store.db.transaction().execute(async (trx) => {
    const { creditFen } = await lockAccount(trx, ctx.store.dialect, who.orgId, info.id, info.projectId);
    const open = await openBills(trx, info.id);
    const { allocations, remainderFen } = allocateOldestFirst(open, creditFen);
    const day = today();
    await settle(trx, who.orgId, info.id, allocations.map((a) => ({ billId: a.billId, source: 'credit' as const, sourceId: 'credit', date: day, fen: a.fen })));
    await setAccountCredit(trx, info.id, remainderFen);
    await confirmPaidOrders(ctx, trx, who, allocations.map((a) => a.billId), 'credit', nowIso());
    return { appliedFen: creditFen - remainderFen, creditFen: remainderFen };
  });
}

// ---------- refunds (out of credit, with approval) ----------

export async function requestRefund(
  ctx: AppContext,
  who: Who & { userId: string },
  input: { accountId: string; amountFen: number; method: PaymentMethod; reference?: string | null; reason: string },
): Promise<{ id: string }> {
  const day = today();
  const reference = input.reference?.trim() || undefined;
  await guarded(() => validatePayment({ id: 'refund', date: day, amountFen: input.amountFen, method: input.method, reference }));
  const info = await accountInfo(ctx.store.db, who.orgId, input.accountId);
  if (!info) throw notFound('what.account');
  const acc = await ctx.store.db.selectFrom('billing_accounts').select('credit_fen').where('id', '=', info.id).executeTakeFirst();
  const credit = Number(acc?.credit_fen ?? 0);
  if (input.amountFen > credit) throw new AppError(409, 'billing.core.INSUFFICIENT_CREDIT', { amountFen: input.amountFen, creditFen: credit });
  const id = newId();
  await ctx.store.db
    .insertInto('refunds')
    .values({ id, org_id: who.orgId, project_id: info.projectId, account_id: info.id, amount_fen: input.amountFen, method: input.method, reference: reference ?? null, reason: input.reason, status: 'pending', requested_by: who.userId, requested_on: day, decided_by: null, decided_on: null, decision_note: null, created_at: nowIso() })
    .execute();
  return { id };
}

/** Approve or reject a refund; the approver may not be the requester; approval pays it out of credit. */
export async function decideRefund(ctx: AppContext, who: Who & { userId: string }, refundId: string, approve: boolean, note?: string): Promise<{ status: string; creditFen: number }> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('refunds').selectAll().where('id', '=', refundId).where('org_id', '=', who.orgId).executeTakeFirst();
    if (!r) throw notFound('what.refund');
    const { creditFen } = await lockAccount(trx, ctx.store.dialect, who.orgId, r.account_id, r.project_id);
    if (r.status !== 'pending') throw new AppError(409, 'billing.core.WRITE_OFF_ALREADY_DECIDED', { id: r.id, status: r.status });
    if (r.requested_by === who.userId) throw new AppError(403, 'billing.self_approval');
    const day = today();
    let credit = creditFen;
    if (approve) {
      if (Number(r.amount_fen) > creditFen) throw new AppError(409, 'billing.core.INSUFFICIENT_CREDIT', { amountFen: Number(r.amount_fen), creditFen });
      credit = creditFen - Number(r.amount_fen);
      await setAccountCredit(trx, r.account_id, credit);
    }
    const res = await trx
      .updateTable('refunds')
      .set({ status: approve ? 'approved' : 'rejected', decided_by: who.userId, decided_on: day, decision_note: note ?? null })
      .where('id', '=', r.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'conflict.version');
    return { status: approve ? 'approved' : 'rejected', creditFen: credit };
  });
}

// ---------- write-offs (with approval) ----------

export async function requestWriteOff(ctx: AppContext, who: Who & { userId: string }, input: { billId: string; amountFen: number; reason: string }): Promise<{ id: string }> {
  const bill = await ctx.store.db.selectFrom('bills').selectAll().where('id', '=', input.billId).where('org_id', '=', who.orgId).executeTakeFirst();
  if (!bill) throw notFound('what.bill');
  const id = newId();
  const req = await guarded(() => coreRequestWriteOff({ id, billId: bill.id, amountFen: input.amountFen, reason: input.reason, requestedBy: who.userId, requestedOn: today() }));
  if (req.amountFen > Number(bill.outstanding_fen)) {
    throw new AppError(409, 'billing.core.WRITE_OFF_EXCEEDS_OUTSTANDING', { amountFen: req.amountFen, outstandingFen: Number(bill.outstanding_fen) });
  }
  await ctx.store.db
    .insertInto('write_offs')
    .values({ id, org_id: who.orgId, project_id: bill.project_id, account_id: bill.account_id, bill_id: bill.id, amount_fen: req.amountFen, reason: req.reason, status: 'pending', requested_by: who.userId, requested_on: req.requestedOn, decided_by: null, decided_on: null, decision_note: null, created_at: nowIso() })
    .execute();
  return { id };
}

/**
 * Decide a write-off with the core's rules (the decider holds the approval right and is not the
 * requester; a decided request is final). An approval settles the bill in the same transaction.
 */
export async function decideWriteOff(
  ctx: AppContext,
  who: Who & { userId: string },
  writeOffId: string,
  decision: { approve: boolean; canApprove: boolean; note?: string },
): Promise<{ status: string }> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const w = await trx.selectFrom('write_offs').selectAll().where('id', '=', writeOffId).where('org_id', '=', who.orgId).executeTakeFirst();
    if (!w) throw notFound('what.write_off');
    await lockAccount(trx, ctx.store.dialect, who.orgId, w.account_id, w.project_id);
    const day = today();
    const decided = await guarded(() =>
      coreDecideWriteOff(
        { id: w.id, billId: w.bill_id, amountFen: Number(w.amount_fen), reason: w.reason, requestedBy: w.requested_by, requestedOn: w.requested_on, status: w.status },
        { approve: decision.approve, by: who.userId, on: day, canApprove: decision.canApprove, note: decision.note },
      ),
    );
    if (decided.status === 'approved') {
      const bill = await trx.selectFrom('bills').select(['outstanding_fen']).where('id', '=', w.bill_id).executeTakeFirstOrThrow();
      if (decided.amountFen > Number(bill.outstanding_fen)) {
        throw new AppError(409, 'billing.core.WRITE_OFF_EXCEEDS_OUTSTANDING', { amountFen: decided.amountFen, outstandingFen: Number(bill.outstanding_fen) });
      }
      await settle(trx, who.orgId, w.account_id, [{ billId: w.bill_id, source: 'write_off', sourceId: w.id, date: day, fen: decided.amountFen }]);
    }
    const res = await trx
      .updateTable('write_offs')
      .set({ status: decided.status, decided_by: who.userId, decided_on: day, decision_note: decision.note ?? null })
      .where('id', '=', w.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'conflict.version');
    return { status: decided.status };
  });
}

// ---------- paid services (有偿服务) ----------

export interface ServiceBillInput {
  accountId: string;
  partyId?: string | null;
  feeItemId?: string | null;
  items: ServiceItem[];
  description: string;
  dueDays?: number;
  /** Idempotency key suffix; default a fresh id (each call is a new charge). */
  key?: string;
  sourceOrderId?: string | null;
}

/** A one-off charge: the sum of the rounded item lines, booked as a bill keyed by its source. */
export async function createServiceBill(ctx: AppContext, db: Db, who: Who, input: ServiceBillInput): Promise<{ bill: BillTable; created: boolean }> {
  const info = await accountInfo(db, who.orgId, input.accountId);
  if (!info) throw notFound('what.account');
  const { totalFen, lines } = await guarded(() => serviceChargeFen(input.items));
  if (totalFen <= 0) throw new AppError(400, 'billing.core.INVALID_AMOUNT', {});
  const day = today();
  const key = `SV|${encodeURIComponent(input.key ?? newId())}`;
  const building = info.buildingId ? await db.selectFrom('buildings').select(['phase_id']).where('id', '=', info.buildingId).executeTakeFirst() : undefined;
  const row = billRow({
    id: newId(),
    org_id: who.orgId,
    project_id: info.projectId,
    phase_id: building?.phase_id ?? null,
    building_id: info.buildingId,
    unit_id: info.unitId,
    space_id: info.spaceId,
    account_id: info.id,
    party_id: input.partyId ?? null,
    liability_id: null,
    fee_item_id: input.feeItemId ?? null,
    category: 'service',
    kind: 'service',
    line_key: key,
    period_key: day.slice(0, 7),
    cover_start: day,
    cover_end: day,
    account_month: day.slice(0, 7),
    issued_on: day,
    due_date: addDays(day, input.dueDays ?? 0),
    gross_fen: totalFen,
    discount_fen: 0,
    amount_fen: totalFen,
    basis_json: JSON.stringify({ kind: 'service', lines }),
    discounts_json: null,
    description: input.description,
    run_id: null,
    source_bill_id: null,
    source_order_id: input.sourceOrderId ?? null,
    created_by: who.userId,
  });
  const inserted = await issueBills(db, ctx.store, [row]);
  if (inserted.length) return { bill: inserted[0], created: true };
  const existing = await db.selectFrom('bills').selectAll().where('org_id', '=', who.orgId).where('line_key', '=', key).executeTakeFirstOrThrow();
  return { bill: existing, created: false };
}

/**
 * Bill a paid repair whose charge the engine has confirmed (完工时确定的有偿维修费用). The key is
 * the order number and cycle, so asking twice gives the same bill. A completed order moves to
 * 待支付 in the same transaction; settling the bill later confirms the payment on the order.
 */
export async function billFromOrder(ctx: AppContext, actor: Actor, orderId: string): Promise<{ bill: BillTable; created: boolean }> {
  const who: Who = { orgId: actor.orgId, userId: actor.userId, role: actor.role };
  return ctx.store.db.transaction().execute(async (trx) => {
    const order = await trx.selectFrom('work_orders').selectAll().where('id', '=', orderId).where('org_id', '=', who.orgId).executeTakeFirst();
    if (!order) throw notFound('what.order');
    const lo = toLifecycle(order);
    const due = lo.chargeFen - lo.paidFen;
    if (!lo.paid || due <= 0 || lo.paymentWaived) throw new AppError(409, 'billing.order_nothing_to_charge', { number: order.number });
    if (!['completed', 'awaiting_payment'].includes(order.state)) throw new AppError(409, 'billing.order_not_chargeable', { number: order.number });
    if (!order.unit_id) throw new AppError(409, 'billing.order_without_unit', { number: order.number });
    const result = await createServiceBill(ctx, trx, who, {
      accountId: order.unit_id,
      partyId: order.party_id,
      items: [{ description: `有偿维修 ${order.number} ${order.title}`.slice(0, 200), quantity: 1, unitPriceFen: due }],
      description: `有偿维修 ${order.number}`,
      key: `WO|${order.number}|${order.reopen_count}`,
      sourceOrderId: order.id,
    });
    if (order.state === 'completed' && result.created) {
      await transitionInTx(ctx, trx, actor, order.id, 'request_payment', { at: nowIso(), note: `已生成账单，金额 ${(due / 100).toFixed(2)} 元` });
    }
    return result;
  });
}

// ---------- late fees (滞纳金) ----------

/** Rebuilds an account's ledger state from stored bills and settlements (what replayLedger would give). */
export function stateFromRows(
  bills: readonly Pick<BillTable, 'id' | 'kind' | 'issued_on' | 'due_date' | 'amount_fen' | 'cover_start' | 'cover_end' | 'fee_item_id' | 'unit_id' | 'paid_fen' | 'written_off_fen' | 'outstanding_fen'>[],
  settlements: readonly { bill_id: string; source: Settlement['source']; source_id: string; settled_on: string; fen: number }[],
  creditFen = 0,
): AccountState {
  const byBill = new Map<string, Settlement[]>();
  for (const s of settlements) {
    const list = byBill.get(s.bill_id) ?? [];
    list.push({ billId: s.bill_id, source: s.source, sourceId: s.source_id, date: s.settled_on, fen: Number(s.fen) });
    byBill.set(s.bill_id, list);
  }
  const states: BillState[] = bills.map((b) => ({
    bill: { id: b.id, kind: b.kind === 'late_fee' ? 'late_fee' : 'charge', issuedOn: b.issued_on, dueDate: b.due_date, amountFen: Number(b.amount_fen), coverStart: b.cover_start, coverEnd: b.cover_end, feeItemId: b.fee_item_id ?? undefined, unitId: b.unit_id ?? undefined },
    paidFen: Number(b.paid_fen),
    writtenOffFen: Number(b.written_off_fen),
    outstandingFen: Number(b.outstanding_fen),
    settlements: byBill.get(b.id) ?? [],
  }));
  return {
    bills: states,
    creditFen,
    settlements: [...byBill.values()].flat(),
    totals: {
      billedFen: states.reduce((s, b) => s + b.bill.amountFen, 0),
      receivedFen: 0,
      refundedFen: 0,
      writtenOffFen: states.reduce((s, b) => s + b.writtenOffFen, 0),
      outstandingFen: states.reduce((s, b) => s + b.outstandingFen, 0),
    },
  };
}

/**
 * Assess late fees for a project as of a date: per bill, the fee accrued to date minus what was
 * already charged, booked as a late-fee bill keyed LF|bill|asOf (assessing the same day twice
 * creates nothing twice). Late-fee bills fall due on the assessment day, after their principal.
 */
export async function assessProjectLateFees(ctx: AppContext, who: Who, projectId: string, asOf: string): Promise<{ bills: number; totalFen: number }> {
  const settings = await loadSettings(ctx.store.db, projectId);
  if (!settings.lateFee?.enabled) throw new AppError(409, 'billing.late_fees_disabled');
  const rule = settings.lateFee;
  if (asOf > today()) throw new AppError(400, 'billing.future_date', { date: asOf });
  const db = ctx.store.db;
  const bills = await db.selectFrom('bills').selectAll().where('project_id', '=', projectId).where('org_id', '=', who.orgId).where('due_date', '<', asOf).execute();
  const charges = bills.filter((b) => b.kind !== 'late_fee');
  const charged: Record<string, number> = {};
  for (const b of bills) if (b.kind === 'late_fee' && b.source_bill_id) charged[b.source_bill_id] = (charged[b.source_bill_id] ?? 0) + Number(b.amount_fen);
  // Only bills still open, or settled after their grace period, can have accrued anything.
  const graceEnd = (due: string) => addDays(due, rule.graceDays);
  const settlements = await loadSettlements(db, charges.map((b) => b.id));
  const lastSettled = new Map<string, string>();
  for (const s of settlements) if ((lastSettled.get(s.bill_id) ?? '') < s.settled_on) lastSettled.set(s.bill_id, s.settled_on);
  const candidates = charges.filter((b) => Number(b.outstanding_fen) > 0 || (lastSettled.get(b.id) ?? '') > graceEnd(b.due_date) || charged[b.id]);
  const byAccount = new Map<string, BillTable[]>();
  for (const b of candidates) byAccount.set(b.account_id, [...(byAccount.get(b.account_id) ?? []), b]);
  const accountOf = new Map(candidates.map((b) => [b.id, b.account_id]));
  const settlementsByAccount = new Map<string, typeof settlements>();
  for (const s of settlements) {
    const acc = accountOf.get(s.bill_id);
    if (acc) settlementsByAccount.set(acc, [...(settlementsByAccount.get(acc) ?? []), s]);
  }
  const rows: BillTable[] = [];
  for (const [accountId, list] of byAccount) {
    const state = stateFromRows(list, settlementsByAccount.get(accountId) ?? []);
    const assessed = await guarded(() => assessLateFees(state, asOf, rule, charged));
    for (const a of assessed) {
      if (a.chargeFen <= 0) continue;
      const src = list.find((b) => b.id === a.billId)!;
      rows.push(
        billRow({
          ...src,
          id: newId(),
          liability_id: src.liability_id,
          category: 'late_fee',
          kind: 'late_fee',
          line_key: a.key,
          period_key: asOf.slice(0, 7),
          cover_start: src.cover_start,
          cover_end: src.cover_end,
          account_month: asOf.slice(0, 7),
          issued_on: asOf,
          due_date: asOf,
          gross_fen: a.chargeFen,
          discount_fen: 0,
          amount_fen: a.chargeFen,
          basis_json: JSON.stringify({ kind: 'late_fee', accruedFen: a.accruedFen, alreadyChargedFen: a.alreadyChargedFen, rule }),
          discounts_json: null,
          description: `滞纳金（截至 ${asOf}）`,
          run_id: null,
          source_bill_id: src.id,
          source_order_id: null,
          created_by: who.userId,
        }),
      );
    }
  }
  const inserted = await db.transaction().execute((trx) => issueBills(trx, ctx.store, rows));
  return { bills: inserted.length, totalFen: inserted.reduce((s, b) => s + b.amount_fen, 0) };
}

export async function loadSettlements(db: Db, billIds: readonly string[]) {
  const out: { bill_id: string; source: Settlement['source']; source_id: string; settled_on: string; fen: number }[] = [];
  for (let i = 0; i < billIds.length; i += 500) {
    const rows = await db.selectFrom('bill_settlements').select(['bill_id', 'source', 'source_id', 'settled_on', 'fen']).where('bill_id', 'in', billIds.slice(i, i + 500)).execute();
    for (const r of rows) out.push({ ...r, fen: Number(r.fen) });
  }
  return out;
}


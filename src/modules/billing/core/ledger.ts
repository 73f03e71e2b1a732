/**
 * An account's ledger (账户台账) as a fold over its events: bills issued, payments received,
 * refunds, write-offs. Payments go to the oldest outstanding bills first; what is left becomes
 * a credit balance (预存) that is applied to bills issued later. Every fen that comes in is
 * either on a bill or in the credit balance, or went back out as a refund.
 */
import { BillingError, assertFen } from './errors';
import { type DateStr, assertDate } from './dates';
import type { WriteOffRequest } from './writeOff';

/** Payment channels. Non-cash ones must carry the channel's transaction reference. */
export type PaymentMethod = 'cash' | 'bank_transfer' | 'wechat_pay' | 'alipay' | 'card' | 'other';

export const PAYMENT_METHODS: readonly PaymentMethod[] = ['cash', 'bank_transfer', 'wechat_pay', 'alipay', 'card', 'other'];

export interface Payment {
  readonly id: string;
  readonly date: DateStr;
  readonly amountFen: number;
  readonly method: PaymentMethod;
  /** Bank serial, WeChat Pay / Alipay transaction number, card slip number. */
  readonly reference?: string;
  /** Pay these bills (oldest first among them); any remainder goes to credit. */
  readonly billIds?: readonly string[];
}

export interface Refund {
  readonly id: string;
  readonly date: DateStr;
  readonly amountFen: number;
  readonly method: PaymentMethod;
  readonly reference?: string;
}

/** A bill as the ledger sees it (a planned bill line once persisted, or a late-fee charge). */
export interface LedgerBill {
  readonly id: string;
  readonly kind?: 'charge' | 'late_fee';
  readonly issuedOn: DateStr;
  readonly dueDate: DateStr;
  readonly amountFen: number;
  readonly coverStart?: DateStr;
  readonly coverEnd?: DateStr;
  readonly feeItemId?: string;
  readonly unitId?: string;
}

export type LedgerEvent =
  | { readonly type: 'bill'; readonly bill: LedgerBill }
  | { readonly type: 'payment'; readonly payment: Payment }
  | { readonly type: 'refund'; readonly refund: Refund }
  | { readonly type: 'write_off'; readonly writeOff: WriteOffRequest }
  /** Collector applies the credit balance to outstanding bills, oldest first. */
  | { readonly type: 'apply_credit'; readonly date: DateStr };

/** Money that settled (part of) a bill. */
export interface Settlement {
  readonly billId: string;
  readonly source: 'payment' | 'credit' | 'write_off';
  /** Payment id, write-off id, or 'credit'. */
  readonly sourceId: string;
  readonly date: DateStr;
  readonly fen: number;
}

export interface BillState {
  readonly bill: LedgerBill;
  readonly paidFen: number;
  readonly writtenOffFen: number;
  readonly outstandingFen: number;
  readonly settlements: readonly Settlement[];
}

export interface AccountState {
  /** In order of issue. */
  readonly bills: readonly BillState[];
  readonly creditFen: number;
  readonly settlements: readonly Settlement[];
  readonly totals: {
    readonly billedFen: number;
    readonly receivedFen: number;
    readonly refundedFen: number;
    readonly writtenOffFen: number;
    readonly outstandingFen: number;
  };
}

/** Non-cash payments need a reference so they can be reconciled against the channel. */
export function validatePayment(p: Payment | Refund): void {
  assertDate(p.date, 'payment date');
  assertFen(p.amountFen, 'amountFen');
  if (p.amountFen === 0) throw new BillingError('INVALID_AMOUNT', 'a payment or refund must be for a positive amount');
  if (!PAYMENT_METHODS.includes(p.method)) throw new BillingError('INVALID_EVENT', `unknown payment method ${String(p.method)}`, { method: p.method });
  if (p.method !== 'cash' && !(p.reference && p.reference.trim())) {
    throw new BillingError('MISSING_REFERENCE', `a ${p.method} payment needs its transaction reference`, { method: p.method });
  }
}

export interface OpenItem {
  readonly id: string;
  readonly dueDate: DateStr;
  readonly coverStart?: DateStr;
  readonly outstandingFen: number;
}

/** Oldest first: due date, then coverage start, then id (a total, deterministic order). */
export function compareOldest(a: OpenItem, b: OpenItem): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  const ac = a.coverStart ?? '';
  const bc = b.coverStart ?? '';
  if (ac !== bc) return ac < bc ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Allocates an amount to open items oldest first, each up to its outstanding amount.
 * Returns the allocations (only non-zero ones) and the unallocated remainder; the two always
 * add up to `amountFen` exactly.
 */
export function allocateOldestFirst(items: readonly OpenItem[], amountFen: number): { allocations: { billId: string; fen: number }[]; remainderFen: number } {
  assertFen(amountFen, 'amountFen');
  let left = amountFen;
  const allocations: { billId: string; fen: number }[] = [];
  for (const it of [...items].sort(compareOldest)) {
    if (left === 0) break;
    assertFen(it.outstandingFen, 'outstandingFen');
    const fen = Math.min(left, it.outstandingFen);
    if (fen > 0) {
      allocations.push({ billId: it.id, fen });
      left -= fen;
    }
  }
  return { allocations, remainderFen: left };
}

interface MutableBill {
  bill: LedgerBill;
  paidFen: number;
  writtenOffFen: number;
  settlements: Settlement[];
}

/**
 * Replays an account's events in the given order (the caller orders them by time) and
 * returns the resulting state. Throws BillingError on an impossible event: a duplicate bill
 * or payment (same id, or same method + reference, e.g. a repeated WeChat notification), a
 * refund above the credit balance, a write-off that is not approved or exceeds what is owed.
 *
 * `autoApplyCredit` (default true): a newly issued bill is first paid from the credit balance.
 */
export function replayLedger(events: readonly LedgerEvent[], options: { autoApplyCredit?: boolean } = {}): AccountState {
  const autoApplyCredit = options.autoApplyCredit ?? true;
  const bills = new Map<string, MutableBill>();
  const order: string[] = [];
  const settlements: Settlement[] = [];
  const paymentIds = new Set<string>();
  const references = new Set<string>();
  const writeOffIds = new Set<string>();
  let credit = 0;
  let received = 0;
  let refunded = 0;
  let billed = 0;
  let writtenOff = 0;

  const settle = (b: MutableBill, s: Settlement) => {
    if (s.source === 'write_off') b.writtenOffFen += s.fen;
    else b.paidFen += s.fen;
    b.settlements.push(s);
    settlements.push(s);
  };
  const open = (ids?: readonly string[]) =>
    (ids ? ids.map((id) => must(bills, id)) : order.map((id) => bills.get(id) as MutableBill)).map((b) => ({
      id: b.bill.id,
      dueDate: b.bill.dueDate,
      coverStart: b.bill.coverStart,
      outstandingFen: b.bill.amountFen - b.paidFen - b.writtenOffFen,
    }));
  const spendCredit = (date: DateStr, items: OpenItem[]) => {
    const { allocations, remainderFen } = allocateOldestFirst(items, credit);
    for (const a of allocations) settle(bills.get(a.billId) as MutableBill, { billId: a.billId, source: 'credit', sourceId: 'credit', date, fen: a.fen });
    credit = remainderFen;
  };

  for (const ev of events) {
    switch (ev.type) {
      case 'bill': {
        const b = ev.bill;
        if (bills.has(b.id)) throw new BillingError('DUPLICATE_BILL', `bill ${b.id} issued twice`, { billId: b.id });
        assertDate(b.issuedOn, 'issuedOn');
        assertDate(b.dueDate, 'dueDate');
        assertFen(b.amountFen, 'bill amountFen');
        const mb: MutableBill = { bill: b, paidFen: 0, writtenOffFen: 0, settlements: [] };
        bills.set(b.id, mb);
        order.push(b.id);
        billed += b.amountFen;
        if (autoApplyCredit && credit > 0) spendCredit(b.issuedOn, open([b.id]));
        break;
      }
      case 'payment': {
        const p = ev.payment;
        validatePayment(p);
        const ref = p.reference ? `${p.method}|${p.reference.trim()}` : null;
        if (paymentIds.has(p.id) || (ref && references.has(ref))) {
          throw new BillingError('DUPLICATE_PAYMENT', `payment ${p.id} (${p.reference ?? 'cash'}) recorded twice`, { paymentId: p.id, reference: p.reference });
        }
        paymentIds.add(p.id);
        if (ref) references.add(ref);
        received += p.amountFen;
        const { allocations, remainderFen } = allocateOldestFirst(open(p.billIds), p.amountFen);
        for (const a of allocations) settle(bills.get(a.billId) as MutableBill, { billId: a.billId, source: 'payment', sourceId: p.id, date: p.date, fen: a.fen });
        credit += remainderFen;
        break;
      }
      case 'refund': {
        const r = ev.refund;
        validatePayment(r);
        if (r.amountFen > credit) {
          throw new BillingError('INSUFFICIENT_CREDIT', `refund of ${r.amountFen} fen exceeds the credit balance of ${credit} fen`, { amountFen: r.amountFen, creditFen: credit });
        }
        credit -= r.amountFen;
        refunded += r.amountFen;
        break;
      }
      case 'write_off': {
        const w = ev.writeOff;
        if (w.status !== 'approved' || !w.decidedOn) {
          throw new BillingError('WRITE_OFF_NOT_APPROVED', `write-off ${w.id} is ${w.status}, not approved`, { id: w.id, status: w.status });
        }
        if (writeOffIds.has(w.id)) throw new BillingError('DUPLICATE_WRITE_OFF', `write-off ${w.id} applied twice`, { id: w.id });
        const b = must(bills, w.billId);
        const outstanding = b.bill.amountFen - b.paidFen - b.writtenOffFen;
        if (w.amountFen > outstanding) {
          throw new BillingError('WRITE_OFF_EXCEEDS_OUTSTANDING', `write-off of ${w.amountFen} fen exceeds the ${outstanding} fen outstanding on bill ${w.billId}`, {
            amountFen: w.amountFen,
            outstandingFen: outstanding,
          });
        }
        writeOffIds.add(w.id);
        writtenOff += w.amountFen;
        settle(b, { billId: b.bill.id, source: 'write_off', sourceId: w.id, date: w.decidedOn, fen: w.amountFen });
        break;
      }
      case 'apply_credit': {
        assertDate(ev.date, 'date');
        spendCredit(ev.date, open());
        break;
      }
      default: {
        const never: never = ev;
        throw new BillingError('INVALID_EVENT', `unknown ledger event ${JSON.stringify(never)}`);
      }
    }
  }

  const states: BillState[] = order.map((id) => {
    const b = bills.get(id) as MutableBill;
    return { bill: b.bill, paidFen: b.paidFen, writtenOffFen: b.writtenOffFen, outstandingFen: b.bill.amountFen - b.paidFen - b.writtenOffFen, settlements: b.settlements };
  });
  return {
    bills: states,
    creditFen: credit,
    settlements,
    totals: {
      billedFen: billed,
      receivedFen: received,
      refundedFen: refunded,
      writtenOffFen: writtenOff,
      outstandingFen: states.reduce((s, b) => s + b.outstandingFen, 0),
    },
  };
}

function must(bills: Map<string, MutableBill>, id: string): MutableBill {
  const b = bills.get(id);
  if (!b) throw new BillingError('UNKNOWN_BILL', `no bill ${id} on this account`, { billId: id });
  return b;
}

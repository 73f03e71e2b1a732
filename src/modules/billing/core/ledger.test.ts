import { describe, expect, it } from 'vitest';
import {
  BillingError,
  type LedgerBill,
  type LedgerEvent,
  allocateOldestFirst,
  decideWriteOff,
  replayLedger,
  requestWriteOff,
  validatePayment,
} from './index';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof BillingError) return e.code;
    throw e;
  }
  return undefined;
}

const bill = (id: string, month: string, amountFen = 10000): LedgerBill => ({
  id,
  issuedOn: `${month}-01`,
  dueDate: `${month}-01`,
  coverStart: `${month}-01`,
  amountFen,
});

describe('allocateOldestFirst', () => {
  it('fills the oldest bills first and returns the remainder', () => {
    const r = allocateOldestFirst(
      [
        { id: 'mar', dueDate: '2026-03-01', outstandingFen: 10000 },
        { id: 'jan', dueDate: '2026-01-01', outstandingFen: 10000 },
        { id: 'feb', dueDate: '2026-02-01', outstandingFen: 10000 },
      ],
      15000,
    );
    expect(r).toEqual({ allocations: [{ billId: 'jan', fen: 10000 }, { billId: 'feb', fen: 5000 }], remainderFen: 0 });
  });

  it('breaks due-date ties by coverage start, then id', () => {
    const r = allocateOldestFirst(
      [
        { id: 'b', dueDate: '2026-01-01', coverStart: '2026-01-01', outstandingFen: 100 },
        { id: 'a', dueDate: '2026-01-01', coverStart: '2026-01-01', outstandingFen: 100 },
        { id: 'z', dueDate: '2026-01-01', coverStart: '2025-12-01', outstandingFen: 100 },
      ],
      250,
    );
    expect(r.allocations).toEqual([
      { billId: 'z', fen: 100 },
      { billId: 'a', fen: 100 },
      { billId: 'b', fen: 50 },
    ]);
  });
});

describe('replayLedger', () => {
  it('partial payments, prepayment credit applied to the next bill', () => {
    const s = replayLedger([
      { type: 'bill', bill: bill('jan', '2026-01') },
      { type: 'bill', bill: bill('feb', '2026-02') },
      { type: 'bill', bill: bill('mar', '2026-03') },
      // 15 000: Jan in full, Feb 5 000
      { type: 'payment', payment: { id: 'p1', date: '2026-03-05', amountFen: 15000, method: 'cash' } },
      // 20 000: Feb 5 000, Mar 10 000, 5 000 left as credit
      { type: 'payment', payment: { id: 'p2', date: '2026-03-20', amountFen: 20000, method: 'wechat_pay', reference: '4200001234202603201234567890' } },
      // April bill takes the 5 000 credit on issue
      { type: 'bill', bill: bill('apr', '2026-04') },
    ]);
    expect(s.bills.map((b) => [b.bill.id, b.paidFen, b.outstandingFen])).toEqual([
      ['jan', 10000, 0],
      ['feb', 10000, 0],
      ['mar', 10000, 0],
      ['apr', 5000, 5000],
    ]);
    expect(s.creditFen).toBe(0);
    expect(s.bills[3].settlements).toEqual([{ billId: 'apr', source: 'credit', sourceId: 'credit', date: '2026-04-01', fen: 5000 }]);
    expect(s.totals).toEqual({ billedFen: 40000, receivedFen: 35000, refundedFen: 0, writtenOffFen: 0, outstandingFen: 5000 });
  });

  it('refunds come out of the credit balance only', () => {
    const base: LedgerEvent[] = [
      { type: 'bill', bill: bill('jan', '2026-01', 7000) },
      { type: 'payment', payment: { id: 'p1', date: '2026-01-03', amountFen: 10000, method: 'bank_transfer', reference: 'BANK-001' } },
      { type: 'refund', refund: { id: 'r1', date: '2026-01-10', amountFen: 2000, method: 'bank_transfer', reference: 'BANK-R-001' } },
    ];
    const s = replayLedger(base);
    // paid 10 000 on a 7 000 bill → 3 000 credit; refund 2 000 → 1 000
    expect(s.creditFen).toBe(1000);
    expect(s.totals.refundedFen).toBe(2000);
    const over: LedgerEvent = { type: 'refund', refund: { id: 'r2', date: '2026-01-11', amountFen: 1001, method: 'cash' } };
    expect(codeOf(() => replayLedger([...base, over]))).toBe('INSUFFICIENT_CREDIT');
  });

  it('a payment for named bills pays those first and keeps the rest as credit', () => {
    const s = replayLedger([
      { type: 'bill', bill: bill('prop', '2026-01') },
      { type: 'bill', bill: { ...bill('water', '2026-02', 3000) } },
      { type: 'payment', payment: { id: 'p', date: '2026-02-10', amountFen: 4000, method: 'alipay', reference: '2026021022001400001234567890', billIds: ['water'] } },
    ]);
    expect(s.bills.map((b) => [b.bill.id, b.outstandingFen])).toEqual([
      ['prop', 10000],
      ['water', 0],
    ]);
    expect(s.creditFen).toBe(1000);
    // the collector then applies the credit, oldest first
    const t = replayLedger([
      { type: 'bill', bill: bill('prop', '2026-01') },
      { type: 'bill', bill: { ...bill('water', '2026-02', 3000) } },
      { type: 'payment', payment: { id: 'p', date: '2026-02-10', amountFen: 4000, method: 'alipay', reference: 'X1', billIds: ['water'] } },
      { type: 'apply_credit', date: '2026-02-11' },
    ]);
    expect(t.bills[0].outstandingFen).toBe(9000);
    expect(t.creditFen).toBe(0);
  });

  it('rejects a duplicate payment by id or by channel reference', () => {
    const b: LedgerEvent = { type: 'bill', bill: bill('jan', '2026-01') };
    const p = (id: string, ref: string): LedgerEvent => ({ type: 'payment', payment: { id, date: '2026-01-02', amountFen: 100, method: 'wechat_pay', reference: ref } });
    expect(codeOf(() => replayLedger([b, p('p1', 'T1'), p('p1', 'T2')]))).toBe('DUPLICATE_PAYMENT');
    expect(codeOf(() => replayLedger([b, p('p1', 'T1'), p('p2', 'T1')]))).toBe('DUPLICATE_PAYMENT');
    expect(codeOf(() => replayLedger([b, b]))).toBe('DUPLICATE_BILL');
    expect(codeOf(() => replayLedger([p('p1', 'T1'), { type: 'payment', payment: { id: 'p2', date: '2026-01-02', amountFen: 1, method: 'cash', billIds: ['nope'] } }]))).toBe('UNKNOWN_BILL');
  });

  it('non-cash payments need a reference; amounts must be positive integers', () => {
    expect(codeOf(() => validatePayment({ id: 'p', date: '2026-01-01', amountFen: 100, method: 'wechat_pay' }))).toBe('MISSING_REFERENCE');
    expect(codeOf(() => validatePayment({ id: 'p', date: '2026-01-01', amountFen: 100, method: 'bank_transfer', reference: '  ' }))).toBe('MISSING_REFERENCE');
    expect(codeOf(() => validatePayment({ id: 'p', date: '2026-01-01', amountFen: 100, method: 'cash' }))).toBeUndefined();
    expect(codeOf(() => validatePayment({ id: 'p', date: '2026-01-01', amountFen: 0, method: 'cash' }))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => validatePayment({ id: 'p', date: '2026-01-01', amountFen: 1.5, method: 'cash' }))).toBe('INVALID_AMOUNT');
  });
});

describe('write-offs need approval', () => {
  const req = requestWriteOff({ id: 'w1', billId: 'jan', amountFen: 4000, reason: '业主去世，无继承人', requestedBy: 'collector-1', requestedOn: '2026-05-01' });
  const events = (w: typeof req): LedgerEvent[] => [
    { type: 'bill', bill: bill('jan', '2026-01') },
    { type: 'payment', payment: { id: 'p', date: '2026-02-01', amountFen: 6000, method: 'cash' } },
    { type: 'write_off', writeOff: w },
  ];

  it('a pending or rejected write-off cannot touch the ledger', () => {
    expect(req.status).toBe('pending');
    expect(codeOf(() => replayLedger(events(req)))).toBe('WRITE_OFF_NOT_APPROVED');
    const rejected = decideWriteOff(req, { approve: false, by: 'manager-1', on: '2026-05-02', canApprove: true });
    expect(rejected.status).toBe('rejected');
    expect(codeOf(() => replayLedger(events(rejected)))).toBe('WRITE_OFF_NOT_APPROVED');
  });

  it('an approved write-off settles the remaining balance', () => {
    const approved = decideWriteOff(req, { approve: true, by: 'manager-1', on: '2026-05-02', canApprove: true });
    const s = replayLedger(events(approved));
    expect(s.bills[0]).toMatchObject({ paidFen: 6000, writtenOffFen: 4000, outstandingFen: 0 });
    expect(s.totals.writtenOffFen).toBe(4000);
  });

  it('guards the approval itself', () => {
    expect(codeOf(() => decideWriteOff(req, { approve: true, by: 'collector-1', on: '2026-05-02', canApprove: true }))).toBe('WRITE_OFF_SELF_APPROVAL');
    expect(codeOf(() => decideWriteOff(req, { approve: true, by: 'collector-2', on: '2026-05-02', canApprove: false }))).toBe('WRITE_OFF_FORBIDDEN');
    expect(codeOf(() => decideWriteOff(req, { approve: true, by: 'manager-1', on: '2026-05-02', canApprove: true, limitFen: 3000 }))).toBe('WRITE_OFF_FORBIDDEN');
    const approved = decideWriteOff(req, { approve: true, by: 'manager-1', on: '2026-05-02', canApprove: true, limitFen: 5000 });
    expect(codeOf(() => decideWriteOff(approved, { approve: false, by: 'manager-2', on: '2026-05-03', canApprove: true }))).toBe('WRITE_OFF_ALREADY_DECIDED');
    expect(codeOf(() => requestWriteOff({ id: 'w', billId: 'b', amountFen: 0, reason: 'x', requestedBy: 'a', requestedOn: '2026-01-01' }))).toBe('INVALID_AMOUNT');
  });

  it('cannot write off more than is outstanding, nor apply the same write-off twice', () => {
    const big = decideWriteOff({ ...req, amountFen: 4001 }, { approve: true, by: 'manager-1', on: '2026-05-02', canApprove: true });
    expect(codeOf(() => replayLedger(events(big)))).toBe('WRITE_OFF_EXCEEDS_OUTSTANDING');
    const ok = decideWriteOff({ ...req, amountFen: 1000 }, { approve: true, by: 'manager-1', on: '2026-05-02', canApprove: true });
    expect(codeOf(() => replayLedger([...events(ok), { type: 'write_off', writeOff: ok }]))).toBe('DUPLICATE_WRITE_OFF');
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_LATE_FEE_RULE, type LateFeeRule, addDays, assessLateFees, computeLateFee, diffDays, replayLedger } from './index';

const rule: LateFeeRule = { dailyRatePercent: '0.05', graceDays: 15, capPercentOfPrincipal: '100' };

describe('computeLateFee', () => {
  it('partial payment then late fee (hand-computed)', () => {
    // 1 000 元 due 1 March, 15 days' grace → accrues from 17 March.
    // 400 元 paid on 20 March stops accrual on 400 from that day.
    //   17–19 Mar: 3 days × 100 000 = 300 000 fen·days
    //   20–31 Mar: 12 days × 60 000 = 720 000 fen·days
    //   1 020 000 × 0.05 % = 510 fen
    const r = computeLateFee({ principalFen: 100000, dueDate: '2026-03-01', reductions: [{ date: '2026-03-20', fen: 40000 }] }, '2026-03-31', rule);
    expect(r.lateFeeFen).toBe(510);
    expect(r.segments).toEqual([
      { from: '2026-03-17', to: '2026-03-19', days: 3, principalFen: 100000 },
      { from: '2026-03-20', to: '2026-03-31', days: 12, principalFen: 60000 },
    ]);
  });

  it('retroactive rules count from the due date once the grace period lapses unpaid', () => {
    // 2–19 Mar: 18 × 100 000 = 1 800 000; 20–31 Mar: 12 × 60 000 = 720 000; 2 520 000 × 0.05 % = 1 260
    const r = computeLateFee(
      { principalFen: 100000, dueDate: '2026-03-01', reductions: [{ date: '2026-03-20', fen: 40000 }] },
      '2026-03-31',
      { ...rule, retroactive: true },
    );
    expect(r.lateFeeFen).toBe(1260);
    // paid in full within the grace period: nothing, however late asOf is
    const paid = computeLateFee({ principalFen: 100000, dueDate: '2026-03-01', reductions: [{ date: '2026-03-16', fen: 100000 }] }, '2026-12-31', { ...rule, retroactive: true });
    expect(paid.lateFeeFen).toBe(0);
    // still inside the grace period: nothing yet
    expect(computeLateFee({ principalFen: 100000, dueDate: '2026-03-01' }, '2026-03-16', { ...rule, retroactive: true }).lateFeeFen).toBe(0);
  });

  it('is capped at the principal by default, or a configured percentage, or not at all', () => {
    // 1 000 fen, 3 000 days: 1 000 × 3 000 × 0.05 % = 1 500 uncapped
    const bill = { principalFen: 1000, dueDate: '2016-01-01' };
    // grace ends 2016-01-16; accrual days are the 3 000 days after it
    const asOf = addDays('2016-01-16', 3000);
    expect(diffDays('2016-01-01', asOf)).toBe(3015);
    const r = computeLateFee(bill, asOf, rule);
    expect(r.uncappedFen).toBe(1500);
    expect(r.lateFeeFen).toBe(1000);
    expect(computeLateFee(bill, asOf, { ...rule, capPercentOfPrincipal: '50' }).lateFeeFen).toBe(500);
    expect(computeLateFee(bill, asOf, { ...rule, capPercentOfPrincipal: null }).lateFeeFen).toBe(1500);
  });

  it('rounds once, half up, at the end', () => {
    const r1 = { ...rule, graceDays: 0 };
    // 333 × 1 day × 0.05 % = 0.1665 → 0
    expect(computeLateFee({ principalFen: 333, dueDate: '2026-03-01' }, '2026-03-02', r1).lateFeeFen).toBe(0);
    // 333 × 10 days × 0.05 % = 1.665 → 2
    expect(computeLateFee({ principalFen: 333, dueDate: '2026-03-01' }, '2026-03-11', r1).lateFeeFen).toBe(2);
    // 1 000 × 1 day × 0.05 % = 0.5 → 1 (tie rounds up)
    expect(computeLateFee({ principalFen: 1000, dueDate: '2026-03-01' }, '2026-03-02', r1).lateFeeFen).toBe(1);
  });

  it('nothing before the due date or grace end; the default rule is the documented one', () => {
    expect(computeLateFee({ principalFen: 100000, dueDate: '2026-03-01' }, '2026-02-20', rule).lateFeeFen).toBe(0);
    expect(computeLateFee({ principalFen: 100000, dueDate: '2026-03-01' }, '2026-03-16', rule).lateFeeFen).toBe(0);
    // first accrual day is the 17th: 100 000 × 0.05 % = 50
    expect(computeLateFee({ principalFen: 100000, dueDate: '2026-03-01' }, '2026-03-17', rule).lateFeeFen).toBe(50);
    expect(DEFAULT_LATE_FEE_RULE).toMatchObject({ dailyRatePercent: '0.05', graceDays: 15, capPercentOfPrincipal: '100' });
  });
});

describe('assessLateFees on a ledger', () => {
  it('uses the bill’s settlements and charges only the increment', () => {
    const state = replayLedger([
      { type: 'bill', bill: { id: 'mar', issuedOn: '2026-03-01', dueDate: '2026-03-01', amountFen: 100000 } },
      { type: 'payment', payment: { id: 'p1', date: '2026-03-20', amountFen: 40000, method: 'cash' } },
      { type: 'bill', bill: { id: 'lf-old', kind: 'late_fee', issuedOn: '2026-03-25', dueDate: '2026-03-25', amountFen: 300 } },
    ]);
    const a = assessLateFees(state, '2026-03-31', rule, { mar: 300 });
    // same 510 as by hand above; 300 already charged → charge 210; the late-fee bill itself accrues nothing
    expect(a).toEqual([{ billId: 'mar', accruedFen: 510, alreadyChargedFen: 300, chargeFen: 210, key: 'LF|mar|2026-03-31' }]);
  });

  it('a late fee charged later is paid after the principal (oldest first)', () => {
    const state = replayLedger([
      { type: 'bill', bill: { id: 'mar', issuedOn: '2026-03-01', dueDate: '2026-03-01', amountFen: 100000 } },
      { type: 'payment', payment: { id: 'p1', date: '2026-03-20', amountFen: 40000, method: 'cash' } },
      { type: 'bill', bill: { id: 'lf', kind: 'late_fee', issuedOn: '2026-03-31', dueDate: '2026-03-31', amountFen: 510 } },
      { type: 'payment', payment: { id: 'p2', date: '2026-04-01', amountFen: 60200, method: 'cash' } },
    ]);
    expect(state.bills.map((b) => [b.bill.id, b.outstandingFen])).toEqual([
      ['mar', 0],
      ['lf', 310],
    ]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type LedgerEvent,
  type Occupancy,
  addDays,
  allocateOldestFirst,
  applyDiscounts,
  areaMonthlyFen,
  compareOldest,
  computeLateFee,
  daysInMonth,
  planBillRun,
  prorateMonthFen,
  prorateRangeFen,
  replayLedger,
} from './index';

const fen = (max = 10_000_000) => fc.integer({ min: 0, max });
const dayOffset = fc.integer({ min: 0, max: 3650 });
const date = dayOffset.map((d) => addDays('2020-01-01', d));

describe('allocation never loses or creates a fen', () => {
  it('allocations + remainder = amount; each within its bill; oldest paid first', () => {
    const item = fc.record({ id: fc.uuid(), dueDate: date, outstandingFen: fen(100_000) });
    fc.assert(
      fc.property(fc.uniqueArray(item, { selector: (i) => i.id, maxLength: 12 }), fen(1_000_000), (items, amount) => {
        const { allocations, remainderFen } = allocateOldestFirst(items, amount);
        expect(allocations.reduce((s, a) => s + a.fen, 0) + remainderFen).toBe(amount);
        expect(remainderFen).toBeGreaterThanOrEqual(0);
        const byId = new Map(items.map((i) => [i.id, i]));
        for (const a of allocations) {
          expect(a.fen).toBeGreaterThan(0);
          expect(a.fen).toBeLessThanOrEqual(byId.get(a.billId)!.outstandingFen);
        }
        // every bill older than the newest one touched is paid in full
        const sorted = [...items].sort(compareOldest);
        const paid = new Map(allocations.map((a) => [a.billId, a.fen]));
        const lastTouched = sorted.reduce((k, it, i) => (paid.has(it.id) ? i : k), -1);
        for (let i = 0; i < lastTouched; i++) expect(paid.get(sorted[i].id) ?? 0).toBe(sorted[i].outstandingFen);
        // money is left over only when every bill is paid in full
        if (remainderFen > 0) for (const it of items) expect(paid.get(it.id) ?? 0).toBe(it.outstandingFen);
      }),
      { numRuns: 500 },
    );
  });

  it('a replayed ledger accounts for every fen', () => {
    const ev = fc.oneof(
      fc.record({ t: fc.constant('bill' as const), amount: fen(50_000), d: fc.integer({ min: 0, max: 400 }) }),
      fc.record({ t: fc.constant('payment' as const), amount: fc.integer({ min: 1, max: 80_000 }), d: fc.integer({ min: 0, max: 400 }), target: fc.boolean() }),
      fc.record({ t: fc.constant('refund' as const), amount: fc.integer({ min: 1, max: 30_000 }), d: fc.integer({ min: 0, max: 400 }) }),
      fc.record({ t: fc.constant('apply' as const), d: fc.integer({ min: 0, max: 400 }) }),
    );
    fc.assert(
      fc.property(fc.array(ev, { maxLength: 25 }), fc.boolean(), (raw, autoApplyCredit) => {
        const events: LedgerEvent[] = [];
        let credit = 0;
        const billIds: string[] = [];
        raw.forEach((e, i) => {
          const d = addDays('2026-01-01', e.d);
          if (e.t === 'bill') {
            billIds.push(`b${i}`);
            events.push({ type: 'bill', bill: { id: `b${i}`, issuedOn: d, dueDate: d, amountFen: e.amount } });
          } else if (e.t === 'payment') {
            const targets = e.target && billIds.length ? [billIds[i % billIds.length]] : undefined;
            events.push({ type: 'payment', payment: { id: `p${i}`, date: d, amountFen: e.amount, method: 'cash', billIds: targets } });
          } else if (e.t === 'refund') {
            // only refund what the credit balance holds at this point (checked by replaying)
            credit = replayLedger(events, { autoApplyCredit }).creditFen;
            if (credit > 0) events.push({ type: 'refund', refund: { id: `r${i}`, date: d, amountFen: Math.min(credit, e.amount), method: 'cash' } });
          } else {
            events.push({ type: 'apply_credit', date: d });
          }
        });
        const s = replayLedger(events, { autoApplyCredit });
        const paidOnBills = s.bills.reduce((x, b) => x + b.paidFen, 0);
        expect(s.totals.receivedFen - s.totals.refundedFen).toBe(paidOnBills + s.creditFen);
        expect(s.totals.billedFen).toBe(paidOnBills + s.totals.writtenOffFen + s.totals.outstandingFen);
        expect(s.creditFen).toBeGreaterThanOrEqual(0);
        for (const b of s.bills) {
          expect(b.outstandingFen).toBeGreaterThanOrEqual(0);
          expect(b.settlements.reduce((x, st) => x + st.fen, 0)).toBe(b.paidFen + b.writtenOffFen);
        }
        expect(s.settlements.filter((x) => x.source !== 'write_off').reduce((x, st) => x + st.fen, 0)).toBe(paidOnBills);
      }),
      { numRuns: 300 },
    );
  });
});

describe('proration', () => {
  const month = fc.record({ y: fc.integer({ min: 2000, max: 2100 }), m: fc.integer({ min: 1, max: 12 }) });

  it('a full month equals the full monthly amount', () => {
    fc.assert(
      fc.property(fen(), month, (M, { y, m }) => {
        const dim = daysInMonth(y, m);
        expect(prorateMonthFen(M, 1, dim, dim)).toBe(M);
        const start = `${y}-${String(m).padStart(2, '0')}-01`;
        expect(prorateRangeFen(M, start, addDays(start, dim - 1)).fen).toBe(M);
      }),
    );
  });

  it('the parts of a split month add up to the whole, each within one fen of exact', () => {
    fc.assert(
      fc.property(fen(), month, fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 5 }), (M, { y, m }, cutsRaw) => {
        const dim = daysInMonth(y, m);
        const cuts = [...new Set(cutsRaw.filter((c) => c < dim))].sort((a, b) => a - b);
        const bounds = [0, ...cuts, dim];
        let sum = 0;
        for (let i = 0; i + 1 < bounds.length; i++) {
          const part = prorateMonthFen(M, bounds[i] + 1, bounds[i + 1], dim);
          const exact = (M * (bounds[i + 1] - bounds[i])) / dim;
          expect(Math.abs(part - exact)).toBeLessThanOrEqual(1);
          sum += part;
        }
        expect(sum).toBe(M);
      }),
    );
  });

  it('a range split anywhere adds up to the range', () => {
    fc.assert(
      fc.property(fen(), dayOffset, fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 800 }), (M, s, len, cut) => {
        const start = addDays('2020-01-01', s);
        const end = addDays(start, len);
        const mid = addDays(start, Math.min(cut, len));
        const whole = prorateRangeFen(M, start, end).fen;
        const left = prorateRangeFen(M, start, mid).fen;
        const right = mid < end ? prorateRangeFen(M, addDays(mid, 1), end).fen : 0;
        expect(left + right).toBe(whole);
      }),
    );
  });

  it('area × price matches an independent integer computation', () => {
    // area in centi-m² a, price in fen p: fee = floor((a·p + 50) / 100)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 100_000 }), (a, p) => {
        const area = `${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
        expect(areaMonthlyFen(area, p)).toBe(Math.floor((a * p + 50) / 100));
      }),
    );
  });
});

describe('bill runs', () => {
  it('consecutive occupancies of a month are billed exactly the monthly fee, once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_999_99 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 4 }),
        (areaCenti, price, m, cutsRaw) => {
          const period = `2026-${String(m).padStart(2, '0')}`;
          const dim = daysInMonth(2026, m);
          const cuts = [...new Set(cutsRaw.filter((c) => c < dim))].sort((a, b) => a - b);
          const bounds = [0, ...cuts, dim];
          const first = `${period}-01`;
          const occ: Occupancy[] = [];
          for (let i = 0; i + 1 < bounds.length; i++) {
            occ.push({ id: `o${i}`, unitId: 'U', partyId: `p${i}`, start: addDays(first, bounds[i]), end: i + 2 === bounds.length ? null : addDays(first, bounds[i + 1] - 1) });
          }
          const area = (areaCenti / 100).toFixed(2);
          const units = [{ id: 'U', projectId: 'P', kind: 'r', areaM2: area }];
          const items = [{ id: 'F', projectId: 'P', name: 'fee', category: 'property', kind: 'area' as const, cycle: 'monthly' as const, unitPriceFen: price }];
          const plan = planBillRun(period, units, occ, items, []);
          const monthly = areaMonthlyFen(area, price);
          expect(plan.issues).toEqual([]);
          expect(plan.lines.reduce((s, l) => s + l.amountFen, 0)).toBe(monthly);
          expect(new Set(plan.lines.map((l) => l.key)).size).toBe(plan.lines.length);
          const again = planBillRun(period, units, occ, items, plan.lines.map((l) => l.key));
          expect(again.lines).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('discounts and late fees', () => {
  it('discount + net = gross and net ≥ 0', () => {
    const d = fc.oneof(
      fc.record({ kind: fc.constant('percent' as const), percentOff: fc.integer({ min: 0, max: 10000 }).map((x) => (x / 100).toFixed(2)) }),
      fc.record({ kind: fc.constant('fixed' as const), amountFen: fen(100_000) }),
    );
    fc.assert(
      fc.property(fen(), fc.array(d, { maxLength: 4 }), (gross, ds) => {
        const r = applyDiscounts(gross, ds.map((x, i) => ({ id: `d${i}`, ...x })));
        expect(r.discountFen + r.netFen).toBe(gross);
        expect(r.netFen).toBeGreaterThanOrEqual(0);
        expect(r.applied.reduce((s, a) => s + a.fen, 0)).toBe(r.discountFen);
      }),
    );
  });

  it('late fees never decrease with time, never exceed the cap, and paying earlier never costs more', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 60 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 200 }),
        (principal, grace, retroactive, t, payDay, earlier) => {
          const rule = { dailyRatePercent: '0.05', graceDays: grace, retroactive, capPercentOfPrincipal: '100' };
          const due = '2024-01-01';
          const asOf = addDays(due, t);
          const pay = { date: addDays(due, payDay), fen: Math.ceil(principal / 2) };
          const fee = (a: string, p = pay) => computeLateFee({ principalFen: principal, dueDate: due, reductions: [p] }, a, rule).lateFeeFen;
          expect(fee(addDays(asOf, 1))).toBeGreaterThanOrEqual(fee(asOf));
          expect(fee(asOf)).toBeLessThanOrEqual(principal);
          expect(fee(asOf, { ...pay, date: addDays(pay.date, -earlier) })).toBeLessThanOrEqual(fee(asOf));
        },
      ),
      { numRuns: 300 },
    );
  });
});

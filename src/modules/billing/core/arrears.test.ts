import { describe, expect, it } from 'vitest';
import { type ArrearsItem, addDays, agingReport, arrearsItemsFromLedger, monthsInArrears, overdueFen, replayLedger } from './index';

const asOf = '2026-12-31';
const aged = (daysPastDue: number, fen = 100, id = `d${daysPastDue}`): ArrearsItem => ({ billId: id, dueDate: addDays(asOf, -daysPastDue), outstandingFen: fen });

describe('agingReport', () => {
  it('puts each bucket boundary in the right bucket', () => {
    const items = [0, 1, 30, 31, 60, 61, 90, 91, 180, 181, 365, 366, 2000].map((d) => aged(d));
    const r = agingReport([...items, aged(-5, 700, 'future'), aged(45, 0, 'paid')], asOf);
    expect(r.buckets.map((b) => [b.label, b.count, b.fen])).toEqual([
      ['0-30', 2, 200], // 1, 30
      ['31-60', 2, 200], // 31, 60
      ['61-90', 2, 200], // 61, 90
      ['91-180', 2, 200], // 91, 180
      ['181-365', 2, 200], // 181, 365
      ['>365', 2, 200], // 366, 2000
    ]);
    // due today (0 days) and not yet due are outstanding but not overdue
    expect(r.notDueFen).toBe(800);
    expect(r.overdueFen).toBe(1200);
    expect(r.oldestDaysPastDue).toBe(2000);
    expect(overdueFen([...items, aged(-5, 700)], asOf)).toBe(1200);
  });

  it('rejects buckets with gaps', () => {
    expect(() => agingReport([], asOf, [{ label: 'a', minDays: 1, maxDays: 10 }, { label: 'b', minDays: 12, maxDays: Infinity }])).toThrow(/contiguous/);
    expect(() => agingReport([], asOf, [{ label: 'a', minDays: 1, maxDays: 10 }])).toThrow(/open-ended/);
  });
});

describe('monthsInArrears', () => {
  it('counts distinct calendar months charged for by overdue bills', () => {
    const items: ArrearsItem[] = [
      { billId: 'prop-jan', dueDate: '2026-01-15', outstandingFen: 100, coverStart: '2026-01-01', coverEnd: '2026-01-31' },
      { billId: 'water-jan', dueDate: '2026-02-04', outstandingFen: 100, coverStart: '2026-01-01', coverEnd: '2026-01-31' },
      { billId: 'prop-feb', dueDate: '2026-02-15', outstandingFen: 100, coverStart: '2026-02-01', coverEnd: '2026-02-28' },
      { billId: 'prop-mar', dueDate: '2026-03-15', outstandingFen: 100, coverStart: '2026-03-01', coverEnd: '2026-03-31' },
      { billId: 'paid', dueDate: '2025-12-15', outstandingFen: 0, coverStart: '2025-12-01', coverEnd: '2025-12-31' },
    ];
    // on 15 Feb the February bill is due today, not yet overdue: January only
    expect(monthsInArrears(items, '2026-02-15')).toBe(1);
    // on 16 Feb: January and February
    expect(monthsInArrears(items, '2026-02-16')).toBe(2);
    expect(monthsInArrears(items, '2026-03-16')).toBe(3);
    // an unpaid quarterly bill is three months
    expect(monthsInArrears([{ billId: 'q', dueDate: '2026-01-01', outstandingFen: 1, coverStart: '2026-01-01', coverEnd: '2026-03-31' }], '2026-01-02')).toBe(3);
  });
});

describe('from a ledger to the dunning ladder input', () => {
  it('partly paid months stay in arrears, paid ones drop out', () => {
    const bill = (id: string, m: string) => ({ id, issuedOn: `2026-${m}-01`, dueDate: `2026-${m}-15`, coverStart: `2026-${m}-01`, coverEnd: `2026-${m}-28`, amountFen: 10000 });
    const state = replayLedger([
      { type: 'bill', bill: bill('jan', '01') },
      { type: 'bill', bill: bill('feb', '02') },
      { type: 'bill', bill: bill('mar', '03') },
      // pays January and half of February
      { type: 'payment', payment: { id: 'p', date: '2026-03-01', amountFen: 15000, method: 'cash' } },
    ]);
    const items = arrearsItemsFromLedger(state);
    expect(items.map((i) => [i.billId, i.outstandingFen])).toEqual([
      ['feb', 5000],
      ['mar', 10000],
    ]);
    // 16 March: February and March past due → 2 months, 15 000 overdue
    expect(monthsInArrears(items, '2026-03-16')).toBe(2);
    expect(overdueFen(items, '2026-03-16')).toBe(15000);
  });
});

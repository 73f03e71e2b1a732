import { describe, expect, it } from 'vitest';
import { type ReceivableRecord, collectionRate, collectionReport, householdCollectionRate } from './index';

/*
 * Fixture: project P1, March 2026. Phase PH1 = building B1 (collector c1): units u1, u2.
 * Phase PH2 = building B2 (collector c2): units u3, u4. Fee items F1 property, F2 water.
 *
 *   unit fee  amount  received (date)              by 31 Mar
 *   u1   F1   10 000  10 000 (03-10)               10 000
 *   u1   F2    2 000   2 000 (03-12)                2 000
 *   u2   F1   12 000   6 000 (03-20)                6 000   ← arrears
 *   u2   F2    1 500       0                            0   ← arrears
 *   u3   F1    8 000   8 000 (03-05)                8 000
 *   u3   F2    1 000   1 000 (03-31, cut-off day)   1 000
 *   u4   F1    9 000   4 500 (04-05, after cut-off)     0   ← arrears
 *   u1   F1   10 000  (February bill, outside the March report)
 */
const r = (billId: string, unitId: string, feeItemId: string, amountFen: number, receipts: [string, number][], month = '2026-03'): ReceivableRecord => {
  const ph1 = unitId === 'u1' || unitId === 'u2';
  return {
    billId,
    unitId,
    projectId: 'P1',
    phaseId: ph1 ? 'PH1' : 'PH2',
    buildingId: ph1 ? 'B1' : 'B2',
    collectorId: ph1 ? 'c1' : 'c2',
    feeItemId,
    month,
    amountFen,
    receipts: receipts.map(([date, fen]) => ({ date, fen })),
  };
};

const records: ReceivableRecord[] = [
  r('b1', 'u1', 'F1', 10000, [['2026-03-10', 10000]]),
  r('b2', 'u1', 'F2', 2000, [['2026-03-12', 2000]]),
  r('b3', 'u2', 'F1', 12000, [['2026-03-20', 6000]]),
  r('b4', 'u2', 'F2', 1500, []),
  r('b5', 'u3', 'F1', 8000, [['2026-03-05', 8000]]),
  r('b6', 'u3', 'F2', 1000, [['2026-03-31', 1000]]),
  r('b7', 'u4', 'F1', 9000, [['2026-04-05', 4500]]),
  r('b0', 'u1', 'F1', 10000, [], '2026-02'),
];
const march = { fromMonth: '2026-03', toMonth: '2026-03', cutoff: '2026-03-31' } as const;

describe('collection rate 收费率 and household collection rate 户收费率', () => {
  it('totals by hand', () => {
    const { total } = collectionReport(records, { ...march, groupBy: [] });
    // receivable = 10 000 + 2 000 + 12 000 + 1 500 + 8 000 + 1 000 + 9 000 = 43 500
    // received   = 10 000 + 2 000 +  6 000 +     0 + 8 000 + 1 000 +     0 = 27 000
    expect(total.receivableFen).toBe(43500);
    expect(total.receivedFen).toBe(27000);
    expect(total.outstandingFen).toBe(16500);
    expect(total.rate).toBeCloseTo(27000 / 43500, 12); // 62.07 %
    // billed u1 u2 u3 u4 = 4; in arrears u2 u4 = 2 → (4 − 2) / 4 = 50 %
    expect([total.unitsBilled, total.unitsInArrears]).toEqual([4, 2]);
    expect(total.householdRate).toBe(0.5);
  });

  it('by phase, with plan vs actual', () => {
    const { rows } = collectionReport(records, {
      ...march,
      groupBy: ['phaseId'],
      plans: [{ group: { phaseId: 'PH1' }, targetRate: '0.93', plannedFen: 20000 }],
    });
    // PH1: receivable 10 000 + 2 000 + 12 000 + 1 500 = 25 500; received 18 000 → 70.59 %
    //      units u1 u2, arrears u2 → 1/2
    // PH2: receivable 8 000 + 1 000 + 9 000 = 18 000; received 9 000 → 50 %; arrears u4 → 1/2
    expect(rows.map((x) => [x.group.phaseId, x.receivableFen, x.receivedFen, x.unitsBilled, x.unitsInArrears])).toEqual([
      ['PH1', 25500, 18000, 2, 1],
      ['PH2', 18000, 9000, 2, 1],
    ]);
    expect(rows[0].rate).toBeCloseTo(18000 / 25500, 12);
    expect(rows[1].rate).toBe(0.5);
    expect(rows[0].plan?.targetRate).toBe(0.93);
    expect(rows[0].plan?.rateGap).toBeCloseTo(18000 / 25500 - 0.93, 12);
    // received 18 000 against a plan of 20 000
    expect(rows[0].plan?.amountGapFen).toBe(-2000);
    expect(rows[1].plan).toBeUndefined();
  });

  it('by fee item: a unit counts as billed / in arrears per item', () => {
    const { rows } = collectionReport(records, { ...march, groupBy: ['feeItemId'] });
    // F1: 39 000 receivable, 24 000 received; units u1..u4, arrears u2 u4 → 2/4
    // F2:  4 500 receivable,  3 000 received; units u1 u2 u3, arrears u2 → 2/3
    expect(rows.map((x) => [x.group.feeItemId, x.receivableFen, x.receivedFen, x.unitsBilled, x.unitsInArrears])).toEqual([
      ['F1', 39000, 24000, 4, 2],
      ['F2', 4500, 3000, 3, 1],
    ]);
    expect(rows[1].householdRate).toBeCloseTo(2 / 3, 12);
  });

  it('by collector and month, and without a cut-off', () => {
    const { rows } = collectionReport(records, { groupBy: ['collectorId', 'month'] });
    // no cut-off: u4's 4 500 on 5 April counts; February is its own row
    expect(rows.map((x) => [x.group.collectorId, x.group.month, x.receivableFen, x.receivedFen, x.unitsInArrears])).toEqual([
      ['c1', '2026-02', 10000, 0, 1],
      ['c1', '2026-03', 25500, 18000, 1],
      ['c2', '2026-03', 18000, 13500, 1],
    ]);
  });

  it('write-offs leave the receivable by default, or stay as unpaid', () => {
    const recs: ReceivableRecord[] = [
      { ...r('w1', 'u4', 'F1', 9000, [['2026-03-10', 4500]]), writeOffs: [{ date: '2026-03-30', fen: 4500 }] },
      r('w2', 'u3', 'F1', 8000, [['2026-03-05', 8000]]),
    ];
    const ex = collectionReport(recs, { ...march, groupBy: [] }).total;
    // receivable 9 000 − 4 500 + 8 000 = 12 500, received 12 500: 100 %, nobody in arrears
    expect([ex.receivableFen, ex.receivedFen, ex.rate, ex.unitsInArrears, ex.outstandingFen]).toEqual([12500, 12500, 1, 0, 0]);
    const keep = collectionReport(recs, { ...march, groupBy: [], writeOffs: 'keep' }).total;
    // receivable 17 000, received 12 500; u4 counts as in arrears
    expect([keep.receivableFen, keep.receivedFen, keep.unitsInArrears, keep.householdRate]).toEqual([17000, 12500, 1, 0.5]);
  });

  it('rates of nothing are null, not NaN', () => {
    expect(collectionRate(0, 0)).toBeNull();
    expect(householdCollectionRate(0, 0)).toBeNull();
    expect(collectionReport([], { groupBy: ['projectId'] }).total.rate).toBeNull();
    expect(() => householdCollectionRate(1, 2)).toThrow();
  });

  it('refuses records that received more than their amount', () => {
    expect(() => collectionReport([r('x', 'u1', 'F1', 100, [['2026-03-01', 101]])], { groupBy: [] })).toThrow(/exceeds/);
  });
});

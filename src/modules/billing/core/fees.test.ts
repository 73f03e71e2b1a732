import { describe, expect, it } from 'vitest';
import {
  BillingError,
  applyDiscounts,
  areaMonthlyFen,
  meterConsumption,
  meteredChargeFen,
  prorateMonthFen,
  prorateRangeFen,
  rangeMonthsRatio,
  serviceChargeFen,
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

describe('area × unit price', () => {
  it('rounds half up to the fen once per month', () => {
    // 89.57 m² × 280 fen = 25 079.6 → 25 080
    expect(areaMonthlyFen('89.57', 280)).toBe(25080);
    // 88.45 × 190 = 16 805.5 exactly: a tie, rounds up → 16 806
    expect(areaMonthlyFen('88.45', '190')).toBe(16806);
    // 100.25 × 150.5 = 15 087.625 → 15 088
    expect(areaMonthlyFen('100.25', '150.5')).toBe(15088);
    // 120 × 280 = 33 600
    expect(areaMonthlyFen(120, 280)).toBe(33600);
  });

  it('is exact where binary floats are not', () => {
    // In floats 1.15 * 100 = 114.99999999999999; the decimal product is 115.
    expect(1.15 * 100).not.toBe(115);
    expect(areaMonthlyFen(1.15, 100)).toBe(115);
    // 0.29 m² × 50 fen = 14.5 → 15 (float gives 14.499999999999998 → 14)
    expect(Math.round(0.29 * 50)).toBe(14);
    expect(areaMonthlyFen(0.29, 50)).toBe(15);
  });

  it('rejects areas with more than 2 decimals, negatives and exponents', () => {
    expect(codeOf(() => areaMonthlyFen('89.575', 280))).toBe('INVALID_DECIMAL');
    expect(codeOf(() => areaMonthlyFen('-1', 280))).toBe('INVALID_DECIMAL');
    expect(codeOf(() => areaMonthlyFen(1e21, 280))).toBe('INVALID_DECIMAL');
    expect(codeOf(() => areaMonthlyFen('abc', 280))).toBe('INVALID_DECIMAL');
    // trailing zeros add no precision
    expect(areaMonthlyFen('89.5700', 280)).toBe(25080);
  });
});

describe('proration by days', () => {
  it('mid-month move-in and move-out split a month exactly', () => {
    // March 2026 has 31 days; monthly fee 25 080.
    // Move-out after the 14th: R(25 080 × 14 / 31) = R(11 326.45…) = 11 326
    expect(prorateMonthFen(25080, 1, 14, 31)).toBe(11326);
    // Move-in on the 15th: R(25 080 × 31/31) − R(25 080 × 14/31) = 25 080 − 11 326 = 13 754
    // (exact 25 080 × 17 / 31 = 13 753.55, within one fen)
    expect(prorateMonthFen(25080, 15, 31, 31)).toBe(13754);
    expect(prorateMonthFen(25080, 1, 14, 31) + prorateMonthFen(25080, 15, 31, 31)).toBe(25080);
    // February 2026 (28 days), move-in on the 15th: 25 080 − R(25 080 × 14/28) = 12 540
    expect(prorateMonthFen(25080, 15, 28, 28)).toBe(12540);
  });

  it('prorates a range across months on each month’s own day count', () => {
    // Q1 2026 from 15 Feb: Feb 12 540 + Mar 25 080 = 37 620
    const r = prorateRangeFen(25080, '2026-02-15', '2026-03-31');
    expect(r.fen).toBe(37620);
    expect(r.months.map((m) => [m.month, m.fromDay, m.toDay, m.fen])).toEqual([
      ['2026-02', 15, 28, 12540],
      ['2026-03', 1, 31, 25080],
    ]);
    // 14/28 + 31/31 = 1.5 months
    const months = rangeMonthsRatio('2026-02-15', '2026-03-31');
    expect(Number(months.num) / Number(months.den)).toBe(1.5);
  });

  it('rejects impossible day ranges', () => {
    expect(codeOf(() => prorateMonthFen(100, 0, 10, 31))).toBe('INVALID_RANGE');
    expect(codeOf(() => prorateMonthFen(100, 10, 9, 31))).toBe('INVALID_RANGE');
    expect(codeOf(() => prorateMonthFen(100, 1, 31, 30))).toBe('INVALID_RANGE');
    expect(codeOf(() => prorateRangeFen(100, '2026-03-10', '2026-03-09'))).toBe('INVALID_RANGE');
    expect(codeOf(() => prorateRangeFen(100, '2026-02-30', '2026-03-09'))).toBe('INVALID_DATE');
  });
});

describe('metered consumption', () => {
  it('consumption = current − previous, times price, rounded half up', () => {
    expect(meterConsumption('1234.5', '1357.9')).toBe('123.4');
    // 123.4 kWh × 52.83 fen (0.5283 元) = 6 519.222 → 6 519
    expect(meteredChargeFen('123.4', '52.83')).toBe(6519);
    // water 12 t × 345 fen = 4 140
    expect(meteredChargeFen(meterConsumption(100, 112), 345)).toBe(4140);
    // CT meter ×40: 12.5 × 40 × 52.83 = 26 415
    expect(meteredChargeFen('12.5', '52.83', 40)).toBe(26415);
  });

  it('a decreasing reading is an explicit error, never a guess', () => {
    expect(codeOf(() => meterConsumption('9990', '20'))).toBe('METER_READING_DECREASED');
  });

  it('an explicit replacement adds old-meter and new-meter consumption', () => {
    // (9999.5 − 9990) + (20 − 0) = 29.5
    expect(meterConsumption('9990', '20', { oldFinal: '9999.5', newInitial: '0' })).toBe('29.5');
    expect(codeOf(() => meterConsumption('9990', '20', { oldFinal: '9980', newInitial: '0' }))).toBe('METER_REPLACEMENT_INVALID');
    expect(codeOf(() => meterConsumption('9990', '20', { oldFinal: '9999', newInitial: '25' }))).toBe('METER_REPLACEMENT_INVALID');
  });
});

describe('discounts', () => {
  it('prepay a year at 5 % off', () => {
    // 12 × 25 080 = 300 960; 5 % = 15 048; net 285 912
    expect(applyDiscounts(300960, [{ id: 'prepay', kind: 'percent', percentOff: '5' }])).toEqual({
      discountFen: 15048,
      netFen: 285912,
      applied: [{ discountId: 'prepay', fen: 15048 }],
    });
  });

  it('applies discounts in order to what is left, rounding half up', () => {
    // 10 000 − 10 % (1 000) = 9 000, − 500 fixed = 8 500
    const r = applyDiscounts(10000, [
      { id: 'a', kind: 'percent', percentOff: 10 },
      { id: 'b', kind: 'fixed', amountFen: 500 },
    ]);
    expect(r.netFen).toBe(8500);
    // 12 345 × 5 % = 617.25 → 617; 10 × 5 % = 0.5 → 1
    expect(applyDiscounts(12345, [{ id: 'p', kind: 'percent', percentOff: 5 }]).discountFen).toBe(617);
    expect(applyDiscounts(10, [{ id: 'p', kind: 'percent', percentOff: 5 }]).discountFen).toBe(1);
  });

  it('never goes below zero and rejects over 100 %', () => {
    expect(applyDiscounts(300, [{ id: 'f', kind: 'fixed', amountFen: 500 }])).toMatchObject({ netFen: 0, discountFen: 300 });
    expect(codeOf(() => applyDiscounts(300, [{ id: 'p', kind: 'percent', percentOff: '100.01' }]))).toBe('INVALID_DECIMAL');
    expect(applyDiscounts(300, [{ id: 'p', kind: 'percent', percentOff: '100' }]).netFen).toBe(0);
  });
});

describe('one-off paid services', () => {
  it('rounds each line and sums the lines', () => {
    // labour 1 × 5 000; pipe 2.5 m × 1 280 = 3 200; fittings 3 × 333.5 = 1 000.5 → 1 001
    const r = serviceChargeFen([
      { description: 'labour', quantity: 1, unitPriceFen: 5000 },
      { description: 'PPR pipe (m)', quantity: '2.5', unitPriceFen: 1280 },
      { description: 'fittings', quantity: 3, unitPriceFen: '333.5' },
    ]);
    expect(r.lines.map((l) => l.fen)).toEqual([5000, 3200, 1001]);
    expect(r.totalFen).toBe(9201);
  });
});

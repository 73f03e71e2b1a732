import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BillingError, addDays, businessDate, formatReceiptNo, parseReceiptNo } from './index';

describe('receipt numbers', () => {
  it('SK + yyyymmdd + 4-digit daily sequence', () => {
    expect(formatReceiptNo('2026-03-15', 1)).toBe('SK202603150001');
    expect(formatReceiptNo('2026-03-15', 9999)).toBe('SK202603159999');
    expect(formatReceiptNo('2026-03-15', 42, { prefix: 'TK', width: 6 })).toBe('TK20260315000042');
  });

  it('refuses overflow and nonsense rather than producing an ambiguous number', () => {
    expect(() => formatReceiptNo('2026-03-15', 10000)).toThrow(BillingError);
    expect(() => formatReceiptNo('2026-03-15', 0)).toThrow(/positive/);
    expect(() => formatReceiptNo('2026-02-30', 1)).toThrow(/calendar date/);
    expect(() => formatReceiptNo('2026-03-15', 1, { prefix: 'sk' })).toThrow(/prefix/);
    expect(() => parseReceiptNo('SK202602300001')).toThrow(/impossible date/);
    expect(() => parseReceiptNo('SK20260315001')).toThrow(/not a receipt/);
    expect(() => parseReceiptNo('SK202603150000')).toThrow(/start at 1/);
  });

  it('parse is the inverse of format', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40000 }), fc.integer({ min: 1, max: 9999 }), (d, seq) => {
        const date = addDays('2000-01-01', d);
        expect(parseReceiptNo(formatReceiptNo(date, seq))).toEqual({ date, sequence: seq });
      }),
    );
  });

  it('the receipt date is the business date in Asia/Shanghai', () => {
    // 16:30 UTC on 14 March is 00:30 on 15 March in Shanghai
    expect(businessDate('2026-03-14T16:30:00Z')).toBe('2026-03-15');
    expect(businessDate('2026-03-14T15:59:59Z')).toBe('2026-03-14');
  });
});

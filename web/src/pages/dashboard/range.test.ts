import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { businessDate } from '../../format';
import { addDays, belowTarget, rangeFor, shanghaiMidnight } from './range';

describe('dashboard ranges', () => {
  it('start at midnight in Shanghai and end at the next midnight after today', () => {
    // 2026-03-01 23:30 in Shanghai is still 1 March there although it is 15:30 UTC.
    const now = new Date('2026-03-01T15:30:00Z');
    expect(rangeFor('today', now)).toEqual({ from: '2026-02-28T16:00:00.000Z', to: '2026-03-01T16:00:00.000Z', firstDay: '2026-03-01', lastDay: '2026-03-01' });
    expect(rangeFor('month', now).firstDay).toBe('2026-03-01');
    expect(rangeFor('7d', now).firstDay).toBe('2026-02-23');
  });
  it('cover exactly n whole business days that include now', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), fc.constantFrom('today', '7d', '30d') as fc.Arbitrary<'today' | '7d' | '30d'>, (now, key) => {
        const r = rangeFor(key, now);
        const days = { today: 1, '7d': 7, '30d': 30 }[key];
        expect(Date.parse(r.to) - Date.parse(r.from)).toBe(days * 86_400_000);
        expect(Date.parse(r.from)).toBeLessThanOrEqual(now.getTime());
        expect(Date.parse(r.to)).toBeGreaterThan(now.getTime());
        expect(businessDate(r.from)).toBe(r.firstDay);
      }),
    );
  });
  it('count calendar days across month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(shanghaiMidnight('2025-01-01')).toBe('2024-12-31T16:00:00.000Z');
  });
  it('flags a KPI under its target, not one without data or without a target', () => {
    expect(belowTarget({ value: 0.9, target: 0.98 })).toBe(true);
    expect(belowTarget({ value: 0.99, target: 0.98 })).toBe(false);
    expect(belowTarget({ value: null, target: 0.98 })).toBe(false);
    expect(belowTarget({ value: 0.5 })).toBe(false);
  });
});

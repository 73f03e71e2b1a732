import { describe, expect, it } from 'vitest';
import { reforecastDay } from './intraday';

describe('intraday re-forecast', () => {
  it('scales the rest of the day by the actual/forecast ratio, shrunk toward 1 by the volume seen', () => {
    const fc = [100, 100, 100, 100];
    const r = reforecastDay(fc, [150, 150, null, null], 2);
    expect(r.seenForecast).toBe(200);
    expect(r.seenActual).toBe(300);
    expect(r.ratio).toBe(1.5);
    expect(r.weight).toBeCloseTo(200 / 300, 12);
    expect(r.factor).toBeCloseTo(1 + (2 / 3) * 0.5, 12);
    expect(r.values.slice(0, 2)).toEqual([150, 150]);
    expect(r.values[2]).toBeCloseTo(100 * r.factor, 12);
  });

  it('trusts a busy morning more than a quiet one, and changes nothing before the first interval ends', () => {
    const small = reforecastDay([5, 5, 5], [10, null, null], 1);
    const large = reforecastDay([500, 500, 500], [1000, null, null], 1);
    expect(small.ratio).toBe(2);
    expect(large.ratio).toBe(2);
    expect(small.factor).toBeLessThan(1.1);
    expect(large.factor).toBeGreaterThan(1.8);
    const none = reforecastDay([5, 5], [null, null], 0);
    expect(none.factor).toBe(1);
    expect(none.values).toEqual([5, 5]);
    // A past interval without data counts as zero calls.
    expect(reforecastDay([50, 50], [null, null], 1).factor).toBeLessThan(1);
    expect(reforecastDay([50, 50], [null, null], 1, { priorCalls: 0 }).factor).toBe(0);
    expect(() => reforecastDay([1], [1], 1, { priorCalls: -1 })).toThrow(RangeError);
  });
});

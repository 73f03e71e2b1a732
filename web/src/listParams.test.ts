import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_PAGE_SIZE, oneOf, PAGE_SIZES, parsePaging, text, toSearchParams } from './listParams';

describe('list URL parameters', () => {
  it('falls back to safe paging for hand-edited URLs', () => {
    for (const q of ['page=0', 'page=-3', 'page=1.5', 'page=abc', 'pageSize=7', 'pageSize=100000', '']) {
      const p = parsePaging(new URLSearchParams(q));
      expect(p.page).toBeGreaterThanOrEqual(1);
      expect(PAGE_SIZES).toContain(p.pageSize);
    }
    expect(parsePaging(new URLSearchParams('page=3&pageSize=50'))).toEqual({ page: 3, pageSize: 50 });
  });
  it('accepts only known values for enumerations', () => {
    const p = new URLSearchParams('state=occupied&type=castle&q=%20%20');
    expect(oneOf(p, 'state', ['vacant', 'occupied'] as const)).toBe('occupied');
    expect(oneOf(p, 'type', ['residence'] as const)).toBeUndefined();
    expect(text(p, 'q')).toBeUndefined();
  });
  it('round-trips filters and paging, leaving defaults out of the URL', () => {
    fc.assert(
      fc.property(
        fc.record({ q: fc.option(fc.string({ minLength: 1 }).filter((s) => s.trim() === s && s !== ''), { nil: undefined }), page: fc.integer({ min: 1, max: 500 }), pageSize: fc.constantFrom(...PAGE_SIZES) }),
        (v) => {
          const sp = toSearchParams(v);
          expect(parsePaging(sp)).toEqual({ page: v.page, pageSize: v.pageSize });
          expect(text(sp, 'q')).toBe(v.q);
          expect(sp.has('page')).toBe(v.page !== 1);
          expect(sp.has('pageSize')).toBe(v.pageSize !== DEFAULT_PAGE_SIZE);
        },
      ),
    );
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fenToYuanInput, parseNumberList, percentToShare, yuanToFen } from './opsMoney';

describe('yuanToFen', () => {
  it('reads yuan exactly, without float rounding', () => {
    expect(yuanToFen('0.29')).toBe(29);
    expect(yuanToFen('1,234.5')).toBe(123450);
    expect(yuanToFen('¥30')).toBe(3000);
    expect(yuanToFen(' 12.05 ')).toBe(1205);
    expect(yuanToFen(7)).toBe(700);
  });
  it('refuses what is not a non-negative amount with at most two decimals', () => {
    for (const bad of ['', '-1', '1.234', 'abc', '1e3', '.5.', null, undefined]) expect(yuanToFen(bad as string)).toBeNull();
  });
  it('round-trips every amount through the input format', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (fen) => yuanToFen(fenToYuanInput(fen)) === fen));
  });
});

describe('parseNumberList', () => {
  it('splits on spaces, tabs, new lines and commas of either width, and reports the rest', () => {
    expect(parseNumberList('1 2\t3\n4,5，6;7、8')).toEqual({ values: [1, 2, 3, 4, 5, 6, 7, 8], bad: [] });
    expect(parseNumberList('1.5 x 2 3a')).toEqual({ values: [1.5, 2], bad: ['x', '3a'] });
    expect(parseNumberList('  ')).toEqual({ values: [], bad: [] });
  });
  it('keeps every number it is given, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 50 }), fc.constantFrom(' ', ',', '\n', '\t'), (xs, sep) => {
        expect(parseNumberList(xs.join(sep)).values).toEqual(xs);
      }),
    );
  });
});

describe('percentToShare', () => {
  it('turns 0–100 (with or without %) into a share', () => {
    expect(percentToShare('80')).toBe(0.8);
    expect(percentToShare('7.5%')).toBe(0.075);
    expect(percentToShare(100)).toBe(1);
    expect(percentToShare('101')).toBeNull();
    expect(percentToShare('')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { businessDate, fenToYuanString, formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from './format';

const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;

describe('fenToYuanString', () => {
  it('is exact for every safe integer: the digits are the fen digits with a point before the last two', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (fen) => {
        const s = fenToYuanString(fen);
        expect(s).toMatch(/^-?\d+\.\d{2}$/);
        expect(BigInt(s.replace('.', ''))).toBe(BigInt(fen));
      }),
    );
  });
  it('handles bigint and refuses fractions of a fen', () => {
    expect(fenToYuanString(12345678901234567890n)).toBe('123456789012345678.90');
    expect(fenToYuanString(-5)).toBe('-0.05');
    expect(() => fenToYuanString(1.5)).toThrow(RangeError);
  });
});

describe('formatMoney', () => {
  it('shows yuan with two decimals and grouping in every UI language', () => {
    for (const l of LOCALES) {
      const s = formatMoney(123456789, l);
      expect(s).toContain('1,234,567.89');
      expect(s).toMatch(/¥/);
    }
  });
  it('never loses a fen to float rounding (the digits round-trip)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 13 }), fc.constantFrom(...LOCALES), (fen, l) => {
        const digits = formatMoney(fen, l).replace(/\D/g, '');
        expect(BigInt(digits)).toBe(BigInt(fen));
      }),
    );
  });
  it('marks negative amounts (refunds) as negative', () => {
    expect(formatMoney(-1005, 'zh-CN')).toMatch(/^-|−/);
    expect(formatMoney(-1005, 'zh-CN').replace(/\D/g, '')).toBe('1005');
  });
});

describe('dates and times', () => {
  it('shows a UTC instant in Shanghai time (UTC+8, no daylight saving)', () => {
    // 16:30 UTC on 1 Jan is 00:30 on 2 Jan in Shanghai.
    const s = formatDateTime('2026-01-01T16:30:00.000Z', 'zh-CN');
    expect(s).toContain('2026');
    expect(s).toMatch(/01\D+02|02\D+01/);
    expect(s).toContain('00:30');
    expect(businessDate('2026-01-01T16:30:00.000Z')).toBe('2026-01-02');
    expect(businessDate('2026-01-01T15:59:59.000Z')).toBe('2026-01-01');
  });
  // China kept daylight saving time in 1986–1991 (UTC+9 in summer); since 1992 it is UTC+8 all year.
  it('businessDate is the UTC date shifted by exactly eight hours', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
        expect(businessDate(d.toISOString())).toBe(new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10));
      }),
    );
  });
  it('shows a calendar date as that day whatever the viewer’s zone', () => {
    for (const l of LOCALES) {
      const s = formatDate('2024-02-29', l);
      expect(s).toContain('2024');
      expect(s).toContain('29');
    }
    // English spells the month so 2024-05-01 cannot be read as 5 January.
    expect(formatDate('2024-05-01', 'en')).toMatch(/May/);
    expect(formatDate(null, 'en')).toBe('');
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
  });
});

describe('numbers', () => {
  it('groups thousands and limits decimals', () => {
    expect(formatNumber(2424, 'en')).toBe('2,424');
    expect(formatNumber(131.956, 'zh-CN')).toBe('131.96');
    expect(formatPercent(0.8716, 'en')).toBe('87.2%');
  });
});

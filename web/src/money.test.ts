import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fenToYuanNumber, fenToYuanString, formatMoney, formatUnitPrice, priceFenToYuan, yuanNumberToFen, yuanToFen, yuanToPriceFen } from './money';

describe('money: amounts in integer fen', () => {
  it('shows fen as yuan with two decimals — 250 fen is 2.50, never 250', () => {
    expect(fenToYuanString(250)).toBe('2.50');
    expect(fenToYuanString(500000)).toBe('5000.00');
    expect(formatMoney(250, 'zh-CN')).toBe('¥2.50');
    expect(formatMoney(500000, 'zh-CN')).toBe('¥5,000.00');
    expect(formatMoney(5, 'zh-CN')).toBe('¥0.05');
  });
  it('typed yuan round-trip through the formatter', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (fen) => yuanToFen(fenToYuanString(fen)) === fen));
  });
  it('chart values go to yuan and back without losing a fen', () => {
    fc.assert(fc.property(fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }), (fen) => yuanNumberToFen(fenToYuanNumber(fen)) === fen));
  });
});

describe('money: unit prices as decimal strings of fen', () => {
  it('reads the stored price in fen: 物业服务费 "250" is 2.50 元/㎡·月, 开锁服务 "5000" is 50.00 元/次', () => {
    expect(priceFenToYuan('250')).toBe('2.50');
    expect(priceFenToYuan('5000')).toBe('50.00');
    expect(priceFenToYuan('345.5')).toBe('3.455');
    expect(priceFenToYuan('0.1234')).toBe('0.001234');
    expect(priceFenToYuan('7')).toBe('0.07');
    expect(priceFenToYuan('0')).toBe('0.00');
    expect(priceFenToYuan('280.50')).toBe('2.805');
    expect(priceFenToYuan(null)).toBeNull();
    expect(priceFenToYuan('abc')).toBeNull();
  });
  it('formats in the UI language with grouping', () => {
    expect(formatUnitPrice('250', 'zh-CN')).toBe('2.50');
    expect(formatUnitPrice('123456789', 'zh-CN')).toBe('1,234,567.89');
    expect(formatUnitPrice('345.5', 'en')).toBe('3.455');
    expect(formatUnitPrice(null, 'zh-CN')).toBe('');
  });
  it('turns a price typed in yuan into fen for the API', () => {
    expect(yuanToPriceFen('2.50')).toBe('250');
    expect(yuanToPriceFen('2.8')).toBe('280');
    expect(yuanToPriceFen('3.455')).toBe('345.5');
    expect(yuanToPriceFen('0.001234')).toBe('0.1234');
    expect(yuanToPriceFen('50')).toBe('5000');
    expect(yuanToPriceFen('0')).toBe('0');
    for (const bad of ['', '-1', 'x', '1.0000001', '1e3', null]) expect(yuanToPriceFen(bad as string)).toBeNull();
  });
  it('round-trips every price with up to four decimals of fen', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.integer({ min: 0, max: 4 }), (units, scale) => {
        const s = units.toString().padStart(scale + 1, '0');
        const priceFen = scale ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s;
        const back = yuanToPriceFen(priceFenToYuan(priceFen));
        // Same value: compare as exact scaled integers.
        const norm = (x: string) => { const [i, f = ''] = x.split('.'); return BigInt(i + f.padEnd(4, '0')); };
        expect(norm(back!)).toBe(norm(priceFen));
      }),
    );
  });
});

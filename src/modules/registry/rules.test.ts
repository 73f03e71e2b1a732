import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidDate, maskIdNumber, parseAreaCenti, parsePhone, validateIdNumber } from './rules';
import { parseDelimited, toCsvLine } from '../../core/csv';

describe('parsePhone', () => {
  it.each([
    ['13812345678', 'mobile', '13812345678', null],
    ['138 1234 5678', 'mobile', '13812345678', null],
    ['+86 138-1234-5678', 'mobile', '13812345678', null],
    ['008613812345678', 'mobile', '13812345678', null],
    ['021-62345678', 'landline', '02162345678', null],
    ['(021) 6234 5678 转 801', 'landline', '02162345678', '801'],
    ['0755-86001234-12', 'landline', '075586001234', '12'],
    ['010 8888 6666 ext 3', 'landline', '01088886666', '3'],
    ['62345678', 'landline', '62345678', null],
    ['400-820-8820', 'landline', '4008208820', null],
  ])('%s', (input, kind, digits, ext) => {
    const p = parsePhone(input)!;
    expect(p).not.toBeNull();
    expect(p.kind).toBe(kind);
    expect(p.digits).toBe(digits);
    expect(p.extension).toBe(ext);
  });

  it('keeps the local number of a landline for callers who omit the area code', () => {
    expect(parsePhone('021-62345678')!.localDigits).toBe('62345678');
    expect(parsePhone('021-62345678')!.areaCode).toBe('021');
  });

  it.each(['', '123', '1381234567', '23812345678', 'abc', '138123456789', '021-1234', '0-62345678', '13812345678 转 12'])('rejects %j', (s) => {
    expect(parsePhone(s)).toBeNull();
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const p = parsePhone(s);
      return p === null || /^\d+$/.test(p.digits);
    }));
  });
});

describe('ID numbers', () => {
  it('accepts a checksummed resident ID and rejects a wrong check digit', () => {
    expect(validateIdNumber('11010519491231002X')).toEqual({ ok: true, normalized: '11010519491231002X', kind: 'resident' });
    expect(validateIdNumber('110105194912310021').ok).toBe(false);
    expect(validateIdNumber('11010519491331002X').ok).toBe(false);
  });
  it('accepts passports and permits', () => {
    expect(validateIdNumber('E12345678').ok).toBe(true);
    expect(validateIdNumber('12').ok).toBe(false);
  });
  it('masks all but the first 3 and last 4 characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
    fc.assert(fc.property(fc.string({ minLength: 8, maxLength: 30 }), (s) => {
      const m = maskIdNumber(s);
      return m.length === s.length && m.slice(3, -4) === '*'.repeat(s.length - 7);
    }));
  });
});

describe('areas', () => {
  it('parses at most two decimals exactly', () => {
    expect(parseAreaCenti('89.35')).toBe(8935);
    expect(parseAreaCenti(89.3)).toBe(8930);
    expect(parseAreaCenti('120')).toBe(12000);
    expect(parseAreaCenti('0.07')).toBe(7);
    expect(parseAreaCenti('89.355')).toBeNull();
    expect(parseAreaCenti('-1')).toBeNull();
    expect(parseAreaCenti(Number.NaN)).toBeNull();
  });
  it('round-trips every two-decimal value', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 99_999_999 }), (c) => parseAreaCenti((c / 100).toFixed(2)) === c));
  });
});

describe('dates', () => {
  it('accepts real dates only', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2025-02-29')).toBe(false);
    expect(isValidDate('2025-13-01')).toBe(false);
    expect(isValidDate('2025-1-01')).toBe(false);
  });
});

describe('CSV', () => {
  it('round-trips quoted cells with commas, quotes and newlines', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme' }).filter((s) => !/^[=+\-@']/.test(s)), { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = rows.map((r) => toCsvLine(r)).join('\r\n');
        const back = parseDelimited(text, ',');
        const nonEmpty = rows.filter((r) => !(r.length === 1 && r[0] === ''));
        return JSON.stringify(back) === JSON.stringify(nonEmpty.filter((r) => !(r.every((c) => c === '') && r.length === 1)));
      }),
    );
  });
  it('neutralises spreadsheet formulas', () => {
    expect(toCsvLine(['=1+1', 'ok'])).toBe("'=1+1,ok");
  });
});

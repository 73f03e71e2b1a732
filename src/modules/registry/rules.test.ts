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

describe('parsePhone: every written form of one number', () => {
  it.each([
    ['+86 21 5017 4063', '02150174063', '50174063', null],
    ['50174063-300', '50174063', '50174063', '300'],
    ['021 6234 5678', '02162345678', '62345678', null],
    ['0086-755-8600-1234', '075586001234', '86001234', null],
    ['+86 (0)21 5017 4063', '02150174063', '50174063', null],
    ['(+86) 21-50174063 分机 12', '02150174063', '50174063', '12'],
    ['86-21-50174063', '02150174063', '50174063', null],
    ['021-5017-4063-300', '02150174063', '50174063', '300'],
    ['0571 8888 666', '05718888666', '8888666', null],
    ['（０２１）６２３４－５６７８', '02162345678', '62345678', null],
    ['+86 400 820 8820', '4008208820', '4008208820', null],
  ])('%s', (input, digits, local, ext) => {
    const p = parsePhone(input)!;
    expect(p).not.toBeNull();
    expect([p.digits, p.localDigits, p.extension]).toEqual([digits, local, ext]);
  });

  const sep = fc.constantFrom(' ', '-', '');
  const area = fc.oneof(
    fc.constant('010'),
    fc.integer({ min: 0, max: 9 }).map((d) => `02${d}`),
    // Four-digit codes (0311, 0755, 0571); none reads as a 400/800 service number.
    fc.tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 10, max: 99 })).map(([a, b]) => `0${a}${b}`),
  );
  const localOf = (len: 7 | 8) => fc.tuple(fc.integer({ min: 2, max: 9 }), fc.stringMatching(new RegExp(`^\\d{${len - 1}}$`))).map(([a, b]) => `${a}${b}`);
  const grouped = (digits: string, s: string, style: number) =>
    style === 0 ? digits : style === 1 ? `${digits.slice(0, digits.length - 4)}${s}${digits.slice(-4)}` : `${digits.slice(0, 3)}${s}${digits.slice(3)}`;

  it('reads a landline the same however the area code, grouping and extension are written', () => {
    const landline = fc.tuple(area, fc.boolean()).chain(([a, short]) => fc.record({
      area: fc.constant(a),
      // Beijing, Shanghai, Guangzhou… have 8-digit local numbers; smaller cities 7 or 8.
      local: localOf(a.length === 3 || !short ? 8 : 7),
      ext: fc.option(fc.stringMatching(/^\d{2,5}$/), { nil: null }),
      areaStyle: fc.integer({ min: 0, max: 7 }),
      groupStyle: fc.integer({ min: 0, max: 2 }),
      extStyle: fc.constantFrom('-', ' 转 ', '转', ' ext ', 'ext.', ' 分机 ', '#', ' x'),
      s1: sep,
      s2: fc.constantFrom(' ', '-'),
    }));
    fc.assert(fc.property(landline, (x) => {
      const noZero = x.area.slice(1);
      const areaForms = [x.area, `(${x.area})`, `+86 ${noZero}`, `0086${noZero}`, `+86-${noZero}`, `(+86) ${noZero}`, `+86 (0)${noZero}`, ''];
      const areaPart = areaForms[x.areaStyle];
      const localPart = grouped(x.local, x.s2, x.groupStyle);
      // A bare run of digits needs a separator after an area code written after +86 (as people write it).
      const join = areaPart && (x.s1 || areaPart.endsWith(')') ? x.s1 : ' ');
      const written = `${areaPart}${areaPart ? join : ''}${localPart}${x.ext ? `${x.extStyle}${x.ext}` : ''}`;
      const p = parsePhone(written);
      if (!p) return false;
      const wantDigits = areaPart ? x.area + x.local : x.local;
      return p.kind === 'landline' && p.digits === wantDigits && p.localDigits === x.local && p.extension === x.ext;
    }), { numRuns: 2000 });
  });

  it('reads a mobile the same with or without +86, 0086 and any grouping', () => {
    const mobileGen = fc.record({
      n: fc.tuple(fc.integer({ min: 3, max: 9 }), fc.stringMatching(/^\d{9}$/)).map(([a, b]) => `1${a}${b}`),
      cc: fc.constantFrom('', '+86 ', '+86', '0086 ', '0086', '86 ', '+86-', '(+86) ', '86'),
      s: fc.constantFrom(' ', '-', ''),
      style: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(fc.property(mobileGen, (x) => {
      const body = x.style === 0 ? x.n : x.style === 1 ? `${x.n.slice(0, 3)}${x.s}${x.n.slice(3, 7)}${x.s}${x.n.slice(7)}` : `${x.n.slice(0, 3)}${x.s}${x.n.slice(3)}`;
      const p = parsePhone(`${x.cc}${body}`);
      return !!p && p.kind === 'mobile' && p.digits === x.n && p.extension === null;
    }), { numRuns: 1000 });
  });

  it('gives the same lookup key to a landline written with and without its area code', () => {
    fc.assert(fc.property(localOf(8), (local) => parsePhone(`021 ${local.slice(0, 4)} ${local.slice(4)}`)!.localDigits === parsePhone(local)!.digits));
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

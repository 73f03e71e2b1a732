import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ApiError } from './api';
import { blankToNull, cleanList, partyFormErrors, phoneIndexFromMessage } from './forms';

describe('phoneIndexFromMessage', () => {
  it('finds the entry the message names, preferring the longest match', () => {
    expect(phoneIndexFromMessage('电话号码格式不正确：12', ['13800138000', '12'])).toBe(1);
    expect(phoneIndexFromMessage('Invalid phone number: 0212', ['12', '0212'])).toBe(1);
    expect(phoneIndexFromMessage('Invalid phone number: 99', ['12', ''])).toBe(-1);
  });
  it('always points at an entry the message really ends with', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[0-9-]{1,12}$/), { minLength: 1, maxLength: 5 }), fc.nat(), (phones, k) => {
        const bad = phones[k % phones.length];
        const i = phoneIndexFromMessage(`bad: ${bad}`, phones);
        expect(i).toBeGreaterThanOrEqual(0);
        expect(`bad: ${bad}`.endsWith(phones[i])).toBe(true);
        expect(phones[i].length).toBeGreaterThanOrEqual(bad.length);
      }),
    );
  });
});

describe('partyFormErrors', () => {
  it('puts a phone error on the phone input it is about', () => {
    const e = new ApiError(400, 'validation.phone', '电话号码格式不正确：12');
    expect(partyFormErrors(e, ['phones'], ['13800138000', ' 12 '])).toEqual({ fields: [{ name: ['phones', 1], errors: [e.message] }], rest: [] });
  });
  it('maps the ID number rule to its field', () => {
    const e = new ApiError(400, 'validation.id_number', 'bad id');
    expect(partyFormErrors(e, ['idNumber', 'phones'], []).fields).toEqual([{ name: ['idNumber'], errors: ['bad id'] }]);
  });
});

describe('value shaping', () => {
  it('treats blank as absent and cleans lists', () => {
    expect(blankToNull('  ')).toBeNull();
    expect(blankToNull(' a ')).toBe('a');
    expect(cleanList([' 1 ', '', undefined, '1', '2'])).toEqual(['1', '2']);
  });
});

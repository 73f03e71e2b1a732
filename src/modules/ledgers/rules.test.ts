import { describe, expect, it } from 'vitest';
import { durationMinutes, keyOverdue, maskIdNumber, mayDispose, normalisePlate, permitStatus } from './rules';

describe('front-desk ledger rules', () => {
  it('normalises mainland licence plates and refuses anything else', () => {
    expect(normalisePlate(' 沪 a·12345 ')).toBe('沪A12345');
    expect(normalisePlate('粤B-D12345')).toBe('粤BD12345'); // new-energy, six after the letter
    expect(normalisePlate('京A1234学')).toBe('京A1234学');
    expect(normalisePlate('AB12345')).toBeNull();
    expect(normalisePlate('沪A123')).toBeNull();
    expect(normalisePlate('沪A1234567')).toBeNull();
  });
  it('keeps only a masked ID number', () => {
    expect(maskIdNumber('11010519491231002x')).toBe('110***********002X');
    expect(maskIdNumber('12345')).toBe('*****');
  });
  it('measures stays and spots overdue keys, expired permits and disposable property', () => {
    expect(durationMinutes('2026-03-02T01:00:00Z', '2026-03-02T02:29:40Z')).toBe(90);
    expect(durationMinutes('2026-03-02T01:00:00Z', null)).toBeNull();
    expect(keyOverdue({ status: 'out', due_back_at: '2026-03-02T10:00:00Z' }, '2026-03-02T10:00:01Z')).toBe(true);
    expect(keyOverdue({ status: 'returned', due_back_at: '2026-03-02T10:00:00Z' }, '2026-03-03T00:00:00Z')).toBe(false);
    const p = { status: 'active', valid_from: '2026-03-01', valid_to: '2026-03-31' };
    expect(permitStatus(p, '2026-03-31')).toBe('active');
    expect(permitStatus(p, '2026-04-01')).toBe('expired');
    expect(permitStatus(p, '2026-02-28')).toBe('pending');
    expect(permitStatus({ ...p, status: 'revoked' }, '2026-03-15')).toBe('revoked');
    expect(mayDispose('2026-01-01T00:00:00Z', '2026-03-31T23:59:59Z')).toBe(false);
    expect(mayDispose('2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z')).toBe(true);
  });
});

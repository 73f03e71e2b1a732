import { describe, expect, it } from 'vitest';
import { checkpointPath, clock, parseScan, progressPercent, roundFor } from './inspectModel';

describe('inspector app rules', () => {
  it('reads QR links, bare tokens and typed codes', () => {
    expect(parseScan('https://wy.example.cn/m/checkpoint/AbC_d-123456789012345678')).toEqual({ kind: 'token', token: 'AbC_d-123456789012345678' });
    expect(parseScan('http://h/m/checkpoint/a%2Db?x=1')).toEqual({ kind: 'token', token: 'a-b' });
    expect(parseScan(' cp01 ')).toEqual({ kind: 'code', code: 'CP01' });
    expect(parseScan('Xy_0123456789abcdefghijk')).toEqual({ kind: 'token', token: 'Xy_0123456789abcdefghijk' });
    expect(parseScan('')).toBeNull();
    expect(parseScan('1号楼')).toBeNull();
    expect(parseScan('http://h/m/checkpoint/%E0%A4%A')).toBeNull();
  });

  it('builds the checkpoint path, marking typed codes', () => {
    expect(checkpointPath('a b')).toBe('/m/checkpoint/a%20b');
    expect(checkpointPath('t', true)).toBe('/m/checkpoint/t?typed=1');
  });

  it('shows times on the Shanghai clock', () => {
    expect(clock('2026-12-06T16:05:00.000Z')).toBe('00:05');
    expect(clock('2026-12-07T01:30:00.000Z')).toBe('09:30');
  });

  it('computes progress and picks the running round', () => {
    expect(progressPercent(1, 3)).toBe(33);
    expect(progressPercent(5, 3)).toBe(100);
    expect(progressPercent(0, 0)).toBe(0);
    const tasks = [
      { id: 'a', status: 'pending' },
      { id: 'b', status: 'in_progress' },
      { id: 'c', status: 'in_progress' },
    ];
    expect(roundFor(tasks, new Set(['c']))?.id).toBe('c');
    expect(roundFor(tasks, new Set())?.id).toBe('b');
    expect(roundFor([{ id: 'a', status: 'pending' }], new Set())).toBeNull();
  });
});

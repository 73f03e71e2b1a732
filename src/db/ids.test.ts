import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  it('is 26 Crockford base32 characters, ordered by time, and unique across many draws', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => newId(1_700_000_000_000 + i));
    for (const id of ids) expect(id).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // Same instant: the random tails differ (the byte pool is consumed, not reused).
    const same = Array.from({ length: 1000 }, () => newId(1_700_000_000_000));
    expect(new Set(same).size).toBe(1000);
  });
});

describe('newId within one millisecond', () => {
  it('counts up, so one process sorts its ids in the order it made them', () => {
    const same = Array.from({ length: 2000 }, () => newId(1_800_000_000_000));
    expect([...same].sort()).toEqual(same);
    expect(new Set(same).size).toBe(same.length);
    // A new millisecond starts from fresh random bytes, still after the previous one.
    const next = newId(1_800_000_000_001);
    expect(next > same[same.length - 1]).toBe(true);
  });
});

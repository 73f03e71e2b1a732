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

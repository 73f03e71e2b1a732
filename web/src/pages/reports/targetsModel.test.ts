import { describe, expect, it } from 'vitest';
import { gapPoints, gapTone } from './targetsModel';

const target = { code: 'collection_rate', op: '>=' as const, threshold: 0.93, source: 'default', projectId: null };

describe('plan vs actual', () => {
  it('colours met green, missed red, and no data or no target neither', () => {
    expect(gapTone({ value: 0.95, target, met: true })).toBe('met');
    expect(gapTone({ value: 0.912, target, met: false, gap: -0.018 })).toBe('near');
    expect(gapTone({ value: 0.85, target, met: false, gap: -0.08 })).toBe('missed');
    expect(gapTone({ value: null, target, met: null })).toBe('none');
    expect(gapTone({ value: 0.5, target: null, met: null })).toBe('none');
  });
  it('writes the gap in signed percentage points at 0.1 precision', () => {
    expect(gapPoints(-0.018)).toBe('−1.8');
    expect(gapPoints(0.0123)).toBe('+1.2');
    expect(gapPoints(0.00004)).toBe('0.0');
    expect(gapPoints(null)).toBeNull();
  });
});

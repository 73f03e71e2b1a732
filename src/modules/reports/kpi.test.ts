import { describe, expect, it } from 'vitest';
import { localDays, onTimeRate, ratio, satisfaction } from './kpi';

describe('KPI arithmetic', () => {
  it('a ratio without a denominator is no data, not zero', () => {
    expect(ratio('x', 0, 0).value).toBeNull();
    expect(ratio('x', 49, 50).value).toBeCloseTo(0.98);
  });

  it('on-time rate counts targets due in the period; open targets past their deadline are misses', () => {
    const now = '2026-03-31T12:00:00.000Z';
    const orders = [
      { targets: [{ target: 'dispatch', status: 'met', deadline: '2026-03-10T02:00:00.000Z' }, { target: 'resolution', status: 'met', deadline: '2026-03-11T02:00:00.000Z' }] },
      { targets: [{ target: 'dispatch', status: 'breached', deadline: '2026-03-12T02:00:00.000Z' }, { target: 'resolution', status: 'met', deadline: '2026-03-13T02:00:00.000Z' }] },
      { targets: [{ target: 'dispatch', status: 'running', deadline: '2026-03-30T02:00:00.000Z' }] }, // overdue, still open → miss
      { targets: [{ target: 'dispatch', status: 'running', deadline: '2026-04-02T02:00:00.000Z' }] }, // due next month → not counted
      { targets: [{ target: 'dispatch', status: 'met', deadline: '2026-02-27T02:00:00.000Z' }] }, // due last month → not counted
    ];
    const r = onTimeRate(orders, '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z', now);
    // Orders 1–3 had a target due in March; only order 1 met all of them.
    expect(r).toMatchObject({ numerator: 1, denominator: 3 });
    const dispatch = r.parts!.find((p) => p.label === 'dispatch')!;
    expect(dispatch).toMatchObject({ numerator: 1, denominator: 3 });
    const resolution = r.parts!.find((p) => p.label === 'resolution')!;
    expect(resolution).toMatchObject({ numerator: 2, denominator: 2 });
  });

  it('satisfaction counts satisfied answers, or scores of at least 4', () => {
    const r = satisfaction([
      { outcome: 'satisfied', score: null },
      { outcome: 'basically_satisfied', score: 3 },
      { outcome: 'dissatisfied', score: 5 },
      { outcome: null, score: 4 },
      { outcome: null, score: 3 },
      { outcome: null, score: null },
    ]);
    expect(r).toMatchObject({ numerator: 3, denominator: 5 });
  });

  it('splits a range into local (UTC+8) days', () => {
    const days = localDays('2026-11-01T00:00:00.000Z', '2026-11-03T00:00:00.000Z');
    expect(days.map((d) => d.day)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(days[0].from).toBe('2026-10-31T16:00:00.000Z');
  });
});

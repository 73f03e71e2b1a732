import { describe, expect, it } from 'vitest';
import { availabilityAt, crossFittedAvailability, foldsOf, ladLine, learnAvailability, weekKey } from './fidelityCalibration';

const sample = (date: string, start: string, agents: number, implied: number) => ({ date, start, agents, impliedAgentsA: implied });

describe('learnAvailability', () => {
  it('takes the median ratio per clock hour, shrunk toward the overall median', () => {
    const rows = [
      ...Array.from({ length: 30 }, (_, i) => sample('1999-01-03', '10:00', 10, i % 3 === 0 ? 20 : 8)), // median 0.8, outliers ignored
      ...Array.from({ length: 30 }, () => sample('1999-01-03', '15:00', 10, 10)),
    ];
    const m = learnAvailability(rows, 0);
    expect(m.byStart.get('10:00')).toBeCloseTo(0.8, 12);
    expect(m.byStart.get('15:00')).toBeCloseTo(1, 12);
    expect(m.hours).toBe(60);
    // With shrinkage, a sparse hour moves toward the overall figure and an hour never seen takes it.
    const shrunk = learnAvailability([...rows, sample('1999-01-03', '07:00', 10, 5)], 10);
    const h7 = shrunk.byStart.get('07:00')!;
    expect(h7).toBeGreaterThan(0.5);
    expect(h7).toBeLessThan(shrunk.overall);
    expect(availabilityAt(shrunk, '23:00')).toBe(shrunk.overall);
  });

  it('learns the elasticity on presence ÷ distinct agents beside the clock-hour effects', () => {
    // Availability = exp(−0.1 − 0.25·log(present ÷ distinct) ± 0.05 by hour), exactly, plus a few wild hours.
    const truth = (start: string, agents: number, distinct: number) => Math.exp(-0.1 - 0.25 * Math.log(agents / distinct) + (start === '10:00' ? 0.05 : -0.05));
    const rows = ['10:00', '15:00'].flatMap((start) =>
      [4, 5, 6, 7, 8, 9].flatMap((agents) => [8, 10, 12].map((distinct) => ({ date: '1999-01-03', start, agents, distinctAgents: distinct, impliedAgentsA: agents * truth(start, agents, distinct) }))),
    );
    const wild = [{ date: '1999-01-03', start: '10:00', agents: 6, distinctAgents: 10, impliedAgentsA: 30 }, { date: '1999-01-03', start: '15:00', agents: 6, distinctAgents: 10, impliedAgentsA: 0.5 }];
    const m = learnAvailability([...rows, ...wild], 0);
    expect(m.slope).toBeCloseTo(-0.25, 3);
    expect(availabilityAt(m, '10:00', { agents: 7, distinctAgents: 10 })).toBeCloseTo(truth('10:00', 7, 10), 3);
    expect(availabilityAt(m, '15:00', { agents: 4, distinctAgents: 12 })).toBeCloseTo(truth('15:00', 4, 12), 3);
    // More presence beside the same distinct count: lower availability (the slope is negative).
    expect(availabilityAt(m, '10:00', { agents: 9, distinctAgents: 10 })).toBeLessThan(availabilityAt(m, '10:00', { agents: 5, distinctAgents: 10 }));
    // Without counts, the typical ratio of the training hours.
    expect(availabilityAt(m, '10:00')).toBeCloseTo(availabilityAt(m, '10:00', { agents: m.typicalRatio * 10, distinctAgents: 10 }), 12);
    // Told not to use the ratio, the model is clock hours alone.
    expect(learnAvailability(rows, { shrink: 0, useRatio: false }).slope).toBe(0);
  });

  it('fits a least-absolute-deviation line that outliers do not pull, and a median without spread', () => {
    const x = Array.from({ length: 20 }, (_, i) => i / 10);
    const y = x.map((v) => 1 + 2 * v);
    y[3] = 40;
    y[11] = -25;
    const { a, b } = ladLine(x, y);
    expect(a).toBeCloseTo(1, 3);
    expect(b).toBeCloseTo(2, 3);
    expect(ladLine([1, 1, 1, 1], [3, 9, 1, 4])).toEqual({ a: 3.5, b: 0 });
  });

  it('ignores hours without an implied figure and falls back to 1 with nothing to learn from', () => {
    expect(learnAvailability([sample('1999-01-03', '10:00', 10, NaN), sample('1999-01-03', '10:00', 0, 5)]).overall).toBe(1);
  });
});

describe('cross-fitting', () => {
  it('splits by month when there are two or more, else by week, else not at all', () => {
    expect(foldsOf(['1999-01-03', '1999-02-03'])!.kind).toBe('month');
    expect(foldsOf(['1999-01-03', '1999-01-12'])!.kind).toBe('week');
    expect(foldsOf(['1999-01-03', '1999-01-04'])).toBeNull();
    expect(weekKey('1999-01-03')).toBe('1999-01-03'); // a Sunday
    expect(weekKey('1999-01-09')).toBe('1999-01-03'); // the Saturday after
    expect(weekKey('1999-01-10')).toBe('1999-01-10');
  });

  it('never lets a fold see its own outcomes', () => {
    const rows = [
      ...Array.from({ length: 20 }, () => sample('1999-01-05', '10:00', 10, 6)),
      ...Array.from({ length: 20 }, () => sample('1999-02-05', '10:00', 10, 9)),
    ];
    const models = crossFittedAvailability(rows, (d) => d.slice(0, 7), 0);
    expect(availabilityAt(models.get('1999-01')!, '10:00')).toBeCloseTo(0.9, 12);
    expect(availabilityAt(models.get('1999-02')!, '10:00')).toBeCloseTo(0.6, 12);
  });
});

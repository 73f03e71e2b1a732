import { describe, expect, it } from 'vitest';
import { availabilityAt, crossFittedAvailability, foldsOf, learnAvailability, weekKey } from './fidelityCalibration';

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

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { SlaStatus, SlaTarget } from './api';
import { currentClock, orderRisk, slaRisk, splitMinutes } from './sla';

const target = (p: Partial<SlaTarget>): SlaTarget => ({ target: 'resolution', status: 'running', deadline: null, remainingMinutes: 60, overdueMinutes: 0, warning: false, ...p });

const arbTarget = fc.record({
  target: fc.constantFrom('response', 'dispatch', 'on_site', 'resolution'),
  status: fc.constantFrom<SlaStatus>('running', 'paused', 'met', 'breached', 'pending', 'cancelled'),
  deadline: fc.constant(null),
  remainingMinutes: fc.integer({ min: 0, max: 5000 }),
  overdueMinutes: fc.integer({ min: 0, max: 5000 }),
  warning: fc.boolean(),
  stoppedAt: fc.constantFrom(null, '2026-01-01T00:00:00.000Z'),
}) as fc.Arbitrary<SlaTarget>;

describe('slaRisk', () => {
  it('colours a clock by what it means for the customer', () => {
    expect(slaRisk(target({}))).toBe('ok');
    expect(slaRisk(target({ warning: true }))).toBe('warning');
    expect(slaRisk(target({ overdueMinutes: 5 }))).toBe('breached');
    expect(slaRisk(target({ status: 'breached' }))).toBe('breached');
    expect(slaRisk(target({ status: 'paused' }))).toBe('paused');
    expect(slaRisk(target({ status: 'met' }))).toBe('met');
  });
});

describe('currentClock', () => {
  const rank = { breached: 0, warning: 1, ok: 2, paused: 3 } as Record<string, number>;
  it('picks the riskiest live clock, never a finished one', () => {
    fc.assert(
      fc.property(fc.array(arbTarget, { maxLength: 6 }), (ts) => {
        const c = currentClock(ts);
        const live = ts.filter((t) => slaRisk(t) in rank && !t.stoppedAt);
        if (!live.length) {
          expect(c).toBeNull();
          return;
        }
        expect(c).not.toBeNull();
        const best = Math.min(...live.map((t) => rank[slaRisk(t)]));
        expect(rank[slaRisk(c!)]).toBe(best);
      }),
    );
  });
  it('among running clocks, shows the one with the least time left; among breached, the most overdue', () => {
    expect(currentClock([target({ target: 'on_site', remainingMinutes: 90 }), target({ target: 'dispatch', remainingMinutes: 12 })])!.target).toBe('dispatch');
    expect(currentClock([target({ target: 'on_site', status: 'breached', overdueMinutes: 3 }), target({ target: 'dispatch', status: 'breached', overdueMinutes: 40 })])!.target).toBe('dispatch');
  });
  it('ignores a clock that stopped late: it is history, not a risk', () => {
    expect(currentClock([target({ target: 'dispatch', status: 'breached', overdueMinutes: 30, stoppedAt: '2026-01-01T01:00:00.000Z' })])).toBeNull();
  });
  it('falls back to the stored flags when an order carries no clocks', () => {
    expect(orderRisk({ slaBreached: true, slaWarning: false, sla: { cycle: 0, targets: [] } })).toBe('breached');
    expect(orderRisk({ slaBreached: false, slaWarning: false, sla: { cycle: 0, targets: [] } })).toBeNull();
  });
});

describe('splitMinutes', () => {
  it('splits into days, hours and minutes that add back up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 6 }), (m) => {
        const s = splitMinutes(m);
        expect(s.days * 1440 + s.hours * 60 + s.minutes).toBe(m);
        expect(s.hours).toBeLessThan(24);
        expect(s.minutes).toBeLessThan(60);
      }),
    );
  });
});

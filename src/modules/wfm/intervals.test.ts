import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createIntervalAccumulator, deriveMetrics, intervalStats, periodStartOf, rollUp, type IntervalSums } from './intervals';
import type { CallRecord } from './types';

let n = 0;
function call(at: string, o: Partial<CallRecord> & { wait?: number; talk?: number } = {}): CallRecord {
  const answered = o.answered ?? true;
  const wait = o.wait ?? 0;
  const talk = answered ? (o.talk ?? 100) : 0;
  const arrival = Date.parse(at);
  const start = arrival + wait * 1000;
  return {
    line: ++n, queue: o.queue ?? 'Q', arrivalAt: new Date(arrival).toISOString(), offered: o.offered ?? true,
    answered, abandoned: o.abandoned ?? !answered, waitSeconds: wait, talkSeconds: talk,
    ...(answered ? { serviceStartAt: new Date(start).toISOString(), serviceEndAt: new Date(start + talk * 1000).toISOString(), agent: o.agent ?? 'A1' } : {}),
  };
}

describe('interval statistics', () => {
  // Asia/Shanghai: 01:00Z = 09:00 local.
  const records = [
    call('2026-03-02T01:00:00Z', { wait: 5, talk: 120, agent: 'A1' }),
    call('2026-03-02T01:02:00Z', { wait: 30, talk: 60, agent: 'A2' }),
    call('2026-03-02T01:05:00Z', { answered: false, wait: 3 }), // short abandon
    call('2026-03-02T01:06:00Z', { answered: false, wait: 40 }),
    call('2026-03-02T01:10:00Z', { wait: 0, talk: 1500, agent: 'A1' }), // runs 09:10–09:35, into the next interval
    call('2026-03-02T01:12:00Z', { offered: false, answered: false, abandoned: false }), // ended in the IVR
    call('2026-03-02T01:20:00Z', { queue: 'R', wait: 10, talk: 50, agent: 'A3' }),
  ];

  it('counts, SL, ASA, AHT, abandonment, agents and occupancy per queue and interval', () => {
    const stats = intervalStats(records, { intervalMinutes: 30 });
    const q0900 = stats.find((s) => s.queue === 'Q' && s.start === '09:00')!;
    expect(q0900).toMatchObject({
      date: '2026-03-02', slot: 18, startAt: '2026-03-02T01:00:00.000Z', offered: 5, answered: 3, abandoned: 2,
      shortAbandoned: 1, answeredWithinT: 2, waitAnsweredSeconds: 35, waitAllSeconds: 78, talkSeconds: 1680,
      agentsOnDuty: 2, agents: ['A1', 'A2'],
    });
    expect(q0900.serviceLevel).toBeCloseTo(2 / 5, 12);
    expect(q0900.asa).toBeCloseTo(35 / 3, 12);
    expect(q0900.aht).toBeCloseTo(560, 12);
    expect(q0900.abandonmentRate).toBeCloseTo(0.4, 12);
    expect(q0900.patienceSeconds).toBeCloseTo(39, 12);
    // Busy: 120 + 60 + (09:10 → 09:30 = 1200) seconds in this interval.
    expect(q0900.busySeconds).toBeCloseTo(1380, 9);
    expect(q0900.occupancy).toBeCloseTo(1380 / (2 * 1800), 12);
    const q0930 = stats.find((s) => s.queue === 'Q' && s.start === '09:30')!;
    expect(q0930).toMatchObject({ offered: 0, agentsOnDuty: 1, busySeconds: 300 });
    expect(q0930.serviceLevel).toBeNull();
    const all = stats.find((s) => s.queue === '*' && s.start === '09:00')!;
    expect(all).toMatchObject({ offered: 6, answered: 4, agentsOnDuty: 3 });
  });

  it('SL definitions: ÷ offered, ÷ answered, ÷ (offered − short abandons)', () => {
    const get = (definition: 'offered' | 'answered' | 'excludeShortAbandons') =>
      intervalStats(records, { intervalMinutes: 30, allQueuesKey: null, sl: { thresholdSeconds: 20, definition, shortAbandonSeconds: 5 } })
        .find((s) => s.queue === 'Q' && s.start === '09:00')!.serviceLevel;
    expect(get('offered')).toBeCloseTo(2 / 5, 12);
    expect(get('answered')).toBeCloseTo(2 / 3, 12);
    expect(get('excludeShortAbandons')).toBeCloseTo(2 / 4, 12);
  });

  it('honours the business time zone and the interval length', () => {
    const s60 = intervalStats(records, { intervalMinutes: 60, timeZone: 'UTC', allQueuesKey: null });
    expect(s60.find((s) => s.queue === 'Q')).toMatchObject({ start: '01:00', offered: 5, slot: 1 });
    expect(() => intervalStats(records, { intervalMinutes: 7 })).toThrow(RangeError);
  });

  it('rolls up by day, week and month from sums', () => {
    const more = [...records, call('2026-03-03T01:00:00Z', { wait: 60, agent: 'A9' }), call('2026-03-09T01:00:00Z', { wait: 1 })];
    const stats = intervalStats(more, { intervalMinutes: 30, allQueuesKey: null });
    const days = rollUp(stats, 'day').filter((d) => d.queue === 'Q');
    expect(days.map((d) => [d.periodStart, d.offered])).toEqual([['2026-03-02', 5], ['2026-03-03', 1], ['2026-03-09', 1]]);
    const weeks = rollUp(stats, 'week').filter((d) => d.queue === 'Q');
    expect(weeks.map((d) => [d.periodStart, d.offered, d.agentsOnDuty])).toEqual([['2026-03-02', 6, 3], ['2026-03-09', 1, 1]]);
    const sundayWeeks = rollUp(stats, 'week', { weekStartsOn: 0 }).filter((d) => d.queue === 'Q');
    expect(sundayWeeks.map((d) => d.periodStart)).toEqual(['2026-03-01', '2026-03-08']);
    const month = rollUp(stats, 'month').find((d) => d.queue === 'Q')!;
    expect(month).toMatchObject({ periodStart: '2026-03-01', offered: 7, answered: 5, answeredWithinT: 3, intervals: 4 });
    expect(month.serviceLevel).toBeCloseTo(3 / 7, 12);
    expect(month.agentHours).toBeCloseTo((2 + 1 + 1 + 1) * 0.5, 12);
  });

  it('periodStartOf', () => {
    expect(periodStartOf('2026-03-04', 'week')).toBe('2026-03-02');
    expect(periodStartOf('2026-03-01', 'week')).toBe('2026-02-23');
    expect(periodStartOf('2026-03-01', 'week', 0)).toBe('2026-03-01');
    expect(periodStartOf('2026-03-31', 'month')).toBe('2026-03-01');
  });

  it('roll-ups preserve every additive sum (property)', () => {
    const recArb = fc.record({
      minute: fc.integer({ min: 0, max: 60 * 24 * 20 }),
      answered: fc.boolean(),
      wait: fc.integer({ min: 0, max: 300 }),
      talk: fc.integer({ min: 0, max: 2000 }),
      agent: fc.constantFrom('A', 'B', 'C', 'D'),
      queue: fc.constantFrom('P', 'R'),
    });
    fc.assert(
      fc.property(fc.array(recArb, { maxLength: 60 }), fc.constantFrom(15, 30, 60), fc.constantFrom<'day' | 'week' | 'month'>('day', 'week', 'month'), (rs, minutes, period) => {
        const recs = rs.map((r) => call(new Date(Date.UTC(2026, 1, 20) + r.minute * 60_000).toISOString(), { answered: r.answered, wait: r.wait, talk: r.talk, agent: r.agent, queue: r.queue }));
        const acc = createIntervalAccumulator({ intervalMinutes: minutes });
        recs.forEach((r) => acc.add(r));
        const stats = acc.result();
        const rolled = rollUp(stats, period);
        for (const key of ['offered', 'answered', 'abandoned', 'answeredWithinT', 'talkSeconds', 'busySeconds', 'staffedSeconds'] as (keyof IntervalSums)[]) {
          const a = stats.reduce((x, s) => x + s[key], 0);
          const b = rolled.reduce((x, s) => x + s[key], 0);
          expect(b).toBeCloseTo(a, 6);
        }
        const onlyQueues = stats.filter((s) => s.queue !== '*');
        expect(onlyQueues.reduce((x, s) => x + s.offered, 0)).toBe(recs.length);
        for (const s of stats) {
          if (s.serviceLevel !== null) expect(s.serviceLevel).toBeLessThanOrEqual(1);
          if (s.occupancy !== null) expect(s.occupancy).toBeLessThanOrEqual(1);
          expect(s.agentsOnDuty).toBe(s.agents.length);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('deriveMetrics returns nulls for empty sums', () => {
    const z: IntervalSums = { offered: 0, answered: 0, abandoned: 0, shortAbandoned: 0, answeredWithinT: 0, waitAnsweredSeconds: 0, waitAllSeconds: 0, talkSeconds: 0, busySeconds: 0, staffedSeconds: 0 };
    expect(deriveMetrics(z, { thresholdSeconds: 20 })).toEqual({ serviceLevel: null, asa: null, aht: null, abandonmentRate: null, answerRate: null, occupancy: null, patienceSeconds: null });
  });
});

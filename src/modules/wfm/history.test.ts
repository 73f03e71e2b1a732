import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { affectedDays, CallKeyer, fillIntervals, foldSlots, mergeSlotRows, rebuildWindows, slotRowsFromStats, SLOT_MINUTES, type SlCounting } from './history';
import { intervalStats, type IntervalStat } from './intervals';
import type { CallRecord } from './types';

const T0 = Date.parse('2026-01-05T00:00:00Z');
const DAY = 86_400_000;

/** Random calls over four January days (no daylight-saving changes in any zone used). */
const callArb = fc
  .record({
    offsetS: fc.integer({ min: 0, max: 4 * 86_400 - 1 }),
    kind: fc.constantFrom('answered', 'answered', 'abandoned', 'ivr'),
    wait: fc.integer({ min: 0, max: 900 }),
    talk: fc.integer({ min: 1, max: 7200 }),
    agent: fc.constantFrom('A', 'B', 'C', 'D'),
  })
  .map(({ offsetS, kind, wait, talk, agent }, i = 0): CallRecord => {
    const at = T0 + offsetS * 1000;
    const answered = kind === 'answered';
    const r: CallRecord = {
      line: i, queue: 'Q', arrivalAt: new Date(at).toISOString(), offered: kind !== 'ivr', answered, abandoned: kind === 'abandoned',
      waitSeconds: kind === 'ivr' ? 0 : wait, talkSeconds: answered ? talk : 0,
    };
    if (answered) {
      r.agent = agent;
      r.serviceStartAt = new Date(at + wait * 1000).toISOString();
      r.serviceEndAt = new Date(at + (wait + talk) * 1000).toISOString();
    }
    return r;
  });

const sl: SlCounting = { thresholdSeconds: 20, definition: 'offered', shortAbandonSeconds: 5 };

function strip(s: IntervalStat) {
  const round = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);
  return { ...s, waitAnsweredSeconds: round(s.waitAnsweredSeconds), waitAllSeconds: round(s.waitAllSeconds), talkSeconds: round(s.talkSeconds), busySeconds: round(s.busySeconds), asa: round(s.asa), aht: round(s.aht), occupancy: round(s.occupancy), serviceLevel: round(s.serviceLevel), patienceSeconds: round(s.patienceSeconds), abandonmentRate: round(s.abandonmentRate), answerRate: round(s.answerRate) };
}

describe('15-minute UTC slots fold into local intervals exactly', () => {
  it('folding equals computing the local intervals from the calls directly (property)', () => {
    fc.assert(
      fc.property(
        fc.array(callArb, { maxLength: 60 }),
        fc.constantFrom(15, 30, 60) as fc.Arbitrary<15 | 30 | 60>,
        fc.constantFrom('Asia/Shanghai', 'Asia/Jerusalem', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu'),
        fc.constantFrom<SlCounting['definition']>('offered', 'answered', 'excludeShortAbandons'),
        (calls, minutes, zone, definition) => {
          const counting = { ...sl, definition };
          const direct = intervalStats(calls, { intervalMinutes: minutes, timeZone: zone, sl: counting, allQueuesKey: null });
          const slots = slotRowsFromStats(intervalStats(calls, { intervalMinutes: SLOT_MINUTES, timeZone: 'UTC', sl: counting, allQueuesKey: null }));
          const folded = foldSlots(slots, { queue: 'Q', intervalMinutes: minutes, timeZone: zone, sl: counting });
          expect(folded.map(strip)).toEqual(direct.map(strip));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('rebuilding window by window (reading one day back) equals one pass over everything (property)', () => {
    fc.assert(
      fc.property(fc.array(callArb, { maxLength: 80 }), fc.integer({ min: 1, max: 3 }), (calls, windowDays) => {
        const acc = (rs: CallRecord[]) => slotRowsFromStats(intervalStats(rs, { intervalMinutes: SLOT_MINUTES, timeZone: 'UTC', sl, allQueuesKey: null }));
        const whole = acc(calls);
        const { fromMs, toMs } = affectedDays(T0, T0 + 4 * DAY - 1);
        const pieces = rebuildWindows(fromMs, toMs, windowDays).flatMap((w) =>
          acc(calls.filter((c) => Date.parse(c.arrivalAt) >= w.readFromMs && Date.parse(c.arrivalAt) < w.endMs)).filter((s) => s.slotMs >= w.startMs && s.slotMs < w.endMs),
        );
        const norm = (rows: typeof whole) => rows.map((r) => ({ ...r, sums: Object.fromEntries(Object.entries(r.sums).map(([k, v]) => [k, Math.round(v * 1e6)])) })).sort((a, b) => a.slotMs - b.slotMs);
        expect(norm(pieces)).toEqual(norm(whole));
      }),
      { numRuns: 100 },
    );
  });

  it('merging two halves of a slot adds sums and unites agents', () => {
    const a = { slotMs: 0, sums: { offered: 2, answered: 1, abandoned: 1, shortAbandoned: 0, answeredWithinT: 1, waitAnsweredSeconds: 5, waitAllSeconds: 30, talkSeconds: 100, busySeconds: 90 }, agents: ['A'] };
    const b = { ...a, agents: ['A', 'B'] };
    expect(mergeSlotRows(a, b)).toMatchObject({ sums: { offered: 4, busySeconds: 180 }, agents: ['A', 'B'] });
  });

  it('fillIntervals gives every interval of the dates, zeros where nothing happened', () => {
    const opts = { queue: 'Q', intervalMinutes: 30 as const, timeZone: 'Asia/Shanghai', sl };
    const one = foldSlots(slotRowsFromStats(intervalStats([{ line: 1, queue: 'Q', arrivalAt: '2026-01-05T02:10:00.000Z', offered: true, answered: false, abandoned: true, waitSeconds: 40, talkSeconds: 0 }], { intervalMinutes: 15, timeZone: 'UTC', allQueuesKey: null })), opts);
    const grid = fillIntervals(one, '2026-01-05', '2026-01-06', opts);
    expect(grid).toHaveLength(96);
    expect(grid[0]).toMatchObject({ date: '2026-01-05', start: '00:00', startAt: '2026-01-04T16:00:00.000Z', offered: 0, serviceLevel: null });
    expect(grid.find((g) => g.start === '10:00' && g.date === '2026-01-05')).toMatchObject({ offered: 1, abandoned: 1, serviceLevel: 0 });
    expect(grid.reduce((a, g) => a + g.offered, 0)).toBe(1);
  });
});

describe('call keys', () => {
  const rec = (over: Partial<CallRecord> = {}): CallRecord => ({ line: 1, queue: 'Q', arrivalAt: '2026-01-05T02:10:00.000Z', offered: true, answered: true, abandoned: false, waitSeconds: 3, talkSeconds: 60, agent: 'A', ...over });

  it('uses the export call id when there is one', () => {
    expect(new CallKeyer().key(rec({ callId: 'L1:7' }))).toBe('L1:7');
  });

  it('hashes content otherwise: stable across runs, identical rows kept apart by occurrence', () => {
    const file = [rec(), rec({ talkSeconds: 61 }), rec(), rec()];
    const k1 = new CallKeyer();
    const k2 = new CallKeyer();
    const a = file.map((r) => k1.key(r));
    const b = file.map((r) => k2.key(r));
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(4);
    expect(a[2]).toBe(`${a[0]}#2`);
    expect(a[0]).not.toBe(a[1]);
  });

  it('keeps bounded memory', () => {
    const k = new CallKeyer(10);
    for (let i = 0; i < 1000; i++) k.key(rec({ waitSeconds: i }));
    expect((k as unknown as { seen: Map<string, number> }).seen.size).toBeLessThanOrEqual(10);
  });
});

import { describe, expect, it } from 'vitest';
import { createIntervalCountParser, intervalStatsFromCounts, looksLikeIntervalCounts } from './intervalCounts';
import { slotsOfRecord } from './intervalImport';

describe('interval-count parser', () => {
  it('reads counts by header name, converts local time and reports bad rows with their line', () => {
    const p = createIntervalCountParser({ sourceTimeZone: 'Asia/Shanghai' });
    const lines = [
      'interval_start,offered,answered,abandoned,aht,asa,service_level,agents',
      '2024-03-04 09:00,40,36,4,180,12,80%,5',
      '2024-03-04 09:30,oops,1,0,,,,',
      '2024-03-04 10:00,10,9,3,,,,',
      '',
      'not-a-time,1,1,0,,,,',
      '2024-03-04 10:30,12,12,0,200,5,0.5,4',
    ];
    const recs = lines.map((l) => p.parseLine(l)).filter((r) => r !== null);
    expect(recs).toHaveLength(2);
    expect(recs[0]).toMatchObject({ line: 2, startAt: '2024-03-04T01:00:00.000Z', offered: 40, answered: 36, abandoned: 4, ahtSeconds: 180, asaSeconds: 12, answeredWithinT: 32, agents: 5 });
    expect(recs[1].answeredWithinT).toBe(6);
    const rep = p.report();
    expect(rep).toMatchObject({ rowsRead: 5, records: 2, malformed: 3, offered: 52, malformedByReason: { 'bad-number': 1, 'inconsistent-counts': 1, 'bad-time': 1 } });
    expect(rep.issues.map((i) => i.line)).toEqual([3, 4, 6]);
  });

  it('refuses a header without start and offered, and honours a column mapping', () => {
    expect(() => createIntervalCountParser().parseLine('a,b,c')).toThrow(/required/);
    expect(looksLikeIntervalCounts('datetime,calls')).toBe(true);
    expect(looksLikeIntervalCounts('vru+line\tcall_id')).toBe(false);
    const p = createIntervalCountParser({ columns: { start: '时间', offered: '量' }, timeFormat: 'YYYY/MM/DD HH:mm', sourceTimeZone: 'UTC' });
    p.parseLine('时间;量');
    expect(p.parseLine('2024/01/02 08:15;7')).toMatchObject({ startAt: '2024-01-02T08:15:00.000Z', offered: 7, answered: 7, abandoned: 0 });
  });

  it('spreads longer intervals over 15-minute slots with exact integer sums', () => {
    const slots = slotsOfRecord({ line: 2, queue: 'q', startAt: '2024-01-02T08:00:00.000Z', offered: 7, answered: 5, abandoned: 2, answeredWithinT: 3, ahtSeconds: 100 }, 60);
    expect(slots.map((s) => s.slotMs - slots[0].slotMs)).toEqual([0, 900_000, 1_800_000, 2_700_000]);
    expect(slots.reduce((a, s) => a + s.sums.offered, 0)).toBe(7);
    expect(slots.reduce((a, s) => a + s.sums.answeredWithinT, 0)).toBe(3);
    expect(slots.reduce((a, s) => a + s.sums.talkSeconds, 0)).toBe(500);
    expect(slotsOfRecord({ line: 2, queue: 'q', startAt: '2024-01-02T08:05:00.000Z', offered: 3, answered: 3, abandoned: 0 }, 5)[0].slotMs).toBe(Date.parse('2024-01-02T08:00:00.000Z'));
  });

  it('turns counts into interval statistics (SL, AHT, agents) for fidelity and forecasting', () => {
    const p = createIntervalCountParser({ sourceTimeZone: 'UTC' });
    p.parseLine('start,offered,answered,abandoned,aht,answered_within_t,agents');
    const recs = ['2024-01-02T08:00,30,28,2,200,20,4', '2024-01-02T08:30,30,30,0,100,30,6', '2024-01-02T09:00,10,10,0,100,,3'].map((l) => p.parseLine(l)!);
    const stats = intervalStatsFromCounts(recs, { intervalMinutes: 60, timeZone: 'UTC', allQueuesKey: null });
    expect(stats).toHaveLength(2);
    expect(stats[0]).toMatchObject({ date: '2024-01-02', start: '08:00', offered: 60, answered: 58, agentsOnDuty: 5 });
    expect(stats[0].serviceLevel).toBeCloseTo(50 / 60, 12);
    expect(stats[0].aht).toBeCloseTo((28 * 200 + 30 * 100) / 58, 12);
    // SL unknown when a row has no answered-within-T.
    expect(stats[1].serviceLevel).toBeNull();
  });
});

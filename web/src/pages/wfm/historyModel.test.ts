import { describe, expect, it } from 'vitest';
import type { QueueStats, StaffingRow, StatsRow } from '../../wfmApi';
import { activeRows, staffingSeries, statsLabel, statsSeries } from './historyModel';

const row = (date: string, start: string, offered: number): StatsRow =>
  ({ date, start, offered, answered: offered, abandoned: 0, shortAbandoned: 0, answeredWithinT: offered, serviceLevel: offered ? 1 : null, answerRate: null, abandonmentRate: null, asa: null, aht: null, occupancy: null, agentsOnDuty: 0 }) as StatsRow;

describe('history shaping', () => {
  it('labels intervals by time, by date and time across days, and periods by their start', () => {
    expect(statsLabel(row('2026-03-02', '09:30', 1), false)).toBe('09:30');
    expect(statsLabel(row('2026-03-02', '09:30', 1), true)).toBe('03-02 09:30');
    const { date: _d, start: _s, startAt: _a, ...metrics } = row('', '', 0);
    expect(statsLabel({ ...metrics, periodStart: '2026-03-01', periodEnd: '2026-03-31', agentHours: 0, intervals: 0 } as StatsRow, true)).toBe('2026-03-01');
    const s = statsSeries({ from: '2026-03-02', to: '2026-03-03', rows: [row('2026-03-02', '00:00', 0), row('2026-03-03', '00:00', 4)] } as QueueStats);
    expect(s.categories).toEqual(['03-02 00:00', '03-03 00:00']);
    expect(s.serviceLevel).toEqual([null, 1]);
  });
  it('keeps only periods with traffic for the tables', () => {
    expect(activeRows([row('2026-03-02', '00:00', 0), row('2026-03-02', '00:30', 2)]).map((r) => r.start)).toEqual(['00:30']);
    const rows = [{ date: '2026-03-02', start: '08:00', calls: 0, agents: 1, agentsFractional: 0.4, scheduled: 2, scheduledFractional: 1.4 } as StaffingRow];
    expect(activeRows(rows)).toEqual([]);
    expect(staffingSeries(rows).categories).toEqual(['08:00']);
  });
});

import { describe, expect, it } from 'vitest';
import { scheduledOver } from './schedule';

const at = (hhmm: string) => Date.parse(`2026-03-02T${hhmm}:00Z`);
const row = (hhmm: string, intervalMinutes: number, onDuty: number, working: number) => ({ startAt: `2026-03-02T${hhmm}:00.000Z`, intervalMinutes, onDuty, working });

describe('scheduled agents over intervals of another length', () => {
  it('takes the time-weighted mean, counts unpublished time inside a covered span as nobody, and says null where nothing is published', () => {
    const schedule = [row('09:00', 30, 4, 4), row('09:30', 30, 6, 5), row('10:00', 60, 8, 6)];
    const [h9, h10, h11, q1015, straddle] = scheduledOver(schedule, [at('09:00'), at('10:00'), at('11:00'), at('10:15'), at('10:45')], 3_600_000);
    expect(h9).toEqual({ onDuty: 5, working: 4.5 });
    expect(h10).toEqual({ onDuty: 8, working: 6 });
    expect(h11).toBeNull();
    // 10:15–11:15: three quarters at 8/6, the last quarter unpublished.
    expect(q1015).toEqual({ onDuty: 6, working: 4.5 });
    expect(straddle).toEqual({ onDuty: 2, working: 1.5 });
    // Shorter intervals than the schedule's take the figures of the interval they fall in.
    expect(scheduledOver(schedule, [at('10:30')], 15 * 60_000)).toEqual([{ onDuty: 8, working: 6 }]);
  });
});

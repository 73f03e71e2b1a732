import { describe, expect, it } from 'vitest';
import { generateDemoCalls } from './demoHistory';
import { intervalStats, rollUp } from './intervals';
import { localDateOf, weekdayOf } from './timezone';

const AGENTS = ['李晓敏', '王静', '张丽', '罗佳怡', '刘娜'];
const now = Date.parse('2026-03-01T07:30:00Z'); // 15:30 in Shanghai, a Sunday
const calls = generateDemoCalls({ now, days: 56, timeZone: 'Asia/Shanghai', agents: AGENTS, queues: [{ name: '客服热线', callsPerDay: 71, code: 'kf' }, { name: '报修专线', callsPerDay: 21, code: 'bx' }] });
const hotline = calls.get('客服热线')!;

describe('demo call history', () => {
  it('is deterministic for a given now', () => {
    const again = generateDemoCalls({ now, days: 56, timeZone: 'Asia/Shanghai', agents: AGENTS, queues: [{ name: '客服热线', callsPerDay: 71, code: 'kf' }, { name: '报修专线', callsPerDay: 21, code: 'bx' }] });
    expect(again.get('客服热线')).toEqual(hotline);
  });

  it('covers eight weeks up to now, ≈ 70 calls a day on the hotline', () => {
    const dates = new Set(hotline.map((r) => localDateOf(Date.parse(r.arrivalAt), 'Asia/Shanghai')));
    expect(dates.size).toBe(56);
    expect([...dates].sort().at(-1)).toBe('2026-03-01');
    expect(Math.max(...hotline.map((r) => Date.parse(r.arrivalAt)))).toBeLessThanOrEqual(now);
    const perDay = hotline.length / 55.6;
    expect(perDay).toBeGreaterThan(63);
    expect(perDay).toBeLessThan(77);
    expect(new Set(hotline.map((r) => r.callId)).size).toBe(hotline.length);
  });

  it('has the service-centre shape: peaks 9–11 and 14–16, quiet nights, quieter weekends', () => {
    const stats = intervalStats(hotline, { intervalMinutes: 60, allQueuesKey: null });
    const byHour = new Array(24).fill(0);
    for (const s of stats) byHour[Number(s.start.slice(0, 2))] += s.offered;
    const peak = Math.min(byHour[9], byHour[10], byHour[14], byHour[15]);
    expect(peak).toBeGreaterThan(byHour[12]);
    expect(peak).toBeGreaterThan(byHour[18]);
    expect(peak).toBeGreaterThan(8 * byHour[3]);
    const days = rollUp(stats, 'day').filter((d) => d.periodStart < '2026-03-01');
    const mean = (f: (wd: number) => boolean) => {
      const xs = days.filter((d) => f(weekdayOf(d.periodStart))).map((d) => d.offered);
      return xs.reduce((a, x) => a + x, 0) / xs.length;
    };
    expect(mean((wd) => wd === 0 || wd === 6)).toBeLessThan(0.85 * mean((wd) => wd >= 1 && wd <= 5));
  });

  it('answers ≈ 96 % of calls with AHT ≈ 3 minutes, by the desk agents', () => {
    const answered = hotline.filter((r) => r.answered);
    const rate = answered.length / hotline.length;
    expect(rate).toBeGreaterThan(0.93);
    expect(rate).toBeLessThan(0.99);
    const aht = answered.reduce((a, r) => a + r.talkSeconds, 0) / answered.length;
    expect(aht).toBeGreaterThan(160);
    expect(aht).toBeLessThan(200);
    expect(new Set(answered.map((r) => r.agent))).toEqual(new Set(AGENTS));
    for (const r of hotline) {
      expect(r.offered).toBe(true);
      expect(r.answered !== r.abandoned).toBe(true);
      expect(r.waitSeconds).toBeGreaterThanOrEqual(0);
    }
  });

  it('never has an agent on two calls at once', () => {
    const all = [...calls.values()].flat().filter((r) => r.answered);
    const byAgent = new Map<string, [number, number][]>();
    for (const r of all) byAgent.set(r.agent!, [...(byAgent.get(r.agent!) ?? []), [Date.parse(r.serviceStartAt!), Date.parse(r.serviceEndAt!)]]);
    for (const spans of byAgent.values()) {
      spans.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
    }
  });
});

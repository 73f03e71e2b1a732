import { describe, expect, it } from 'vitest';
import { adaptivePresence, agentStretches, idleThresholdFromGaps, presenceByInterval, rollUpPresence, withinAgentGaps, type ServiceSpan } from './presence';

const M = 60_000;
/** Minutes after 1999-01-03 00:00 (a day of hand-made spans). */
const at = (min: number) => Date.UTC(1999, 0, 3) + min * M;
const span = (agent: string, from: number, to: number, wrapUpSeconds?: number): ServiceSpan => ({ agent, startMs: at(from), endMs: at(to), ...(wrapUpSeconds !== undefined && { wrapUpSeconds }) });

describe('agent presence from service spans', () => {
  it('joins calls into stretches and breaks them at gaps longer than the idle threshold', () => {
    const spans = [span('a', 600, 605), span('a', 608, 612), span('a', 640, 650), span('b', 610, 611)];
    const st = agentStretches(spans, 5 * 60);
    // a: 10:00–10:12 (gap 3 min joins), then 10:40–10:50 (gap 28 min breaks); b: one call.
    expect(st.map((s) => [s.agent, (s.startMs - at(0)) / M, (s.endMs - at(0)) / M, s.calls])).toEqual([
      ['a', 600, 612, 2], ['b', 610, 611, 1], ['a', 640, 650, 1],
    ]);
    expect(agentStretches(spans, 30 * 60).filter((s) => s.agent === 'a')).toHaveLength(1);
  });

  it('counts time-weighted presence per interval next to distinct agents', () => {
    // Agent a works 10:30–11:30 continuously (calls every few minutes); b takes one call at 10:55.
    const spans: ServiceSpan[] = [];
    for (let m = 630; m < 690; m += 6) spans.push(span('a', m, m + 5));
    spans.push(span('b', 655, 660));
    const p = presenceByInterval(spans, { intervalMinutes: 60, idleThresholdSeconds: 120 });
    const h10 = p.get(Math.floor(at(600) / (60 * M)))!;
    const h11 = p.get(Math.floor(at(660) / (60 * M)))!;
    expect(h10.distinctAgents).toBe(2);
    // a: 30 min, b: 5 min → 35/60 of an agent, not 2.
    expect(h10.agentsPresent).toBeCloseTo(35 / 60, 12);
    // a's last call 11:24–11:29 ends the stretch at 11:29.
    expect(h11.agentsPresent).toBeCloseTo(29 / 60, 12);
    expect(h11.distinctAgents).toBe(1);
    const day = rollUpPresence(p, 60, 'day');
    expect(day).toHaveLength(1);
    expect(day[0].periodStart).toBe('1999-01-03');
    expect(day[0].presentHours).toBeCloseTo(64 / 60, 12);
    expect(day[0].distinctAgentHours).toBe(3);
    expect(rollUpPresence(p, 60, 'month')[0].periodStart).toBe('1999-01-01');
  });

  it('adds wrap-up to presence and to the gap', () => {
    const spans = [span('a', 600, 610, 120), span('a', 615, 620, 0)];
    // With 2 min wrap-up the gap is 3 min: one stretch at a 4-minute threshold, ending 10:20.
    const st = agentStretches(spans, 240);
    expect(st).toHaveLength(1);
    expect((st[0].endMs - at(600)) / M).toBe(20);
    expect(withinAgentGaps(spans)).toEqual([180]);
  });

  it('chooses the idle threshold from the gaps: 1 % tail of an exponential with the same median', () => {
    expect(idleThresholdFromGaps([10, 20, 30, 40, 50])).toBeCloseTo((30 / Math.LN2) * Math.log(100), 9);
    expect(idleThresholdFromGaps([])).toBe(300);
    expect(() => agentStretches([], -1)).toThrow(RangeError);
  });
});

describe('traffic-dependent idle threshold', () => {
  const H = 3600;
  const slot = (min: number) => Math.floor(at(min) / (60 * M));

  it('takes an agent waiting between sparse calls as on duty, where a fixed threshold cuts every gap', () => {
    // 10:00–10:51: one 1-minute call every 10 minutes (9-minute gaps); a 2-hour break; one call at 13:00.
    const spans = [0, 10, 20, 30, 40, 50].map((m) => span('a', 600 + m, 601 + m)).concat([span('a', 780, 781)]);
    const fixed = presenceByInterval(spans, { intervalMinutes: 60, idleThresholdSeconds: 252 });
    expect(fixed.get(slot(600))!.agentsPresent).toBeCloseTo(6 / 60, 9);
    const { presence, thresholds } = adaptivePresence(spans, { intervalMinutes: 60, baseThresholdSeconds: 252 });
    // Five 540 s gaps begin at 10:xx: mean 540 ÷ ln 2, threshold × ln 100 ≈ 3588 s.
    expect(thresholds.get(slot(600))).toBeCloseTo((540 / Math.LN2) * Math.log(100), 6);
    expect(presence.get(slot(600))!.agentsPresent).toBeCloseTo(51 / 60, 9);
    // The 2-hour break is longer than an interval: never joined.
    expect(presence.get(slot(720))).toBeUndefined();
    expect(presence.get(slot(780))!.presentSeconds).toBeCloseTo(60, 9);
  });

  it('raises the threshold by the idle time Little\'s law gives, never below the pooled one', () => {
    // 09:00–09:58: a 1-minute call every 3 minutes (20 calls, 2-minute gaps), then a 7-minute gap.
    const spans = Array.from({ length: 20 }, (_, i) => span('a', 540 + 3 * i, 541 + 3 * i)).concat([span('a', 605, 606)]);
    const fixed = presenceByInterval(spans, { intervalMinutes: 60, idleThresholdSeconds: 252 });
    expect(fixed.get(slot(540))!.presentSeconds).toBeCloseTo(58 * 60, 9); // 09:00–09:58, the 420 s gap cut
    const { presence, thresholds } = adaptivePresence(spans, { intervalMinutes: 60, baseThresholdSeconds: 252, seed: 'pooled' });
    // First pass: (3480 − 1200) s idle over 20 calls = 114 s mean idle; × ln 100 = 525 s > 420 s:
    // joined. Next pass: the hour is fully present, (3600 − 1200) ÷ 20 = 120 s → 553 s; then stable.
    expect(thresholds.get(slot(540))).toBeCloseTo((2400 / 20) * Math.log(100), 6);
    expect(presence.get(slot(540))!.presentSeconds).toBeCloseTo(H, 9);
    expect(presence.get(slot(600))!.presentSeconds).toBeCloseTo(6 * 60, 9);
    // A busy interval whose idle time is short keeps the pooled threshold.
    const busy = Array.from({ length: 30 }, (_, i) => span('b', 540 + 2 * i, 541.9 + 2 * i));
    expect(adaptivePresence(busy, { intervalMinutes: 60, baseThresholdSeconds: 252, seed: 'pooled' }).thresholds.size).toBe(0);
  });

  it('accepts a threshold that varies in time', () => {
    const spans = [span('a', 600, 601), span('a', 606, 607), span('a', 720, 721), span('a', 726, 727)];
    // 5-minute gaps: joined before noon (threshold 600 s), cut after (60 s).
    const st = agentStretches(spans, (ms) => (ms < at(700) ? 600 : 60));
    expect(st.map((s) => s.calls)).toEqual([2, 1, 1]);
  });
});

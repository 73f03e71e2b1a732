import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scheduleProblemSchema } from '../../../../src/modules/scheduling/shiftSchemas';
import type { SolvePhase } from '../../wfmApi';
import {
  buildScheduleProblem,
  coverageSeries,
  EMPTY_PROGRESS,
  EXAMPLE_DAY_30MIN,
  fourShiftPreset,
  parseStarts,
  PROGRESS_STEPS,
  reduceProgress,
  templateFromRow,
  timeUsedPercent,
  type TemplateRow,
} from './scheduleModel';

const NAMES = { early: 'E', middle: 'M', late: 'L', night: 'N' };

describe('parseStarts', () => {
  it('reads a list of times (leading zero optional, duplicates dropped) or a window with a step', () => {
    expect(parseStarts('7:00, 08:30，07:00')).toEqual({ startTimes: ['07:00', '08:30'] });
    expect(parseStarts('06:00-09:00/30')).toEqual({ startWindow: { earliest: '06:00', latest: '09:00', stepMinutes: 30 } });
    expect(parseStarts('22:00 ~ 23:30 / 15')).toEqual({ startWindow: { earliest: '22:00', latest: '23:30', stepMinutes: 15 } });
  });
  it('refuses bad times, empty lists and backward windows', () => {
    for (const bad of ['', '25:00', '7', '09:00-06:00/30', '06:00-09:00/0', 'abc']) expect(parseStarts(bad)).toBeNull();
  });
});

describe('templateFromRow', () => {
  const base: TemplateRow = { key: 'k', name: 'A', starts: '07:00', lengthsHours: '8', breakMinutes: 30, breakEarliest: 180, breakLatest: 300, breakPaid: false, hourlyYuan: '30.5' };
  it('turns hours into minutes and yuan into fen', () => {
    const r = templateFromRow(base, 2);
    expect(r).toEqual({
      template: {
        id: 't3',
        name: 'A',
        startTimes: ['07:00'],
        lengthsMinutes: [480],
        breaks: [{ name: 'break', durationMinutes: 30, paid: false, earliestStartMinutes: 180, latestStartMinutes: 300 }],
        costPerPaidHourFen: 3050,
      },
    });
  });
  it('names every wrong field', () => {
    const r = templateFromRow({ ...base, name: ' ', starts: 'x', lengthsHours: '0', hourlyYuan: '1.234' }, 0);
    expect(r).toEqual({ problems: ['name', 'starts', 'lengths', 'cost'] });
    expect(templateFromRow({ ...base, lengthsHours: '4', breakLatest: 240 }, 0)).toEqual({ problems: ['break'] });
    expect('template' in templateFromRow({ ...base, breakMinutes: 0, breakLatest: 999 }, 0)).toBe(true);
  });
});

describe('the example day with the four-shift preset', () => {
  it('is a problem the solver’s own schema accepts as it is', () => {
    const templates = fourShiftPreset(NAMES).map((r, i) => {
      const t = templateFromRow(r, i);
      if (!('template' in t)) throw new Error(`preset row ${i}: ${t.problems.join(',')}`);
      return t.template;
    });
    const problem = buildScheduleProblem({ start: '2026-03-02T00:00', intervalMinutes: 30, requirements: [...EXAMPLE_DAY_30MIN], wrapAround: true, timeLimitSeconds: 30, gapPercent: 1 }, templates);
    const parsed = scheduleProblemSchema.safeParse(problem);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(EXAMPLE_DAY_30MIN).toHaveLength(48);
    expect(problem.solver).toEqual({ timeLimitSeconds: 30, mipRelGap: 0.01 });
  });
});

describe('coverageSeries', () => {
  const cov = (startLocal: string, required: number, working: number, onBreak = 0) => ({ interval: 0, startLocal, requirement: required, required, onDuty: working + onBreak, onBreak, working, short: Math.max(0, required - working), over: Math.max(0, working - required) });
  it('labels by time within a day and by date and time across days, and counts the short intervals', () => {
    const one = coverageSeries([cov('2026-03-02T00:00', 2, 2), cov('2026-03-02T00:30', 3, 1, 1)]);
    expect(one.categories).toEqual(['00:00', '00:30']);
    expect(one.short).toEqual([0, 2]);
    expect(one.shortIntervals).toBe(1);
    expect(coverageSeries([cov('2026-03-02T23:30', 1, 1), cov('2026-03-03T00:00', 1, 1)]).categories).toEqual(['03-02 23:30', '03-03 00:00']);
  });
});

describe('reduceProgress', () => {
  const ev = (phase: SolvePhase, elapsedMs: number, objective: number | null = null) => ({ phase, elapsedMs, objective, bestBound: null, gap: null, nodes: null });
  it('never goes back a step and keeps only improving incumbents', () => {
    const phases = fc.array(fc.tuple(fc.constantFrom<SolvePhase>('building', 'loading', 'solving', 'tick', 'incumbent', 'done'), fc.integer({ min: 0, max: 1000 })), { maxLength: 40 });
    fc.assert(
      fc.property(phases, (list) => {
        let s = EMPTY_PROGRESS;
        let last = 0;
        for (const [p, obj] of list) {
          s = reduceProgress(s, ev(p, 0, obj));
          const idx = PROGRESS_STEPS.indexOf(s.step);
          expect(idx).toBeGreaterThanOrEqual(last);
          last = idx;
        }
        for (let i = 1; i < s.incumbents.length; i++) expect(s.incumbents[i].objective).toBeLessThan(s.incumbents[i - 1].objective);
        expect(s.events).toBe(list.length);
      }),
    );
  });
  it('marks a cancelled solve and ends on done', () => {
    const s = [ev('building', 0), ev('loading', 10), ev('incumbent', 20, 500), ev('tick', 30), ev('cancelled', 40)].reduce(reduceProgress, EMPTY_PROGRESS);
    expect(s).toMatchObject({ step: 'done', cancelled: true, incumbents: [{ elapsedMs: 20, objective: 500 }] });
  });
});

describe('timeUsedPercent', () => {
  it('is the share of the time limit, clamped to 0–100', () => {
    expect(timeUsedPercent(15_000, 30)).toBe(50);
    expect(timeUsedPercent(90_000, 30)).toBe(100);
    expect(timeUsedPercent(1000, 0)).toBe(0);
  });
});

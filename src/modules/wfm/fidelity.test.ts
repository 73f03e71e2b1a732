import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { queueMeasures } from './erlang';
import { erlangFidelity, measuresAt, quantile, summarizeErrors } from './fidelity';
import type { IntervalStat } from './intervals';
import { runFidelityReport } from './fidelity-cli';

function stat(o: Partial<IntervalStat>): IntervalStat {
  return {
    queue: '*', date: '1999-01-03', start: '10:00', slot: 10, startAt: '1999-01-03T08:00:00.000Z', intervalMinutes: 60,
    slThresholdSeconds: 20, slDefinition: 'offered', offered: 100, answered: 90, abandoned: 10, shortAbandoned: 1,
    answeredWithinT: 60, waitAnsweredSeconds: 1800, waitAllSeconds: 3000, talkSeconds: 90 * 180, busySeconds: 16_000,
    staffedSeconds: 8 * 3600, serviceLevel: 0.6, asa: 20, aht: 180, abandonmentRate: 0.1, answerRate: 0.9, occupancy: 0.55,
    patienceSeconds: 300, agentsOnDuty: 8, agents: [], ...o,
  };
}

describe('erlangFidelity', () => {
  it('predicts each interval from its own inputs and filters by volume and weekday', () => {
    const rows = erlangFidelity([stat({}), stat({ offered: 5 }), stat({ date: '1999-01-02' })], { weekdays: [0, 1, 2, 3, 4, 5], patiencePrior: 0 });
    expect(rows).toHaveLength(1); // 5 calls is too few; 2 Jan 1999 was a Saturday
    const r = rows[0];
    const c = queueMeasures({ calls: 100, intervalSeconds: 3600, ahtSeconds: 180 }, 8, { thresholdSeconds: 20 });
    const a = queueMeasures({ calls: 100, intervalSeconds: 3600, ahtSeconds: 180, patienceSeconds: 300 }, 8, { thresholdSeconds: 20 });
    expect(r.erlangCSl).toBe(c.serviceLevel);
    expect(r.erlangASl).toBe(a.serviceLevel);
    expect(r.patienceSeconds).toBeCloseTo(300, 12);
    // Observed SL is below the prediction, so fewer agents reproduce it.
    expect(r.observedSl).toBeLessThan(r.erlangASl);
    expect(r.impliedAgentsA).toBeLessThan(8);
    expect(queueMeasures({ calls: 100, intervalSeconds: 3600, ahtSeconds: 180, patienceSeconds: 300 }, Math.ceil(r.impliedAgentsA), { thresholdSeconds: 20 }).serviceLevel).toBeGreaterThanOrEqual(0.6);
  });

  it('takes fractional agents by interpolating between the neighbouring integers', () => {
    const load = { calls: 100, intervalSeconds: 3600, ahtSeconds: 180 };
    const at = (n: number) => queueMeasures(load, n, { thresholdSeconds: 20 }).serviceLevel;
    expect(measuresAt(load, 7.25, { thresholdSeconds: 20 }).serviceLevel).toBeCloseTo(at(7) + 0.25 * (at(8) - at(7)), 12);
    const rows = erlangFidelity([stat({})], { agentsOf: () => 7.25, patiencePrior: 0 });
    expect(rows[0].agents).toBe(7.25);
    expect(rows[0].distinctAgents).toBe(8);
    expect(rows[0].erlangCSl).toBeCloseTo(at(7) + 0.25 * (at(8) - at(7)), 12);
    expect(erlangFidelity([stat({})], { agentsOf: () => 0.5 })).toHaveLength(0);
  });

  it('falls back to the pooled patience for an hour without abandonments when there is no prior', () => {
    // Before, 0 queue time ÷ 0 abandonments gave NaN and Erlang A threw.
    const rows = erlangFidelity([stat({}), stat({ start: '11:00', abandoned: 0, waitAllSeconds: 0 })], { patiencePrior: 0 });
    expect(rows).toHaveLength(2);
    expect(rows[1].patienceSeconds).toBeCloseTo((3000 + 0) / (10 + 0), 9); // pooled: both hours' queue time ÷ abandonments
    expect(Number.isFinite(rows[1].erlangASl)).toBe(true);
  });

  it('summarizes errors', () => {
    const s = summarizeErrors([0.1, -0.2, 0.04, 0.3, Number.NaN]);
    expect(s.n).toBe(4);
    expect(s.mean).toBeCloseTo(0.06, 12);
    expect(s.mae).toBeCloseTo(0.16, 12);
    expect(s.medianAbs).toBeCloseTo(0.15, 12);
    expect(s.within005).toBeCloseTo(0.25, 12);
    expect(s.within010).toBeCloseTo(0.5, 12);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });
});

const dataDir = fileURLToPath(new URL('../../../../shared/data/anonymous-bank', import.meta.url));
describe.skipIf(!existsSync(dataDir))('fidelity report on the Anonymous Bank data', () => {
  it('covers several hundred working hours for both models, any month given by file name', async () => {
    const md = await runFidelityReport(dataDir);
    const hours = Number(/Service-level error \((\d+) working hours\)/.exec(md)?.[1]);
    expect(hours).toBeGreaterThan(500);
    expect(md).toMatch(/\| Erlang C, presence \(adaptive\) \| \d+ \|/);
    expect(md).toMatch(/\| Erlang A, presence \(fixed threshold\) \| \d+ \|/);
    expect(md).toContain('## Leave one month out');
    expect(md).toMatch(/\| Erlang A, presence \(adaptive\) \| \d+ \|/);
    expect(md).toContain('### Calibration');
    // Multi-skill pooling: every rule scored per month, the one-pool rule reproducing the headline.
    expect(md).toContain('## Multi-skill pooling');
    for (const rule of ['pooled', 'desks', 'specialists', 'per type']) expect(md).toMatch(new RegExp(`\\| ${rule} \\| [A-Z+]+( / [A-Z+]+)* \\|`));
    const pooledRow = /\| pooled \| [^|]+ \| [^|]+ \| ([\d.]+) \| ([\d.]+) \| (-?[\d.]+) \|/.exec(md);
    const headline = (m: string) => Number(new RegExp(`\\| A, ${m} \\| \\d+ \\| -?[\\d.]+ \\| -?[\\d.]+ \\| ([\\d.]+) \\|`).exec(md)?.[1]);
    expect(Number(pooledRow?.[1])).toBe(headline('1999-01'));
    expect(Number(pooledRow?.[2])).toBe(headline('1999-02'));
    // Split into every type alone, agents pool less: Erlang A predicts lower SL than with one pool.
    const perType = /\| per type \| (?:[^|]+\| ){4}(-?[\d.]+) \| (-?[\d.]+) \|/.exec(md);
    expect(Number(perType?.[1])).toBeLessThan(Number(pooledRow?.[3]) - 0.02);
    // The noise floor of an exact model sits below the data's error, and is a real spread.
    const floor = /\| all \| \d+ \| ([\d.]+) \| [\d.]+–[\d.]+ \| -?[\d.]+ \| ([\d.]+) \|/.exec(md);
    expect(floor).not.toBeNull();
    expect(Number(floor![1])).toBeGreaterThan(0.02);
    expect(Number(floor![1])).toBeLessThan(Number(floor![2]));
    // Availability learned out of sample: each month predicted from the other, both months scored.
    expect(md).toContain('## Availability learned from other months');
    expect(md).toMatch(/\| Erlang A, presence × availability from other months \| \d+ \|/);
    expect(md).toMatch(/\| Erlang A, presence × clock-hour availability only, from other months \| \d+ \|/);
    // Per month: hours learned from, elasticity, availability, hours, then the headline's figure for that month.
    for (const m of ['1999-01', '1999-02']) expect(md).toMatch(new RegExp(`\\| ${m} \\| \\d+ \\| -?[\\d.]+ \\| [\\d.]+ \\| \\d+ \\| ${headline(m).toFixed(3)} \\| [\\d.]+ \\|`));
    // A single month, named by its file: only that month is reported, availability by week.
    const feb = await runFidelityReport([`${dataDir}/1999-02.tsv`]);
    expect(feb).toContain('## Availability learned from other weeks');
    expect(feb).toContain('Months: 1999-02.');
    expect(feb).not.toMatch(/\| A, 1999-01 \|/);
    expect(feb).toMatch(/\| A, 1999-02 \| \d+ \|/);
    // Learned from earlier months given apart (--train): the new month is predicted from that history alone.
    const trained = await runFidelityReport([`${dataDir}/1999-02.tsv`], { trainPaths: [`${dataDir}/1999-01.tsv`] });
    expect(trained).toContain('## Availability learned from the history given');
    expect(trained).toContain('fitted on the history given (1999-01; `--train`)');
    const trainedA = Number(/\| Erlang A, presence × availability from the history given \| \d+ \| -?[\d.]+ \| -?[\d.]+ \| ([\d.]+) \|/.exec(trained)?.[1]);
    expect(trainedA).toBeGreaterThan(0);
    // A history that contains the predicted month is said to be in sample.
    const inSample = await runFidelityReport([`${dataDir}/1999-02.tsv`], { trainPaths: [dataDir] });
    expect(inSample).toContain('overlaps the predicted months (1999-02)');
  });

  it('reports months it has never seen, with a stray call in a month of its own (held-out files end with calls past midnight)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fidelity-'));
    try {
      // January's calls as April (30 days), February's as May, and one lone call on 1 June.
      // The date is the sixth column (YYMMDD); only that column is rewritten.
      const withDate = (line: string, date: string) => line.split('\t').map((c, k) => (k === 5 ? date : c)).join('\t');
      const relabel = (file: string, month: string, days: number) =>
        readFileSync(`${dataDir}/${file}`, 'utf8')
          .split('\n')
          .flatMap((line, i) => {
            const date = line.split('\t')[5] ?? '';
            if (i === 0 || !/^\d{6}$/.test(date)) return [line];
            return Number(date.slice(4)) <= days ? [withDate(line, `99${month}${date.slice(4)}`)] : [];
          })
          .join('\n');
      writeFileSync(path.join(dir, 'apr.tsv'), relabel('1999-01.tsv', '04', 30));
      const may = relabel('1999-02.tsv', '05', 31);
      const lone = withDate(may.split('\n').find((l) => l.includes('\tAGENT\t'))!, '990601');
      writeFileSync(path.join(dir, 'may.tsv'), `${may}\n${lone}`);
      const md = await runFidelityReport(dir);
      expect(md).toContain('Months: 1999-04, 1999-05');
      for (const m of ['1999-04', '1999-05']) expect(md).toMatch(new RegExp(`\\| A, ${m} \\| \\d+ \\|`));
      expect(md).toContain('Multi-skill pooling (section above), chosen on one month and scored on another');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

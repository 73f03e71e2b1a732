import { readFileSync } from 'node:fs';
import { evaluateUsBankBacktest } from '../src/modules/wfm/backtest-cli';
import { trainingDays, targetDays, regressionProfile, meanOfLastWeeks } from '../src/modules/wfm/forecast';
const csv = readFileSync('/work/shared/data/us-bank-calls/bank_calls_2003-03_to_2003-08.csv', 'utf8');
const r = evaluateUsBankBacktest(csv);
const byDate = new Map(r.series.days.map((d) => [d.date, d.values]));
for (const [name, origins] of [['sel', r.selectionOrigins], ['test', r.testOrigins]] as const) {
  for (const m of [regressionProfile(), meanOfLastWeeks(8)]) {
  let eAll = 0, eShape = 0, eTot = 0, act = 0, poisson = 0;
  for (const o of origins) {
    const h = trainingDays(r.series, o, r.calendar);
    const t = targetDays(o, 7, r.calendar).filter((t) => byDate.has(t.date));
    const fc = m.forecast(h, t, r.series.slotsPerDay);
    t.forEach((td, i) => {
      const a = byDate.get(td.date)!;
      const at = a.reduce((x, y) => x + y, 0), ft = fc[i].reduce((x, y) => x + y, 0);
      for (let s = 0; s < a.length; s++) {
        eAll += Math.abs(a[s] - fc[i][s]);
        eShape += Math.abs(a[s] - fc[i][s] / ft * at);
        act += a[s];
        poisson += Math.sqrt(2 * a[s] / Math.PI);
      }
      eTot += Math.abs(at - ft);
    });
  }
  console.log(name, m.name, 'all', (eAll / act).toFixed(4), 'shape-only(actual total)', (eShape / act).toFixed(4), 'daily-total', (eTot / act).toFixed(4), 'poisson floor', (poisson / act).toFixed(4));
  }
}

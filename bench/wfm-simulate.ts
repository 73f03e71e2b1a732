/**
 * Bench: speed of the queue simulator (src/modules/scheduling/simulate.ts) in simulated calls per
 * second, and the width of its confidence intervals, on stationary days of 48 half-hours.
 *
 * Run: npx tsx bench/wfm-simulate.ts
 */
import { simulateQueue } from '../src/modules/scheduling/simulate';

const cases = [
  { name: 'λ=100/30min, N=11, AHT 180 s, patience 120 s', calls: 100, agents: 11, aht: 180, patience: 120 },
  { name: 'λ=1000/30min, N=105, AHT 180 s, patience 300 s', calls: 1000, agents: 105, aht: 180, patience: 300 },
  { name: 'λ=5000/30min, N=510, AHT 180 s, no abandonment', calls: 5000, agents: 510, aht: 180, patience: 0 },
];
const rows: string[] = ['| case | replications | simulated calls | wall (s) | calls / s | SL ± 95 % half-width | Erlang A / C SL |', '|---|---|---|---|---|---|---|'];
for (const c of cases) {
  const input = {
    intervalMinutes: 30,
    intervals: Array.from({ length: 48 }, () => ({ calls: c.calls, agents: c.agents })),
    handleTime: { dist: 'exponential' as const, meanSeconds: c.aht },
    ...(c.patience ? { patience: { dist: 'exponential' as const, meanSeconds: c.patience } } : {}),
    warmupSeconds: 3600,
    replications: 20,
    maxSimulatedCalls: 50_000_000,
  };
  simulateQueue({ ...input, replications: 2 }); // warm the JIT
  const r = simulateQueue(input);
  const rate = r.simulatedCalls / (r.wallMs / 1000);
  rows.push(
    `| ${c.name} | ${r.replications} | ${r.simulatedCalls.toLocaleString('en')} | ${(r.wallMs / 1000).toFixed(2)} | ${Math.round(rate).toLocaleString('en')} | ${r.serviceLevel.mean.toFixed(4)} ± ${r.serviceLevel.halfWidth.toFixed(4)} | ${r.intervals[10].erlang?.serviceLevel.toFixed(4) ?? '-'} |`,
  );
}
console.log(rows.join('\n'));

/**
 * Staffing a year of 15-minute intervals (35,040) with Erlang C and with Erlang A.
 * Aim: Erlang C < 200 ms, Erlang A < 2 s.  Run: npx tsx bench/wfm-erlang.ts
 */
import { requiredAgents, type StaffingTarget } from '../src/modules/wfm/staffing';
import type { QueueLoad } from '../src/modules/wfm/types';

// Deterministic pseudo-random numbers (mulberry32) so runs are comparable.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A year of quarter-hours: intraday double peak, weekday factors, noise; night floor. */
function yearOfLoads(peakCalls: number, aht: number, patience?: number): QueueLoad[] {
  const rand = rng(42);
  const out: QueueLoad[] = [];
  const weekday = [0.55, 1.2, 1.05, 1.0, 0.98, 1.1, 0.7];
  for (let day = 0; day < 365; day++) {
    for (let q = 0; q < 96; q++) {
      const h = q / 4;
      const shape = 0.03 + Math.exp(-((h - 10.5) ** 2) / 4) + 0.8 * Math.exp(-((h - 15) ** 2) / 5);
      const calls = Math.max(0, peakCalls * shape * weekday[day % 7] * (0.9 + 0.2 * rand()));
      out.push({ calls, intervalSeconds: 900, ahtSeconds: aht, ...(patience ? { patienceSeconds: patience } : {}) });
    }
  }
  return out;
}

const target: StaffingTarget = { serviceLevel: { target: 0.8, thresholdSeconds: 20 }, maxOccupancy: 0.85, shrinkage: 0.3 };

/** Best of `runs` passes (wall and CPU ms): the machine is shared, so the minimum is the figure. */
function time(label: string, loads: QueueLoad[], runs = 5): { wallMs: number; cpuMs: number; agents: number } {
  for (const l of loads.slice(0, 2000)) requiredAgents(l, target); // JIT warm-up
  let wallMs = Infinity;
  let cpuMs = Infinity;
  let agents = 0;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let sum = 0;
    for (const l of loads) sum += requiredAgents(l, target).agents;
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    wallMs = Math.min(wallMs, wall);
    cpuMs = Math.min(cpuMs, (cpu.user + cpu.system) / 1000);
    agents = sum;
  }
  console.log(`${label.padEnd(58)} ${loads.length} intervals  wall ${wallMs.toFixed(0).padStart(5)} ms  cpu ${cpuMs.toFixed(0).padStart(5)} ms  (${((wallMs * 1000) / loads.length).toFixed(1)} µs/interval, Σ agents ${agents})`);
  return { wallMs, cpuMs, agents };
}

const scenarios: [string, number, number][] = [
  ['property desk: peak 20 calls/15 min, AHT 240 s', 20, 240],
  ['bank: peak 300 calls/15 min, AHT 240 s', 300, 240],
  ['large: peak 3,000 calls/15 min, AHT 300 s', 3000, 300],
];
console.log(`node ${process.version}`);
for (const [label, peak, aht] of scenarios) {
  time(`Erlang C — ${label}`, yearOfLoads(peak, aht));
  time(`Erlang A (patience 180 s) — ${label}`, yearOfLoads(peak, aht, 180));
}

/**
 * `npm run bench`: the speed aims of issue 17 measured in one go, printed as one screen — each
 * figure beside its aim, with the load average (the machine is often shared; read figures under
 * load as floors).
 *
 *   npm run bench                          # SQLite
 *   DATABASE_URL=postgres://… npm run bench  # PostgreSQL
 *   BENCH_SECONDS=5 npm run bench          # shorter HTTP scenarios (default 10 s each)
 *   BENCH_BASE=/tmp/prev npm run bench     # also measure a checkout of the previous commit
 *                                          # (git worktree add /tmp/prev HEAD~1; npm ci there or
 *                                          # link node_modules) and print its figures beside
 *
 * Each bench also runs on its own (bench/http-bench.ts, bench/kpi.ts); bench/README.md keeps the
 * table of figures with the machine, the date and the command.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-bench-'));
const pg = !!process.env.DATABASE_URL;

/**
 * Run one bench script through tsx with BENCH_JSON set; its figures, or null when it failed. With
 * `base`, this script is copied into that checkout's bench/ folder and run against its code, so
 * both sides are measured the same way.
 */
function run(script, base) {
  const out = path.join(dir, `${base ? 'base-' : ''}${path.basename(script)}.json`);
  let file = script;
  if (base) {
    file = path.join(base, 'bench', `run-all-${path.basename(script)}`);
    fs.copyFileSync(script, file);
  }
  process.stderr.write(`running ${file} …\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: base ?? process.cwd(), stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, BENCH_JSON: out } });
  if (base) fs.rmSync(file, { force: true });
  if (r.status !== 0 || !fs.existsSync(out)) return null;
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

const BASE = process.env.BENCH_BASE ? path.resolve(process.env.BENCH_BASE) : null;
const loadBefore = os.loadavg();
// The previous commit first, then this one, back to back under the same load.
const baseHttp = BASE ? run('bench/http-bench.ts', BASE) : null;
const baseKpi = BASE ? run('bench/kpi.ts', BASE) : null;
const http = run('bench/http-bench.ts');
const kpi = run('bench/kpi.ts');

const rows = [];
const scenario = (key, h = http) => h?.results.find((r) => r.key === key);
const figure = (r) => (r ? `${r['req/s (mean)'].toLocaleString('en')} req/s, p99 ${r['p99 ms']} ms${r['non-2xx'] || r.errors ? `, ${r['non-2xx']} non-2xx, ${r.errors} errors` : ''}` : '—');
/** A throughput aim: req/s at least `min`, p99 at most `p99` (when given), and no refusals. */
function throughput(label, key, min, p99) {
  const r = scenario(key);
  const before = BASE ? [figure(scenario(key, baseHttp))] : [];
  if (!r) return rows.push([label, aimText(min, p99), ...before, 'not measured', '—']);
  const ok = r['req/s (mean)'] >= min && (p99 === undefined || r['p99 ms'] <= p99) && r['non-2xx'] === 0 && r.errors === 0;
  rows.push([label, aimText(min, p99), ...before, figure(r), ok ? 'met' : 'NOT met']);
}
function aimText(min, p99) {
  return `≥ ${min.toLocaleString('en')}/s${p99 === undefined ? '' : `, p99 ≤ ${p99} ms`}`;
}

if (pg) {
  throughput('order creation (PostgreSQL)', 'orders', 1000, 50);
  throughput('dispatch (PostgreSQL)', 'dispatch', 1500);
} else {
  throughput('order creation (SQLite)', 'orders', 2000, 25);
  throughput('dispatch (SQLite)', 'dispatch', 1500);
}
throughput('order list, 20 a page', 'order-list', 2000);
throughput('unit list, 20 a page', 'units', 2000);
for (const key of ['parties', 'party-create']) {
  const r = scenario(key);
  if (r) rows.push([r.scenario, 'measure', ...(BASE ? [figure(scenario(key, baseHttp))] : []), figure(r), '—']);
}
const kpiText = (k) => (k ? `median ${k.kpiMedianMs.toFixed(0)} ms (max ${k.kpiMaxMs.toFixed(0)})` : 'not measured');
rows.push(['GET /api/kpi, a month, demo org', '≤ 150 ms', ...(BASE ? [kpiText(baseKpi)] : []), kpiText(kpi), kpi ? (kpi.kpiMedianMs <= 150 ? 'met' : 'NOT met') : '—']);

const head = ['bench', 'aim', ...(BASE ? ['previous commit'] : []), 'measured', ''];
const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log(`\nShouwen benches — ${new Date().toISOString()} — ${pg ? 'PostgreSQL' : 'SQLite'}, ${os.cpus().length} cores, Node ${process.version}`);
console.log(`load average before ${loadBefore.map((x) => x.toFixed(1)).join(' ')}, after ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
if (kpi) console.log(`\n/api/kpi parts: ${Object.entries(kpi.partsMs).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}`);
console.log('\nOther figures (start-up, web size, solvers, imports): bench/README.md, each with its own script.');
fs.rmSync(dir, { recursive: true, force: true });

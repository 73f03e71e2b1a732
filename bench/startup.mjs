#!/usr/bin/env node
/**
 * Start-up figures: a CLI command's wall time as a process, and a server restart's time to a
 * healthy /api/health on an existing database — compiled (dist/server, the default) against the
 * TypeScript run through tsx (SHOUWEN_TSX=1). `node -e 0` is measured beside them: Node's own
 * start-up on the machine, the floor of any command.
 *
 *   node bench/startup.mjs            RUNS=15 by default for the CLI, 5 for the server
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from '../scripts/builds.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 15);
const SERVER_RUNS = Number(process.env.SERVER_RUNS ?? 5);
const BIN = path.join(ROOT, 'bin', 'shouwen.mjs');
const ERLANG = ['erlang', '--model', 'c', '--calls', '100', '--interval-min', '30', '--aht-s', '180', '--sl', '0.8', '--threshold-s', '20', '--json'];
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
};
const fmt = (x) => `${(x.median / 1000).toFixed(2)} s (${(x.min / 1000).toFixed(2)}–${(x.max / 1000).toFixed(2)})`;

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function serverReady(env) {
  const port = await freePort();
  const t = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error('server exited');
    await new Promise((r) => setTimeout(r, 10));
  }
  const ms = performance.now() - t;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await gone;
  return ms;
}

const data = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-startup-'));
const env = { ...process.env, SHOUWEN_DATA: data, SHOUWEN_DEMO: '1', SHOUWEN_ADMIN_PASSWORD: 'bench-admin-1', LOG_LEVEL: 'warn' };
delete env.DATABASE_URL;
try {
  await buildServer();
  // Seed the demo database once: the figures are for a restart on an existing database.
  await serverReady(env);
  const rows = [];
  // The floor: Node starting and exiting with nothing to load.
  {
    const wall = [];
    const cpu = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const t = performance.now();
      const r = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, '-e', '0'], { cwd: ROOT, env, encoding: 'utf8' });
      const ms = performance.now() - t;
      const [u, s] = r.stderr.trim().split(/\s+/).slice(-2).map(Number);
      if (i > 0) {
        wall.push(ms);
        cpu.push((u + s) * 1000);
      }
    }
    rows.push(`| Node itself (\`node -e 0\`), the floor | ${fmt(stats(wall))} | ${fmt(stats(cpu))} | — |`);
  }
  for (const [name, extra] of [['compiled (dist/server)', { SHOUWEN_TSX: '0' }], ['tsx (TypeScript at run time)', { SHOUWEN_TSX: '1' }]]) {
    const cli = [];
    const cpu = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const t = performance.now();
      const r = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, BIN, ...ERLANG], { cwd: ROOT, env: { ...env, ...extra }, encoding: 'utf8' });
      const ms = performance.now() - t;
      if (r.status !== 0) throw new Error(r.stderr);
      const [u, s] = r.stderr.trim().split(/\s+/).slice(-2).map(Number);
      if (i > 0) {
        cli.push(ms);
        cpu.push((u + s) * 1000);
      }
    }
    const srv = [];
    for (let i = 0; i < SERVER_RUNS; i++) srv.push(await serverReady({ ...env, ...extra }));
    rows.push(`| ${name} | ${fmt(stats(cli))} | ${fmt(stats(cpu))} | ${fmt(stats(srv))} |`);
  }
  console.log(`Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}; median (min–max) of ${RUNS} CLI runs and ${SERVER_RUNS} server starts.\n`);
  console.log('| path | `erlang --model c --calls 100 …` wall | CPU (user+sys) | server restart → /api/health 200 (demo database) |');
  console.log('|---|---:|---:|---:|');
  for (const r of rows) console.log(r);
} finally {
  fs.rmSync(data, { recursive: true, force: true });
}

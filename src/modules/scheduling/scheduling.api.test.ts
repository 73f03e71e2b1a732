import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, type Session, type TestEnv } from '../../../test/helpers';

let env: TestEnv;
let sup: Session;
beforeAll(async () => {
  env = await createTestEnv();
  sup = await login(env.app, 'supervisor');
});
afterAll(async () => env?.close());

/** The four-shift day of docs/scheduling.md: optimum 200,000 fen (3 early, 2 middle, 2 late, 1 night). */
const FOUR_SHIFTS = {
  start: '2026-03-02T00:00',
  intervalMinutes: 60,
  requirements: [1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 5, 5, 5, 5, 4, 4, 4, 4, 2, 2, 2, 2, 1],
  wrapAround: true,
  templates: [
    { id: 'early', name: '早班', startTimes: ['07:00'], lengthsMinutes: [480], costPerPaidHourFen: 3000 },
    { id: 'mid', name: '中班', startTimes: ['11:00'], lengthsMinutes: [480], costPerPaidHourFen: 3000 },
    { id: 'late', name: '晚班', startTimes: ['15:00'], lengthsMinutes: [480], costPerPaidHourFen: 3000 },
    { id: 'night', name: '夜班', startTimes: ['23:00'], lengthsMinutes: [480], costPerPaidHourFen: 4000 },
  ],
};

describe('shift design through the API and the CLI', () => {
  it('solves the four-shift day to its known optimum and streams progress as server-sent events', async () => {
    const sync = await sup.inject('POST', '/api/wfm/solve/schedule?wait=1', FOUR_SHIFTS);
    expect(sync.statusCode, sync.body).toBe(200);
    const r = sync.json().result;
    expect(r.solver.objective).toBe(200000);
    expect(Object.fromEntries(r.shifts.map((s: any) => [s.name, s.count]))).toEqual({ 早班: 3, 中班: 2, 晚班: 2, 夜班: 1 });
    expect(r.shortfall.agentIntervals).toBe(0);

    const started = await sup.inject('POST', '/api/wfm/solve/schedule', FOUR_SHIFTS);
    expect(started.statusCode).toBe(202);
    const sse = await sup.inject('GET', started.json().events);
    expect(sse.headers['content-type']).toContain('text/event-stream');
    const events = sse.body.split('\n\n').filter(Boolean).map((b) => b.split('\n')[0].replace('event: ', ''));
    expect(events).toContain('progress');
    expect(events[events.length - 1]).toBe('result');
    const job = (await sup.inject('GET', `/api/wfm/jobs/${started.json().id}`)).json();
    expect(job.status).toBe('done');
    expect(job.result.solver.objective).toBe(200000);
  });

  it('an impossible requirement yields the best schedule and a shortfall report', async () => {
    const res = await sup.inject('POST', '/api/wfm/solve/schedule?wait=1', {
      start: '2026-03-02T00:00',
      intervalMinutes: 60,
      requirements: [2, 3, 2],
      maxPerInterval: 2,
      explicitShifts: [{ id: 'all', name: '全天', startInterval: 0, pattern: [1, 1, 1], costFen: 100 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json().result;
    expect(r.solver.objective).toBe(1200);
    expect(r.shortfall.periods).toEqual([expect.objectContaining({ fromLocal: '2026-03-02T01:00', maxAgents: 1 })]);
  });

  it('rejects bad input with a localised 400 and refuses agents without the permission', async () => {
    const bad = await sup.inject('POST', '/api/wfm/solve/schedule?wait=1', { intervalMinutes: 7, requirements: 'lots' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('scheduling.invalid_input');
    expect(bad.json().error.details.length).toBeGreaterThan(0);
    const agent = await login(env.app, 'agent_a');
    expect((await agent.inject('POST', '/api/wfm/solve/schedule?wait=1', FOUR_SHIFTS)).statusCode).toBe(403);
  });

  it('the CLI prints one JSON result, and exit code 2 with a message for bad input', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-sched-'));
    const file = path.join(dir, 'problem.json');
    fs.writeFileSync(file, JSON.stringify(FOUR_SHIFTS));
    const root = path.resolve(__dirname, '../../..');
    const ok = spawnSync(process.execPath, [path.join(root, 'bin/shouwen.mjs'), 'schedule', '--input', file, '--json'], { cwd: root, encoding: 'utf8', env: { ...process.env, SHOUWEN_DATA: dir } });
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).solver.objective).toBe(200000);
    fs.writeFileSync(file, JSON.stringify({ requirements: [] }));
    const bad = spawnSync(process.execPath, [path.join(root, 'bin/shouwen.mjs'), 'schedule', '--input', file], { cwd: root, encoding: 'utf8', env: { ...process.env, SHOUWEN_DATA: dir } });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('输入有');
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});

describe('queue simulation through the API and the CLI', () => {
  const PLAN = {
    intervalMinutes: 30,
    intervals: Array.from({ length: 6 }, () => ({ calls: 100, agents: 11 })),
    handleTime: { dist: 'exponential', meanSeconds: 180 },
    patience: { dist: 'exponential', meanSeconds: 120 },
    warmupSeconds: 1800,
    replications: 10,
  };

  it('answers SL, ASA, abandonment and occupancy with intervals, Erlang A beside; guards CPU and access', async () => {
    const res = await sup.inject('POST', '/api/wfm/simulate', PLAN);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.replications).toBe(10);
    expect(r.serviceLevel.low).toBeLessThan(r.serviceLevel.mean);
    expect(r.serviceLevel.mean).toBeGreaterThan(0.6);
    expect(r.serviceLevel.mean).toBeLessThan(0.9);
    expect(r.intervals[3].erlang.model).toBe('erlang-a');
    expect(r.intervals[3].erlang.serviceLevel).toBeCloseTo(0.742, 2);

    const big = await sup.inject('POST', '/api/wfm/simulate', { ...PLAN, intervals: Array.from({ length: 100 }, () => ({ calls: 100, agents: 11 })), replications: 1000, maxSimulatedCalls: 1e12 });
    expect(big.statusCode).toBe(400);
    expect(big.json().error.code).toBe('scheduling.simulation_too_large');
    const bad = await sup.inject('POST', '/api/wfm/simulate', { intervals: [] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('scheduling.invalid_input');
    expect((await env.app.inject({ method: 'POST', url: '/api/wfm/simulate', payload: PLAN })).statusCode).toBe(401);
    const resident = await login(env.app, 'resident_a1');
    expect((await resident.inject('POST', '/api/wfm/simulate', PLAN)).statusCode).toBe(403);
  });

  it('shouwen simulate --input plan.json --json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-sim-'));
    const file = path.join(dir, 'plan.json');
    fs.writeFileSync(file, JSON.stringify({ ...PLAN, replications: 4 }));
    const root = path.resolve(__dirname, '../../..');
    const run = () => spawnSync(process.execPath, [path.join(root, 'bin/shouwen.mjs'), 'simulate', '--input', file, '--json'], { cwd: root, encoding: 'utf8', env: { ...process.env, SHOUWEN_DATA: dir } });
    const ok = run();
    expect(ok.status, ok.stderr).toBe(0);
    const first = JSON.parse(ok.stdout);
    expect(first.replications).toBe(4);
    // Same seed, same figures.
    expect(JSON.parse(run().stdout).serviceLevel).toEqual(first.serviceLevel);
    fs.writeFileSync(file, JSON.stringify({ intervals: 'x' }));
    const bad = run();
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('输入有');
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});

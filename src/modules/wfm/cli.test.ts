/**
 * The WFM commands as a user runs them: `node bin/shouwen.mjs erlang …` spawned for real, the
 * rest through the same entry function in-process (spawning costs seconds per run). Database
 * commands use a throw-away SQLite data folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/index';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shouwen-cli-'));
const saved = { ...process.env };
beforeAll(() => {
  process.env.SHOUWEN_DATA = dataDir;
  process.env.SHOUWEN_DEMO = '0';
  process.env.SHOUWEN_ADMIN_PASSWORD = 'cli-test-password';
  delete process.env.DATABASE_URL;
});
afterAll(() => {
  for (const k of ['SHOUWEN_DATA', 'SHOUWEN_DEMO', 'SHOUWEN_ADMIN_PASSWORD', 'DATABASE_URL']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  rmSync(dataDir, { recursive: true, force: true });
});

function spawnCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, SHOUWEN_DATA: dataDir, SHOUWEN_DEMO: '0', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/shouwen.mjs'), ...args], { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `main(argv)` of the CLI with stdout and stderr captured (one command at a time). */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((c: string | Uint8Array) => ((stdout += String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => ((stderr += String(c)), true)) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

const ERLANG = ['erlang', '--model', 'c', '--calls', '100', '--interval-min', '30', '--aht-s', '180', '--sl', '0.8', '--threshold-s', '20', '--max-occupancy', '0.85', '--shrinkage', '0.3', '--json'];

describe('shouwen erlang', () => {
  it('spawned: prints one JSON object with the published values; a bad flag exits 2 without a stack trace', async () => {
    const [fwd, bad] = await Promise.all([spawnCli(ERLANG), spawnCli(['erlang', '--model', 'c', '--calls', 'many', '--interval-min', '30', '--aht-s', '180', '--sl', '0.8', '--threshold-s', '20', '--json'])]);
    expect(fwd.code).toBe(0);
    const lines = fwd.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const o = JSON.parse(lines[0]);
    for (const k of ['agents', 'agentsFractional', 'agentsWithShrinkage', 'serviceLevel', 'asa', 'waitProbability', 'occupancy']) expect(o).toHaveProperty(k);
    expect(o.agents).toBe(14);
    expect(o.agentsWithShrinkage).toBe(20);
    expect(o.serviceLevel).toBeCloseTo(0.88835, 5);
    expect(o.waitProbability).toBeCloseTo(0.17413, 5);
    expect(o.occupancy).toBeCloseTo(0.714, 3);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('--calls many');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('answers the reverse question, and rejects missing or unknown flags with exit 2', async () => {
    const rev = await run(['erlang', '--model', 'a', '--calls', '100', '--interval-min', '30', '--aht-s', '180', '--threshold-s', '20', '--patience-s', '300', '--agents', '14', '--json']);
    expect(rev.code).toBe(0);
    const a = JSON.parse(rev.stdout);
    expect(a.agents).toBe(14);
    expect(a.serviceLevel).toBeCloseTo(0.916792, 6);
    expect(a.abandonment).toBeCloseTo(0.013984, 6);
    const text = await run(ERLANG.filter((x) => x !== '--json'));
    expect(text.stdout).toContain('14');
    expect(() => JSON.parse(text.stdout)).toThrow();
    const cases: [string[], string][] = [
      [['erlang', '--model', 'a', '--calls', '100', '--interval-min', '30', '--aht-s', '180', '--sl', '0.8', '--threshold-s', '20'], '--patience-s'],
      [[...ERLANG, '--agnets', '3'], '--agnets'],
      [['erlang', '--calls', '100', '--interval-min', '30', '--aht-s', '180'], '--sl'],
      [['erlang', '--model', 'c', '--calls', '100', '--interval-min', '30', '--aht-s', '180', '--sl', '1.5', '--threshold-s', '20'], '--sl 1.5'],
      [['erlang', '--model', 'q', '--calls', '100'], '--model'],
    ];
    for (const [args, textPart] of cases) {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(textPart);
      expect(r.stderr).toContain('usage');
    }
  });
});

const bankFile = path.resolve(root, '../shared/data/anonymous-bank/1999-01.tsv');

describe.skipIf(!existsSync(bankFile))('shouwen import calls → forecast → staffing', () => {
  it('imports a bank file into a new queue, dedupes a re-import, then forecasts and staffs it', async () => {
    const file = path.join(dataDir, 'bank-sample.tsv');
    const lines = readFileSync(bankFile, 'utf8').split('\n').slice(0, 2500);
    lines.push('AA0101\t99998\t0\t0\tPS\t991399\t10:00:00\t10:00:05\t5\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\r');
    writeFileSync(file, lines.join('\n'));
    const args = ['import', 'calls', file, '--preset', 'anonymous-bank', '--queue', 'Bank', '--time-zone', 'Asia/Jerusalem'];
    const first = await run(args);
    expect(first.code).toBe(0);
    const s = JSON.parse(first.stdout);
    expect(s).toMatchObject({ queue: 'Bank', queueCreated: true, timeZone: 'Asia/Jerusalem', sourceTimeZone: 'Asia/Jerusalem', rowsRead: 2500 });
    expect(s.inserted).toBe(s.records);
    expect(s.issues.map((i: { line: number }) => i.line)).toContain(2501);
    expect(first.stderr).toContain('2501');
    expect(first.stderr).toMatch(/100%/);

    const again = await run(args);
    const noQueue = await run(['import', 'calls', file, '--preset', 'anonymous-bank']);
    const noFile = await run(['import', 'calls', path.join(dataDir, 'nope.tsv'), '--queue', 'Bank', '--preset', 'anonymous-bank']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ queueCreated: false, inserted: 0, duplicates: s.records, history: { calls: s.records } });
    expect(noQueue.code).toBe(2);
    expect(noQueue.stderr).toContain('--queue');
    expect(noFile.code).toBe(2);

    const fc = await run(['forecast', '--queue', 'Bank', '--from', '1999-02-01', '--to', '1999-02-07', '--interval', '30', '--json']);
    const st = await run(['staffing', '--queue', 'Bank', '--from', '1999-02-01', '--to', '1999-02-02', '--interval', '60', '--model', 'a', '--json']);
    const unknownQueue = await run(['forecast', '--queue', 'Nobody', '--json']);
    expect(fc.code).toBe(0);
    const f = JSON.parse(fc.stdout);
    expect(f).toMatchObject({ from: '1999-02-01', to: '1999-02-07', intervalMinutes: 30, origin: '1999-01-31' });
    expect(f.intervals).toHaveLength(7 * 48);
    expect(f.totals.forecast).toBeGreaterThan(0);
    expect(st.code).toBe(0);
    const staff = JSON.parse(st.stdout);
    expect(staff.inputs).toMatchObject({ model: 'erlang-a', ahtSource: 'history', patienceSource: 'history' });
    expect(staff.intervals).toHaveLength(2 * 24);
    expect(staff.inputs.availability).toBeNull();
    // 2,500 calls over a month leave too few busy hours to learn availability from: said, not applied.
    const av = await run(['staffing', '--queue', 'Bank', '--from', '1999-02-01', '--to', '1999-02-01', '--interval', '60', '--model', 'a', '--availability', 'history']);
    expect(av.code).toBe(0);
    expect(av.stdout).toContain('availability not applied');
    const badAv = await run(['staffing', '--queue', 'Bank', '--availability', 'sometimes']);
    expect(badAv.code).toBe(2);
    expect(badAv.stderr).toContain('--availability');
    expect(unknownQueue.code).toBe(1);
    expect(unknownQueue.stderr).toContain('Nobody');
  });

  it('imports a non-preset CSV with a column mapping given as flags, and lists the queues', async () => {
    const file = path.join(dataDir, 'desk.csv');
    writeFileSync(file, ['来电时间;接听;挂机;坐席;编号', '2026-03-02 09:00:00;2026-03-02 09:00:12;2026-03-02 09:03:12;王静;A1', '2026-03-02 09:01:00;;;;A2', '2026-03-02 25:01:00;;;;A3'].join('\n'));
    const args = ['import', 'calls', file, '--queue', '前台', '--column', 'arrival=来电时间', '--column', 'serviceStart=接听', '--column', 'serviceEnd=挂机', '--column', 'agent=坐席', '--column', 'callId=编号', '--time-format', 'YYYY-MM-DD HH:mm:ss', '--delimiter', ';'];
    const r = await run(args);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ queue: '前台', queueCreated: true, timeZone: 'Asia/Shanghai', records: 2, inserted: 2, answered: 1, abandoned: 1, malformed: 1, firstArrivalAt: '2026-03-02T01:00:00.000Z' });
    expect(r.stderr).toContain('第 4 行');
    const bad = await run(['import', 'calls', file, '--queue', '前台', '--column', 'arrivall=来电时间']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('arrivall');
    const list = await run(['wfm', 'queues', '--json']);
    expect(JSON.parse(list.stdout).map((q: { name: string }) => q.name)).toEqual(expect.arrayContaining(['Bank', '前台']));
  });
});

describe('shouwen import intervals / wfm presence / wfm fidelity', () => {
  it('imports interval counts with a column mapping and reports bad rows by line', async () => {
    const file = path.join(dataDir, 'acd.csv');
    writeFileSync(file, ['时段,来电,接通,放弃', '2026-03-02 09:00,30,28,2', '2026-03-02 09:30,x,1,0', '2026-03-02 10:00,20,20,0'].join('\n'));
    const r = await run(['import', 'intervals', file, '--queue', 'ACD', '--source-minutes', '30', '--column', 'start=时段', '--column', 'offered=来电', '--column', 'answered=接通', '--column', 'abandoned=放弃']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ queue: 'ACD', queueCreated: true, records: 2, offered: 50, malformed: 1, slotsWritten: 4 });
    expect(r.stderr).toContain('第 3 行');
    const bad = await run(['import', 'intervals', file, '--queue', 'ACD', '--source-minutes', '7']);
    expect(bad.code).toBe(2);
  });

  it.skipIf(!existsSync(bankFile))('reports presence by month and fidelity for the files given', async () => {
    const r = await run(['wfm', 'presence', '--data', bankFile, '--by', 'month', '--idle-threshold', '300']);
    expect(r.code).toBe(0);
    const [head, row] = r.stdout.trim().split('\n');
    expect(head).toBe('period_start,present_agent_hours,distinct_agent_hours,ratio');
    const ratio = Number(row.split(',')[3]);
    expect(ratio).toBeGreaterThan(0.3);
    expect(ratio).toBeLessThan(1);
    const missing = await run(['wfm', 'fidelity', '--data', path.join(dataDir, 'nope')]);
    expect(missing.code).toBe(2);
    // --json: the headline figures for scripts, the same hours as the markdown report.
    const md = await run(['wfm', 'fidelity', '--data', bankFile]);
    const json = await run(['wfm', 'fidelity', '--data', bankFile, '--json']);
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout);
    expect(summary.hours).toBe(Number(/Service-level error \((\d+) working hours\)/.exec(md.stdout)?.[1]));
    expect(summary.months).toHaveLength(1);
    expect(Object.keys(summary.headline.erlangAByMonth)).toEqual(summary.months);
    expect(summary.headline.erlangA.medianAbs).toBeGreaterThan(0);
    expect(summary.headline.erlangA.medianAbs).toBeLessThan(summary.headline.erlangC.medianAbs);
    expect(summary.presenceOnly.erlangA.n).toBe(summary.hours);
  });
});

const usBank = path.resolve(root, '../shared/data/us-bank-calls/bank_calls_2003-03_to_2003-08.csv');
describe.skipIf(!existsSync(usBank))('shouwen wfm backtest with a calendar and a test window', () => {
  it('takes --calendar, --holidays FILE, --from/--to and --horizon; rejects bad ones with exit 2', async () => {
    const hol = path.join(dataDir, 'extra-holidays.txt');
    writeFileSync(hol, '# closures of this bank\n2003-04-04\n');
    const r = await run(['wfm', 'backtest', '--data', usBank, '--calendar', 'us-federal', '--holidays', hol, '--from', '2003-07-07', '--to', '2003-07-25', '--horizon', '5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('origins 2003-07-06, 2003-07-13, 2003-07-20');
    expect(r.stdout).toContain('2003-04-04, 2003-05-26, 2003-07-04');
    expect(r.stdout).toContain('treated as gaps: 2003-04-07.');
    expect(r.stdout).toMatch(/\| WAPE h=5 \| MASE h=1 \|/);
    const json = await run(['wfm', 'backtest', '--data', usBank, '--holidays', hol, '--from', '2003-07-07', '--to', '2003-07-25', '--json']);
    expect(json.code).toBe(0);
    const bt = JSON.parse(json.stdout);
    expect(bt.test.origins).toEqual(['2003-07-06', '2003-07-13', '2003-07-20']);
    expect(bt.calendar.holidays).toEqual(['2003-04-04', '2003-05-26', '2003-07-04']);
    expect(bt.test.chosen.method).toBe(bt.selection.chosen.method);
    expect(bt.test.chosen.points).toBe(bt.test.baselines.seasonalNaive.points);
    // The chosen method's WAPE is the one the markdown report prints for the test window.
    expect(r.stdout).toContain(`has WAPE ${(100 * bt.test.chosen.wape).toFixed(2)} %`);
    expect((await run(['wfm', 'backtest', '--calendar', 'mars'])).code).toBe(2);
    writeFileSync(hol, '2003-02-30\n');
    const bad = await run(['wfm', 'backtest', '--data', usBank, '--holidays', hol]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('line 1');
    expect((await run(['wfm', 'backtest', '--data', usBank, '--from', '2003-08-20', '--to', '2003-08-01'])).code).toBe(2);
  }, 60_000);
});

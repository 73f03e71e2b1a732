import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, multipart, type Session, type TestEnv } from '../../../test/helpers';
import { anonymousBankFormat, importCallRecords } from './callRecords';
import { generateDemoCalls } from './demoHistory';
import { seedDemoCallHistory } from './demo';
import { intervalStats, rollUp } from './intervals';
import { agentsWithShrinkage, requiredAgents } from './staffing';
import { availabilityAt, availabilityFromHistory } from './fidelityCalibration';
import { createIntervalAccumulator } from './intervals';
import { createPresenceCollector } from './presence';
import { splitLines } from './callRecords';
import { createReadStream } from 'node:fs';
import { callRow, createQueue, insertCalls, rebuildSlots, refreshQueueSummary, findQueue } from './store';
import { affectedDays } from './history';
import { addDays, localDateOf } from './timezone';
import type { CallRecord } from './types';

let env: TestEnv;
let admin: Session;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await login(env.app, 'admin');
});
afterAll(async () => env?.close());

const bankFile = fileURLToPath(new URL('../../../../shared/data/anonymous-bank/1999-01.tsv', import.meta.url));
const hasBank = existsSync(bankFile);

/** The first 2,500 lines of January 1999 (they span the whole month) plus two broken rows. */
function bankSample(): { text: string; badLines: number[] } {
  const lines = readFileSync(bankFile, 'utf8').split('\n').slice(0, 2500).map((l) => l.replace(/\r$/, ''));
  lines.push('AA0101\t99998\t0\t0\tPS\t991399\t10:00:00\t10:00:05\t5\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER'); // bad date
  lines.push('AA0101\t99999\t0\t0\tPS'); // too few fields
  return { text: `${lines.join('\r\n')}\r\n`, badLines: [2501, 2502] };
}

async function upload(queueId: string, content: string, fields: Record<string, string>, query = '?wait=1') {
  const m = multipart({ name: 'calls.tsv', content: Buffer.from(content) }, fields);
  return env.app.inject({ method: 'POST', url: `/api/wfm/queues/${queueId}/imports${query}`, payload: m.payload, headers: { ...admin.headers, ...m.headers } });
}

describe('queues', () => {
  it('creates, lists, updates and rejects bad settings with localised messages', async () => {
    const res = await admin.inject('POST', '/api/wfm/queues', { name: '测试热线', timeZone: 'Asia/Shanghai', serviceLevel: { target: 0.9, thresholdSeconds: 15 } });
    expect(res.statusCode).toBe(201);
    const q = res.json();
    expect(q).toMatchObject({ name: '测试热线', timeZone: 'Asia/Shanghai', serviceLevel: { target: 0.9, thresholdSeconds: 15, definition: 'offered' }, history: { calls: 0 } });
    const dup = await admin.inject('POST', '/api/wfm/queues', { name: '测试热线' });
    expect(dup.statusCode).toBe(409);
    const badZone = await admin.inject('POST', '/api/wfm/queues', { name: 'X', timeZone: 'Mars/Olympus' }, { 'accept-language': 'en' });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json().error.message).toContain('Unknown time zone');
    const badMethod = await admin.inject('PATCH', `/api/wfm/queues/${q.id}`, { forecastMethod: 'crystal-ball' });
    expect(badMethod.statusCode).toBe(400);
    const patched = await admin.inject('PATCH', `/api/wfm/queues/${q.id}`, { shrinkage: 0.25, model: 'erlang-a', calendar: { closedWeekdays: [0] } });
    expect(patched.json()).toMatchObject({ shrinkage: 0.25, model: 'erlang-a', calendar: { closedWeekdays: [0], autoLabels: true } });
    const list = (await admin.inject('GET', '/api/wfm/queues')).json();
    expect(list.items.map((x: { name: string }) => x.name)).toContain('测试热线');
    expect((await admin.inject('DELETE', `/api/wfm/queues/${q.id}`)).statusCode).toBe(200);
    expect((await admin.inject('GET', `/api/wfm/queues/${q.id}`)).statusCode).toBe(404);
  });

  it('needs wfm.read: agents are refused, anonymous callers must sign in', async () => {
    const agent = await login(env.app, 'agent_a');
    expect((await agent.inject('GET', '/api/wfm/queues')).statusCode).toBe(403);
    expect((await env.app.inject({ method: 'GET', url: '/api/wfm/queues' })).statusCode).toBe(401);
    const sup = await login(env.app, 'supervisor');
    expect((await sup.inject('GET', '/api/wfm/queues')).statusCode).toBe(200);
  });
});

describe.skipIf(!hasBank)('call-history import (Anonymous Bank sample)', () => {
  let queueId: string;
  const sample = hasBank ? bankSample() : { text: '', badLines: [] };

  it('imports with the preset, reports malformed rows with line numbers, and skips them', async () => {
    queueId = (await admin.inject('POST', '/api/wfm/queues', { name: 'bank', timeZone: 'Asia/Jerusalem' })).json().id;
    const res = await upload(queueId, sample.text, { preset: 'anonymous-bank' }, '?wait=1');
    expect(res.statusCode).toBe(200);
    const job = res.json();
    expect(job.status).toBe('done');
    expect(job.rowsRead).toBe(2501);
    expect(job.inserted).toBe(job.records);
    expect(job.rowsRead).toBe(job.records + job.malformed + job.report.ignored);
    const lines = job.issues.map((i: { line: number }) => i.line);
    for (const l of sample.badLines) expect(lines).toContain(l);
    expect(job.issues.find((i: { line: number }) => i.line === 2501)).toMatchObject({ reason: 'bad-date', reasonText: '日期无效' });
    const q = (await admin.inject('GET', `/api/wfm/queues/${queueId}`)).json();
    expect(q.history.calls).toBe(job.records);
    expect(q.imports[0]).toMatchObject({ id: job.id, status: 'done' });
    const csv = await admin.inject('GET', `/api/wfm/imports/${job.id}/errors.csv`);
    expect(csv.body).toContain('2502');
  });

  it('re-importing the same file does not double the history (dedupe by call id per queue)', async () => {
    const before = (await admin.inject('GET', `/api/wfm/queues/${queueId}`)).json().history.calls;
    // Asynchronous: 202 with a job id, then poll.
    const res = await upload(queueId, sample.text, { preset: 'anonymous-bank' }, '');
    expect([200, 202]).toContain(res.statusCode);
    let job = res.json();
    for (let i = 0; i < 200 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await admin.inject('GET', `/api/wfm/imports/${res.json().importId}`)).json();
    }
    expect(job).toMatchObject({ status: 'done', inserted: 0, duplicates: before });
    expect((await admin.inject('GET', `/api/wfm/queues/${queueId}`)).json().history.calls).toBe(before);
  });

  it('interval statistics equal the core computed from the file, with the definitions beside them', async () => {
    const recs: CallRecord[] = [];
    await importCallRecords(sample.text.split('\n'), anonymousBankFormat({ sourceTimeZone: 'Asia/Jerusalem' }), (r) => {
      recs.push({ ...r, queue: 'bank' });
    });
    const ref = intervalStats(recs, { intervalMinutes: 30, timeZone: 'Asia/Jerusalem', allQueuesKey: null }).filter((s) => s.date >= '1999-01-03' && s.date <= '1999-01-09');
    const res = await admin.inject('GET', `/api/wfm/queues/${queueId}/stats?from=1999-01-03&to=1999-01-09&interval=30`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.rows).toHaveLength(7 * 48);
    expect(body.definitions).toMatchObject({ slThresholdSeconds: 20, slDefinition: 'offered', shortAbandonSeconds: 5 });
    expect(body.definitions.text.serviceLevel).toContain('20');
    const byKey = new Map(body.rows.map((r: { date: string; start: string }) => [`${r.date} ${r.start}`, r]));
    expect(ref.length).toBeGreaterThan(100);
    for (const s of ref) {
      const row = byKey.get(`${s.date} ${s.start}`) as Record<string, number | null>;
      expect(row).toMatchObject({ offered: s.offered, answered: s.answered, abandoned: s.abandoned, answeredWithinT: s.answeredWithinT, agentsOnDuty: s.agentsOnDuty });
      if (s.serviceLevel !== null) expect(row.serviceLevel).toBeCloseTo(s.serviceLevel, 5);
      if (s.asa !== null) expect(row.asa).toBeCloseTo(s.asa, 2);
      if (s.occupancy !== null) expect(row.occupancy).toBeCloseTo(s.occupancy, 5);
    }
    expect(body.totals.offered).toBe(ref.reduce((a, s) => a + s.offered, 0));

    // A different T is recounted from the stored calls, and agrees with the core too.
    const t10 = (await admin.inject('GET', `/api/wfm/queues/${queueId}/stats?from=1999-01-03&to=1999-01-09&interval=60&rollUp=day&slThresholdSeconds=10&slDefinition=answered`)).json();
    expect(t10.source).toBe('calls');
    const refDays = rollUp(intervalStats(recs, { intervalMinutes: 60, timeZone: 'Asia/Jerusalem', allQueuesKey: null, sl: { thresholdSeconds: 10, definition: 'answered' } }), 'day').filter((d) => d.periodStart >= '1999-01-03' && d.periodStart <= '1999-01-09');
    expect(t10.rows.map((r: { answeredWithinT: number }) => r.answeredWithinT)).toEqual(refDays.map((d) => d.answeredWithinT));
    expect(t10.rows[0].serviceLevel).toBeCloseTo(refDays[0].serviceLevel!, 5);
    expect(t10.definitions).toMatchObject({ slThresholdSeconds: 10, slDefinition: 'answered' });

    // Weeks start on the queue's weekStartsOn (Sunday for the bank's week).
    await admin.inject('PATCH', `/api/wfm/queues/${queueId}`, { calendar: { weekStartsOn: 0 } });
    const weeks = (await admin.inject('GET', `/api/wfm/queues/${queueId}/stats?from=1999-01-03&to=1999-01-16&rollUp=week`)).json();
    expect(weeks.rows.map((r: { periodStart: string }) => r.periodStart)).toEqual(['1999-01-03', '1999-01-10']);
  });

  it('a changed SL threshold on the queue rebuilds the stored aggregates', async () => {
    const patched = await admin.inject('PATCH', `/api/wfm/queues/${queueId}`, { serviceLevel: { thresholdSeconds: 10 } });
    expect(patched.statusCode).toBe(200);
    const viaSlots = (await admin.inject('GET', `/api/wfm/queues/${queueId}/stats?from=1999-01-03&to=1999-01-09&rollUp=day`)).json();
    expect(viaSlots.source).toBe('slots');
    expect(viaSlots.definitions.slThresholdSeconds).toBe(10);
    const viaCalls = (await admin.inject('GET', `/api/wfm/queues/${queueId}/stats?from=1999-01-03&to=1999-01-09&rollUp=day&shortAbandonSeconds=6`)).json();
    expect(viaCalls.source).toBe('calls');
    expect(viaSlots.rows.map((r: { answeredWithinT: number }) => r.answeredWithinT)).toEqual(viaCalls.rows.map((r: { answeredWithinT: number }) => r.answeredWithinT));
  });

  it('keeps only the requested values of the file\'s queue column', async () => {
    const q = (await admin.inject('POST', '/api/wfm/queues', { name: 'bank-PS', timeZone: 'Asia/Jerusalem' })).json();
    const job = (await upload(q.id, sample.text, { preset: 'anonymous-bank', sourceQueues: 'PS' })).json();
    expect(job.status).toBe('done');
    expect(job.report.otherQueues).toBeGreaterThan(0);
    expect(job.inserted + job.report.otherQueues).toBe(job.records);
    const kinds = await env.ctx.store.db.selectFrom('wfm_calls').select('source_queue').distinct().where('queue_id', '=', q.id).execute();
    expect(kinds).toEqual([{ source_queue: 'PS' }]);
  });

  it('accepts a mapped generic CSV, and refuses a layout it cannot read', async () => {
    const q = (await admin.inject('POST', '/api/wfm/queues', { name: 'generic' })).json();
    const csv = ['开始时间,接听时间,结束时间,坐席', '2026-03-02 09:00:00,2026-03-02 09:00:12,2026-03-02 09:03:12,王静', '2026-03-02 09:01:00,,,', 'oops,,,'].join('\n');
    const format = JSON.stringify({ columns: { arrival: '开始时间', serviceStart: '接听时间', serviceEnd: '结束时间', agent: '坐席' }, timeFormat: 'YYYY-MM-DD HH:mm:ss' });
    const job = (await upload(q.id, csv, { format })).json();
    expect(job).toMatchObject({ status: 'done', records: 2, inserted: 2, malformed: 1 });
    expect(job.issues[0]).toMatchObject({ line: 4, reason: 'bad-time' });
    const again = (await upload(q.id, csv, { format })).json();
    expect(again).toMatchObject({ inserted: 0, duplicates: 2 });
    // The same layout saved by Excel in China: GB18030 bytes, recognised without being told.
    const gbHeader = Buffer.from([0xbf, 0xaa, 0xca, 0xbc, 0xca, 0xb1, 0xbc, 0xe4, 0x2c, 0xd7, 0xf8, 0xcf, 0xaf]); // 开始时间,坐席
    expect(new TextDecoder('gb18030').decode(gbHeader)).toBe('开始时间,坐席');
    const gbName = Buffer.from([0xcd, 0xf5, 0xbe, 0xb2]); // 王静
    const gbFile = Buffer.concat([gbHeader, Buffer.from('\r\n2026-03-03 09:00:00,'), gbName, Buffer.from('\r\n')]);
    const m = multipart({ name: 'gbk.csv', content: gbFile }, { format: JSON.stringify({ columns: { arrival: '开始时间', agent: '坐席' }, timeFormat: 'YYYY-MM-DD HH:mm:ss' }) });
    const gb = (await env.app.inject({ method: 'POST', url: `/api/wfm/queues/${q.id}/imports?wait=1`, payload: m.payload, headers: { ...admin.headers, ...m.headers } })).json();
    expect(gb).toMatchObject({ status: 'done', inserted: 1, malformed: 0 });
    const row = await env.ctx.store.db.selectFrom('wfm_calls').select(['agent', 'outcome']).where('queue_id', '=', q.id).where('arrival_at', '=', '2026-03-03T01:00:00.000Z').executeTakeFirstOrThrow();
    expect(row).toEqual({ agent: '王静', outcome: 'answered' });
    const missing = await upload(q.id, csv, { format: JSON.stringify({ columns: { arrival: 'nope' } }) });
    expect(missing.json()).toMatchObject({ status: 'failed', error: { code: 'wfm.bad_format' } });
    const noLayout = await upload(q.id, csv, {});
    expect(noLayout.statusCode).toBe(400);
    expect(noLayout.json().error.code).toBe('wfm.bad_format');
  });
});

describe('forecast and staffing on eight weeks of desk history', () => {
  // Fixed "now" so that the history is the same on every run: 2026-03-01 16:00 Shanghai.
  const now = Date.parse('2026-03-01T08:00:00Z');
  let queue: Awaited<ReturnType<typeof createQueue>>;
  let records: CallRecord[];

  beforeAll(async () => {
    const calls = generateDemoCalls({ now, days: 56, timeZone: 'Asia/Shanghai', agents: ['A', 'B', 'C', 'D', 'E'], queues: [{ name: 'desk', callsPerDay: 70, code: 'd' }] });
    records = calls.get('desk')!;
    queue = await createQueue(env.ctx.store.db, env.fx.orgId, { name: 'desk', wrapUpSeconds: 20, model: 'erlang-a' });
    await insertCalls(env.ctx.store, env.fx.orgId, queue.id, records.map((r) => callRow(r, r.callId!, null)));
    const ms = records.map((r) => Date.parse(r.arrivalAt));
    const { fromMs, toMs } = affectedDays(Math.min(...ms), Math.max(...ms));
    await rebuildSlots(env.ctx.store, queue, fromMs, toMs);
    await refreshQueueSummary(env.ctx.store.db, queue.id);
  });

  it('forecasts a past week against its actuals, with the backtest that chose the method', async () => {
    const res = await admin.inject('GET', `/api/wfm/queues/${queue.id}/forecast?from=2026-02-16&to=2026-02-22&interval=30`);
    expect(res.statusCode).toBe(200);
    const f = res.json();
    expect(f.origin).toBe('2026-02-15');
    expect(f.intervals).toHaveLength(7 * 48);
    expect(f.days).toHaveLength(7);
    const actual = records.filter((r) => localDateOf(Date.parse(r.arrivalAt), 'Asia/Shanghai') >= '2026-02-16' && localDateOf(Date.parse(r.arrivalAt), 'Asia/Shanghai') <= '2026-02-22').length;
    expect(f.totals.actual).toBe(actual);
    expect(f.totals.forecast).toBeGreaterThan(actual * 0.8);
    expect(f.totals.forecast).toBeLessThan(actual * 1.2);
    const bt = f.backtest;
    expect(bt.baseline).toBe('seasonal-naive');
    expect(bt.methods.map((m: { method: string }) => m.method)).toContain('seasonal-naive');
    const best = [...bt.methods].sort((a, b) => a.wape - b.wape)[0];
    expect(f.method).toMatchObject({ name: best.method, chosenBy: 'backtest' });
    expect(bt.chosenWape).toBeLessThanOrEqual(bt.baselineWape);
    for (const m of bt.methods) expect(m.byHorizon.length).toBeGreaterThanOrEqual(5);
    // Accuracy of this forecast over the range, from the very intervals returned (≈ 1.5 calls per
    // half hour: Poisson noise alone keeps interval WAPE near 0.6 at this volume).
    const err = f.intervals.reduce((a: number, i: { actual: number; forecast: number }) => a + Math.abs(i.actual - i.forecast), 0);
    expect(f.accuracy).toMatchObject({ points: 7 * 48, through: '2026-03-01' });
    expect(f.accuracy.wape).toBeCloseTo(err / actual, 3);
    // Peak hours carry more forecast than the small hours.
    const at = (start: string) => f.intervals.filter((i: { start: string }) => i.start === start).reduce((a: number, i: { forecast: number }) => a + i.forecast, 0);
    expect(at('10:00')).toBeGreaterThan(5 * at('03:00'));
  });

  it('honours the stored calendar: holidays and closed weekdays are zero, special days scale', async () => {
    const base = (await admin.inject('GET', `/api/wfm/queues/${queue.id}/forecast?from=2026-03-02&to=2026-03-08&method=mean-last-4-weeks`)).json();
    const put = await admin.inject('PUT', `/api/wfm/queues/${queue.id}/calendar`, {
      closedWeekdays: [0],
      days: [{ date: '2026-03-03', kind: 'holiday', note: '测试' }, { date: '2026-03-05', kind: 'special', factor: 2, label: '停水' }],
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().days).toHaveLength(2);
    const f = (await admin.inject('GET', `/api/wfm/queues/${queue.id}/forecast?from=2026-03-02&to=2026-03-08&method=mean-last-4-weeks`)).json();
    const day = (x: { days: { date: string; forecast: number }[] }, d: string) => x.days.find((y) => y.date === d)!.forecast;
    expect(f.method).toMatchObject({ name: 'mean-last-4-weeks', chosenBy: 'request' });
    expect(day(f, '2026-03-03')).toBe(0);
    expect(day(f, '2026-03-08')).toBe(0); // Sunday
    expect(day(f, '2026-03-05')).toBeCloseTo(2 * day(base, '2026-03-05'), 1);
    expect(day(f, '2026-03-04')).toBeCloseTo(day(base, '2026-03-04'), 6);
    // Opening hours: nothing is forecast outside them.
    const hours = Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [String(d), { from: '08:00', to: '20:00' }]));
    expect((await admin.inject('PUT', `/api/wfm/queues/${queue.id}/calendar`, { closedWeekdays: [], days: [], openHours: hours })).statusCode).toBe(200);
    const open = (await admin.inject('GET', `/api/wfm/queues/${queue.id}/forecast?from=2026-03-02&to=2026-03-03&interval=60`)).json();
    expect(open.window).toEqual({ from: '08:00', to: '20:00' });
    expect(open.intervals).toHaveLength(48);
    for (const iv of open.intervals) if (iv.start < '08:00' || iv.start >= '20:00') expect(iv.forecast).toBe(0);
    expect(open.intervals.filter((iv: { start: string }) => iv.start === '10:00').every((iv: { forecast: number }) => iv.forecast > 0)).toBe(true);
    const badHours = await admin.inject('PUT', `/api/wfm/queues/${queue.id}/calendar`, { openHours: { 1: { from: '20:00', to: '08:00' } } });
    expect(badHours.statusCode).toBe(400);
    await admin.inject('PUT', `/api/wfm/queues/${queue.id}/calendar`, { closedWeekdays: [], days: [], openHours: {} });
    const bad = await admin.inject('GET', `/api/wfm/queues/${queue.id}/forecast?from=2026-03-02&to=2026-01-01`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('wfm.bad_range');
  });

  it('staffing applies Erlang A per interval with AHT and patience from history', async () => {
    const res = await admin.inject('GET', `/api/wfm/queues/${queue.id}/staffing?from=2026-02-16&to=2026-02-17&interval=30&serviceLevel=0.8&slThresholdSeconds=20&maxOccupancy=0.85&shrinkage=0.3`);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    const hist = records.filter((r) => {
      const d = localDateOf(Date.parse(r.arrivalAt), 'Asia/Shanghai');
      return d >= addDays('2026-02-15', -55) && d <= '2026-02-15';
    });
    const answered = hist.filter((r) => r.answered);
    const aht = answered.reduce((a, r) => a + r.talkSeconds, 0) / answered.length + 20;
    expect(s.inputs).toMatchObject({ model: 'erlang-a', ahtSource: 'history', patienceSource: 'history', shrinkage: 0.3 });
    expect(s.inputs.ahtSeconds).toBeCloseTo(aht, 2);
    const patience = hist.reduce((a, r) => a + (r.offered ? r.waitSeconds : 0), 0) / hist.filter((r) => r.abandoned).length;
    expect(s.inputs.patienceSeconds).toBeCloseTo(patience, 2);
    expect(s.intervals).toHaveLength(2 * 48);
    for (const iv of s.intervals.filter((_: unknown, i: number) => i % 7 === 0)) {
      const ref = requiredAgents({ calls: iv.calls, intervalSeconds: 1800, ahtSeconds: s.inputs.ahtSeconds, patienceSeconds: s.inputs.patienceSeconds }, { serviceLevel: { target: 0.8, thresholdSeconds: 20 }, maxOccupancy: 0.85, shrinkage: 0.3 });
      expect(iv.agents).toBe(ref.agents);
      expect(iv.scheduled).toBe(ref.scheduled);
    }
    expect(s.totals.peakAgents).toBeGreaterThan(0);
    const fixed = (await admin.inject('GET', `/api/wfm/queues/${queue.id}/staffing?from=2026-02-16&to=2026-02-16&model=erlang-c&ahtSeconds=240&source=actual`)).json();
    expect(fixed.inputs).toMatchObject({ model: 'erlang-c', ahtSeconds: 240, ahtSource: 'request', patienceSeconds: null });
    expect(fixed.source).toBe('actual');
    expect(fixed.intervals.some((i: { agentsOnDuty: number | null }) => (i.agentsOnDuty ?? 0) > 0)).toBe(true);
  });
});

describe.skipIf(!hasBank)('staffing with availability learned from history (Anonymous Bank, January 1999)', () => {
  const zone = 'Asia/Jerusalem';
  let queue: Awaited<ReturnType<typeof createQueue>>;
  let records: CallRecord[];
  let desk: Awaited<ReturnType<typeof createQueue>> | undefined;

  beforeAll(async () => {
    records = [];
    await importCallRecords(splitLines(createReadStream(bankFile)), anonymousBankFormat({ sourceTimeZone: zone }), (r) => { records.push(r); });
    queue = await createQueue(env.ctx.store.db, env.fx.orgId, { name: 'bank-availability', timeZone: zone, model: 'erlang-a', serviceLevel: { target: 0.8, thresholdSeconds: 20 }, shrinkage: 0.3 });
    const rows = records.map((r, i) => callRow(r, r.callId ?? `l${i}`, null));
    for (let i = 0; i < rows.length; i += 2000) await insertCalls(env.ctx.store, env.fx.orgId, queue.id, rows.slice(i, i + 2000));
    const ms = records.map((r) => Date.parse(r.arrivalAt));
    const { fromMs, toMs } = affectedDays(Math.min(...ms), Math.max(...ms));
    await rebuildSlots(env.ctx.store, queue, fromMs, toMs);
    await refreshQueueSummary(env.ctx.store.db, queue.id);
  });

  it('scales the agents to schedule by the availability learned from the weeks before, as the core computes it from the file', async () => {
    const url = `/api/wfm/queues/${queue.id}/staffing?from=1999-01-25&to=1999-01-28&interval=60&source=actual`;
    const plain = (await admin.inject('GET', url)).json();
    const res = await admin.inject('GET', `${url}&availability=history`);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    // The reference: the same chain run on the file's calls up to the day before the range.
    const acc = createIntervalAccumulator({ intervalMinutes: 60, timeZone: zone, sl: { thresholdSeconds: 20, definition: 'offered' }, allQueuesKey: null });
    const col = createPresenceCollector({ timeZone: zone, allQueuesKey: null });
    for (const r of records) {
      if (localDateOf(Date.parse(r.arrivalAt), zone) > '1999-01-24') continue;
      // The file's queue column is the call type; the stored queue pools them all.
      acc.add({ ...r, queue: 'all' });
      col.add({ ...r, queue: 'all' });
    }
    const ref = availabilityFromHistory(acc.result(), [...col.spans().values()].flat());
    expect(ref.model).not.toBeNull();
    expect(s.inputs.availability).toMatchObject({ to: '1999-01-24', applied: true, hours: ref.hours, minHours: 30 });
    expect(s.inputs.availability.hours).toBeGreaterThan(200);
    expect(s.inputs.availability.overall).toBeCloseTo(ref.model!.overall, 5);
    expect(s.inputs.availability.slope).toBeCloseTo(ref.model!.slope, 5);
    expect(s.inputs.availability.byHour.length).toBeGreaterThan(10);
    let changed = 0;
    s.intervals.forEach((iv: { start: string; calls: number; agents: number; availability: number; present: number; scheduled: number }, i: number) => {
      expect(iv.agents).toBe(plain.intervals[i].agents);
      if (iv.calls === 0) return;
      const av = availabilityAt(ref.model!, iv.start);
      expect(iv.availability).toBeCloseTo(av, 5);
      expect(iv.present).toBe(Math.ceil(iv.agents / av - 1e-9));
      expect(iv.scheduled).toBe(agentsWithShrinkage(iv.present, 0.3));
      if (iv.scheduled !== plain.intervals[i].scheduled) changed++;
    });
    expect(changed).toBeGreaterThan(0);
    expect(plain.inputs.availability).toBeNull();
    expect(plain.intervals.every((iv: { availability: number | null; present: number | null }) => iv.availability === null && iv.present === null)).toBe(true);
  });

  it('applies nothing, and says so, when the history is too thin to learn from', async () => {
    const thin = generateDemoCalls({ now: Date.parse('2026-03-01T08:00:00Z'), days: 56, timeZone: 'Asia/Shanghai', agents: ['A', 'B', 'C', 'D', 'E'], queues: [{ name: 'thin', callsPerDay: 70, code: 't' }] }).get('thin')!;
    desk = await createQueue(env.ctx.store.db, env.fx.orgId, { name: 'thin-desk', model: 'erlang-a' });
    await insertCalls(env.ctx.store, env.fx.orgId, desk.id, thin.map((r) => callRow(r, r.callId!, null)));
    const ms = thin.map((r) => Date.parse(r.arrivalAt));
    const { fromMs, toMs } = affectedDays(Math.min(...ms), Math.max(...ms));
    await rebuildSlots(env.ctx.store, desk, fromMs, toMs);
    const url = `/api/wfm/queues/${desk.id}/staffing?from=2026-02-16&to=2026-02-16&source=actual`;
    const plain = (await admin.inject('GET', url)).json();
    const s = (await admin.inject('GET', `${url}&availability=history`)).json();
    expect(s.inputs.availability).toMatchObject({ applied: false, minHours: 30, overall: null, byHour: [] });
    expect(s.inputs.availability.hours).toBeLessThan(30);
    expect(s.intervals.map((i: { scheduled: number }) => i.scheduled)).toEqual(plain.intervals.map((i: { scheduled: number }) => i.scheduled));
    expect((await admin.inject('GET', `${url}&availability=sometimes`)).statusCode).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('documents the WFM endpoints from the same schemas that validate them', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const p of ['/api/wfm/queues', '/api/wfm/queues/{id}/imports', '/api/wfm/imports/{id}', '/api/wfm/queues/{id}/stats', '/api/wfm/queues/{id}/forecast', '/api/wfm/queues/{id}/staffing', '/api/wfm/queues/{id}/calendar', '/api/wfm/erlang']) {
      expect(doc.paths[p], p).toBeDefined();
    }
    const params = doc.paths['/api/wfm/queues/{id}/staffing'].get.parameters.map((x: { name: string }) => x.name);
    expect(params).toEqual(expect.arrayContaining(['from', 'to', 'interval', 'model', 'serviceLevel', 'asaSeconds', 'maxOccupancy', 'shrinkage', 'patienceSeconds', 'ahtSeconds']));
  });
});

describe('Erlang calculator API', () => {
  it('answers the published example and the reverse question', async () => {
    const r = (await admin.inject('POST', '/api/wfm/erlang', { model: 'c', calls: 100, intervalMinutes: 30, ahtSeconds: 180, serviceLevel: 0.8, thresholdSeconds: 20, maxOccupancy: 0.85, shrinkage: 0.3 })).json();
    expect(r).toMatchObject({ agents: 14, agentsWithShrinkage: 20, binding: 'serviceLevel' });
    expect(r.serviceLevel).toBeCloseTo(0.88835, 5);
    expect(r.waitProbability).toBeCloseTo(0.17413, 5);
    const a = (await admin.inject('POST', '/api/wfm/erlang', { model: 'a', calls: 100, intervalMinutes: 30, ahtSeconds: 180, thresholdSeconds: 20, patienceSeconds: 300, agents: 14 })).json();
    expect(a.serviceLevel).toBeCloseTo(0.916792, 6);
    expect(a.abandonment).toBeCloseTo(0.013984, 6);
    const bad = await admin.inject('POST', '/api/wfm/erlang', { model: 'a', calls: 100, intervalMinutes: 30, ahtSeconds: 180, serviceLevel: 0.8, thresholdSeconds: 20 }, { 'accept-language': 'en' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('patienceSeconds');
  });
});

describe('demo call history', () => {
  it('seeds 客服热线 and 报修专线 with eight weeks of history ending now', async () => {
    const logs: string[] = [];
    // "Now" at 15:00 in Shanghai (the latest one passed): at 01:00 the lines have had no call yet today.
    const today15 = Date.parse(`${localDateOf(Date.now(), 'Asia/Shanghai')}T15:00:00+08:00`);
    const now = today15 <= Date.now() ? today15 : today15 - 86_400_000;
    await seedDemoCallHistory(env.ctx, { orgId: env.fx.orgId, projects: [{ id: env.fx.projectA, code: 'PA', kind: 'residential', name: '阳光花园' }], units: [], ownerByUnit: new Map(), residentUsername: 'resident', staff: new Map() }, (m) => logs.push(m), now);
    const hotline = (await findQueue(env.ctx.store.db, env.fx.orgId, '客服热线', true))!;
    expect(hotline.project_id).toBe(env.fx.projectA);
    expect(Number(hotline.call_count)).toBeGreaterThan(56 * 60);
    expect(Number(hotline.call_count)).toBeLessThan(56 * 80);
    expect(localDateOf(Date.parse(hotline.last_call_at!), 'Asia/Shanghai')).toBe(localDateOf(now, 'Asia/Shanghai'));
    const res = (await admin.inject('GET', `/api/wfm/queues/${hotline.id}`)).json();
    expect(res.recent.answerRate).toBeGreaterThan(0.93);
    expect(res.recent.aht).toBeGreaterThan(150);
    expect(res.recent.aht).toBeLessThan(210);
    expect(res.calendarDays[0]).toMatchObject({ kind: 'special', factor: 1.4 });
    expect(logs.join()).toContain('客服热线');
    const fc = await admin.inject('GET', `/api/wfm/queues/${hotline.id}/staffing`);
    expect(fc.statusCode).toBe(200);
    expect(fc.json().days).toHaveLength(7);
  });
});

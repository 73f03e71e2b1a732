import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, multipart, type Session, type TestEnv } from '../../../test/helpers';
import { addDays, weekdayOf } from './timezone';

let env: TestEnv;
let admin: Session;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await login(env.app, 'admin');
});
afterAll(async () => env?.close());

async function upload(session: Session, queueId: string, name: string, content: Buffer, fields: Record<string, string> = {}) {
  const m = multipart({ name, content }, fields);
  return env.app.inject({ method: 'POST', url: `/api/wfm/queues/${queueId}/interval-imports`, payload: m.payload, headers: { ...session.headers, ...m.headers } });
}

/** Six weeks of weekday 30-minute counts, 09:00–17:00, with a weekday and intraday shape. */
function countsCsv(): { text: string; offered: number; days: string[] } {
  const lines = ['interval_start,offered,answered,abandoned,aht,asa,answered_within_t'];
  let offered = 0;
  const days: string[] = [];
  for (let d = '2024-01-01'; d < '2024-02-12'; d = addDays(d, 1)) {
    const wd = weekdayOf(d);
    if (wd === 0 || wd === 6) continue;
    days.push(d);
    for (let s = 0; s < 16; s++) {
      const n = 20 + 2 * wd + (s < 8 ? s : 16 - s);
      offered += n;
      const hh = String(9 + Math.floor(s / 2)).padStart(2, '0');
      lines.push(`${d} ${hh}:${s % 2 ? '30' : '00'},${n},${n - 2},2,180,15,${n - 5}`);
    }
  }
  return { text: `${lines.join('\r\n')}\r\n`, offered, days };
}

describe('interval-count import', () => {
  it('imports CSV counts into the queue; statistics, forecast and staffing read them', async () => {
    const q = (await admin.inject('POST', '/api/wfm/queues', { name: '时段导入', timeZone: 'Asia/Shanghai', intervalMinutes: 30, calendar: { closedWeekdays: [0, 6] } })).json();
    const { text, offered, days } = countsCsv();
    const bad = `${text}2024-02-12 09:00,x,1,0,,,\r\n2024-02-12 09:30,5,5,3,,,\r\n`;
    const res = await upload(admin, q.id, 'counts.csv', Buffer.from(bad), { sourceMinutes: '30' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ records: days.length * 16, offered, malformed: 2, slotsWritten: days.length * 32 });
    expect(body.issues.map((i: { line: number }) => i.line)).toEqual([days.length * 16 + 2, days.length * 16 + 3]);
    expect(body.issues[1].reasonText).toContain('数量不一致');

    const stats = (await admin.inject('GET', `/api/wfm/queues/${q.id}/stats?from=${days[0]}&to=${days[days.length - 1]}&rollUp=day`)).json();
    const total = stats.rows ? stats.rows.reduce((a: number, r: { offered: number }) => a + r.offered, 0) : stats.items.reduce((a: number, r: { offered: number }) => a + r.offered, 0);
    expect(total).toBe(offered);

    // Re-import replaces the slots rather than doubling them.
    expect((await upload(admin, q.id, 'counts.csv', Buffer.from(text), { sourceMinutes: '30' })).statusCode).toBe(200);
    const again = (await admin.inject('GET', `/api/wfm/queues/${q.id}/stats?from=${days[0]}&to=${days[days.length - 1]}&rollUp=month`)).json();
    expect((again.rows ?? again.items).reduce((a: number, r: { offered: number }) => a + r.offered, 0)).toBe(offered);

    const fc = await admin.inject('GET', `/api/wfm/queues/${q.id}/forecast?from=2024-02-12&to=2024-02-18`);
    expect(fc.statusCode).toBe(200);
    const staffing = await admin.inject('GET', `/api/wfm/queues/${q.id}/staffing?from=2024-02-12&to=2024-02-13`);
    expect(staffing.statusCode).toBe(200);
    expect(JSON.stringify(staffing.json())).toMatch(/"agents"\s*:\s*[1-9]/);
  });

  it('imports an XLSX sheet, and refuses bad formats with 400 and other roles with 403', async () => {
    const q = (await admin.inject('POST', '/api/wfm/queues', { name: '表格导入', timeZone: 'UTC', intervalMinutes: 15 })).json();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('counts');
    ws.addRow(['Interval_Start', 'Offered', 'Answered', 'Abandoned']);
    ws.addRow(['2024-03-04T08:00', 12, 10, 2]);
    ws.addRow([new Date(Date.UTC(2024, 2, 4, 8, 15)), 8, 8, 0]);
    ws.addRow(['2024-03-04T08:30', -1, 0, 0]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(admin, q.id, 'counts.xlsx', buf, { sourceMinutes: '15' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ records: 2, offered: 20, malformed: 1, slotsWritten: 2 });
    expect(res.json().issues[0]).toMatchObject({ line: 4, reason: 'negative-duration' });

    const noCols = await upload(admin, q.id, 'x.csv', Buffer.from('a,b\n1,2\n'));
    expect(noCols.statusCode).toBe(400);
    expect(noCols.json().error.code).toBe('wfm.bad_format');
    const badMinutes = await upload(admin, q.id, 'x.csv', Buffer.from('start,offered\n'), { sourceMinutes: '7' });
    expect(badMinutes.statusCode).toBe(400);
    const notXlsx = await upload(admin, q.id, 'x.xlsx', Buffer.from('not a zip'));
    expect(notXlsx.statusCode).toBe(400);
    const agent = await login(env.app, 'agent_a');
    expect((await upload(agent, q.id, 'x.csv', Buffer.from('start,offered\n'))).statusCode).toBe(403);
  });

  it('re-forecasts the rest of a day from the calls seen so far (intraday)', async () => {
    const q = (await admin.inject('POST', '/api/wfm/queues', { name: '日内', timeZone: 'Asia/Shanghai', intervalMinutes: 30, calendar: { closedWeekdays: [0, 6] } })).json();
    const { text } = countsCsv();
    // Monday 12 February: the morning runs at twice the usual volume.
    const morning = ['09:00', '09:30', '10:00', '10:30'].map((t, s) => `2024-02-12 ${t},${2 * (22 + s)},${2 * (22 + s) - 2},2,180,15,${2 * (22 + s) - 5}`);
    expect((await upload(admin, q.id, 'counts.csv', Buffer.from(`${text}${morning.join('\r\n')}\r\n`), { sourceMinutes: '30' })).statusCode).toBe(200);
    const res = await admin.inject('GET', `/api/wfm/queues/${q.id}/intraday?date=2024-02-12&now=2024-02-12T11:00:00%2B08:00`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const past = body.intervals.filter((i: { past: boolean }) => i.past);
    // The day's grid starts at 00:00; the intervals that ended by 11:00 are past.
    expect(past[past.length - 1].start).toBe('10:30');
    expect(past.filter((i: { forecast: number }) => i.forecast > 0).map((i: { actual: number }) => i.actual)).toEqual([44, 46, 48, 50]);
    expect(body.reforecast.ratio).toBeGreaterThan(1.7);
    expect(body.reforecast.factor).toBeGreaterThan(1.3);
    expect(body.reforecast.factor).toBeLessThan(body.reforecast.ratio);
    const rest = body.intervals.filter((i: { past: boolean; forecast: number }) => !i.past && i.forecast > 0);
    expect(rest.length).toBeGreaterThan(0);
    for (const i of rest) {
      expect(i.reforecast).toBeCloseTo(i.forecast * body.reforecast.factor, 1);
      expect(i.requiredAgentsReforecast).toBeGreaterThanOrEqual(i.requiredAgents);
    }
    expect(rest.some((i: { requiredAgentsReforecast: number; requiredAgents: number }) => i.requiredAgentsReforecast > i.requiredAgents)).toBe(true);
    expect((await admin.inject('GET', `/api/wfm/queues/${q.id}/intraday?date=2024-02-31`)).statusCode).toBe(400);
    // Nothing published yet: no schedule, no gap invented.
    expect(body.schedule.published).toBe(false);
    expect(body.intervals.every((i: { gap: number | null; scheduledWorking: number | null }) => i.gap === null && i.scheduledWorking === null)).toBe(true);

    // Publish a schedule for 09:00–17:00 in hourly intervals (as a shift design's coverage): 6 on shift, 5 working.
    const intervals = Array.from({ length: 8 }, (_, h) => ({ startAt: `2024-02-12T${String(9 + h).padStart(2, '0')}:00:00+08:00`, intervalMinutes: 60, onDuty: 6, working: 5 }));
    const put = await admin.inject('PUT', `/api/wfm/queues/${q.id}/schedule`, { intervals });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ from: '2024-02-12T01:00:00.000Z', to: '2024-02-12T09:00:00.000Z', intervals: 8 });
    const got = (await admin.inject('GET', `/api/wfm/queues/${q.id}/schedule?from=2024-02-12&to=2024-02-12`)).json();
    expect(got.intervals).toHaveLength(8);
    expect((await admin.inject('GET', `/api/wfm/queues/${q.id}/schedule?from=2024-02-12&to=2024-02-01`)).statusCode).toBe(400);
    expect(got.intervals[0]).toMatchObject({ startAt: '2024-02-12T01:00:00.000Z', intervalMinutes: 60, onDuty: 6, working: 5 });
    const withSchedule = (await admin.inject('GET', `/api/wfm/queues/${q.id}/intraday?date=2024-02-12&now=2024-02-12T11:00:00%2B08:00`)).json();
    expect(withSchedule.schedule.published).toBe(true);
    type Row = { start: string; past: boolean; requiredAgents: number; requiredAgentsReforecast: number | null; scheduledWorking: number | null; scheduledOnDuty: number | null; gap: number | null };
    const rows: Row[] = withSchedule.intervals;
    // Half-hour intervals inside the published hours take that hour's figures; outside them, none.
    for (const r of rows) {
      const inside = r.start >= '09:00' && r.start < '17:00';
      expect(r.scheduledWorking).toBe(inside ? 5 : null);
      expect(r.scheduledOnDuty).toBe(inside ? 6 : null);
      if (inside) expect(r.gap).toBe(5 - (r.past ? r.requiredAgents : r.requiredAgentsReforecast!));
      else expect(r.gap).toBeNull();
    }
    // The busy morning leaves the afternoon short of agents.
    expect(rows.some((r) => !r.past && r.gap !== null && r.gap < 0)).toBe(true);
    // Interval statistics show the published agents beside those seen in the data.
    const stats = (await admin.inject('GET', `/api/wfm/queues/${q.id}/stats?from=2024-02-12&to=2024-02-12&interval=30`)).json();
    expect(stats.schedulePublished).toBe(true);
    expect(stats.rows).toHaveLength(48);
    for (const r of stats.rows as { start: string; scheduledOnDuty: number | null; scheduledWorking: number | null }[]) {
      const inside = r.start >= '09:00' && r.start < '17:00';
      expect([r.scheduledOnDuty, r.scheduledWorking]).toEqual(inside ? [6, 5] : [null, null]);
    }
    const dayBefore = (await admin.inject('GET', `/api/wfm/queues/${q.id}/stats?from=2024-02-11&to=2024-02-11&interval=30`)).json();
    expect(dayBefore.schedulePublished).toBe(false);
    expect(dayBefore.rows.every((r: { scheduledWorking: number | null }) => r.scheduledWorking === null)).toBe(true);

    // Republishing 12:00–13:00 in two half hours replaces only that span.
    const half = [0, 30].map((m) => ({ startAt: `2024-02-12T12:${String(m).padStart(2, '0')}:00+08:00`, intervalMinutes: 30, onDuty: 9, working: 8 }));
    expect((await admin.inject('PUT', `/api/wfm/queues/${q.id}/schedule`, { intervals: half })).statusCode).toBe(200);
    const after = (await admin.inject('GET', `/api/wfm/queues/${q.id}/schedule?from=2024-02-12&to=2024-02-12`)).json();
    expect(after.intervals.map((i: { working: number }) => i.working)).toEqual([5, 5, 5, 8, 8, 5, 5, 5, 5]);

    // Refused, with the reason, and nothing written: overlapping intervals, more working than on shift.
    const overlap = await admin.inject('PUT', `/api/wfm/queues/${q.id}/schedule`, { intervals: [intervals[0], { ...intervals[0], startAt: '2024-02-12T09:30:00+08:00' }] }, { 'accept-language': 'zh-CN' });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().error.message).toContain('重叠');
    const tooMany = await admin.inject('PUT', `/api/wfm/queues/${q.id}/schedule`, { intervals: [{ ...intervals[0], working: 7 }] });
    expect(tooMany.statusCode).toBe(400);
    expect((await admin.inject('PUT', `/api/wfm/queues/${q.id}/schedule`, { intervals: [] })).statusCode).toBe(400);
    expect((await admin.inject('GET', `/api/wfm/queues/${q.id}/schedule?from=2024-02-12&to=2024-02-12`)).json().intervals).toHaveLength(9);
    // A shift design's coverage as series from a local start (the queue's zone): two hours from 18:00.
    const series = await admin.inject('PUT', `/api/wfm/queues/${q.id}/schedule`, { series: { start: '2024-02-12T18:00', intervalMinutes: 30, onDuty: [3, 3, 2, 2], working: [3, 2, 2, 1] } });
    expect(series.statusCode).toBe(200);
    expect(series.json()).toMatchObject({ from: '2024-02-12T10:00:00.000Z', to: '2024-02-12T12:00:00.000Z', intervals: 4 });
    const both = await admin.inject('PUT', `/api/wfm/queues/${q.id}/schedule`, { intervals, series: { start: '2024-02-12T18:00', intervalMinutes: 30, onDuty: [1], working: [1] } }, { 'accept-language': 'zh-CN' });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.message).toContain('series');
    const uneven = await admin.inject('PUT', `/api/wfm/queues/${q.id}/schedule`, { series: { start: '2024-02-12T18:00', intervalMinutes: 30, onDuty: [1, 1], working: [1] } }, { 'accept-language': 'zh-CN' });
    expect(uneven.statusCode).toBe(400);
    expect(uneven.json().error.message).toContain('时段数');
    expect((await admin.inject('GET', `/api/wfm/queues/${q.id}/schedule?from=2024-02-12&to=2024-02-12`)).json().intervals).toHaveLength(13);
    // Publishing 16:30–17:00 drops the hour published from 16:00, which ran into it: nothing overlaps.
    expect((await admin.inject('PUT', `/api/wfm/queues/${q.id}/schedule`, { intervals: [{ startAt: '2024-02-12T16:30:00+08:00', intervalMinutes: 30, onDuty: 2, working: 2 }] })).statusCode).toBe(200);
    const cut = (await admin.inject('GET', `/api/wfm/queues/${q.id}/schedule?from=2024-02-12&to=2024-02-12`)).json().intervals;
    expect(cut.map((i: { startAt: string }) => i.startAt)).not.toContain('2024-02-12T08:00:00.000Z');
    expect(cut.map((i: { startAt: string }) => i.startAt)).toContain('2024-02-12T08:30:00.000Z');
    expect(cut).toHaveLength(13);
    // Planning needs wfm.write; agents cannot even read it.
    const sup = await login(env.app, 'supervisor');
    expect((await sup.inject('GET', `/api/wfm/queues/${q.id}/schedule?from=2024-02-12&to=2024-02-12`)).statusCode).toBe(200);
    const agent = await login(env.app, 'agent_a');
    expect((await agent.inject('PUT', `/api/wfm/queues/${q.id}/schedule`, { intervals })).statusCode).toBe(403);
    expect((await agent.inject('GET', `/api/wfm/queues/${q.id}/schedule?from=2024-02-12&to=2024-02-12`)).statusCode).toBe(403);
    // Deleting the queue deletes its schedule.
    expect((await admin.inject('DELETE', `/api/wfm/queues/${q.id}`)).statusCode).toBe(200);
    expect(await env.ctx.store.db.selectFrom('wfm_schedule').select('start_at').where('queue_id', '=', q.id).execute()).toHaveLength(0);
  });
});

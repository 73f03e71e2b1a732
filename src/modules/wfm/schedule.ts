/**
 * A queue's published schedule (排班): agents on shift and working (on shift, not on a planned
 * break) per interval, as a shift design or roster produced it. Intraday compares it with the
 * agents the re-forecast needs.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { QueueRow } from './store';

export interface ScheduleInterval {
  /** UTC ISO start. */
  startAt: string;
  intervalMinutes: number;
  onDuty: number;
  working: number;
}

/**
 * Time-weighted mean of the schedule over [startMs, startMs + lenMs) for each start: the schedule's
 * own intervals may be longer or shorter than the ones asked for. Null where no schedule interval
 * covers any of the span (nothing published there), so a gap is never invented.
 */
export function scheduledOver(schedule: readonly ScheduleInterval[], starts: readonly number[], lenMs: number): ({ onDuty: number; working: number } | null)[] {
  const rows = schedule.map((r) => ({ a: Date.parse(r.startAt), b: Date.parse(r.startAt) + r.intervalMinutes * 60_000, onDuty: r.onDuty, working: r.working })).sort((x, y) => x.a - y.a);
  // Published intervals never overlap, so sorted by start they are sorted by end too: a pointer past
  // those ending before the span keeps a month of intervals linear (starts usually ascend).
  let lo = 0;
  let prev = -Infinity;
  return starts.map((s) => {
    if (s < prev) lo = 0;
    prev = s;
    while (lo < rows.length && rows[lo].b <= s) lo++;
    const e = s + lenMs;
    let covered = 0;
    let onDuty = 0;
    let working = 0;
    for (let k = lo; k < rows.length; k++) {
      const r = rows[k];
      if (r.a >= e) break;
      const overlap = Math.min(e, r.b) - Math.max(s, r.a);
      if (overlap <= 0) continue;
      covered += overlap;
      onDuty += r.onDuty * overlap;
      working += r.working * overlap;
    }
    // Time not covered counts as nobody scheduled, once part of the span is published.
    return covered > 0 ? { onDuty: onDuty / lenMs, working: working / lenMs } : null;
  });
}

/** Replaces the published schedule over the span the given intervals cover (one transaction). */
export async function saveSchedule(db: Kysely<DB>, queue: Pick<QueueRow, 'id' | 'org_id'>, intervals: readonly ScheduleInterval[], userId: string | null): Promise<{ from: string; to: string; intervals: number }> {
  const starts = intervals.map((i) => Date.parse(i.startAt));
  const from = new Date(Math.min(...starts)).toISOString();
  const to = new Date(Math.max(...intervals.map((i, k) => starts[k] + i.intervalMinutes * 60_000))).toISOString();
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('wfm_schedule').where('queue_id', '=', queue.id).where('start_at', '>=', from).where('start_at', '<', to).execute();
    // An interval published earlier that starts before `from` but runs into it would overlap: drop it too.
    const straddling = await trx
      .selectFrom('wfm_schedule')
      .select(['start_at', 'interval_minutes'])
      .where('queue_id', '=', queue.id)
      .where('start_at', '>=', new Date(Date.parse(from) - 3_600_000).toISOString())
      .where('start_at', '<', from)
      .execute();
    const cut = straddling.filter((r) => Date.parse(r.start_at) + Number(r.interval_minutes) * 60_000 > Date.parse(from)).map((r) => r.start_at);
    if (cut.length) await trx.deleteFrom('wfm_schedule').where('queue_id', '=', queue.id).where('start_at', 'in', cut).execute();
    for (let i = 0; i < intervals.length; i += 500) {
      await trx
        .insertInto('wfm_schedule')
        .values(intervals.slice(i, i + 500).map((r) => ({
          org_id: queue.org_id, queue_id: queue.id, start_at: new Date(r.startAt).toISOString(), interval_minutes: r.intervalMinutes,
          on_duty: r.onDuty, working: r.working, published_at: now, published_by: userId,
        })))
        .execute();
    }
  });
  return { from, to, intervals: intervals.length };
}

/** Published intervals that overlap [fromIso, toIso). */
export async function loadSchedule(db: Kysely<DB>, queueId: string, fromIso: string, toIso: string): Promise<(ScheduleInterval & { publishedAt: string })[]> {
  // An interval is at most an hour long: start an hour early to catch one that straddles `fromIso`.
  const early = new Date(Date.parse(fromIso) - 3_600_000).toISOString();
  const rows = await db
    .selectFrom('wfm_schedule')
    .select(['start_at', 'interval_minutes', 'on_duty', 'working', 'published_at'])
    .where('queue_id', '=', queueId)
    .where('start_at', '>=', early)
    .where('start_at', '<', toIso)
    .orderBy('start_at')
    .execute();
  return rows
    .filter((r) => Date.parse(r.start_at) + Number(r.interval_minutes) * 60_000 > Date.parse(fromIso))
    .map((r) => ({ startAt: r.start_at, intervalMinutes: Number(r.interval_minutes), onDuty: Number(r.on_duty), working: Number(r.working), publishedAt: r.published_at }));
}

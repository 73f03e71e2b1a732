/**
 * Storage of queues, call history and its 15-minute aggregates (both dialects, through Kysely).
 * Bulk inserts use one prepared multi-row statement per batch (VALUES lists on SQLite, unnest
 * arrays on PostgreSQL) inside transactions of a few thousand rows.
 */
import { BUILT_IN_CALENDARS, builtInHolidays, type BuiltInCalendar } from './calendars';
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Store } from '../../db';
import { newId, nowIso } from '../../db/ids';
import type { DB } from '../../db/schema';
import type { ForecastCalendar } from './forecast';
import { outcomeOf, rebuildWindows, recordFromRow, slotRowsFromStats, SLOT_MINUTES, type SlotRow } from './history';
import { createIntervalAccumulator } from './intervals';
import type { WfmQueueTable } from './schema';
import type { CallRecord, SlDefinition } from './types';

export type QueueRow = WfmQueueTable;

/** Weekly opening pattern of a queue (holidays and special days live in wfm_calendar_days). */
export interface QueueCalendar {
  /** Weekdays without service, 0 = Sunday … 6 = Saturday. */
  closedWeekdays: number[];
  /** Opening hours per weekday ("0"…"6"), HH:mm with `to` exclusive ("24:00" allowed). */
  openHours: Record<string, { from: string; to: string }>;
  /** Label month start/end and after-holiday days automatically for the forecast. */
  autoLabels: boolean;
  /** First day of a week for weekly roll-ups and backtest origins (1 = Monday). */
  weekStartsOn: number;
  /** Built-in public holidays: `cn` (PRC holidays and 调休 workdays, the SLA module's), `us-federal`, or `none`. */
  holidaySet: BuiltInCalendar;
}

export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'special' | 'exclude';
  factor: number | null;
  label: string | null;
  note: string | null;
}

export function parseCalendar(json: string): QueueCalendar {
  let c: Partial<QueueCalendar> = {};
  try {
    c = JSON.parse(json) as Partial<QueueCalendar>;
  } catch {
    // A damaged value falls back to "always open".
  }
  const holidaySet = BUILT_IN_CALENDARS.includes(c.holidaySet as BuiltInCalendar) ? (c.holidaySet as BuiltInCalendar) : 'none';
  return { closedWeekdays: c.closedWeekdays ?? [], openHours: c.openHours ?? {}, autoLabels: c.autoLabels ?? true, weekStartsOn: c.weekStartsOn ?? 1, holidaySet };
}

const HOLIDAY_YEARS = Array.from({ length: 71 }, (_, i) => 1990 + i);

/** The queue's calendar as the forecaster sees it. */
export function forecastCalendar(cal: QueueCalendar, days: readonly CalendarDay[]): ForecastCalendar {
  const openHours: ForecastCalendar['openHours'] = {};
  for (const [wd, h] of Object.entries(cal.openHours)) openHours[Number(wd)] = h;
  // Built-in holidays first; the queue's own calendar days add to them.
  const builtIn = builtInHolidays(cal.holidaySet ?? 'none', HOLIDAY_YEARS);
  return {
    closedWeekdays: cal.closedWeekdays,
    holidays: [...new Set([...builtIn.holidays, ...days.filter((d) => d.kind === 'holiday').map((d) => d.date)])].sort(),
    openDates: builtIn.openDates,
    openHours,
    specialDays: days
      .filter((d) => d.kind === 'special')
      .map((d) => ({ date: d.date, ...(d.factor !== null && { factor: d.factor }), ...(d.label !== null && { label: d.label }) })),
    excludeFromTraining: days.filter((d) => d.kind === 'exclude').map((d) => d.date),
    autoLabels: cal.autoLabels,
  };
}

/** API view of a queue. */
export function queueOut(q: QueueRow) {
  return {
    id: q.id,
    name: q.name,
    projectId: q.project_id,
    description: q.description,
    timeZone: q.time_zone,
    intervalMinutes: q.interval_minutes as 15 | 30 | 60,
    serviceLevel: { target: Number(q.sl_target), thresholdSeconds: Number(q.sl_threshold_s), definition: q.sl_definition as SlDefinition, shortAbandonSeconds: Number(q.short_abandon_s) },
    targetAsaSeconds: q.target_asa_s === null ? null : Number(q.target_asa_s),
    maxOccupancy: q.max_occupancy === null ? null : Number(q.max_occupancy),
    shrinkage: Number(q.shrinkage),
    model: q.model as 'erlang-c' | 'erlang-a',
    patienceSeconds: q.patience_s === null ? null : Number(q.patience_s),
    defaultAhtSeconds: q.default_aht_s === null ? null : Number(q.default_aht_s),
    wrapUpSeconds: Number(q.wrap_up_s),
    forecastMethod: q.forecast_method,
    calendar: parseCalendar(q.calendar_json),
    history: { calls: Number(q.call_count), firstCallAt: q.first_call_at, lastCallAt: q.last_call_at },
    createdAt: q.created_at,
    updatedAt: q.updated_at,
  };
}
export type QueueView = ReturnType<typeof queueOut>;

/** Settings accepted when creating or updating a queue. */
export interface QueueInput {
  name?: string;
  projectId?: string | null;
  description?: string | null;
  timeZone?: string;
  intervalMinutes?: 15 | 30 | 60;
  serviceLevel?: { target?: number; thresholdSeconds?: number; definition?: SlDefinition; shortAbandonSeconds?: number };
  targetAsaSeconds?: number | null;
  maxOccupancy?: number | null;
  shrinkage?: number;
  model?: 'erlang-c' | 'erlang-a';
  patienceSeconds?: number | null;
  defaultAhtSeconds?: number | null;
  wrapUpSeconds?: number;
  forecastMethod?: string | null;
  calendar?: Partial<QueueCalendar>;
}

function queueColumns(b: QueueInput, current?: QueueRow): Partial<QueueRow> {
  const cal = b.calendar ? JSON.stringify({ ...(current ? parseCalendar(current.calendar_json) : parseCalendar('{}')), ...b.calendar }) : undefined;
  return {
    ...(b.name !== undefined && { name: b.name }),
    ...(b.projectId !== undefined && { project_id: b.projectId }),
    ...(b.description !== undefined && { description: b.description }),
    ...(b.timeZone !== undefined && { time_zone: b.timeZone }),
    ...(b.intervalMinutes !== undefined && { interval_minutes: b.intervalMinutes }),
    ...(b.serviceLevel?.target !== undefined && { sl_target: b.serviceLevel.target }),
    ...(b.serviceLevel?.thresholdSeconds !== undefined && { sl_threshold_s: b.serviceLevel.thresholdSeconds }),
    ...(b.serviceLevel?.definition !== undefined && { sl_definition: b.serviceLevel.definition }),
    ...(b.serviceLevel?.shortAbandonSeconds !== undefined && { short_abandon_s: b.serviceLevel.shortAbandonSeconds }),
    ...(b.targetAsaSeconds !== undefined && { target_asa_s: b.targetAsaSeconds }),
    ...(b.maxOccupancy !== undefined && { max_occupancy: b.maxOccupancy }),
    ...(b.shrinkage !== undefined && { shrinkage: b.shrinkage }),
    ...(b.model !== undefined && { model: b.model }),
    ...(b.patienceSeconds !== undefined && { patience_s: b.patienceSeconds }),
    ...(b.defaultAhtSeconds !== undefined && { default_aht_s: b.defaultAhtSeconds }),
    ...(b.wrapUpSeconds !== undefined && { wrap_up_s: b.wrapUpSeconds }),
    ...(b.forecastMethod !== undefined && { forecast_method: b.forecastMethod }),
    ...(cal !== undefined && { calendar_json: cal }),
  };
}

export async function createQueue(db: Kysely<DB>, orgId: string, b: QueueInput & { name: string }): Promise<QueueRow> {
  const ts = nowIso();
  const threshold = b.serviceLevel?.thresholdSeconds ?? 20;
  const shortAbandon = b.serviceLevel?.shortAbandonSeconds ?? 5;
  const row: QueueRow = {
    id: newId(), org_id: orgId, created_at: ts, updated_at: ts, name: b.name, project_id: null, description: null,
    time_zone: 'Asia/Shanghai', interval_minutes: 30, sl_threshold_s: threshold, sl_target: 0.8, sl_definition: 'offered',
    short_abandon_s: shortAbandon, target_asa_s: null, max_occupancy: 0.85, shrinkage: 0.3, model: 'erlang-c', patience_s: null,
    default_aht_s: null, wrap_up_s: 0, forecast_method: null, calendar_json: JSON.stringify(parseCalendar('{}')),
    slots_threshold_s: threshold, slots_short_abandon_s: shortAbandon, call_count: 0, first_call_at: null, last_call_at: null,
    ...queueColumns(b),
  };
  await db.insertInto('wfm_queues').values(row).execute();
  return row;
}

export async function updateQueue(db: Kysely<DB>, current: QueueRow, b: QueueInput): Promise<QueueRow> {
  const cols = queueColumns(b, current);
  await db.updateTable('wfm_queues').set({ ...cols, updated_at: nowIso() }).where('id', '=', current.id).execute();
  return (await findQueue(db, current.org_id, current.id))!;
}

/** A queue by id, or by name when `byName` is set. */
export async function findQueue(db: Kysely<DB>, orgId: string, idOrName: string, byName = false): Promise<QueueRow | undefined> {
  return db
    .selectFrom('wfm_queues')
    .selectAll()
    .where('org_id', '=', orgId)
    .where(byName ? 'name' : 'id', '=', idOrName)
    .executeTakeFirst();
}

export async function loadCalendarDays(db: Kysely<DB>, queueId: string): Promise<CalendarDay[]> {
  const rows = await db.selectFrom('wfm_calendar_days').select(['date', 'kind', 'factor', 'label', 'note']).where('queue_id', '=', queueId).orderBy('date').orderBy('kind').execute();
  return rows.map((r) => ({ date: r.date, kind: r.kind as CalendarDay['kind'], factor: r.factor === null ? null : Number(r.factor), label: r.label, note: r.note }));
}

/** Replaces the queue's dated calendar entries. */
export async function saveCalendarDays(db: Kysely<DB>, queue: QueueRow, days: readonly CalendarDay[]): Promise<void> {
  const ts = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('wfm_calendar_days').where('queue_id', '=', queue.id).execute();
    for (let i = 0; i < days.length; i += 200) {
      await trx
        .insertInto('wfm_calendar_days')
        .values(days.slice(i, i + 200).map((d) => ({ id: newId(), org_id: queue.org_id, queue_id: queue.id, date: d.date, kind: d.kind, factor: d.factor, label: d.label, note: d.note, created_at: ts, updated_at: ts })))
        .execute();
    }
  });
}

// ------------------------------------------------------------------ call rows

/** A call row ready for insertion. */
export interface CallRow {
  call_key: string;
  arrival_at: string;
  outcome: string;
  wait_s: number;
  talk_s: number;
  agent: string | null;
  service_start_at: string | null;
  service_end_at: string | null;
  source_queue: string | null;
}

export function callRow(r: CallRecord, key: string, sourceQueue: string | null): CallRow {
  return {
    call_key: key, arrival_at: r.arrivalAt, outcome: outcomeOf(r), wait_s: r.waitSeconds, talk_s: r.talkSeconds,
    agent: r.agent ?? null, service_start_at: r.serviceStartAt ?? null, service_end_at: r.serviceEndAt ?? null, source_queue: sourceQueue,
  };
}

const CALL_COLUMNS = ['org_id', 'queue_id', 'call_key', 'arrival_at', 'outcome', 'wait_s', 'talk_s', 'agent', 'service_start_at', 'service_end_at', 'source_queue'] as const;
const PG_TYPES = ['text', 'text', 'text', 'text', 'text', 'float8', 'float8', 'text', 'text', 'text', 'text'];
/** Rows per PostgreSQL statement (one array parameter per column, so any size works). */
const ROWS_PER_STATEMENT = 5000;

/** PostgreSQL: one array per column, so the statement text and parameter count do not grow with the batch. */
function pgInsertStatement(orgId: string, queueId: string, rows: readonly CallRow[]): CompiledQuery {
  const cols = CALL_COLUMNS.join(', ');
  const arrays: unknown[][] = CALL_COLUMNS.map(() => new Array(rows.length));
  rows.forEach((r, i) => {
    arrays[0][i] = orgId;
    arrays[1][i] = queueId;
    arrays[2][i] = r.call_key;
    arrays[3][i] = r.arrival_at;
    arrays[4][i] = r.outcome;
    arrays[5][i] = r.wait_s;
    arrays[6][i] = r.talk_s;
    arrays[7][i] = r.agent;
    arrays[8][i] = r.service_start_at;
    arrays[9][i] = r.service_end_at;
    arrays[10][i] = r.source_queue;
  });
  const params = PG_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
  return CompiledQuery.raw(`insert into wfm_calls (${cols}) select * from unnest(${params}) on conflict do nothing`, arrays);
}

type SqliteDb = NonNullable<Store['sqlite']>;
type CallParams = [string, string, string, string, string, number, number, string | null, string | null, string | null, string | null];
const sqliteInsert = new WeakMap<SqliteDb, ReturnType<typeof prepareInsert>>();
const prepareInsert = (raw: SqliteDb) =>
  raw.prepare<CallParams>(`insert into wfm_calls (${CALL_COLUMNS.join(', ')}) values (${CALL_COLUMNS.map(() => '?').join(', ')}) on conflict do nothing`);

/**
 * Inserts call rows in one transaction, skipping calls the queue already has (same call key).
 * Returns the number of rows actually inserted.
 */
export async function insertCalls(store: Store, orgId: string, queueId: string, rows: readonly CallRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const raw = store.sqlite;
  if (raw) {
    // SQLite: one prepared single-row statement run in a synchronous transaction is about twice
    // as fast as multi-row statements that SQLite must parse anew. Holding Kysely's connection
    // (its one-connection mutex) keeps every other query out while the transaction runs.
    return store.db.connection().execute(async () => {
      let st = sqliteInsert.get(raw);
      if (!st) {
        st = prepareInsert(raw);
        sqliteInsert.set(raw, st);
      }
      const stmt = st;
      return raw.transaction(() => {
        let n = 0;
        for (const r of rows) n += stmt.run(orgId, queueId, r.call_key, r.arrival_at, r.outcome, r.wait_s, r.talk_s, r.agent, r.service_start_at, r.service_end_at, r.source_queue).changes;
        return n;
      })();
    });
  }
  return store.db.transaction().execute(async (trx) => {
    let inserted = 0;
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const r = await trx.executeQuery(pgInsertStatement(orgId, queueId, rows.slice(i, i + ROWS_PER_STATEMENT)));
      inserted += Number(r.numAffectedRows ?? 0n);
    }
    return inserted;
  });
}

/** Call records of a queue with arrival in [fromIso, toIso), in arrival order, paged by keyset. */
export async function* callRecords(db: Kysely<DB>, queue: Pick<QueueRow, 'id' | 'name'>, fromIso: string, toIso: string, pageSize = 10_000): AsyncGenerator<CallRecord> {
  let after: { at: string; key: string } | null = null;
  for (;;) {
    let q = db
      .selectFrom('wfm_calls')
      .select(['call_key', 'arrival_at', 'outcome', 'wait_s', 'talk_s', 'agent', 'service_start_at', 'service_end_at'])
      .where('queue_id', '=', queue.id)
      .where('arrival_at', '<', toIso);
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('arrival_at', '>', a.at), eb.and([eb('arrival_at', '=', a.at), eb('call_key', '>', a.key)])]));
      q = q.where('arrival_at', '>=', a.at);
    } else q = q.where('arrival_at', '>=', fromIso);
    const rows = await q.orderBy('arrival_at').orderBy('call_key').limit(pageSize).execute();
    for (const r of rows) yield recordFromRow(r, queue.name);
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    after = { at: last.arrival_at, key: last.call_key };
  }
}

// ------------------------------------------------------------------ 15-minute slots

type SlotQueue = Pick<QueueRow, 'id' | 'org_id' | 'name' | 'slots_threshold_s' | 'slots_short_abandon_s'>;

async function writeSlots(trx: Transaction<DB>, queue: SlotQueue, rows: readonly SlotRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('wfm_slots')
      .values(
        rows.slice(i, i + 500).map((s) => ({
          org_id: queue.org_id, queue_id: queue.id, slot_at: new Date(s.slotMs).toISOString(),
          offered: s.sums.offered, answered: s.sums.answered, abandoned: s.sums.abandoned, short_abandoned: s.sums.shortAbandoned,
          answered_within_t: s.sums.answeredWithinT, wait_answered_s: s.sums.waitAnsweredSeconds, wait_all_s: s.sums.waitAllSeconds,
          talk_s: s.sums.talkSeconds, busy_s: s.sums.busySeconds, agents_json: JSON.stringify(s.agents),
        })),
      )
      .execute();
  }
}

/**
 * Recomputes the 15-minute slots of [fromMs, toMs) (UTC day boundaries) from the stored calls,
 * window by window so that memory stays bounded. Returns the number of slots written.
 */
export async function rebuildSlots(store: Store, queue: SlotQueue, fromMs: number, toMs: number, onWindow?: (doneMs: number) => void | Promise<void>): Promise<number> {
  let written = 0;
  for (const w of rebuildWindows(fromMs, toMs)) {
    const acc = createIntervalAccumulator({
      intervalMinutes: SLOT_MINUTES,
      timeZone: 'UTC',
      sl: { thresholdSeconds: Number(queue.slots_threshold_s), shortAbandonSeconds: Number(queue.slots_short_abandon_s) },
      allQueuesKey: null,
    });
    for await (const r of callRecords(store.db, queue, new Date(w.readFromMs).toISOString(), new Date(w.endMs).toISOString())) acc.add(r);
    const rows = slotRowsFromStats(acc.result()).filter((s) => s.slotMs >= w.startMs && s.slotMs < w.endMs);
    await store.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('wfm_slots')
        .where('queue_id', '=', queue.id)
        .where('slot_at', '>=', new Date(w.startMs).toISOString())
        .where('slot_at', '<', new Date(w.endMs).toISOString())
        .execute();
      await writeSlots(trx, queue, rows);
    });
    written += rows.length;
    if (onWindow) await onWindow(w.endMs);
  }
  return written;
}

/** Rebuilds every slot of a queue (after its SL threshold or short-abandon limit changed). */
export async function rebuildAllSlots(store: Store, queue: QueueRow): Promise<number> {
  await store.db
    .updateTable('wfm_queues')
    .set({ slots_threshold_s: queue.sl_threshold_s, slots_short_abandon_s: queue.short_abandon_s })
    .where('id', '=', queue.id)
    .execute();
  const q = { ...queue, slots_threshold_s: queue.sl_threshold_s, slots_short_abandon_s: queue.short_abandon_s };
  // Only the days with stored calls are rebuilt (window by window, replacing their slots); slots
  // that came from an interval-count import elsewhere have no calls behind them and are kept.
  const range = await store.db
    .selectFrom('wfm_calls')
    .select((eb) => [eb.fn.min('arrival_at').as('first'), eb.fn.max('arrival_at').as('last')])
    .where('queue_id', '=', queue.id)
    .executeTakeFirst();
  if (!range?.first || !range?.last) return 0;
  const DAY = 86_400_000;
  const from = Math.floor(Date.parse(range.first as string) / DAY) * DAY;
  const to = (Math.floor(Date.parse(range.last as string) / DAY) + 2) * DAY;
  return rebuildSlots(store, q, from, to);
}

/** Stored slots of a queue in [startMs, endMs). */
export async function loadSlots(db: Kysely<DB>, queueId: string, startMs: number, endMs: number): Promise<SlotRow[]> {
  const rows = await db
    .selectFrom('wfm_slots')
    .selectAll()
    .where('queue_id', '=', queueId)
    .where('slot_at', '>=', new Date(startMs).toISOString())
    .where('slot_at', '<', new Date(endMs).toISOString())
    .orderBy('slot_at')
    .execute();
  return rows.map((r) => ({
    slotMs: Date.parse(r.slot_at),
    sums: {
      offered: Number(r.offered), answered: Number(r.answered), abandoned: Number(r.abandoned), shortAbandoned: Number(r.short_abandoned),
      answeredWithinT: Number(r.answered_within_t), waitAnsweredSeconds: Number(r.wait_answered_s), waitAllSeconds: Number(r.wait_all_s),
      talkSeconds: Number(r.talk_s), busySeconds: Number(r.busy_s),
    },
    agents: JSON.parse(r.agents_json) as string[],
  }));
}

/** Recounts the queue's history summary (calls, first and last arrival). */
export async function refreshQueueSummary(db: Kysely<DB>, queueId: string): Promise<void> {
  const s = await db
    .selectFrom('wfm_calls')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('arrival_at').as('first'), eb.fn.max('arrival_at').as('last')])
    .where('queue_id', '=', queueId)
    .executeTakeFirst();
  // Interval-count imports have slots without calls: the history range covers both.
  const sl = await db
    .selectFrom('wfm_slots')
    .select((eb) => [eb.fn.min('slot_at').as('first'), eb.fn.max('slot_at').as('last')])
    .where('queue_id', '=', queueId)
    .executeTakeFirst();
  const pick = (a: unknown, b: unknown, lower: boolean): string | null => {
    const x = (a as string | null) ?? null;
    const y = (b as string | null) ?? null;
    if (!x || !y) return x ?? y;
    return lower ? (x < y ? x : y) : x > y ? x : y;
  };
  await db
    .updateTable('wfm_queues')
    .set({ call_count: Number(s?.n ?? 0), first_call_at: pick(s?.first, sl?.first, true), last_call_at: pick(s?.last, sl?.last, false), updated_at: nowIso() })
    .where('id', '=', queueId)
    .execute();
}

// ------------------------------------------------------------------ per-queue serialisation

const locks = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier locked task of the same queue in this process (imports, rebuilds). */
export function withQueueLock<T>(queueId: string, fn: () => Promise<T>): Promise<T> {
  const prev = locks.get(queueId) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  const tail = next.catch(() => undefined);
  locks.set(queueId, tail);
  void tail.then(() => {
    if (locks.get(queueId) === tail) locks.delete(queueId);
  });
  return next;
}

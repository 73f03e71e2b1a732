import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { newId } from '../../db/ids';
import type { Actor as AuthActor } from '../auth/permissions';
import { enqueue } from '../notifications/outbox';
import type { SlaEvent } from '../sla';
import {
  applyTransition,
  createOrder,
  LIFECYCLE_TABLES,
  type Actor as LifecycleActor,
  type Kind,
  type LifecycleEvent,
  type LifecycleOrder,
  type OrderPatch,
  type Role as LifecycleRole,
  type TransitionInput,
} from './lifecycle';
import { allocateOrderNumber, nextSequenceSql, numberKey, orderNumberSql } from './numbering';
import type { WorkOrderTable, WorkOrderEventTable } from './schema';
import { loadSlaConfig, slaSnapshot, slaView } from './slaSettings';
import { saveSlaTargets, slaTargetRows } from './slaTargets';

type Db = Kysely<DB> | Transaction<DB>;

/** The engine's view of who acts. Admins keep only the admin role: the tables decide what that allows. */
export function lifecycleActor(a: Pick<AuthActor, 'userId' | 'role'>): LifecycleActor {
  return { id: a.userId, roles: [a.role as LifecycleRole] };
}

/** Background work (SLA sweeps, sampling) acts as the system with a supervisor's rights; its events carry no user. */
export const SYSTEM_ACTOR: LifecycleActor = { id: 'system', roles: ['supervisor'] };

/** Lifecycle fields kept in extra_json (no query needs them as columns). */
const EXTRA_FIELDS = [
  'chargeFen',
  'paidFen',
  'paymentWaived',
  'visitOutcome',
  'adoption',
  'reinspectionFailCount',
  'depositRequiredFen',
  'depositPaidFen',
  'depositRefundedFen',
  'depositDeductedFen',
  'inspectionCount',
  'violationCount',
] as const;

export function toLifecycle(row: WorkOrderTable): LifecycleOrder {
  const extra = row.extra_json ? JSON.parse(row.extra_json) : {};
  return {
    id: row.id,
    kind: row.kind as Kind,
    state: row.state,
    version: row.version,
    ownerId: row.owner_id,
    assigneeId: row.assignee_id,
    departmentId: row.department,
    reporterId: row.reporter_id,
    holdReason: row.hold_reason,
    reopenCount: row.reopen_count,
    customerInformed: row.customer_informed_at !== null,
    paid: !!row.paid,
    chargeFen: extra.chargeFen ?? 0,
    paidFen: extra.paidFen ?? 0,
    paymentWaived: extra.paymentWaived ?? false,
    visitOutcome: extra.visitOutcome ?? null,
    adoption: extra.adoption ?? null,
    reinspectionFailCount: extra.reinspectionFailCount ?? 0,
    depositRequiredFen: extra.depositRequiredFen ?? 0,
    depositPaidFen: extra.depositPaidFen ?? 0,
    depositRefundedFen: extra.depositRefundedFen ?? 0,
    depositDeductedFen: extra.depositDeductedFen ?? 0,
    inspectionCount: extra.inspectionCount ?? 0,
    violationCount: extra.violationCount ?? 0,
  };
}

/** Column values for a lifecycle order after a transition. */
function lifecycleColumns(next: LifecycleOrder, prevRow: WorkOrderTable | null, at: string) {
  const extra: Record<string, unknown> = prevRow?.extra_json ? JSON.parse(prevRow.extra_json) : {};
  for (const f of EXTRA_FIELDS) extra[f] = next[f];
  return {
    state: next.state,
    version: next.version,
    owner_id: next.ownerId ?? prevRow?.owner_id ?? '',
    assignee_id: next.assigneeId,
    department: next.departmentId,
    reporter_id: next.reporterId,
    hold_reason: next.holdReason,
    reopen_count: next.reopenCount,
    customer_informed_at: next.customerInformed ? (prevRow?.customer_informed_at ?? at) : null,
    paid: next.paid ? 1 : 0,
    amount_fen: next.chargeFen || null,
    extra_json: JSON.stringify(extra),
  };
}

export function eventToSla(e: Pick<WorkOrderEventTable, 'at' | 'action' | 'from_state' | 'to_state' | 'data_json'>): SlaEvent {
  const data = e.data_json ? JSON.parse(e.data_json) : {};
  const patch: OrderPatch = data.patch ?? {};
  return {
    at: e.at,
    action: e.action,
    to: e.to_state !== e.from_state ? e.to_state : null,
    reopen: data.reopen === true,
    patch: {
      ...(patch.assigneeId !== undefined && { assigneeId: patch.assigneeId }),
      ...(patch.ownerId !== undefined && { ownerId: patch.ownerId }),
      ...(patch.holdReason !== undefined && { holdReason: patch.holdReason }),
    },
  };
}

function eventRow(orgId: string, ev: LifecycleEvent, actorId: string | null): WorkOrderEventTable {
  const data: Record<string, unknown> = { patch: ev.patch, roles: ev.actorRoles };
  for (const k of ['reason', 'outcome', 'channel'] as const) if (ev[k]) data[k] = ev[k];
  if (ev.reopen) data.reopen = true;
  return { id: newId(), org_id: orgId, order_id: ev.orderId, seq: ev.version, at: ev.at, actor_id: actorId, action: ev.action, from_state: ev.from, to_state: ev.to, note: ev.note ?? null, data_json: JSON.stringify(data) };
}

/** Recompute and store the SLA columns from the full event log (deadlines are derived, never patched). */
export async function refreshSla(db: Db, orgId: string, orderId: string, now = Date.now()) {
  const row = await db.selectFrom('work_orders').select(['kind', 'category', 'priority', 'state']).where('id', '=', orderId).executeTakeFirstOrThrow();
  const events = await orderEvents(db, orderId);
  const { snap, cols } = await slaColumns(db, orgId, row, events.map(eventToSla), now);
  await db.updateTable('work_orders').set(cols).where('id', '=', orderId).execute();
  await saveSlaTargets(db, orgId, orderId, snap.state?.targets);
  return snap;
}

function orderEvents(db: Db, orderId: string) {
  return db.selectFrom('work_order_events').select(['at', 'action', 'from_state', 'to_state', 'data_json']).where('order_id', '=', orderId).orderBy('seq').execute();
}

/** The SLA columns of an order in this state after these events. */
async function slaColumns(db: Db, orgId: string, order: { kind: string; category: string | null; priority: string; state: string }, events: SlaEvent[], now: number) {
  const cfg = await loadSlaConfig(db, orgId);
  const snap = slaSnapshot(cfg, order, events, now);
  const cols = {
    sla_json: JSON.stringify(slaView(snap.state)),
    sla_breached: snap.breached ? 1 : 0,
    sla_warning: snap.warning ? 1 : 0,
    // A closed order leaves the sweeper's watch list for good.
    sla_next_check_at: LIFECYCLE_TABLES[order.kind as Kind]?.terminal.includes(order.state) ? null : snap.nextCheckAt,
  };
  return { snap, cols };
}

/** Chinese-searchable text of an order, kept in the FTS table (SQLite) or a trigram-indexed column (PostgreSQL). */
export async function refreshSearch(
  ctx: AppContext,
  db: Db,
  orderId: string,
  known?: { number: string; title: string; description?: string | null; location?: string | null; contactName?: string | null; contactPhone?: string | null; category?: string | null; unitId?: string | null },
) {
  let parts: Array<string | null | undefined>;
  if (known) {
    const unit = known.unitId ? await db.selectFrom('units').select('number').where('id', '=', known.unitId).executeTakeFirst() : undefined;
    parts = [known.number, known.title, known.description, known.location, known.contactName, known.contactPhone, known.category, unit?.number];
  } else {
    const o = await db
      .selectFrom('work_orders')
      .leftJoin('units', 'units.id', 'work_orders.unit_id')
      .select(['work_orders.number', 'work_orders.title', 'work_orders.description', 'work_orders.location', 'work_orders.contact_name', 'work_orders.contact_phone', 'work_orders.category', 'units.number as unit_number'])
      .where('work_orders.id', '=', orderId)
      .executeTakeFirstOrThrow();
    parts = [o.number, o.title, o.description, o.location, o.contact_name, o.contact_phone, o.category, o.unit_number];
  }
  const body = parts.filter(Boolean).join(' ');
  if (ctx.store.dialect === 'postgres') {
    await sql`update work_orders set search_text = ${body} where id = ${orderId}`.execute(db);
  } else {
    await sql`insert or replace into work_orders_fts (rowid, body) values ((select rowid from work_orders where id = ${orderId}), ${body})`.execute(db);
  }
}

export interface NewOrderInput {
  projectId: string;
  kind: Kind;
  category?: string | null;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  title: string;
  description?: string | null;
  areaScope?: 'public' | 'unit' | null;
  buildingId?: string | null;
  unitId?: string | null;
  location?: string | null;
  partyId?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  channel?: string | null;
  sourceContactId?: string | null;
  appointmentAt?: string | null;
  paid?: boolean;
  warranty?: boolean;
  severity?: string | null;
  dueDate?: string | null;
  extra?: Record<string, unknown>;
  /** Acknowledge on creation (the desk accepts the matter at once). */
  acknowledge?: boolean;
  at?: Date;
}

const FORBIDDEN = new Set(['lifecycle.role_forbidden', 'lifecycle.not_assignee', 'lifecycle.not_owner', 'lifecycle.not_reporter', 'lifecycle.self_inspection']);
const CONFLICT = new Set(['lifecycle.version_conflict', 'lifecycle.transition_not_allowed', 'lifecycle.too_late_to_cancel', 'lifecycle.already_informed', 'lifecycle.deposit_already_paid']);

/** Engine refusals as HTTP: who may not (403), the order moved on (409), unknown (404), bad input (400). */
export function engineError(code: string, params: Record<string, string | number>): AppError {
  const status = FORBIDDEN.has(code) ? 403 : CONFLICT.has(code) ? 409 : code === 'lifecycle.unknown_action' || code === 'lifecycle.unknown_kind' ? 404 : 400;
  return new AppError(status, code, params);
}

/**
 * Create a work order with its 'create' event (and, when asked, the desk's 'acknowledge'), its
 * number, search text and SLA clocks, in the caller's transaction. The engine runs in memory
 * first, so the row is written once in its final state.
 */
export async function createWorkOrder(ctx: AppContext, db: Db, actor: AuthActor, input: NewOrderInput): Promise<{ id: string; number: string }> {
  const at = input.at ?? new Date();
  const atIso = at.toISOString();
  const id = newId(at.getTime());
  const la = lifecycleActor(actor);
  const created = createOrder({ id, kind: input.kind, at: atIso, paid: input.paid }, la, LIFECYCLE_TABLES);
  if (!created.ok) throw engineError(created.code, created.params);
  const table = LIFECYCLE_TABLES[input.kind];
  let order = created.next;
  const events = [created.event];
  if (input.acknowledge && table.transitions.some((t) => t.action === 'acknowledge')) {
    const ack = applyTransition(table, order, 'acknowledge', { at: atIso }, la);
    if (!ack.ok) throw engineError(ack.code, ack.params);
    order = ack.next;
    events.push(ack.event);
  }
  const cols = lifecycleColumns(order, null, atIso);
  if (!cols.owner_id) cols.owner_id = actor.role === 'resident' ? await desk(db, actor.orgId) : actor.userId;
  const eventRows = events.map((ev) => eventRow(actor.orgId, ev, actor.userId));
  const cfg = await loadSlaConfig(db, actor.orgId);
  const snap = slaSnapshot(cfg, { kind: input.kind, category: input.category ?? null, priority: input.priority ?? 'normal' }, eventRows.map(eventToSla), Math.max(Date.now(), at.getTime()));
  const row = {
    id,
    org_id: actor.orgId,
    project_id: input.projectId,
    kind: input.kind,
    category: input.category ?? null,
    priority: input.priority ?? 'normal',
    title: input.title,
    description: input.description ?? null,
    area_scope: input.areaScope ?? null,
    building_id: input.buildingId ?? null,
    unit_id: input.unitId ?? null,
    location: input.location ?? null,
    party_id: input.partyId ?? null,
    contact_name: input.contactName ?? null,
    contact_phone: input.contactPhone ?? null,
    channel: input.channel ?? null,
    source_contact_id: input.sourceContactId ?? null,
    // Stored as UTC ISO like every time, so day ranges (today's appointments) compare as text.
    appointment_at: input.appointmentAt ? new Date(input.appointmentAt).toISOString() : null,
    warranty: input.warranty ? 1 : 0,
    severity: input.severity ?? null,
    due_date: input.dueDate ?? null,
    completed_at: null,
    closed_at: null,
    sla_json: JSON.stringify(slaView(snap.state)),
    sla_next_check_at: snap.nextCheckAt,
    sla_breached: snap.breached ? 1 : 0,
    sla_warning: snap.warning ? 1 : 0,
    chase_count: 0,
    last_chased_at: null,
    created_at: atIso,
    updated_at: atIso,
    ...cols,
    extra_json: JSON.stringify({ ...JSON.parse(cols.extra_json), ...(input.extra ?? {}) }),
  };
  if (ctx.store.dialect === 'postgres') return { id, number: await insertOrderPg(db, row, eventRows, slaTargetRows({ id, orgId: actor.orgId, projectId: input.projectId, createdAt: atIso }, snap.state?.targets), input, at) };
  const number = await allocateOrderNumber(db, actor.orgId, input.kind, at);
  await db.insertInto('work_orders').values({ ...row, number }).execute();
  await db.insertInto('work_order_events').values(eventRows).execute();
  await saveSlaTargets(db, actor.orgId, id, snap.state?.targets, { created: { projectId: input.projectId, createdAt: atIso } });
  await refreshSearch(ctx, db, id, { number, ...input });
  return { id, number };
}

/**
 * PostgreSQL: the whole creation — number, order, events, SLA targets, search text — as one
 * statement, so it costs one round trip and the counter's row lock (which serialises every
 * creation of the day and kind) is held for that statement only, not across several round trips.
 * The number is drawn in a CTE; the order, events and targets are inserted in sibling CTEs (their
 * foreign keys are checked at the end of the statement). Any failure rolls the counter back with
 * the rest, so numbers stay without gaps. Same rows as the SQLite path writes.
 */
async function insertOrderPg(
  db: Db,
  row: Omit<WorkOrderTable, 'number'>,
  events: WorkOrderEventTable[],
  targets: ReturnType<typeof slaTargetRows>,
  input: NewOrderInput,
  at: Date,
): Promise<string> {
  const { prefix, day } = numberKey(input.kind, at);
  const insert = (table: string, rows: object[]) => {
    const keys = Object.keys(rows[0]);
    return sql`insert into ${sql.table(table)} (${sql.join(keys.map((k) => sql.ref(k)))}) values ${sql.join(rows.map((r) => sql`(${sql.join(keys.map((k) => (r as Record<string, unknown>)[k]))})`))}`;
  };
  const keys = Object.keys(row) as Array<keyof typeof row>;
  // refreshSearch's text, in the same order; empty strings count as absent, as there.
  const text = (v: string | null | undefined) => sql`${v || null}::text`;
  const unitNumber = input.unitId ? sql`(select nullif(number, '') from units where id = ${input.unitId})` : sql`null::text`;
  const r = await sql<{ number: string }>`
    with seq as (${nextSequenceSql(row.org_id, prefix, day)}),
    num as (select ${orderNumberSql(prefix, day)} as number from seq),
    o as (
      insert into work_orders (${sql.join(keys.map((k) => sql.ref(k)))}, number, search_text)
      values (${sql.join(keys.map((k) => row[k]))}, (select number from num),
        concat_ws(' ', (select number from num), ${text(input.title)}, ${text(input.description)}, ${text(input.location)}, ${text(input.contactName)}, ${text(input.contactPhone)}, ${text(input.category)}, ${unitNumber}))
      returning id),
    e as (${insert('work_order_events', events)})
    ${targets.length ? sql`, t as (${insert('work_order_sla_targets', targets)})` : sql``}
    select number from num`.execute(db);
  return r.rows[0].number;
}

/**
 * createWorkOrder as a unit of its own. On PostgreSQL its writes are a single statement (atomic by
 * itself), so no BEGIN/COMMIT round trips are spent; SQLite runs it in a transaction. Keep
 * insertOrderPg the only write of the PostgreSQL path, or this must open a transaction there too.
 */
export function createWorkOrderAlone(ctx: AppContext, actor: AuthActor, input: NewOrderInput): Promise<{ id: string; number: string }> {
  if (ctx.store.dialect === 'postgres') return createWorkOrder(ctx, ctx.store.db, actor, input);
  return ctx.store.db.transaction().execute((trx) => createWorkOrder(ctx, trx, actor, input));
}

/** The organisation's first desk supervisor takes residents' portal submissions as first-contact owner. */
async function desk(db: Db, orgId: string): Promise<string> {
  const u = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', orgId)
    .where('active', '=', 1)
    .where('role', 'in', ['supervisor', 'manager', 'admin'])
    .orderBy(sql`case role when 'supervisor' then 0 when 'manager' then 1 else 2 end`)
    .orderBy('created_at')
    .executeTakeFirst();
  if (!u) throw new AppError(409, 'orders.no_desk');
  return u.id;
}

export interface TransitionOutcome {
  order: WorkOrderTable;
  event: LifecycleEvent;
  eventId: string;
}

/**
 * Apply one lifecycle action inside a transaction: engine check, then an UPDATE guarded by the
 * version the engine saw — of two racing requests exactly one changes the row, the other gets 409.
 */
export async function transitionInTx(
  ctx: AppContext,
  db: Db,
  actor: AuthActor | { system: true; orgId: string },
  orderId: string,
  action: string,
  input: TransitionInput,
): Promise<TransitionOutcome> {
  const orgId = actor.orgId;
  const row = await db.selectFrom('work_orders').selectAll().where('id', '=', orderId).where('org_id', '=', orgId).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', { what: 'what.order' });
  const la = 'system' in actor || actor.userId === 'system' ? SYSTEM_ACTOR : lifecycleActor(actor);
  const table = LIFECYCLE_TABLES[row.kind as Kind];
  const r = applyTransition(table, toLifecycle(row), action, input, la);
  if (!r.ok) throw engineError(r.code, r.params);
  const cols = lifecycleColumns(r.next, row, r.event.at);
  const timestamps: Partial<WorkOrderTable> = {};
  if (r.next.state === 'completed' || (r.event.to !== r.event.from && ['completed', 'awaiting_visit', 'awaiting_payment'].includes(r.event.to) && !row.completed_at)) timestamps.completed_at = r.event.at;
  if (table.terminal.includes(r.next.state) && r.next.state !== row.state) timestamps.closed_at = r.event.at;
  if (r.event.reopen) {
    timestamps.completed_at = null;
    timestamps.closed_at = null;
  }
  // The SLA clocks follow from the stored log plus this event, so they are computed before the
  // write and land in the same UPDATE; the order returned is the row as written, not re-read.
  const ev = eventRow(orgId, r.event, 'system' in actor || actor.userId === 'system' ? null : actor.userId);
  const log = [...(await orderEvents(db, orderId)), ev].map(eventToSla);
  const sla = await slaColumns(db, orgId, { kind: row.kind, category: row.category, priority: row.priority, state: r.next.state }, log, Math.max(Date.parse(r.event.at), Date.now()));
  const changes = { ...cols, ...timestamps, updated_at: r.event.at, ...sla.cols };
  const res = await db.updateTable('work_orders').set(changes).where('id', '=', orderId).where('version', '=', row.version).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'lifecycle.version_conflict', { expected: row.version, actual: row.version + 1 });
  await saveSlaTargets(db, orgId, orderId, sla.snap.state?.targets, { known: { projectId: row.project_id, createdAt: row.created_at } });
  await db.insertInto('work_order_events').values(ev).execute();
  await notifyFor(db, orgId, row, r.event);
  return { order: { ...row, ...changes }, event: r.event, eventId: ev.id };
}

/** Notifications that a transition implies, written to the outbox in the same transaction. */
async function notifyFor(db: Db, orgId: string, before: WorkOrderTable, ev: LifecycleEvent) {
  const base = { orderId: before.id, number: before.number, title: before.title, kind: before.kind };
  const assignee = ev.patch.assigneeId;
  const given = assignee && assignee !== before.assignee_id;
  if (given) await enqueue(db, { orgId, topic: 'order.assigned', dedupeKey: `assigned:${before.id}:${ev.version}`, recipientId: assignee, payload: { ...base, assigneeId: assignee } });
  if (ev.to !== ev.from && ev.to === 'completed') {
    await enqueue(db, { orgId, topic: 'order.completed', dedupeKey: `completed:${before.id}:${ev.version}`, recipientId: before.owner_id, payload: base });
  }
  // Last: on PostgreSQL this takes the technician's row lock, which every dispatch to them needs,
  // so it is held only until the commit that follows.
  if (given) await db.updateTable('users').set({ last_assigned_at: ev.at }).where('id', '=', assignee).execute();
}

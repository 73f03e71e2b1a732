import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { Dialect } from '../../db';
import { likeOp } from '../../db/migrationHelpers';
import { projectFilter, seesAssignedWorkOnly, type Actor } from '../auth/permissions';
import { AppError, notFound } from '../../core/errors';
import { LIFECYCLE_TABLES, type Kind } from './lifecycle';
import { orderVisibility, redactOrder } from './privacy';
import type { WorkOrderTable } from './schema';

type Db = Kysely<DB> | Transaction<DB>;

export const QUEUES = ['all', 'mine', 'my_first_contact', 'unassigned', 'near_breach', 'breached', 'reopened', 'awaiting_visit', 'open', 'closed'] as const;
export type Queue = (typeof QUEUES)[number];

/** States that still need work, per kind (everything that is not terminal). */
export function openStates(): string[] {
  const s = new Set<string>();
  for (const t of Object.values(LIFECYCLE_TABLES)) for (const st of t.states) if (!t.terminal.includes(st)) s.add(st);
  return [...s];
}
/** Repairs a technician may grab: the states the repair table's 'grab' transition starts from. */
export const GRAB_STATES: string[] = [...(LIFECYCLE_TABLES.repair.transitions.find((t) => t.action === 'grab')?.from ?? [])];
const TERMINAL = [...new Set(Object.values(LIFECYCLE_TABLES).flatMap((t) => t.terminal))];

/** (kind, state) pairs in which the customer is owed the result (首问待告知). */
function informPairs(): Array<[string, string]> {
  return Object.values(LIFECYCLE_TABLES)
    .filter((t) => t.informRequired)
    .flatMap((t) => t.resultStates.map((s) => [t.kind, s] as [string, string]));
}

export interface OrderFilter {
  queue?: Queue;
  projectId?: string;
  kind?: string;
  state?: string;
  category?: string;
  priority?: string;
  assigneeId?: string;
  ownerId?: string;
  unitId?: string;
  partyId?: string;
  from?: string;
  to?: string;
  q?: string;
}

/** The base query of order lists, narrowed to what the actor may see and to the filter. */
export function orderQuery(db: Db, dialect: Dialect, actor: Actor, f: OrderFilter) {
  return orderFilterQuery(db, dialect, actor, f)
    .leftJoin('users as ow', 'ow.id', 'o.owner_id')
    .leftJoin('users as asg', 'asg.id', 'o.assignee_id')
    .leftJoin('units as u', 'u.id', 'o.unit_id')
    .leftJoin('parties as p', 'p.id', 'o.party_id')
    .selectAll('o')
    .select(['ow.display_name as owner_name', 'asg.display_name as assignee_name', 'u.number as unit_number', 'p.name as party_name']);
}

/**
 * Orders by id with the same columns as orderQuery, for ids an orderQuery already admitted. By id
 * alone: with the organisation's conditions added, SQLite prefers walking the organisation's
 * index to probing a short IN list of ids.
 */
export function orderRowsByIds(db: Db, ids: string[]) {
  return db
    .selectFrom('work_orders as o')
    .leftJoin('users as ow', 'ow.id', 'o.owner_id')
    .leftJoin('users as asg', 'asg.id', 'o.assignee_id')
    .leftJoin('units as u', 'u.id', 'o.unit_id')
    .leftJoin('parties as p', 'p.id', 'o.party_id')
    .selectAll('o')
    .select(['ow.display_name as owner_name', 'asg.display_name as assignee_name', 'u.number as unit_number', 'p.name as party_name'])
    .where('o.id', 'in', ids.length ? ids : [''])
    .execute() as Promise<OrderRow[]>;
}

/**
 * The same narrowing on work_orders alone, without the joined names: what a count needs (SQLite
 * keeps LEFT JOINs in a count(*), one index probe per order and join).
 */
export function orderFilterQuery(db: Db, dialect: Dialect, actor: Actor, f: OrderFilter) {
  let q = db.selectFrom('work_orders as o').where('o.org_id', '=', actor.orgId);
  if (actor.role === 'resident') {
    q = q.where((eb) => eb.or([eb('o.reporter_id', '=', actor.userId), eb('o.party_id', '=', actor.partyId ?? '')]));
  }
  if (seesAssignedWorkOnly(actor)) {
    // Their own work (assigned to them, or theirs as first-contact owner — an inspector's reported
    // hazard), plus what their work needs to pick up: technicians the repairs waiting to be grabbed,
    // inspectors the hazards and renovations (re-inspection, patrols and acceptance are not tied to the assignee). Lists and reads by id go
    // through this same query, so both answer alike.
    q = q.where((eb) =>
      eb.or([
        eb('o.assignee_id', '=', actor.userId),
        eb('o.owner_id', '=', actor.userId),
        actor.role === 'technician'
          ? eb.and([eb('o.assignee_id', 'is', null), eb('o.kind', '=', 'repair'), eb('o.state', 'in', GRAB_STATES)])
          : eb('o.kind', 'in', ['hazard', 'renovation']),
      ]),
    );
  }
  const pf = projectFilter(actor);
  if (pf) q = pf.length ? q.where('o.project_id', 'in', pf) : q.where('o.id', '=', '');
  const open = openStates();
  switch (f.queue) {
    case 'mine':
      q = q.where('o.assignee_id', '=', actor.userId).where('o.state', 'in', open);
      break;
    case 'my_first_contact': {
      const pairs = informPairs();
      q = q
        .where('o.owner_id', '=', actor.userId)
        .where('o.customer_informed_at', 'is', null)
        .where((eb) => eb.or(pairs.map(([k, s]) => eb.and([eb('o.kind', '=', k), eb('o.state', '=', s)]))));
      break;
    }
    case 'unassigned':
      q = q.where('o.assignee_id', 'is', null).where('o.state', 'in', ['received', 'awaiting_dispatch', 'reported']);
      break;
    case 'near_breach':
      q = q.where('o.sla_warning', '=', 1).where('o.sla_breached', '=', 0).where('o.state', 'in', open);
      break;
    case 'breached':
      q = q.where('o.sla_breached', '=', 1).where('o.state', 'in', open);
      break;
    case 'reopened':
      q = q.where('o.reopen_count', '>', 0).where('o.state', 'in', open);
      break;
    case 'awaiting_visit':
      q = q.where('o.state', '=', 'awaiting_visit');
      break;
    case 'open':
      q = q.where('o.state', 'in', open);
      break;
    case 'closed':
      q = q.where('o.state', 'in', TERMINAL);
      break;
  }
  if (f.projectId) q = q.where('o.project_id', '=', f.projectId);
  if (f.kind) q = q.where('o.kind', '=', f.kind);
  if (f.state) q = q.where('o.state', '=', f.state);
  if (f.category) q = q.where('o.category', '=', f.category);
  if (f.priority) q = q.where('o.priority', '=', f.priority as WorkOrderTable['priority']);
  if (f.assigneeId) q = q.where('o.assignee_id', '=', f.assigneeId);
  if (f.ownerId) q = q.where('o.owner_id', '=', f.ownerId);
  if (f.unitId) q = q.where('o.unit_id', '=', f.unitId);
  if (f.partyId) q = q.where('o.party_id', '=', f.partyId);
  if (f.from) q = q.where('o.created_at', '>=', f.from);
  if (f.to) q = q.where('o.created_at', '<', f.to);
  if (f.q) {
    const term = f.q.trim();
    if (dialect === 'postgres') {
      q = q.where(sql<boolean>`o.search_text ilike ${'%' + escapeLike(term) + '%'}`);
    } else if ([...term].length >= 3) {
      // FTS5 trigram: the term as one quoted phrase (quotes doubled) uses the index.
      q = q.where(sql<boolean>`o.rowid in (select rowid from work_orders_fts where body match ${'"' + term.replace(/"/g, '""') + '"'})`);
    } else {
      // Shorter than a trigram (e.g. 漏水): a LIKE over the FTS table's text.
      q = q.where(sql<boolean>`o.rowid in (select rowid from work_orders_fts where body like ${'%' + escapeLike(term) + '%'} escape '\\')`);
    }
  }
  void likeOp;
  return q;
}

/** Escape LIKE wildcards so user text matches literally (used with `escape '\\'`). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type OrderRow = WorkOrderTable & { owner_name: string | null; assignee_name: string | null; unit_number: string | null; party_name: string | null };

/** An order as this actor may see it: technicians and inspectors get personal data only on their active work. */
export function orderOutFor(actor: Pick<Actor, 'role' | 'userId'>, o: OrderRow) {
  return redactOrder(orderOut(o), orderVisibility(actor, { assigneeId: o.assignee_id, ownerId: o.owner_id, state: o.state }));
}

export function orderOut(o: OrderRow) {
  const extra = o.extra_json ? JSON.parse(o.extra_json) : {};
  const table = LIFECYCLE_TABLES[o.kind as Kind];
  return {
    id: o.id,
    number: o.number,
    kind: o.kind,
    category: o.category,
    priority: o.priority,
    state: o.state,
    version: o.version,
    title: o.title,
    description: o.description,
    areaScope: o.area_scope,
    projectId: o.project_id,
    buildingId: o.building_id,
    unitId: o.unit_id,
    unitNumber: o.unit_number,
    location: o.location,
    partyId: o.party_id,
    partyName: o.party_name,
    contactName: o.contact_name,
    contactPhone: o.contact_phone,
    channel: o.channel,
    sourceContactId: o.source_contact_id,
    ownerId: o.owner_id,
    ownerName: o.owner_name,
    assigneeId: o.assignee_id,
    assigneeName: o.assignee_name,
    department: o.department,
    appointmentAt: o.appointment_at,
    paid: !!o.paid,
    warranty: !!o.warranty,
    chargeFen: extra.chargeFen ?? 0,
    paidFen: extra.paidFen ?? 0,
    holdReason: o.hold_reason,
    reopenCount: o.reopen_count,
    customerInformed: o.customer_informed_at !== null,
    customerInformedAt: o.customer_informed_at,
    awaitingCustomer: !!table && table.informRequired && table.resultStates.includes(o.state) && o.customer_informed_at === null,
    severity: o.severity,
    dueDate: o.due_date,
    completedAt: o.completed_at,
    closedAt: o.closed_at,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    chaseCount: o.chase_count ?? 0,
    lastChasedAt: o.last_chased_at ?? null,
    slaBreached: !!o.sla_breached,
    slaWarning: !!o.sla_warning,
    sla: o.sla_json ? JSON.parse(o.sla_json) : { cycle: 0, targets: [] },
    extra,
  };
}

/**
 * One order as the actor may see it, by the same scoped query every list uses: 403 when it exists
 * in their organisation but out of their scope, 404 when it does not exist.
 */
export async function visibleOrder(db: Db, dialect: Dialect, actor: Actor, id: string): Promise<OrderRow> {
  const row = (await orderQuery(db, dialect, actor, {}).where('o.id', '=', id).executeTakeFirst()) as OrderRow | undefined;
  if (row) return row;
  const exists = await db.selectFrom('work_orders').select('id').where('id', '=', id).where('org_id', '=', actor.orgId).executeTakeFirst();
  if (exists) throw new AppError(403, 'auth.out_of_scope');
  throw notFound('what.order');
}


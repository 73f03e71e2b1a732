import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../../core/context';
import type { DB } from '../../db/schema';
import { AppError } from '../../core/errors';
import { newId, nowIso } from '../../db/ids';
import type { Actor } from '../auth/permissions';
import { enqueue } from '../notifications/outbox';
import { LIFECYCLE_TABLES, type Kind } from './lifecycle';
import { refreshSla } from './service';
import type { WorkOrderTable } from './schema';

type Db = Kysely<DB> | Transaction<DB>;

const PRIORITIES: WorkOrderTable['priority'][] = ['low', 'normal', 'high', 'urgent'];

/** One step up: low → normal → high → urgent (urgent stays). Pure. */
export function raisePriority(p: WorkOrderTable['priority']): WorkOrderTable['priority'] {
  return PRIORITIES[Math.min(PRIORITIES.indexOf(p) + 1, PRIORITIES.length - 1)] ?? 'high';
}

/**
 * Record a caller's contact on an open order (the desk's "add to this order") and, for a chase
 * (催单), count it, raise the priority one step (the SLA clocks follow the new priority) and tell
 * the assignee — or the first-contact owner while nobody holds it — through the outbox. The event
 * takes the next version, so a dispatcher holding a stale card gets 409 instead of overwriting it.
 */
export async function noteOnOrder(
  ctx: AppContext,
  db: Db,
  actor: Actor,
  orderId: string,
  input: { chase: boolean; note?: string | null; contactId?: string | null; expectedVersion?: number },
): Promise<WorkOrderTable> {
  const row = await db.selectFrom('work_orders').selectAll().where('id', '=', orderId).where('org_id', '=', actor.orgId).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', { what: 'what.order' });
  if (LIFECYCLE_TABLES[row.kind as Kind]?.terminal.includes(row.state)) throw new AppError(409, 'orders.not_open');
  if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) throw new AppError(409, 'lifecycle.version_conflict', { expected: input.expectedVersion, actual: row.version });
  const at = nowIso();
  const priority = input.chase ? raisePriority(row.priority) : row.priority;
  const version = row.version + 1;
  const res = await db
    .updateTable('work_orders')
    .set({
      version,
      priority,
      updated_at: at,
      ...(input.chase && { chase_count: (row.chase_count ?? 0) + 1, last_chased_at: at }),
    })
    .where('id', '=', orderId)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'lifecycle.version_conflict', { expected: row.version, actual: row.version + 1 });
  await db
    .insertInto('work_order_events')
    .values({
      id: newId(),
      org_id: actor.orgId,
      order_id: orderId,
      seq: version,
      at,
      actor_id: actor.userId,
      action: input.chase ? 'chase' : 'link_contact',
      from_state: row.state,
      to_state: row.state,
      note: input.note ?? null,
      data_json: JSON.stringify({
        patch: priority !== row.priority ? { priority } : {},
        roles: [actor.role],
        ...(input.contactId && { contactId: input.contactId }),
        ...(input.chase && { chaseCount: (row.chase_count ?? 0) + 1 }),
      }),
    })
    .execute();
  if (priority !== row.priority) await refreshSla(db, actor.orgId, orderId);
  if (input.chase) {
    await enqueue(db, {
      orgId: actor.orgId,
      topic: 'order.chased',
      dedupeKey: `chased:${orderId}:${version}`,
      recipientId: row.assignee_id ?? row.owner_id,
      payload: { orderId, number: row.number, title: row.title, kind: row.kind, priority, chaseCount: (row.chase_count ?? 0) + 1, note: input.note ?? null },
    });
  }
  return db.selectFrom('work_orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
}

import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../db/ids';
import type { Dialect } from '../../db';

export const TOPICS = ['order.assigned', 'order.near_breach', 'order.breached', 'order.completed', 'visit.due', 'order.escalated'] as const;
export type Topic = (typeof TOPICS)[number];

export interface OutboxMessage {
  orgId: string;
  topic: Topic | string;
  /** The same logical notification gets the same key, so retries of the writer cannot duplicate it. */
  dedupeKey: string;
  recipientId?: string | null;
  payload: Record<string, unknown>;
}

/** Write a notification in the caller's transaction: it exists exactly when the change does. */
export async function enqueue(db: Kysely<DB> | Transaction<DB>, m: OutboxMessage): Promise<void> {
  const ts = nowIso();
  await db
    .insertInto('outbox')
    .values({
      id: newId(),
      org_id: m.orgId,
      topic: m.topic,
      dedupe_key: m.dedupeKey,
      recipient_id: m.recipientId ?? null,
      payload_json: JSON.stringify(m.payload),
      created_at: ts,
      status: 'pending',
      attempts: 0,
      next_attempt_at: ts,
      claimed_until: null,
      sent_at: null,
      last_error: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

export interface ClaimedMessage {
  id: string;
  topic: string;
  dedupe_key: string;
  recipient_id: string | null;
  payload_json: string;
  attempts: number;
  org_id: string;
}

/**
 * Claim up to `limit` due messages for `leaseMs`. On PostgreSQL `FOR UPDATE SKIP LOCKED` lets
 * any number of processes claim without waiting on or double-claiming each other's rows.
 */
export async function claimDue(db: Kysely<DB>, dialect: Dialect, limit: number, leaseMs: number, now = new Date()): Promise<ClaimedMessage[]> {
  const nowS = now.toISOString();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
  const r = await sql<ClaimedMessage>`
    update outbox set claimed_until = ${until}, attempts = attempts + 1
    where id in (
      select id from outbox
      where status = 'pending' and next_attempt_at <= ${nowS} and (claimed_until is null or claimed_until < ${nowS})
      order by created_at limit ${limit} ${lock}
    )
    returning id, topic, dedupe_key, recipient_id, payload_json, attempts, org_id`.execute(db);
  return r.rows;
}

export async function markSent(db: Kysely<DB>, id: string): Promise<void> {
  await db.updateTable('outbox').set({ status: 'sent', sent_at: nowIso(), claimed_until: null, last_error: null }).where('id', '=', id).execute();
}

/** Back off exponentially; give up after 10 attempts. */
export async function markFailed(db: Kysely<DB>, id: string, attempts: number, error: string, now = new Date()): Promise<void> {
  const delay = Math.min(3600_000, 2 ** attempts * 5_000);
  await db
    .updateTable('outbox')
    .set({
      status: attempts >= 10 ? 'failed' : 'pending',
      claimed_until: null,
      last_error: error.slice(0, 500),
      next_attempt_at: new Date(now.getTime() + delay).toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

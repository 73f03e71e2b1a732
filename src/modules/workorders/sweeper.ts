import { sql, type Kysely, type Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../core/context';
import type { DB } from '../../db/schema';
import { nowIso } from '../../db/ids';
import { enqueue } from '../notifications/outbox';
import { eventToSla } from './service';
import { publishOrder } from './board';
import { LIFECYCLE_TABLES } from './lifecycle';

/** States in which no SLA clock runs any more (closed, cancelled, rejected… per kind). */
export function terminalStates(): string[] {
  return [...new Set(Object.values(LIFECYCLE_TABLES).flatMap((t) => t.terminal))];
}
import { dueFirings, loadSlaConfig, slaSnapshot, slaView } from './slaSettings';
import { saveSlaTargets } from './slaTargets';

export { dueFirings, type Firing } from './slaSettings';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * One sweep: claim orders whose SLA needs a look (FOR UPDATE SKIP LOCKED on PostgreSQL, so
 * several processes share the work without waiting), recompute their clocks, and fire each
 * warning / breach / escalation once — the sla_firings primary key makes a second fire a no-op,
 * and the notification is written to the outbox in the same transaction.
 */
export async function sweepSla(ctx: AppContext, now = new Date(), limit = 100): Promise<{ checked: number; fired: number }> {
  const nowS = now.toISOString();
  const firedOn: string[] = [];
  const result = await ctx.store.db.transaction().execute(async (trx) => {
    const lock = ctx.store.dialect === 'postgres' ? sql`for update skip locked` : sql``;
    // A closed or cancelled order has no clock left to watch: it is taken off the watch list, never
    // fired (a first start must not announce breaches of orders closed months ago).
    const terminal = terminalStates();
    await trx.updateTable('work_orders').set({ sla_next_check_at: null }).where('sla_next_check_at', '<=', nowS).where('state', 'in', terminal).execute();
    const claimed = await sql<{ id: string; org_id: string }>`
      select id, org_id from work_orders where sla_next_check_at is not null and sla_next_check_at <= ${nowS}
      and state not in (${sql.join(terminal)})
      order by sla_next_check_at limit ${limit} ${lock}`.execute(trx);
    let fired = 0;
    for (const { id, org_id } of claimed.rows) {
      const n = await checkOrder(trx, org_id, id, now);
      if (n) firedOn.push(id);
      fired += n;
    }
    return { checked: claimed.rows.length, fired };
  });
  // Committed: a card that just turned warning or breached moves up on the open dispatch boards.
  for (const id of firedOn) await publishOrder(ctx, id, 'sla');
  return result;
}

async function checkOrder(db: Db, orgId: string, orderId: string, now: Date): Promise<number> {
  const row = await db.selectFrom('work_orders').select(['id', 'number', 'title', 'kind', 'category', 'priority', 'owner_id', 'assignee_id', 'project_id']).where('id', '=', orderId).executeTakeFirstOrThrow();
  const events = await db.selectFrom('work_order_events').select(['at', 'action', 'from_state', 'to_state', 'data_json']).where('order_id', '=', orderId).orderBy('seq').execute();
  const cfg = await loadSlaConfig(db, orgId);
  const snap = slaSnapshot(cfg, row, events.map(eventToSla), now.getTime());
  let fired = 0;
  if (snap.state) {
    for (const f of dueFirings(snap.state)) {
      const r = await db
        .insertInto('sla_firings')
        .values({ order_id: orderId, target: f.target, cycle: f.cycle, kind: f.kind, fired_at: now.toISOString(), org_id: orgId })
        .onConflict((oc) => oc.columns(['order_id', 'target', 'cycle', 'kind']).doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) continue;
      fired++;
      const recipient = f.topic === 'order.escalated' || f.topic === 'order.breached' ? await leadOf(db, orgId, row.project_id, f.level) : (row.assignee_id ?? row.owner_id);
      await enqueue(db, {
        orgId,
        topic: f.topic,
        dedupeKey: `sla:${orderId}:${f.target}:${f.cycle}:${f.kind}`,
        recipientId: recipient,
        payload: { orderId, number: row.number, title: row.title, target: f.target, cycle: f.cycle, level: f.level ?? null, assigneeId: row.assignee_id, ownerId: row.owner_id },
      });
    }
  }
  await db
    .updateTable('work_orders')
    .set({
      sla_json: JSON.stringify(slaView(snap.state)),
      sla_breached: snap.breached ? 1 : 0,
      sla_warning: snap.warning ? 1 : 0,
      // Everything due has just been fired: the next look is at the next future change.
      sla_next_check_at: snap.state?.nextChangeAt != null ? new Date(snap.state.nextChangeAt).toISOString() : null,
    })
    .where('id', '=', orderId)
    .execute();
  await saveSlaTargets(db, orgId, orderId, snap.state?.targets);
  return fired;
}

/** The supervisor (or manager, for level 'manager') responsible for a project. */
async function leadOf(db: Db, orgId: string, projectId: string, level?: string): Promise<string | null> {
  const role = level === 'manager' ? 'manager' : 'supervisor';
  const rows = await db
    .selectFrom('users')
    .leftJoin('user_projects', 'user_projects.user_id', 'users.id')
    .select(['users.id', 'user_projects.project_id'])
    .where('users.org_id', '=', orgId)
    .where('users.role', '=', role)
    .where('users.active', '=', 1)
    .orderBy('users.created_at')
    .execute();
  return (rows.find((r) => r.project_id === projectId) ?? rows.find((r) => r.project_id === null) ?? rows[0])?.id ?? null;
}

/** Background sweeper started with the server (interval from SHOUWEN_SLA_SWEEP_MS, default 30 s). */
export function startSlaSweeper(ctx: AppContext, log: FastifyBaseLogger): () => Promise<void> {
  const every = Number(process.env.SHOUWEN_SLA_SWEEP_MS || 30_000);
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    running = sweepSla(ctx).catch((e) => log.warn({ err: { message: (e as Error).message } }, 'SLA sweep failed'));
  };
  const timer = setInterval(tick, every);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}

export { nowIso };

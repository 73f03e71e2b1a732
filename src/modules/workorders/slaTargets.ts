import { sql, type Kysely, type QueryCreator, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { isPostgres } from '../../db/migrationHelpers';
import type { WorkOrderSlaTargetTable } from './schema';

type Db = Kysely<DB> | Transaction<DB>;

/** One SLA clock as the order's `sla_json` carries it (deadline as epoch ms in the state, ISO in the view). */
export interface SlaTargetInput {
  target: string;
  status: string;
  deadline: number | string | null;
}

const isoDeadline = (d: number | string | null) => (typeof d === 'number' ? new Date(d).toISOString() : d);

/**
 * The rows of `work_order_sla_targets` for a new order's SLA targets. The table mirrors the
 * (target, status, deadline) triples of `sla_json`, with the order's project and creation time,
 * so the dashboard's on-time rate reads a month's deadlines from one index instead of parsing the
 * JSON of every order created in the two months before (issue 17).
 */
export function slaTargetRows(order: { id: string; orgId: string; projectId: string; createdAt: string }, targets: readonly SlaTargetInput[] | null | undefined): WorkOrderSlaTargetTable[] {
  return (targets ?? []).map((t) => ({
    order_id: order.id,
    org_id: order.orgId,
    project_id: order.projectId,
    order_created_at: order.createdAt,
    target: t.target,
    status: t.status,
    // The same ISO form slaView writes into sla_json, so ranges compare exactly as before.
    deadline: isoDeadline(t.deadline),
  }));
}

/**
 * Keep `work_order_sla_targets` in step with `sla_json`: call it wherever `sla_json` is written,
 * in the same transaction, with the targets just stored. `created` (a new order: its project and
 * creation time) only inserts. Otherwise the current targets are upserted — project and creation
 * time never change, so they come from the order row — and targets the policy no longer has (a
 * priority or policy change) are deleted; on PostgreSQL in one statement (one round trip).
 */
export async function saveSlaTargets(
  db: Db,
  orgId: string,
  orderId: string,
  targets: readonly SlaTargetInput[] | null | undefined,
  opts: { created?: { projectId: string; createdAt: string }; known?: { projectId: string; createdAt: string } } = {},
): Promise<void> {
  if (opts.created) {
    const rows = slaTargetRows({ id: orderId, orgId, ...opts.created }, targets);
    if (rows.length) await db.insertInto('work_order_sla_targets').values(rows).execute();
    return;
  }
  if (!targets?.length) {
    await db.deleteFrom('work_order_sla_targets').where('order_id', '=', orderId).execute();
    return;
  }
  const rows = targets.map((t) => ({
    order_id: orderId,
    org_id: orgId,
    // A caller holding the order row passes them (`known`): two sub-selects per target fewer.
    project_id: opts.known?.projectId ?? sql<string>`(select project_id from work_orders where id = ${orderId})`,
    order_created_at: opts.known?.createdAt ?? sql<string>`(select created_at from work_orders where id = ${orderId})`,
    target: t.target,
    status: t.status,
    deadline: isoDeadline(t.deadline),
  }));
  const names = targets.map((t) => t.target);
  const upsert = (q: Pick<QueryCreator<DB>, 'insertInto'>) =>
    q
      .insertInto('work_order_sla_targets')
      .values(rows)
      .onConflict((oc) => oc.columns(['order_id', 'target']).doUpdateSet((eb) => ({ status: eb.ref('excluded.status'), deadline: eb.ref('excluded.deadline') })));
  if (isPostgres(db)) {
    // The delete and the upsert touch disjoint rows (other targets / these targets), so one statement is safe.
    await upsert(db.with('gone', (q) => q.deleteFrom('work_order_sla_targets').where('order_id', '=', orderId).where('target', 'not in', names))).execute();
    return;
  }
  await upsert(db).execute();
  await db.deleteFrom('work_order_sla_targets').where('order_id', '=', orderId).where('target', 'not in', names).execute();
}

/** Fill the table from the stored `sla_json` of every order (the migration that introduces it). */
export async function backfillSlaTargets(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`insert into work_order_sla_targets (order_id, org_id, project_id, order_created_at, target, status, deadline)
      select o.id, o.org_id, o.project_id, o.created_at, t.value->>'target', t.value->>'status', t.value->>'deadline'
      from work_orders o cross join lateral jsonb_array_elements(coalesce(o.sla_json::jsonb->'targets', '[]'::jsonb)) as t(value)
      where o.sla_json is not null`.execute(db);
  } else {
    await sql`insert into work_order_sla_targets (order_id, org_id, project_id, order_created_at, target, status, deadline)
      select o.id, o.org_id, o.project_id, o.created_at, json_extract(t.value, '$.target'), json_extract(t.value, '$.status'), json_extract(t.value, '$.deadline')
      from work_orders o, json_each(o.sla_json, '$.targets') t
      where o.sla_json is not null`.execute(db);
  }
}

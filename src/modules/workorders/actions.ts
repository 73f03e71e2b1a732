import type { Transaction } from 'kysely';
import type { AppContext } from '../../core/context';
import type { DB } from '../../db/schema';
import { publishBoard } from './board';
import { AppError } from '../../core/errors';
import { nowIso } from '../../db/ids';
import type { Actor } from '../auth/permissions';
import type { TransitionInput } from './lifecycle';
import { SYSTEM_ACTOR, toLifecycle, transitionInTx, type TransitionOutcome } from './service';
import { applyTransition, LIFECYCLE_TABLES, type Kind } from './lifecycle';
import { onAwaitingVisit } from './visits';

export interface VisitDetails {
  scoreSpeed?: number;
  scoreAttitude?: number;
  scoreQuality?: number;
  comment?: string;
  visitChannel?: 'phone' | 'link' | 'visit';
}

/**
 * One user action on an order in one transaction: the lifecycle transition plus what follows
 * from it — the return-visit record, and queueing (or skipping) the next return visit.
 */
export async function performAction(
  ctx: AppContext,
  actor: Actor,
  orderId: string,
  action: string,
  input: Omit<TransitionInput, 'at'> & { at?: string },
  visit: VisitDetails = {},
  opts: ActionOptions = {},
): Promise<TransitionOutcome> {
  const result = await ctx.store.db.transaction().execute(async (trx) => {
    const at = input.at ?? nowIso();
    const checked = opts.check ? await opts.check(trx) : undefined;
    const annotate = { ...opts.annotate, ...(checked ?? {}) };
    let out = await transitionInTx(ctx, trx, actor, orderId, action, { ...input, at });
    if (Object.keys(annotate).length) {
      const ev = await trx.selectFrom('work_order_events').select('data_json').where('id', '=', out.eventId).executeTakeFirstOrThrow();
      await trx.updateTable('work_order_events').set({ data_json: JSON.stringify({ ...(ev.data_json ? JSON.parse(ev.data_json) : {}), ...annotate }) }).where('id', '=', out.eventId).execute();
    }
    // Completion queues the return visit by the category rule at once (no one has to press 转回访);
    // an order with a charge still owed goes through payment first, as the engine's guards decide.
    if (out.order.state === 'completed' && out.event.from !== 'completed') {
      const table = LIFECYCLE_TABLES[out.order.kind as Kind];
      if (table && applyTransition(table, toLifecycle(out.order), 'request_visit', { at }, SYSTEM_ACTOR).ok) {
        const queued = await transitionInTx(ctx, trx, { system: true, orgId: actor.orgId }, orderId, 'request_visit', { at, note: '完工后自动转回访' });
        out = { ...out, order: queued.order };
      }
    }
    if (action === 'return_visit') {
      const pending = await trx.selectFrom('return_visits').select('id').where('order_id', '=', orderId).where('status', '=', 'pending').orderBy('cycle', 'desc').executeTakeFirst();
      const values = {
        status: 'done' as const,
        visitor_id: actor.role === 'resident' || actor.userId === 'system' ? null : actor.userId,
        visited_at: at,
        channel: visit.visitChannel ?? (actor.role === 'resident' ? ('link' as const) : ('phone' as const)),
        outcome: input.outcome === 'dissatisfied' ? ('dissatisfied' as const) : ('satisfied' as const),
        score_speed: visit.scoreSpeed ?? null,
        score_attitude: visit.scoreAttitude ?? null,
        score_quality: visit.scoreQuality ?? null,
        comment: visit.comment ?? input.reason ?? null,
      };
      if (pending) await trx.updateTable('return_visits').set(values).where('id', '=', pending.id).execute();
      else {
        // A visit on an order the sampling skipped still counts: record it.
        const { newId } = await import('../../db/ids');
        await trx
          .insertInto('return_visits')
          .values({ id: newId(), org_id: actor.orgId, order_id: orderId, cycle: out.order.reopen_count - (out.event.reopen ? 1 : 0), reason: 'rule', due_at: at, link_token_hash: null, link_expires_at: null, created_at: at, ...values })
          .onConflict((oc) => oc.columns(['order_id', 'cycle']).doNothing())
          .execute();
      }
    }
    if (out.order.state === 'awaiting_visit' && out.event.from !== 'awaiting_visit') {
      await onAwaitingVisit(ctx, trx, out.order, at);
      const order = await trx.selectFrom('work_orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
      return { ...out, order };
    }
    return out;
  });
  // Committed: tell the open dispatch boards.
  publishBoard(ctx, { type: 'order', orgId: actor.orgId, projectId: result.order.project_id, orderId, action, version: result.order.version, state: result.order.state, assigneeId: result.order.assignee_id, actorId: actor.userId === 'system' ? null : actor.userId, actorName: actor.userId === 'system' ? null : actor.displayName });
  return result;
}

export interface ActionOptions {
  /** Runs first in the action's transaction (e.g. the technician's cap), so the check and the change commit together; what it returns is recorded on the event. */
  check?: (trx: Transaction<DB>) => Promise<Record<string, unknown> | void | undefined>;
  /** Extra facts recorded on the action's event (e.g. a cap override and its reason). */
  annotate?: Record<string, unknown>;
}

export function assertVersion(expected: number | undefined, actual: number) {
  if (expected !== undefined && expected !== actual) throw new AppError(409, 'lifecycle.version_conflict', { expected, actual });
}

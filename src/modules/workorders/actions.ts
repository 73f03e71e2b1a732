import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { nowIso } from '../../db/ids';
import type { Actor } from '../auth/permissions';
import type { TransitionInput } from './lifecycle';
import { transitionInTx, type TransitionOutcome } from './service';
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
): Promise<TransitionOutcome> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const at = input.at ?? nowIso();
    const out = await transitionInTx(ctx, trx, actor, orderId, action, { ...input, at });
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
}

export function assertVersion(expected: number | undefined, actual: number) {
  if (expected !== undefined && expected !== actual) throw new AppError(409, 'lifecycle.version_conflict', { expected, actual });
}

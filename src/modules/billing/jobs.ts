/**
 * Billing background work: once a day per project, evaluate the dunning ladder. A project is
 * claimed with a conditional UPDATE (…where dunning_evaluated_on < today), so with several
 * processes exactly one evaluates it; the evaluation itself only records what is due and
 * never takes a step.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../core/context';
import type { Actor } from '../auth/permissions';
import { decide } from '../auth/permissions';
import { monthsInArrears, overdueFen } from './core';
import { evaluateDunning, loadArrears } from './dunning';
import { today } from './store';

export async function dunningSweep(ctx: AppContext): Promise<number> {
  const day = today();
  const due = await ctx.store.db
    .selectFrom('billing_settings')
    .select(['project_id', 'org_id', 'dunning_evaluated_on'])
    .where((eb) => eb.or([eb('dunning_evaluated_on', 'is', null), eb('dunning_evaluated_on', '<', day)]))
    .execute();
  let n = 0;
  for (const p of due) {
    const claim = await ctx.store.db
      .updateTable('billing_settings')
      .set({ dunning_evaluated_on: day })
      .where('project_id', '=', p.project_id)
      .where((eb) => (p.dunning_evaluated_on === null ? eb('dunning_evaluated_on', 'is', null) : eb('dunning_evaluated_on', '=', p.dunning_evaluated_on)))
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) continue;
    await evaluateDunning(ctx, { orgId: p.org_id, userId: null }, p.project_id, day);
    n++;
  }
  return n;
}

export function startDunningJob(ctx: AppContext, log: FastifyBaseLogger): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = dunningSweep(ctx).catch((err) => log.error({ err: { message: (err as Error).message } }, 'dunning sweep failed'));
  };
  const first = setTimeout(tick, 30_000);
  const timer = setInterval(tick, 3600_000);
  first.unref();
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}

/** The desk's caller screen: what the caller's units owe (收费 adds this section). */
export async function arrearsForCaller(ctx: AppContext, actor: Actor, unitIds: string[]): Promise<Record<string, unknown>> {
  if (!unitIds.length || !decide(actor, 'billing.read').allowed) return {};
  const asOf = today();
  const arrears = await loadArrears(ctx.store.db, actor.orgId, { accountIds: unitIds });
  const credits = await ctx.store.db.selectFrom('billing_accounts').select(['id', 'credit_fen']).where('id', 'in', unitIds).execute();
  const credit = new Map(credits.map((c) => [c.id, Number(c.credit_fen)]));
  const cases = await ctx.store.db.selectFrom('dunning_cases').select(['account_id', 'decision', 'next_step_code']).where('account_id', 'in', unitIds).where('status', '=', 'open').execute();
  const dunning = new Map(cases.map((c) => [c.account_id, c]));
  return {
    arrears: unitIds
      .map((id) => {
        const acc = arrears.get(id);
        const items = acc?.items ?? [];
        return {
          unitId: id,
          outstandingFen: items.reduce((s, i) => s + i.outstandingFen, 0),
          overdueFen: overdueFen(items, asOf),
          monthsInArrears: monthsInArrears(items, asOf),
          creditFen: credit.get(id) ?? 0,
          dunning: dunning.has(id) ? { decision: dunning.get(id)!.decision, nextStep: dunning.get(id)!.next_step_code } : null,
        };
      })
      .filter((x) => x.outstandingFen > 0 || x.creditFen > 0),
  };
}

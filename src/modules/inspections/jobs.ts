/**
 * Inspection background work: generate today's and tomorrow's rounds from the plans, and mark
 * rounds whose grace period is over as missed (claimed with SKIP LOCKED on PostgreSQL).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../core/context';
import { nowIso } from '../../db/ids';
import { localDate } from './core';
import { generateTasks, markMissed } from './service';

export async function inspectionSweep(ctx: AppContext, now = new Date()): Promise<{ created: number; missed: number }> {
  const today = localDate(now.toISOString());
  const tomorrow = localDate(new Date(now.getTime() + 86_400_000).toISOString());
  const orgs = await ctx.store.db.selectFrom('inspection_plans').select('org_id').distinct().where('active', '=', 1).execute();
  let created = 0;
  for (const o of orgs) created += (await generateTasks(ctx, o.org_id, { from: today, to: tomorrow })).created;
  let missed = 0;
  for (;;) {
    const n = await markMissed(ctx, now);
    missed += n;
    if (n < 500) break;
  }
  return { created, missed };
}

export function startInspectionJob(ctx: AppContext, log: FastifyBaseLogger): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = inspectionSweep(ctx).catch((err) => log.error({ err: { message: (err as Error).message }, at: nowIso() }, 'inspection sweep failed'));
  };
  const first = setTimeout(tick, 20_000);
  const timer = setInterval(tick, 5 * 60_000);
  first.unref();
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}

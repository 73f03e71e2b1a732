/**
 * Scheduled generation: on the 1st of each month (and on 1 January the year-end summary) one
 * process claims the organisation's period in `report_runs` (primary key, so exactly one process
 * of several, or of a restarted server, runs it), writes draft monthly reports and bulletins per
 * project, and notifies the managers through the outbox. A run missed while the server was down
 * is made up at the first check after start (any day of the month).
 */
import os from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../core/context';
import { nowIso } from '../../db/ids';
import { enqueue } from '../notifications/outbox';
import type { Actor } from '../auth/permissions';
import { generate } from './documents';
import { lastCompletedMonth } from './period';

export function systemActor(orgId: string): Actor {
  return { userId: '', orgId, username: 'system', displayName: '系统', role: 'admin', projectIds: 'all', partyId: null, unitIds: [], via: 'session' };
}

export async function scheduledReports(ctx: AppContext, now = new Date()): Promise<Array<{ orgId: string; period: string; documents: number }>> {
  const db = ctx.store.db;
  const period = lastCompletedMonth(now);
  const out: Array<{ orgId: string; period: string; documents: number }> = [];
  for (const org of await db.selectFrom('organisations').select('id').execute()) {
    const claim = await db.insertInto('report_runs').values({ org_id: org.id, period, started_at: nowIso(), host: `${os.hostname()}:${process.pid}`, finished_at: null, error: null }).onConflict((oc) => oc.columns(['org_id', 'period']).doNothing()).executeTakeFirst();
    if (Number(claim.numInsertedOrUpdatedRows ?? 0) !== 1) continue;
    const actor = systemActor(org.id);
    let documents = 0;
    try {
      const projects = await db.selectFrom('projects').select(['id']).where('org_id', '=', org.id).execute();
      for (const p of projects) {
        for (const type of ['monthly', 'bulletin'] as const) {
          const r = await generate(ctx, actor, { type, period, projectId: p.id, lang: 'zh-CN' }).catch(() => null);
          if (r) documents++;
        }
      }
      if (period.endsWith('-12')) {
        const r = await generate(ctx, actor, { type: 'annual', period: period.slice(0, 4), projectId: null, lang: 'zh-CN' }).catch(() => null);
        if (r) documents++;
      }
      const managers = await db.selectFrom('users').select('id').where('org_id', '=', org.id).where('role', '=', 'manager').execute();
      for (const m of managers) await enqueue(db, { orgId: org.id, topic: 'report.generated', dedupeKey: `report:${org.id}:${period}:${m.id}`, recipientId: m.id, payload: { period, documents } });
      await db.updateTable('report_runs').set({ finished_at: nowIso() }).where('org_id', '=', org.id).where('period', '=', period).execute();
    } catch (e) {
      await db.updateTable('report_runs').set({ error: String((e as Error).message).slice(0, 500) }).where('org_id', '=', org.id).where('period', '=', period).execute();
      throw e;
    }
    out.push({ orgId: org.id, period, documents });
  }
  return out;
}

export function startReportJob(ctx: AppContext, log: FastifyBaseLogger): () => Promise<void> {
  if (process.env.SHOUWEN_REPORT_JOB === 'off') return async () => undefined;
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    running = scheduledReports(ctx)
      .then((r) => r.length && log.info({ runs: r }, 'scheduled reports generated'))
      .catch((err) => log.error({ err: { message: (err as Error).message } }, 'scheduled reports failed'))
      .finally(() => (busy = false));
  };
  // Hourly; the first look five minutes after start so short-lived servers (tests) never generate.
  const first = setTimeout(tick, 5 * 60_000);
  first.unref();
  const timer = setInterval(tick, 3600_000);
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}

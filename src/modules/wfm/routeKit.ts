/** Definitions and checks shared by the workforce-planning route files. */
import type { FastifyInstance } from 'fastify';
import { AppError, notFound } from '../../core/errors';
import { authorize, type Actor } from '../auth/permissions';
import { forecastMethodNames } from './service';
import { findQueue, type QueueRow } from './store';

export const tags = ['wfm'];
export const SL_DEFINITIONS = ['offered', 'answered', 'excludeShortAbandons'] as const;

/** A forecast method name given by a caller must be one the forecaster knows (or `auto`). */
export function checkMethod(m: string | null | undefined) {
  if (m == null || m === 'auto') return;
  const names = forecastMethodNames();
  if (!names.includes(m)) throw new AppError(400, 'wfm.unknown_method', { method: m, methods: ['auto', ...names].join(', ') });
}

/** Database access and the queue lookup every WFM route file uses. */
export function wfmKit(app: Pick<FastifyInstance, 'ctx'>) {
  const store = () => app.ctx.store;
  const db = () => app.ctx.store.db;

  /** The queue, if the caller may see it (queues tied to a project follow the project scope). */
  async function queueFor(actor: Actor | null | undefined, perm: 'wfm.read' | 'wfm.write', id: string): Promise<{ a: Actor; queue: QueueRow }> {
    const a = authorize(actor, perm);
    const queue = await findQueue(db(), a.orgId, id);
    if (!queue) throw notFound('what.wfm_queue');
    if (queue.project_id) authorize(a, perm, { projectId: queue.project_id });
    return { a, queue };
  }

  return { store, db, queueFor };
}

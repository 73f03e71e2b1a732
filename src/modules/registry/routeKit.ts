/** Helpers shared by the registry's route files. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../core/errors';
import { likeOp } from '../../db/migrationHelpers';

export const text = (max: number) => z.string().trim().min(1).max(max);

/** Database access and the row-to-project lookup every registry route file uses. */
export function registryKit(app: Pick<FastifyInstance, 'ctx'>) {
  const db = () => app.ctx.store.db;
  const like = () => likeOp(app.ctx.store.db);

  async function projectOf(table: 'projects' | 'buildings' | 'units' | 'phases' | 'parking_spaces', id: string, orgId: string, what: string) {
    const row = await db()
      .selectFrom(table as 'units')
      .select(table === 'projects' ? ['id as project_id'] : ['project_id'])
      .where('id', '=', id)
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    if (!row) throw notFound(what);
    return (row as { project_id: string }).project_id;
  }

  return { db, like, projectOf };
}

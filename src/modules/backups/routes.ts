import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { archiveName, backupSettings, createBackup, listBackups } from '../../core/backup';
import { AppError, notFound } from '../../core/errors';
import { idParam } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { access } from '../auth/access';
import { authorize } from '../auth/permissions';

interface BackupJob {
  id: string;
  state: 'running' | 'done' | 'failed';
  startedAt: string;
  startedBy: string;
  finishedAt: string | null;
  file: string;
  size: number | null;
  progress: { done: number; total: number };
  error: string | null;
}

/** Jobs of this process (a backup started here is followed here); the last few are kept. */
const jobs = new Map<string, BackupJob>();

/** Admins start a backup now and list the archives of the backup folder. */
export async function backupRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const dir = () => backupSettings(app.ctx.config).dir;

  app.post('/api/system/backups', { config: access('system.backup', 'org'), schema: { tags: ['system'], summary: '立即备份（后台进行，返回任务号）Start a backup now' } }, async (req, reply) => {
    const a = authorize(req.actor, 'system.backup');
    const busy = [...jobs.values()].find((j) => j.state === 'running');
    if (busy) throw new AppError(409, 'backup.running');
    const job: BackupJob = { id: newId(), state: 'running', startedAt: nowIso(), startedBy: a.userId, finishedAt: null, file: archiveName(), size: null, progress: { done: 0, total: 0 }, error: null };
    jobs.set(job.id, job);
    for (const old of [...jobs.keys()].slice(0, Math.max(0, jobs.size - 20))) jobs.delete(old);
    const file = path.join(dir(), job.file);
    createBackup(app.ctx, file, { onProgress: (done, total) => (job.progress = { done, total }) })
      .then(() => {
        job.state = 'done';
        job.size = listBackups(dir()).find((b) => b.name === job.file)?.size ?? null;
      })
      .catch((e) => {
        job.state = 'failed';
        job.error = (e as Error).message;
        app.log.error({ err: { message: job.error } }, 'backup failed');
      })
      .finally(() => (job.finishedAt = nowIso()));
    return reply.status(202).send(job);
  });

  app.get('/api/system/backups', { config: access('system.backup', 'org'), schema: { tags: ['system'], summary: '备份文件列表与进行中的备份 List backup archives and jobs' } }, async (req) => {
    authorize(req.actor, 'system.backup');
    return { items: listBackups(dir()), jobs: [...jobs.values()].reverse() };
  });

  app.get('/api/system/backups/jobs/:id', { config: access('system.backup', 'org'), schema: { tags: ['system'], summary: '备份任务进度 Progress of a backup job', params: idParam } }, async (req) => {
    authorize(req.actor, 'system.backup');
    const job = jobs.get(req.params.id);
    if (!job) throw notFound('what.backup_job');
    return job;
  });
}

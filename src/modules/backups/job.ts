/**
 * The scheduled daily backup: once a day after SHOUWEN_BACKUP_AT (Shanghai time) one process
 * claims the day in `backup_runs`, writes an archive into SHOUWEN_BACKUP_DIR and deletes
 * scheduled archives older than SHOUWEN_BACKUP_KEEP days. A day missed while the server was down
 * is made up at the first check after start.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../core/context';
import { archiveName, backupSettings, createBackup, pruneBackups } from '../../core/backup';
import { nowIso } from '../../db/ids';

type Settings = ReturnType<typeof backupSettings>;

/** Run today's backup if it is due and no process has claimed it yet; returns the archive written. */
export async function scheduledBackup(ctx: AppContext, settings: Settings, now = new Date()): Promise<{ file: string; removed: string[] } | null> {
  if (!settings.at) return null;
  const local = new Date(now.getTime() + 8 * 3600_000);
  const day = local.toISOString().slice(0, 10);
  if (local.getUTCHours() * 60 + local.getUTCMinutes() < settings.at.h * 60 + settings.at.m) return null;
  const claimed = await sql`insert into backup_runs (day, started_at, host) values (${day}, ${nowIso()}, ${`${os.hostname()}:${process.pid}`}) on conflict (day) do nothing`.execute(ctx.store.db);
  if (Number(claimed.numAffectedRows ?? 0) !== 1) return null;
  const file = path.join(settings.dir, archiveName(now));
  try {
    await createBackup(ctx, file);
  } catch (e) {
    await sql`update backup_runs set error = ${String((e as Error).message).slice(0, 500)} where day = ${day}`.execute(ctx.store.db);
    throw e;
  }
  const { size } = fs.statSync(file);
  await sql`update backup_runs set finished_at = ${nowIso()}, file = ${path.basename(file)}, size = ${size} where day = ${day}`.execute(ctx.store.db);
  return { file, removed: pruneBackups(settings.dir, settings.keepDays, now) };
}

export function startBackupJob(ctx: AppContext, log: FastifyBaseLogger): () => Promise<void> {
  let settings: Settings;
  try {
    settings = backupSettings(ctx.config);
  } catch (e) {
    log.error({ err: { message: (e as Error).message } }, 'scheduled backup disabled');
    return async () => undefined;
  }
  if (!settings.at) return async () => undefined;
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    running = scheduledBackup(ctx, settings)
      .then((r) => r && log.info({ file: r.file, removed: r.removed }, 'scheduled backup written'))
      .catch((err) => log.error({ err: { message: (err as Error).message } }, 'scheduled backup failed'))
      .finally(() => (busy = false));
  };
  // The first check a minute after start, so short-lived servers (tests, one-off runs) never back up.
  const timer = setInterval(tick, 60_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

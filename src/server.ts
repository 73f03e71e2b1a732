import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildOptions } from './app';
import { loadConfig } from './config';
import type { AppContext } from './core/context';
import { bootstrap, openContext } from './core/bootstrap';
import { backgroundJobs } from './jobs';
import { acquireDataLock, holdPgServerLock } from './core/backupLock';

export async function startServer(opts: BuildOptions = {}): Promise<{ app: FastifyInstance; ctx: AppContext }> {
  const config = loadConfig();
  // The data folder is this server's until it closes: `restore` refuses while the lock is held.
  const lock = acquireDataLock(config.dataDir);
  let ctx: AppContext;
  let app: FastifyInstance;
  let releasePg: () => Promise<void>;
  try {
    ctx = await openContext(config);
    releasePg = await holdPgServerLock(ctx);
    await bootstrap(ctx, (m) => console.log(m));
    app = await buildApp(ctx, opts);
  } catch (e) {
    lock.release();
    throw e;
  }
  const stops = backgroundJobs.map((j) => j(ctx, app.log));
  app.addHook('onClose', async () => {
    for (const stop of stops) await stop();
    await ctx.store.close();
    await releasePg();
    lock.release();
  });
  await app.listen({ port: config.port, host: config.host });
  console.log(`首问 Shouwen 已启动: http://localhost:${config.port}  (API 文档 /docs, 数据库 ${ctx.store.dialect})`);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void app.close().then(() => process.exit(0)));
  return { app, ctx };
}

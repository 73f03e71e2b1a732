import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildOptions } from './app';
import { loadConfig, type Config } from './config';
import type { AppContext } from './core/context';
import { Secrets, randomToken } from './core/secrets';
import { openStore } from './db';
import { newId, nowIso } from './db/ids';
import { createUser } from './modules/auth/service';
import { isEmpty, seedDemo } from './modules/demo';
import { backgroundJobs } from './jobs';
import { acquireDataLock, holdPgServerLock } from './core/backupLock';

export async function openContext(config: Config = loadConfig()): Promise<AppContext> {
  const store = await openStore({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'shouwen.db') });
  return { store, config, secrets: Secrets.load(config.secret, config.dataDir) };
}

/** First start on an empty database: the demo organisation, or a bare organisation with an admin. */
export async function bootstrap(ctx: AppContext, log: (m: string) => void): Promise<void> {
  if (!(await isEmpty(ctx))) return;
  if (ctx.config.demo) {
    log('首次启动：正在生成演示数据… (first start: seeding demo data)');
    const { generatedAdminPassword } = await seedDemo(ctx, log);
    if (generatedAdminPassword) log(`管理员账号 admin 的初始密码 (admin password, shown once): ${generatedAdminPassword}`);
    return;
  }
  const ts = nowIso();
  const orgId = newId();
  await ctx.store.db.insertInto('organisations').values({ id: orgId, name: '物业服务中心', code: 'main', created_at: ts, updated_at: ts }).execute();
  const password = ctx.config.adminPassword ?? randomToken(12);
  await createUser(ctx.store.db, { orgId, username: 'admin', displayName: '系统管理员', role: 'admin', password });
  if (!ctx.config.adminPassword) log(`管理员账号 admin 的初始密码 (admin password, shown once): ${password}`);
}

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

/**
 * What every entry point needs before it can work on the data: an open store with its config and
 * secrets, and a first-start bootstrap of an empty database. Lives here rather than in server.ts so
 * module CLIs can open the database without importing the HTTP server (and through it every module).
 */
import path from 'node:path';
import { loadConfig, type Config } from '../config';
import type { AppContext } from './context';
import { Secrets, randomToken } from './secrets';
import { openStore } from '../db';
import { newId, nowIso } from '../db/ids';
import { createUser } from '../modules/auth/service';
import { isEmpty, seedDemo } from '../modules/demo';

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

/**
 * The `shouwen` command line. Only what every command needs is imported here; each command loads
 * its own code when it runs (`await import`), so a calculation such as `shouwen erlang` never
 * loads the database layer, Fastify or the route modules, and a database command loads the module
 * registry (demo seeders, message catalogues, KPI providers) only when it uses it.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../core/errors';
import { t } from '../core/i18n';
import type { Role } from '../modules/auth/schema';
import { loadCommand, moduleCommands } from './commands';

const HELP = `首问 Shouwen — 物业客服中心运营平台

用法 Usage: shouwen <command> [options]

  start                  构建网页（如需要）并启动服务 build the web app if needed, then serve
  serve                  启动服务 serve on PORT (default 3000)
  demo                   向空数据库写入演示数据 seed demo data into an empty database
  import <file> [--dry-run] [--mapping JSON]
                         导入房屋与客户 (XLSX/CSV) import units and parties
  backup [file]          在线一致性备份（数据库、密钥、附件）consistent online backup of the
                         database, secret key and attachments (default: SHOUWEN_BACKUP_DIR)
  restore <archive> [--into DIR] [--force] [--verify-only]
                         校验并恢复到空目录（须先停止服务）verify, then restore into an empty
                         folder (stop the server first)
  user add --username U --role R --name N [--password P] [--project CODE]
                         新建用户 add a user
`;

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case undefined:
      case 'help':
      case '--help':
      case '-h': {
        // The summaries live with the commands: help loads them all (no registry, no database).
        const commands = await Promise.all(Object.entries(moduleCommands).map(async ([n, e]) => [n, await e.load()] as const));
        process.stdout.write(HELP + commands.map(([n, c]) => `  ${n.padEnd(22)} ${c.summary}\n`).join(''));
        return 0;
      }
      case 'start':
        await ensureWebBuilt();
        await serve();
        return 0;
      case 'serve':
        await serve();
        return 0;
      case 'demo':
        return await demoCmd();
      case 'import':
        if (rest[0] && Object.hasOwn(moduleCommands, `import ${rest[0]}`)) return await (await loadCommand(moduleCommands[`import ${rest[0]}`])).run(rest.slice(1));
        return await importCmd(rest);
      case 'backup':
        return await (await import('./backup')).backupCmd(rest);
      case 'restore':
        return await (await import('./backup')).restoreCmd(rest);
      case 'user':
        return await userCmd(rest);
      default:
        if (Object.hasOwn(moduleCommands, cmd)) return await (await loadCommand(moduleCommands[cmd])).run(rest);
        process.stderr.write(`未知命令 unknown command: ${cmd}\n\n${HELP}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof AppError) {
      process.stderr.write(`错误 error: ${t('zh-CN', e.code, e.params)}\n`);
      return 1;
    }
    process.stderr.write(`错误 error: ${(e as Error).message}\n`);
    if (process.env.SHOUWEN_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return 1;
  }
}

/**
 * `npm start`: build the web app when there is no build or its sources changed since (content
 * hash, scripts/builds.mjs), so an update never serves a stale UI.
 */
async function ensureWebBuilt() {
  const { ensureWebBuild, ROOT, webBuildState } = await import('../../scripts/builds.mjs');
  const state = webBuildState(ROOT);
  if (state.fresh || !state.hasSources) return;
  console.log('正在构建网页界面 (building the web app)…');
  if (ensureWebBuild(ROOT) === 'failed') console.error('网页构建失败，仅启动 API (web build failed; serving the API only)');
}

/** The HTTP server (Fastify and its plugins) is loaded only by the commands that serve. */
async function serve(): Promise<void> {
  const { startServer } = await import('../server');
  await startServer();
}

/** What the built-in database commands share: the module registry (demo seeders, message catalogues) and the store. */
async function dataCommand() {
  await import('../modules/register');
  return import('../core/bootstrap');
}

async function demoCmd(): Promise<number> {
  const { openContext } = await dataCommand();
  const { isEmpty, seedDemo } = await import('../modules/demo');
  const ctx = await openContext();
  try {
    if (!(await isEmpty(ctx))) {
      process.stderr.write('数据库非空，未写入演示数据 (database not empty; nothing seeded)\n');
      return 1;
    }
    const { generatedAdminPassword } = await seedDemo({ ...ctx, config: { ...ctx.config, demo: true } }, (m) => console.log(m));
    if (generatedAdminPassword) console.log(`管理员账号 admin 的初始密码 (admin password, shown once): ${generatedAdminPassword}`);
    return 0;
  } finally {
    await ctx.store.close();
  }
}

async function importCmd(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, mapping: { type: 'string' }, org: { type: 'string' } } });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('用法 usage: shouwen import <file.xlsx|file.csv> [--dry-run] [--mapping JSON]\n');
    return 2;
  }
  const { bootstrap, openContext } = await dataCommand();
  const { importUnitsAndParties, readTable } = await import('../modules/registry/import');
  const { progressPrinter } = await import('./progress');
  const ctx = await openContext();
  try {
    await bootstrap(ctx, (m) => console.log(m));
    const org = values.org
      ? await ctx.store.db.selectFrom('organisations').select('id').where('code', '=', values.org).executeTakeFirst()
      : await ctx.store.db.selectFrom('organisations').select('id').orderBy('created_at').executeTakeFirst();
    if (!org) throw new Error('organisation not found');
    const sheet = await readTable(fs.readFileSync(file), file);
    const bar = progressPrinter('导入 import');
    const r = await importUnitsAndParties(ctx.store.db, ctx.secrets, org.id, sheet, {
      dryRun: values['dry-run'],
      mapping: values.mapping ? JSON.parse(values.mapping) : undefined,
      onProgress: (p) => bar(p.processed, p.total),
    });
    if (!r.ok) {
      for (const e of r.errors) process.stderr.write(`第 ${e.line} 行 line ${e.line}${e.field ? ` [${e.field}]` : ''}: ${t('zh-CN', e.code, e.params)}\n`);
      process.stderr.write(`${t('zh-CN', 'import.rejected', { count: r.errors.length })}\n`);
      return 1;
    }
    console.log(JSON.stringify({ dryRun: r.dryRun, rows: r.total, ...r.summary }));
    return 0;
  } finally {
    await ctx.store.close();
  }
}

async function userCmd(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'add') {
    process.stderr.write('用法 usage: shouwen user add --username U --role R --name N [--password P] [--project CODE]\n');
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { username: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, project: { type: 'string', multiple: true } } });
  const { ROLES } = await import('../modules/auth/permissions');
  if (!values.username || !values.role || !ROLES.includes(values.role as Role)) {
    process.stderr.write(`--username 与 --role 必填；角色 roles: ${ROLES.join(', ')}\n`);
    return 2;
  }
  const { bootstrap, openContext } = await dataCommand();
  const { createUser } = await import('../modules/auth/service');
  const ctx = await openContext();
  try {
    await bootstrap(ctx, (m) => console.log(m));
    const org = await ctx.store.db.selectFrom('organisations').select('id').orderBy('created_at').executeTakeFirstOrThrow();
    const projectIds: string[] = [];
    for (const code of values.project ?? []) {
      const p = await ctx.store.db.selectFrom('projects').select('id').where('org_id', '=', org.id).where('code', '=', code).executeTakeFirst();
      if (!p) throw new Error(`project not found: ${code}`);
      projectIds.push(p.id);
    }
    const password = values.password ?? (await import('../core/secrets')).randomToken(12);
    await createUser(ctx.store.db, { orgId: org.id, username: values.username, displayName: values.name ?? values.username, role: values.role as Role, password, projectIds });
    console.log(`已创建用户 created user ${values.username}${values.password ? '' : `，初始密码 password: ${password}`}`);
    return 0;
  } finally {
    await ctx.store.close();
  }
}

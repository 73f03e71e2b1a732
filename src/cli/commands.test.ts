/**
 * The command table loads each command on its own: every entry resolves to a command, and the
 * compiled `shouwen erlang` (a pure calculation) imports neither the database layer, zod, Fastify
 * nor any route module, while a database command does (the control that the trace sees imports).
 * The build's freshness check remembers the sources' hash by their stamps and still sees an edit
 * that keeps the old mtime.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer, contentHash, ROOT, SERVER_INPUTS, serverBuildState } from '../../scripts/builds.mjs';
import { moduleCommands } from './commands';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-cmds-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the command table', () => {
  it('resolves every entry to a command with a summary', async () => {
    const names = Object.keys(moduleCommands);
    expect(names).toEqual(expect.arrayContaining(['bill-run', 'import calls', 'erlang', 'forecast', 'wfm', 'schedule', 'simulate', 'knowledge', 'report']));
    for (const name of names) {
      const c = await moduleCommands[name].load();
      expect(typeof c.run, name).toBe('function');
      expect(c.summary.length, name).toBeGreaterThan(10);
    }
  }, 60_000);
});

/** The ES module specifiers the compiled CLI resolves while running `args` (a resolve hook writes them to a file). */
function importsOf(args: string[], entry: string): { code: number | null; stdout: string; specifiers: string[] } {
  const log = path.join(tmp, `imports-${args[0]}.txt`);
  const hooks = path.join(tmp, 'hooks.mjs');
  fs.writeFileSync(
    hooks,
    `import fs from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  fs.appendFileSync(${JSON.stringify(log)}, specifier + '\\n');\n  return next(specifier, context);\n}\n`,
  );
  const register = path.join(tmp, 'register.mjs');
  fs.writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const runner = `const { main } = await import(${JSON.stringify(pathToFileURL(entry).href)}); process.exitCode = await main(${JSON.stringify(args)});`;
  const env: NodeJS.ProcessEnv = { ...process.env, SHOUWEN_DATA: path.join(tmp, 'data'), SHOUWEN_DEMO: '0', SHOUWEN_ADMIN_PASSWORD: 'cmds-test-pass' };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, '--input-type=module', '-e', runner], { cwd: ROOT, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, specifiers: fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [] };
}

const HEAVY = /^(kysely|zod|fastify|@fastify\/|better-sqlite3|pg|argon2|exceljs|echarts|docx)(\/|$)/;

describe('the compiled CLI', () => {
  it('runs erlang without the database layer, zod, Fastify or the routes; a database command loads them', async () => {
    const { entry } = await buildServer();
    const erlang = importsOf(['erlang', '--model', 'c', '--calls', '100', '--interval-min', '30', '--aht-s', '180', '--sl', '0.8', '--threshold-s', '20', '--json'], entry);
    expect(erlang.code).toBe(0);
    expect(JSON.parse(erlang.stdout).agents).toBe(14);
    expect(erlang.specifiers.length).toBeGreaterThan(1);
    expect(erlang.specifiers.filter((s) => HEAVY.test(s))).toEqual([]);
    // Chunks are named after their first source file: no routes, server or registry among them.
    expect(erlang.specifiers.filter((s) => /(routes|server|register|app)-[A-Z0-9]+\.js$/i.test(s))).toEqual([]);

    const queues = importsOf(['wfm', 'queues', '--json'], entry);
    expect(queues.specifiers).toContain('kysely');
    expect(queues.specifiers).toContain('better-sqlite3');
  }, 120_000);
});

describe('the compiled build\'s freshness check', () => {
  it('reuses the hash while no file changed, and rehashes an edit that kept its mtime', () => {
    const root = path.join(tmp, 'tree');
    fs.mkdirSync(path.join(root, 'src', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src', 'a.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(root, 'src', 'sub', 'b.ts'), 'export const b = 2;\n');
    const first = serverBuildState(root);
    expect(first.hash).toBe(contentHash(root, SERVER_INPUTS));
    const memo = path.join(root, 'dist', 'server', '.inputs-hash.json');
    expect(JSON.parse(fs.readFileSync(memo, 'utf8')).hash).toBe(first.hash);
    expect(serverBuildState(root).hash).toBe(first.hash);

    // Same size, same mtime, other contents: only the ctime tells, and that is enough.
    const b = path.join(root, 'src', 'sub', 'b.ts');
    const { atime, mtime } = fs.statSync(b);
    fs.writeFileSync(b, 'export const b = 3;\n');
    fs.utimesSync(b, atime, mtime);
    const second = serverBuildState(root);
    expect(second.hash).not.toBe(first.hash);
    expect(second.hash).toBe(contentHash(root, SERVER_INPUTS));
    // A new file counts too.
    fs.writeFileSync(path.join(root, 'src', 'c.ts'), 'export const c = 1;\n');
    expect(serverBuildState(root).hash).toBe(contentHash(root, SERVER_INPUTS));
    expect(serverBuildState(root).hash).not.toBe(second.hash);
  });
});

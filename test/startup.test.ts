/**
 * The builds the product starts from (scripts/builds.mjs): content-hash staleness, a stale web
 * build rebuilt, and the compiled CLI answering exactly as the TypeScript does.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer, contentHash, ensureWebBuild, ROOT, webBuildState } from '../scripts/builds.mjs';

const temps: string[] = [];
function tempRoot(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-build-'));
  temps.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
afterAll(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

describe('contentHash', () => {
  it('depends on contents and names, not on mtimes; test files and missing inputs do not count', () => {
    const root = tempRoot({ 'src/a.ts': 'export const a = 1;\n', 'src/sub/b.ts': 'export const b = 2;\n' });
    const h1 = contentHash(root, ['src', 'missing.json']);
    fs.utimesSync(path.join(root, 'src', 'a.ts'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    fs.writeFileSync(path.join(root, 'src', 'a.test.ts'), 'test();\n');
    expect(contentHash(root, ['src', 'missing.json'])).toBe(h1);
    fs.writeFileSync(path.join(root, 'src', 'sub', 'b.ts'), 'export const b = 3;\n');
    const h2 = contentHash(root, ['src']);
    expect(h2).not.toBe(h1);
    fs.renameSync(path.join(root, 'src', 'sub', 'b.ts'), path.join(root, 'src', 'sub', 'c.ts'));
    expect(contentHash(root, ['src'])).not.toBe(h2);
  });
});

describe('web build', () => {
  it('is rebuilt when a source changes, and stays when nothing did', () => {
    const root = tempRoot({
      'web/index.html': '<!doctype html><html><body><div id="root"></div><script type="module" src="/src/main.js"></script></body></html>\n',
      'web/src/main.js': `document.getElementById('root').textContent = 'first version ${'x'.repeat(600)}';\n`,
    });
    // A config without imports: the temp folder has no node_modules of its own.
    fs.writeFileSync(path.join(root, 'web', 'vite.config.ts'), `export default { root: ${JSON.stringify(path.join(root, 'web'))}, logLevel: 'warn', build: { outDir: ${JSON.stringify(path.join(root, 'web', 'dist'))}, emptyOutDir: true } };\n`);
    expect(webBuildState(root).fresh).toBe(false);
    expect(ensureWebBuild(root, { quiet: true })).toBe('built');
    const state = webBuildState(root);
    expect(state.fresh).toBe(true);
    const assets = () => fs.readdirSync(path.join(root, 'web', 'dist', 'assets'));
    const entry = assets().find((f) => f.endsWith('.js'))!;
    expect(assets()).toContain(`${entry}.br`);
    expect(assets()).toContain(`${entry}.gz`);
    expect(ensureWebBuild(root, { quiet: true })).toBe('fresh');

    fs.writeFileSync(path.join(root, 'web', 'src', 'main.js'), `document.getElementById('root').textContent = 'second version ${'x'.repeat(600)}';\n`);
    expect(webBuildState(root).fresh).toBe(false);
    expect(ensureWebBuild(root, { quiet: true })).toBe('built');
    expect(webBuildState(root)).toMatchObject({ fresh: true, built: webBuildState(root).hash });
    const js = assets().filter((f) => f.endsWith('.js'));
    expect(js).toHaveLength(1);
    expect(fs.readFileSync(path.join(root, 'web', 'dist', 'assets', js[0]), 'utf8')).toContain('second version');
  }, 120_000);
});

describe('compiled CLI', () => {
  it('prints the same JSON as the TypeScript sources', async () => {
    const args = ['erlang', '--model', 'c', '--calls', '100', '--interval-min', '30', '--aht-s', '180', '--sl', '0.8', '--threshold-s', '20', '--json'];
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-cli-'));
    temps.push(data);
    const env = { ...process.env, SHOUWEN_DATA: data };
    const { entry } = await buildServer();
    expect(entry).toContain(`${path.sep}dist${path.sep}server${path.sep}`);
    // The compiled entry itself (bin/shouwen.mjs would fall back to tsx if it could not build).
    const runner = `const { main } = await import(${JSON.stringify(pathToFileURL(entry).href)}); process.exitCode = await main(${JSON.stringify(args)});`;
    const compiled = spawnSync(process.execPath, ['--input-type=module', '-e', runner], { cwd: ROOT, encoding: 'utf8', env });
    expect(compiled.status, compiled.stderr).toBe(0);
    const viaTsx = spawnSync(process.execPath, ['bin/shouwen.mjs', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...env, SHOUWEN_TSX: '1' } });
    expect(viaTsx.status, viaTsx.stderr).toBe(0);
    expect(JSON.parse(compiled.stdout)).toMatchObject({ model: 'erlang-c', agents: 14, offeredLoad: 10 });
    expect(compiled.stdout).toBe(viaTsx.stdout);
  }, 120_000);
});

/**
 * The web app takes the server's types, never its code: every import from the server tree
 * (src/modules, src/core) in web/src must be `import type` / `export type`, which the build erases.
 * A value import would pull server code (and its database drivers) into the bundle. Tests are
 * exempt: they run in Node and compare the two sides on purpose.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB_SRC = resolve(__dirname);
const ROOT = resolve(WEB_SRC, '../..');
const SERVER_DIRS = [join(ROOT, 'src', 'modules') + sep, join(ROOT, 'src', 'core') + sep];

/**
 * Pure shared modules the screens run as-is (labels, rule tables). Each must import nothing at run
 * time but other relative modules, so no package can ride in with it; the test checks that too.
 */
const SHARED_AT_RUNTIME = new Set([
  'src/modules/workorders/lifecycle/labels.ts',
  'src/modules/workorders/lifecycle/types.ts',
  'src/modules/contacts/rules.ts',
]);

interface ImportRef {
  spec: string;
  typeOnly: boolean;
  text: string;
}

/** The import and re-export statements of a source text (static, side-effect and dynamic). */
export function importsOf(source: string): ImportRef[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: ImportRef[] = [];
  const fromRe = /\b(import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*['"]([^'"]+)['"]/g;
  for (const m of code.matchAll(fromRe)) out.push({ spec: m[4], typeOnly: !!m[2], text: m[0] });
  for (const m of code.matchAll(/\bimport\s*['"]([^'"]+)['"]/g)) out.push({ spec: m[1], typeOnly: false, text: m[0] });
  for (const m of code.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ spec: m[1], typeOnly: false, text: m[0] });
  return out;
}

function resolveModule(fromFile: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) if (existsSync(candidate) && candidate.match(/\.tsx?$/)) return candidate;
  return base;
}

const isServer = (file: string) => SERVER_DIRS.some((d) => file.startsWith(d));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Value imports from the server tree in web/src that are not one of the shared pure modules. */
function violations(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(WEB_SRC)) {
    for (const ref of importsOf(readFileSync(file, 'utf8'))) {
      const target = resolveModule(file, ref.spec);
      if (!target || !isServer(target) || ref.typeOnly) continue;
      if (SHARED_AT_RUNTIME.has(relative(ROOT, target).split(sep).join('/'))) continue;
      found.push(`${relative(ROOT, file)}: ${ref.text.replace(/\s+/g, ' ')}`);
    }
  }
  return found;
}

describe('the web app imports only types from the server', () => {
  it('recognises value, type-only, re-export, side-effect and dynamic imports', () => {
    const refs = importsOf(`
      import type { A } from '../../src/modules/a';
      import { b, type C } from '../../src/modules/b';
      export type { D } from '../../src/core/d';
      export { e } from '../../src/core/e';
      import '../../src/modules/f';
      const g = () => import('../../src/modules/g');
      // import { h } from '../../src/modules/h';
    `);
    expect(refs.map((r) => [r.spec.split('/').pop(), r.typeOnly])).toEqual([
      ['a', true],
      ['b', false],
      ['d', true],
      ['e', false],
      ['f', false],
      ['g', false],
    ]);
  });

  it('finds no value import from src/modules or src/core in web/src (tests excepted)', () => {
    expect(violations()).toEqual([]);
  });

  it('still sees the type-only imports (the scan reaches the server tree)', () => {
    const typeRefs = sourceFiles(WEB_SRC).flatMap((file) =>
      importsOf(readFileSync(file, 'utf8')).filter((r) => r.typeOnly && isServer(resolveModule(file, r.spec) ?? '')),
    );
    expect(typeRefs.length).toBeGreaterThan(10);
  });

  it('lets the workforce and quality clients declare no shape of their own (they take the server\'s)', () => {
    for (const rel of ['wfmApi.ts', 'pages/quality/api.ts']) {
      const code = readFileSync(join(WEB_SRC, rel), 'utf8');
      expect(code.match(/^\s*(export\s+)?interface\s+\w+/gm) ?? [], rel).toEqual([]);
      expect(importsOf(code).some((r) => r.typeOnly && r.spec.includes('/src/modules/')), rel).toBe(true);
    }
  });

  it('keeps the shared runtime modules free of packages and of other server code', () => {
    for (const rel of SHARED_AT_RUNTIME) {
      const file = join(ROOT, rel);
      for (const ref of importsOf(readFileSync(file, 'utf8')).filter((r) => !r.typeOnly)) {
        const target = resolveModule(file, ref.spec);
        expect(target, `${rel} imports the package ${ref.spec} at run time`).not.toBeNull();
        expect(SHARED_AT_RUNTIME.has(relative(ROOT, target!).split(sep).join('/')), `${rel} imports ${ref.spec} at run time`).toBe(true);
      }
    }
  });
});

/**
 * The two builds the product runs from — the web app (vite → web/dist) and the compiled server
 * (esbuild → dist/server/<hash>/) — and whether each is current. "Current" is decided by a content
 * hash of the build's inputs, never by mtimes: a checkout, a copy or an unpacked archive gives
 * sources new mtimes without changing them, and an edit can keep an old one.
 *
 * Plain JavaScript on purpose: bin/shouwen.mjs uses it before any TypeScript can be loaded.
 * Used by bin/shouwen.mjs (`start`, and every command for the server build), scripts/prepare.mjs
 * (`npm install`), test/e2e/globalSetup.ts and bench/web-size.mjs.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What each build is made from. Test files never enter a build, so editing one does not make it stale. */
export const WEB_INPUTS = ['web/src', 'web/index.html', 'web/public', 'web/vite.config.ts', 'package-lock.json', 'scripts/builds.mjs'];
export const SERVER_INPUTS = ['src', 'package-lock.json', 'tsconfig.json', 'scripts/builds.mjs'];
const SKIP = /(^|\/)(node_modules|dist)(\/|$)|\.test\.tsx?$|\.e2e\.ts$/;

/** sha256 over the inputs' relative paths and contents (missing inputs count as absent, not as an error). */
export function contentHash(root, inputs) {
  const files = [];
  const walk = (rel) => {
    const abs = path.join(root, rel);
    let st;
    try {
      st = fs.statSync(abs);
    } catch {
      return;
    }
    if (st.isDirectory()) for (const name of fs.readdirSync(abs)) walk(path.posix.join(rel, name));
    else if (!SKIP.test(rel)) files.push(rel);
  };
  for (const i of inputs) walk(i);
  files.sort();
  const h = crypto.createHash('sha256');
  for (const f of files) {
    h.update(f);
    h.update('\0');
    h.update(fs.readFileSync(path.join(root, f)));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

// ---------------------------------------------------------------------------------------------
// Web app

export const webDist = (root = ROOT) => path.join(root, 'web', 'dist');
const WEB_STAMP = '.build-hash';

/** The web build is current when web/dist/.build-hash holds the hash of today's sources. */
export function webBuildState(root = ROOT) {
  const hash = contentHash(root, WEB_INPUTS);
  let built = null;
  try {
    built = fs.readFileSync(path.join(webDist(root), WEB_STAMP), 'utf8').trim();
  } catch {
    // never built (or built before the stamp existed): stale
  }
  const fresh = built === hash && fs.existsSync(path.join(webDist(root), 'index.html'));
  return { fresh, hash, built, hasSources: fs.existsSync(path.join(root, 'web', 'index.html')) };
}

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;

/**
 * Brotli and gzip siblings (x.js.br, x.js.gz) of every compressible file, made once at build time
 * so the server never compresses on the request path (@fastify/static `preCompressed`). A sibling
 * is kept only when it is smaller than the file.
 */
export function precompress(dir) {
  let files = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !COMPRESSIBLE.test(e.name) || e.name.endsWith('.map')) continue;
    const file = path.join(e.parentPath ?? e.path, e.name);
    const buf = fs.readFileSync(file);
    if (buf.length < 512) continue;
    const br = zlib.brotliCompressSync(buf, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT },
    });
    const gz = zlib.gzipSync(buf, { level: 9 });
    if (br.length < buf.length) fs.writeFileSync(`${file}.br`, br);
    if (gz.length < buf.length) fs.writeFileSync(`${file}.gz`, gz);
    files++;
  }
  return files;
}

/**
 * Build the web app (vite), precompress it and stamp it with the sources' hash. The stamp is
 * written last, so an interrupted build stays stale. Returns false when the build failed.
 */
export function buildWeb(root = ROOT, { quiet = false } = {}) {
  const hash = contentHash(root, WEB_INPUTS);
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  // Build beside the live folder and swap it in: a server (or a second build) running at the same
  // time never sees a half-written web/dist.
  const dist = webDist(root);
  const staging = `${dist}.building-${process.pid}-${Date.now()}`;
  const r = spawnSync(process.execPath, [vite, 'build', '--config', path.join(root, 'web', 'vite.config.ts'), '--outDir', staging, '--emptyOutDir', ...(quiet ? ['--logLevel', 'warn'] : [])], {
    cwd: root,
    stdio: 'inherit',
    // Under vitest NODE_ENV=test, which would give React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    return false;
  }
  precompress(staging);
  fs.writeFileSync(path.join(staging, WEB_STAMP), `${hash}\n`);
  const old = `${dist}.old-${process.pid}-${Date.now()}`;
  if (fs.existsSync(dist)) fs.renameSync(dist, old);
  fs.renameSync(staging, dist);
  fs.rmSync(old, { recursive: true, force: true });
  return true;
}

/** Build the web app unless its build is current. Returns 'fresh' | 'built' | 'failed' | 'no-sources'. */
export function ensureWebBuild(root = ROOT, opts = {}) {
  const state = webBuildState(root);
  if (state.fresh) return 'fresh';
  if (!state.hasSources) return 'no-sources';
  return buildWeb(root, opts) ? 'built' : 'failed';
}

// ---------------------------------------------------------------------------------------------
// Server

export const serverDistRoot = (root = ROOT) => path.join(root, 'dist', 'server');
const SERVER_ENTRY = 'cli.js';
const LAZY_PACKAGES = ['exceljs', 'echarts'];

/**
 * The inputs' identity without reading them: each file's name, inode, size, mtime and ctime (ns).
 * ctime cannot be set back by any tool — an edit, a copy, an unpacked archive or a checkout all
 * give the file a new one — so unchanged stamps mean unchanged contents.
 */
export function inputsStamp(root, inputs) {
  const h = crypto.createHash('sha256');
  const walk = (rel) => {
    let st;
    try {
      st = fs.statSync(path.join(root, rel), { bigint: true });
    } catch {
      return;
    }
    if (st.isDirectory()) for (const name of fs.readdirSync(path.join(root, rel)).sort()) walk(path.posix.join(rel, name));
    else if (!SKIP.test(rel)) h.update(`${rel}\0${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}\n`);
  };
  for (const i of inputs) walk(i);
  return h.digest('hex');
}

/**
 * contentHash of the server's inputs, remembered beside the builds with the stamp it was computed
 * at: every CLI command checks its build, and reading all of src/ (≈ 4 MB) took a fifth of a
 * command's start-up, while stating it takes a few ms. Any change of a stamp hashes the contents.
 */
function serverInputsHash(root) {
  const memo = path.join(serverDistRoot(root), '.inputs-hash.json');
  const stamp = inputsStamp(root, SERVER_INPUTS);
  try {
    const m = JSON.parse(fs.readFileSync(memo, 'utf8'));
    if (m.stamp === stamp && typeof m.hash === 'string') return m.hash;
  } catch {
    // none yet, or unreadable: hash the contents
  }
  const hash = contentHash(root, SERVER_INPUTS);
  try {
    fs.mkdirSync(path.dirname(memo), { recursive: true });
    const tmp = `${memo}.${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify({ stamp, hash }));
    fs.renameSync(tmp, memo);
  } catch {
    // a read-only install still works, hashing every time
  }
  return hash;
}

/** Where the build of today's sources is (or would be): dist/server/<hash>/cli.js. */
export function serverBuildState(root = ROOT) {
  const hash = serverInputsHash(root);
  const dir = path.join(serverDistRoot(root), hash);
  const entry = path.join(dir, SERVER_ENTRY);
  return { hash, dir, entry, fresh: fs.existsSync(entry) };
}

/**
 * Compile src/cli/index.ts and everything it imports into dist/server/<hash>/ with esbuild
 * (platform node, ESM, npm packages left external, code split so a CLI command loads only the
 * modules it uses). Each build goes to its own content-addressed folder, written under a temporary
 * name and renamed when complete, so concurrent builds and running servers never see half a build.
 *
 * `import.meta.url` in a source file is rewritten to that file's own location in src/, so the paths
 * it anchors (the web build, data files beside the code, the HiGHS worker, package.json) resolve
 * exactly as they do when the TypeScript runs directly.
 */
export async function buildServer(root = ROOT) {
  const state = serverBuildState(root);
  if (state.fresh) return state;
  const esbuild = await import('esbuild');
  const base = serverDistRoot(root);
  fs.mkdirSync(base, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(base, '.tmp-'));
  const srcDir = path.join(root, 'src');
  const selfUrl = {
    name: 'source-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.(tsx?|mjs)$/ }, async (args) => {
        let code = await fs.promises.readFile(args.path, 'utf8');
        if (code.includes('import.meta.url')) {
          // Relative to the output folder, whose depth is the same for tmp and final names.
          const rel = path.relative(state.dir, args.path).split(path.sep).join('/');
          code = code.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
        }
        return { contents: code, loader: args.path.endsWith('.mjs') ? 'js' : args.path.endsWith('x') ? 'tsx' : 'ts' };
      });
    },
  };
  // Packages that take a large share of start-up and that the code only calls inside functions:
  // loaded (through their CommonJS build) on first use, so a command that never writes a
  // spreadsheet or draws a chart does not pay for loading one (exceljs is ~700 files, echarts'
  // ESM build hundreds more). Named exports are found once at build time; functions and objects
  // become forwarders, constants are copied.
  const requireHere = createRequire(path.join(root, 'package.json'));
  const lazyPackages = {
    name: 'lazy-packages',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^(${LAZY_PACKAGES.join('|')})$`) }, (args) =>
        args.namespace === 'lazy-package' ? { path: args.path, external: true } : { path: args.path, namespace: 'lazy-package' },
      );
      b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => {
        const mod = requireHere(args.path);
        const lines = [
          "import { createRequire } from 'node:module';",
          `let m; const load = () => (m ??= createRequire(import.meta.url)(${JSON.stringify(args.path)}));`,
          'const fwd = (get) => new Proxy(function () {}, { get: (_, k) => get()[k], has: (_, k) => k in get(), ownKeys: () => Reflect.ownKeys(get()), getOwnPropertyDescriptor: (_, k) => Object.getOwnPropertyDescriptor(get(), k), apply: (_, self, a) => Reflect.apply(get(), self, a), construct: (_, a, nt) => Reflect.construct(get(), a) });',
          'export default fwd(load);',
        ];
        for (const [k, v] of Object.entries(mod)) {
          if (k === 'default' || !/^[A-Za-z_$][\w$]*$/.test(k)) continue;
          lines.push(typeof v === 'function' || (typeof v === 'object' && v !== null) ? `export const ${k} = fwd(() => load()[${JSON.stringify(k)}]);` : `export const ${k} = ${JSON.stringify(v) ?? 'undefined'};`);
        }
        return { contents: lines.join('\n'), loader: 'js' };
      });
    },
  };
  try {
    await esbuild.build({
      entryPoints: { cli: path.join(srcDir, 'cli', 'index.ts') },
      outdir: tmp,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      logLevel: 'warning',
      absWorkingDir: root,
      tsconfig: path.join(root, 'tsconfig.json'),
      plugins: [selfUrl, lazyPackages],
    });
    try {
      fs.renameSync(tmp, state.dir);
    } catch (e) {
      // Another process finished the same build first: theirs is identical.
      if (!fs.existsSync(state.entry)) throw e;
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  pruneServerBuilds(root, state.hash);
  return { ...state, fresh: true };
}

/** Keep the newest few builds (a running server may still load chunks from its own), drop the rest. */
function pruneServerBuilds(root, keep, max = 3) {
  const base = serverDistRoot(root);
  const dirs = fs
    .readdirSync(base, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== keep)
    .map((e) => ({ name: e.name, at: fs.statSync(path.join(base, e.name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  const hour = Date.now() - 3600_000;
  for (const [i, d] of dirs.entries()) {
    // Leftover temporary folders of crashed builds go once they are an hour old.
    if (d.name.startsWith('.tmp-') ? d.at < hour : i >= max - 1) fs.rmSync(path.join(base, d.name), { recursive: true, force: true });
  }
}

/** The compiled CLI's URL when it is current (building it if it is not and esbuild is there), else null. */
export async function compiledCli(root = ROOT) {
  let state = serverBuildState(root);
  if (!state.fresh) {
    try {
      state = await buildServer(root);
    } catch (e) {
      if (process.env.SHOUWEN_DEBUG_BUILD) console.error(e);
      return null;
    }
  }
  return pathToFileURL(state.entry).href;
}

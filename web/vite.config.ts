import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { ANTD_THEME } from './src/theme';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The antd components whose styles are generated at build time rather than in the browser: the
 * staff layout, the desk and what most list/detail screens show. A component left out (or a theme
 * that no longer matches) simply has its styles generated at run time, as before.
 */
const STATIC_STYLE_COMPONENTS = [
  'Alert', 'App', 'Avatar', 'Button', 'Card', 'Col', 'Descriptions', 'Drawer', 'Dropdown', 'Empty', 'Flex', 'Form', 'Input', 'Layout',
  'List', 'Menu', 'Modal', 'Pagination', 'Radio', 'Row', 'Select', 'Skeleton', 'Space', 'Spin', 'Table', 'Tabs', 'Tag', 'Tooltip', 'Typography',
];

/**
 * antd generates every component's CSS in JavaScript on first render (≈ 0.7 s of a cold /desk under
 * ×4 CPU throttling: style functions, token merging, stylis, inserting <style> tags). This renders
 * the components above once in Node at build time, writes their CSS to one file and embeds
 * @ant-design/cssinjs's cache map in it (`.data-ant-cssinjs-cache-path{content:…}`): when that
 * stylesheet is loaded before the first antd render, cssinjs finds each mapped style "from a CSS
 * file" and skips generating it. Same styles, same hashed class names: rendering is unchanged.
 *
 * The login page does not load it (its few components stay cheap and its download small): a small
 * external boot script (the CSP forbids inline ones) adds the stylesheet, with modulepreloads of the
 * signed-in app's chunk, on every other page before the entry runs; main.tsx waits for the sheet.
 */
function signedInBoot(): Plugin {
  let cssRef = '';
  let bootName = '';
  return {
    name: 'shouwen:signed-in-boot',
    apply: 'build',
    async buildStart() {
      const css = await extractAntdStyles();
      cssRef = this.emitFile({ type: 'asset', name: 'antd-static.css', source: css });
    },
    generateBundle: {
      order: 'pre',
      handler(_opts, bundle) {
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const entry = chunks.find((c) => c.isEntry);
        const signedInModule = path.join(root, 'src', 'layout', 'SignedInApp.tsx');
        const signedIn = chunks.find((c) => c.isDynamicEntry && c.moduleIds.includes(signedInModule));
        if (!entry || !signedIn) throw new Error('signed-in boot: entry or SignedInApp chunk not found');
        // The signed-in chunk and its static imports, less what the entry's own modulepreloads fetch.
        const byName = new Map(chunks.map((c) => [c.fileName, c]));
        const graph = (start: string, into = new Set<string>()) => {
          if (into.has(start)) return into;
          into.add(start);
          for (const i of byName.get(start)?.imports ?? []) graph(i, into);
          return into;
        };
        const loaded = graph(entry.fileName);
        const preloads = [...graph(signedIn.fileName)].filter((f) => !loaded.has(f)).map((f) => `/${f}`);
        const source = `// Off the login page: antd's prebuilt styles and the signed-in app's code, fetched before the entry runs (vite.config.ts).
(function () {
  if (location.pathname.indexOf('/login') === 0) return;
  var head = document.head;
  var css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = ${JSON.stringify(`/${this.getFileName(cssRef)}`)};
  css.setAttribute('data-antd-static', '');
  head.insertBefore(css, head.firstChild);
  ${JSON.stringify(preloads)}.forEach(function (href) {
    var l = document.createElement('link');
    l.rel = 'modulepreload';
    l.crossOrigin = '';
    l.href = href;
    head.appendChild(l);
  });
})();
`;
        bootName = this.getFileName(this.emitFile({ type: 'asset', name: 'boot.js', source }));
      },
    },
    transformIndexHtml: {
      order: 'post',
      handler() {
        // A classic script runs as soon as it is parsed, before the (deferred) module entry.
        return bootName ? [{ tag: 'script', attrs: { src: `/${bootName}` }, injectTo: 'head' }] : [];
      },
    },
  };
}

/** The CSS of STATIC_STYLE_COMPONENTS under ANTD_THEME, with cssinjs's cache map (rendered with react-dom/server). */
async function extractAntdStyles(): Promise<string> {
  const require = createRequire(path.join(root, '..', 'package.json'));
  // antd names its hashed classes differently outside production ("css-dev-only-…"): match the bundle.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const React = require('react') as typeof import('react');
    const { renderToString } = require('react-dom/server') as typeof import('react-dom/server');
    const antd = require('antd') as Record<string, unknown> & typeof import('antd');
    const { StyleProvider, createCache, extractStyle } = require('@ant-design/cssinjs') as typeof import('@ant-design/cssinjs');
    const cache = createCache();
    const isComponent = (v: unknown) => typeof v === 'function' || (typeof v === 'object' && v !== null && '$$typeof' in v);
    for (const name of STATIC_STYLE_COMPONENTS) {
      const C = antd[name] as Record<string, unknown>;
      // The component and its parts (Input.TextArea, Layout.Sider, …); not the `_Internal…` panels,
      // which render under a theme of their own that the app never uses.
      const parts = [C, ...Object.entries(C).filter(([k, v]) => /^[A-Z]/.test(k) && isComponent(v)).map(([, v]) => v)];
      for (const part of parts) {
        try {
          renderToString(
            React.createElement(StyleProvider, { cache }, React.createElement(antd.ConfigProvider, { theme: ANTD_THEME }, React.createElement(part as React.ComponentType))),
          );
        } catch {
          // A part that cannot render without props or a parent (Menu.Item): its parent's styles cover it.
        }
      }
    }
    return extractStyle(cache, { plain: true, types: 'style' });
  } finally {
    process.env.NODE_ENV = env;
  }
}

// The config lives in web/ but is run from the repository root (`vite build --config web/vite.config.ts`),
// so every path is anchored to this file.
export default defineConfig({
  root,
  plugins: [react(), signedInBoot()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // antd and ECharts chunks are large by nature; the figure that matters is the initial JS (bench/web-size.mjs).
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // React and i18next change far less often than the app: in their own chunks a new release
        // re-downloads the app's code but not theirs. antd is left to Rollup, which splits it by the
        // components each chunk uses (one antd chunk would put the whole library in the login page).
        manualChunks(id) {
          if (/[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser)[\\/]/.test(id)) return 'react';
          if (/[\\/]node_modules[\\/](i18next|react-i18next|html-parse-stringify|void-elements)[\\/]/.test(id)) return 'i18n';
          return undefined;
        },
      },
    },
  },
  server: {
    // `npm run dev:web` talks to a server started separately (default port 3000).
    proxy: { '/api': process.env.SHOUWEN_API ?? 'http://localhost:3000' },
  },
});

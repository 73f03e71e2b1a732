import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = path.dirname(fileURLToPath(import.meta.url));

// The config lives in web/ but is run from the repository root (`vite build --config web/vite.config.ts`),
// so every path is anchored to this file.
export default defineConfig({
  root,
  plugins: [react()],
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

import { createRequire } from 'node:module';
import react from '@vitejs/plugin-react';
import type { ManualChunkMeta } from 'rollup';
import { defineConfig, type Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';

type ModuleGraph = Pick<ManualChunkMeta, 'getModuleIds' | 'getModuleInfo'>;

const LIGHT_KIT = '/web/src/ui/lite/';

/**
 * The code of the first screens: the entry, and every file drawn with the light kit (ui/lite: the
 * sign-in page, the member shell, the member home and its cards, the member card), with all they
 * import statically.
 * None of it may reach antd, so a phone runs little script before it can be used: the build fails,
 * naming the chain of imports, if any does.
 */
function firstScreens(graph: ModuleGraph) {
  const roots = [...graph.getModuleIds()].filter((id) => {
    const info = graph.getModuleInfo(id);
    return info?.isEntry || info?.importedIds.some((imported) => imported.includes(LIGHT_KIT));
  });
  const via = new Map<string, string | null>(roots.map((id) => [id, null]));
  const queue = [...roots];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (/\/node_modules\/antd\//.test(id)) {
      const chain = [id];
      for (let from = via.get(id); from; from = via.get(from)) chain.unshift(from);
      throw new Error(
        `A first screen reaches antd, which only the frame's pages may load (each file imports the next):\n  ${chain.join('\n  → ')}`,
      );
    }
    for (const imported of graph.getModuleInfo(id)?.importedIds ?? []) {
      if (via.has(imported)) continue;
      via.set(imported, id);
      queue.push(imported);
    }
  }
  return new Set(via.keys());
}

/**
 * The chunks of libraries. Those the first screens use (`firstScreens`) are `vendor`, which every
 * screen loads; every other one, antd first, is `vendor-ui`, loaded with the first page drawn with
 * antd; the charting library is `vendor-charts` (only statistics pages load it). The app's own code
 * and the contract go where the bundler puts them, by what imports what: each page is a chunk
 * loaded when first visited, and a first screen takes only the schemas it uses (the bundler follows
 * each name through the contract's index to the file that defines it; a named chunk would take in
 * everything the index re-exports, and everything a named chunk imports).
 */
function chunker() {
  let first: Set<string> | undefined;
  return (id: string, graph: ModuleGraph) => {
    first ??= firstScreens(graph);
    if (!id.includes('/node_modules/')) return undefined;
    if (/\/node_modules\/(echarts|zrender|echarts-for-react)\//.test(id)) return 'vendor-charts';
    // Schemas are built where a screen validates or parses, never in the app's first task.
    if (/\/node_modules\/zod\//.test(id)) return 'vendor-zod';
    return first.has(id) ? 'vendor' : 'vendor-ui';
  };
}

/**
 * What the entry loads in its steps (main.tsx): the default language's words, then the app, and
 * the calls to the auth endpoints that the app loads beside itself (app/session.ts) on every page.
 */
const FIRST_STEPS = ['/web/src/i18n/zh-CN.ts', '/web/src/app/App.tsx', '/web/src/app/session-calls.ts'];

/**
 * The built page paints its frame before the app's script runs: the entry's module script becomes
 * `boot.js` (public/), which imports the entry after the first frame. Without this, a phone paints
 * nothing until the whole script has run. Nor do the scripts' downloads begin before that frame:
 * over a slow link they would share it with the page and its one stylesheet, and the frame would
 * wait for them. After the frame boot.js preloads, all together, the entry, the chunks it imports
 * in its steps (`FIRST_STEPS`) and what they import (the list is on its tag, `data-preload`), so
 * each step only runs what is already there.
 */
function paintFirst(): Plugin {
  return {
    name: 'gonghui-paint-first',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const entry = /<script type="module" crossorigin src="([^"]+)"><\/script>/;
        if (!entry.test(html)) throw new Error('paintFirst: the entry script tag was not found');
        const chunks = Object.values(context.bundle ?? {}).filter((output) => output.type === 'chunk');
        const steps = FIRST_STEPS.map((source) => {
          const chunk = chunks.find((candidate) => candidate.moduleIds.some((id) => id.endsWith(source)));
          if (!chunk) throw new Error(`paintFirst: no chunk holds ${source}`);
          return chunk;
        });
        const wanted = new Set<string>();
        const visit = (fileName: string) => {
          if (wanted.has(fileName)) return;
          wanted.add(fileName);
          for (const imported of chunks.find((chunk) => chunk.fileName === fileName)?.imports ?? []) visit(imported);
        };
        for (const step of steps) visit(step.fileName);
        const styles = [...wanted].flatMap((fileName) => [
          ...(chunks.find((chunk) => chunk.fileName === fileName)?.viteMetadata?.importedCss ?? []),
        ]);
        // boot.js preloads the entry first, then what it imports (the bundler's own preload links,
        // taken out of the page), then the steps' chunks.
        const preloadLink = /\s*<link rel="modulepreload" crossorigin href="\/([^"]+)">/g;
        const first = [entry.exec(html)![1]!.slice(1), ...[...html.matchAll(preloadLink)].map((link) => link[1]!)];
        const stylesheets = styles
          .map((fileName) => `<link rel="stylesheet" crossorigin href="/${fileName}">`)
          .filter((link) => !html.includes(link.match(/href="[^"]+"/)![0]))
          .join('\n    ');
        const preload = [...new Set([...first, ...wanted])].map((fileName) => `/${fileName}`).join(' ');
        return html
          .replace(preloadLink, '')
          .replace(entry, `<script defer src="/boot.js" data-entry="$1" data-preload="${preload}"></script>`)
          .replace('</head>', `  ${stylesheets}\n  </head>`);
      },
    },
  };
}

/**
 * React Router's package points every bundler at its development build (remix-run/react-router
 * #12532, #14102: its dev-only warnings and checks run in production). A build takes the
 * production build it ships beside it.
 */
function reactRouterProduction() {
  const development = createRequire(import.meta.url).resolve('react-router');
  const production = development.replace(/\/development\/index\.m?js$/, '/production/index.mjs');
  if (production === development) throw new Error(`react-router: unexpected entry ${development}`);
  return [{ find: /^react-router$/, replacement: production }];
}

export default defineConfig(({ command }) => ({
  resolve: command === 'build' ? { alias: reactRouterProduction() } : {},
  // Every text asset is also written brotli- and gzip-compressed beside itself; the server sends the
  // smallest the browser accepts (no compression per request).
  plugins: [
    react(),
    paintFirst(),
    // Installable: a web manifest and a service worker that keeps the app's files, so the app
    // opens offline (every page path falls back to the kept index.html). API answers are not kept
    // by the worker; the app keeps what it needs offline itself (the member card), per user.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      includeAssets: ['favicon.ico', 'apple-touch-icon.png', 'robots.txt'],
      manifest: {
        name: '智慧工会 Gonghui',
        short_name: '工会',
        description: '服务职工 · 维护权益',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#c8161e',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,ico,png,svg,json,webmanifest}'],
        // The antd chunk is about 1.5 MB before compression.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/healthz/, /^\/metrics/],
        cleanupOutdatedCaches: true,
      },
    }),
    compression({
      algorithms: ['brotliCompress', 'gzip'],
      threshold: 1024,
      include: /\.(js|css|html|svg|json|txt|webmanifest)$/,
    }),
  ],
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000', '/healthz': 'http://localhost:3000' } },
  // Workers (the QR encoder, ui/lite/qr.worker.ts) are modules, as the app's own chunks are.
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      output: { manualChunks: chunker() },
      // The contract builds its schemas at module level, by calls to zod: marked pure, the schemas
      // a chunk does not use stay out of it (the app's first chunk takes the menu's groups and
      // the to-do kinds from files that also define schemas, and builds none of them).
      treeshake: { manualPureFunctions: ['z'] },
    },
  },
}));

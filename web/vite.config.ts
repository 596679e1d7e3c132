import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Each module's pages build into one chunk, `module-<name>`, loaded when one of them is first
 * visited; the charting library is a chunk of its own (only statistics pages load it), and every
 * other library one shared `vendor` chunk; the rest of the app (shells, shared UI, translations,
 * manifests) is the `app` chunk every screen needs.
 */
function chunkOf(id: string) {
  if (id.includes('/node_modules/')) {
    return /\/node_modules\/(echarts|zrender|echarts-for-react)\//.test(id) ? 'vendor-charts' : 'vendor';
  }
  // The chart component goes with the library it wraps.
  if (id.includes('/web/src/ui/Chart.')) return 'vendor-charts';
  const match = /\/web\/src\/modules\/([^/]+)\/(?!manifest\.ts$)/.exec(id);
  if (match) return `module-${match[1]}`;
  // The shells, the shared UI, the translations and the manifests: the first screen's own code.
  return id.includes('/web/src/') ? 'app' : undefined;
}

/**
 * The built page paints its frame before the app's script runs: the entry's module script becomes
 * `boot.js` (public/), which imports the entry after the first frame. Without this, a phone paints
 * nothing until the whole script has run. The modulepreload links still fetch it at once.
 */
function paintFirst(): Plugin {
  return {
    name: 'gonghui-paint-first',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const entry = /<script type="module" crossorigin src="([^"]+)"><\/script>/;
        if (!entry.test(html)) throw new Error('paintFirst: the entry script tag was not found');
        return html.replace(entry, '<script defer src="/boot.js" data-entry="$1"></script>');
      },
    },
  };
}

export default defineConfig({
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
        // The vendor chunk is about 1.8 MB before compression.
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
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: { output: { manualChunks: chunkOf } },
  },
});

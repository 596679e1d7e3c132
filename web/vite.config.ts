import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

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

export default defineConfig({
  // Every text asset is also written brotli- and gzip-compressed beside itself; the server sends the
  // smallest the browser accepts (no compression per request).
  plugins: [
    react(),
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

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The department console: a second small entry the center serves at /console/ from its
// public port. `vite --config vite.console.config.ts` serves it for development and
// forwards /v1 to a running center (CENTER_URL, default the local one).
export default defineConfig({
  root: 'src-console',
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: '../dist/console',
    emptyOutDir: true,
    target: 'chrome120',
    chunkSizeWarningLimit: 4000,
    sourcemap: true,
  },
  server: {
    proxy: { '/v1': { target: process.env.CENTER_URL ?? 'http://127.0.0.1:4780', changeOrigin: false } },
  },
});

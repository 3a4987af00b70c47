import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev:web` serves the app with live reload and sends API and tracking calls to a running
// server (`npm run dev`, port 8080 unless LEADRAIL_API says otherwise), so cookies stay same-origin.
const api = process.env.LEADRAIL_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    // Served by the Fastify server (src/http/web-app.ts) from dist/web, hashed files under /assets/.
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api/': api,
      '/docs': api,
      '/healthz': api,
      '/click': api,
      '/f/': api,
      '^/r(\\?|$)': api,
    },
  },
});

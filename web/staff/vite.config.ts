import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The staff app is served by `vigil serve` at /app/ from dist/web/staff; it loads nothing from elsewhere.
export default defineConfig({
  root,
  base: '/app/',
  plugins: [react()],
  build: { outDir: fileURLToPath(new URL('../../dist/web/staff', import.meta.url)), emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});

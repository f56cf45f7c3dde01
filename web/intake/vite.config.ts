import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// One ES module, dist/web/intake/intake.js, served by the intake under a CSP of script-src 'self': no HTML, no
// hashed names, nothing from elsewhere. The same file is started again as the sealing worker.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web/intake', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    minify: 'esbuild',
    modulePreload: false,
    lib: {
      entry: fileURLToPath(new URL('src/main.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'intake.js',
    },
    rollupOptions: { output: { inlineDynamicImports: true } },
  },
});

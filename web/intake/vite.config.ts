import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// One ES module, dist/web/intake/intake.js, served by the intake under a CSP of script-src 'self': no HTML, no
// hashed names, nothing from elsewhere. The same file is started again as the sealing worker.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../../dist/web/intake', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    modulePreload: false,
    rollupOptions: {
      input: fileURLToPath(new URL('src/main.ts', import.meta.url)),
      output: { format: 'es', entryFileNames: 'intake.js', inlineDynamicImports: true },
      // @scure/base places a /* @__PURE__ */ where Rollup cannot use it; harmless, and not ours to fix.
      onwarn(warning, warn) {
        if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
      },
    },
  },
});

// npm run build's last step: the CLI and its worker threads as one folder of ES modules (dist/bundle/cli/),
// which is what `vigil` runs. Node's module loader spends about 0.4 ms on each file it loads, and the
// unbundled CLI loads about 1,200 (TypeBox and Kysely alone are 635), so every command started 0.5 s late.
// Entries and shared chunks lie side by side in one folder, two below dist/ like dist/src/server/: a worker
// script found with `new URL('./x-worker.js', import.meta.url)` and the web apps found from
// src/server/web-roots.ts resolve the same from the bundle as from tsc's output.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Loaded from node_modules at run time: native addons, packages that read their own files (fastify's static
 * and swagger-ui assets, pino's worker transports), and the large packages only some commands load (S3,
 * PostgreSQL, pg-boss), which would only make the bundle longer to read.
 */
const EXTERNAL = ['better-sqlite3', 'sodium-native', 'sharp', 'pg', 'pg-native', 'pg-boss', 'fastify', '@fastify/*', 'pino', '@aws-sdk/*', '@smithy/*'];

const entryPoints = {
  main: 'dist/src/cli/main.js',
  'whole-file-worker': 'dist/src/vault/ingest/whole-file-worker.js',
  'sha256-worker': 'dist/src/vault/ingest/sha256-worker.js',
  'payload-digest-worker': 'dist/src/vault/verify/payload-digest-worker.js',
};

const outdir = path.join('dist', 'bundle', 'cli');
// Chunks are named by their content: a folder kept from an earlier build would fill with dead ones.
fs.rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  external: EXTERNAL,
  chunkNames: 'chunk-[hash]',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Bundled CommonJS packages call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as vigilCreateRequire } from 'node:module'; const require = vigilCreateRequire(import.meta.url);" },
});

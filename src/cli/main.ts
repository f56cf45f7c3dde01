#!/usr/bin/env node
// libuv sizes its thread pool when it is first used, so this must run before any asynchronous I/O.
// Ingest keeps file reads, direct writes and fsyncs of several files in flight at once; the
// default of 4 threads leaves the hashing thread waiting for them.
process.env.UV_THREADPOOL_SIZE ??= '8';

// Vigil's native addon is built for the Node.js that `npm install` brings (node_modules/.bin/node, 24); the
// machine's own Node may be older and would fail later with an ABI message nobody can act on.
const REQUIRED_NODE_MAJOR = 24;
if (Number(process.versions.node.split('.')[0]) < REQUIRED_NODE_MAJOR) {
  console.error(
    `vigil: this is Node.js ${process.versions.node}; Vigil needs ${REQUIRED_NODE_MAJOR} or later. ` +
      'Run it as `npx vigil …` or through `npm start`, which use the Node.js that npm install put in node_modules.',
  );
  process.exit(1);
}
await import('./program.js');

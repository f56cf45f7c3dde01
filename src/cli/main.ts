#!/usr/bin/env -S node --max-semi-space-size=8
// The flag: Node 24 lets the young generation grow to 64 MB while thousands of small files are sealed, a
// third of ingest's memory; 8 MB semi-spaces cost no measurable time (npm run bench:ingest runs Vigil
// with the flags of this line, as a user's `vigil` gets them).
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
// No compile cache (module.enableCompileCache): in the shared temporary folder another local user could plant
// compiled code there, and it would record where Vigil is installed and when it ran; it saved 0.05 s a command.
await import('./program.js');

#!/usr/bin/env node
// libuv sizes its thread pool when it is first used, so this must run before any asynchronous I/O.
// Ingest keeps file reads, direct writes and fsyncs of several files in flight at once; the
// default of 4 threads leaves the hashing thread waiting for them.
process.env.UV_THREADPOOL_SIZE ??= '8';
await import('./program.js');

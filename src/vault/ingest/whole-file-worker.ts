import { parentPort, workerData } from 'node:worker_threads';
import { AGE_CHUNK_ENCRYPTED } from '../../crypto/index.js';
import { sealWholeFile, type WholeFileTools } from './whole-file-seal.js';
import type { SealFileRequest, WholeFileWorkerData } from './whole-file-sealer.js';

/** A worker thread of WholeFileSealer: one whole file a message, in the order sent. */
// The worker imports no more than it needs (not file-type, for one): each thread's modules cost memory.
const { recipients, headBytes } = workerData as WholeFileWorkerData;
const tools: WholeFileTools = {
  recipients,
  readBuffer: Buffer.allocUnsafe(1024 * 1024),
  lastChunk: Buffer.allocUnsafe(AGE_CHUNK_ENCRYPTED),
  headBytes,
};

parentPort!.on('message', (request: SealFileRequest) => {
  parentPort!.postMessage(sealWholeFile(request, tools));
});

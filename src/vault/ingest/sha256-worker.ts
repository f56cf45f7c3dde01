import crypto, { type Hash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { HashReply, HashRequest } from './sha256-offload.js';

/** A worker thread of Sha256Offload: the SHA-256 of several files at once, each piece in the order sent. */
const hashes = new Map<number, Hash>();

parentPort?.on('message', (request: HashRequest) => {
  if (request.drop) {
    hashes.delete(request.id);
    return;
  }
  let reply: HashReply;
  try {
    let hash = hashes.get(request.id);
    if (hash === undefined) hashes.set(request.id, (hash = crypto.createHash('sha256')));
    if (request.piece) hash.update(request.piece);
    if (request.last) {
      hashes.delete(request.id);
      reply = { id: request.id, sha256: hash.digest('hex') };
    } else {
      reply = { id: request.id };
    }
  } catch (error) {
    hashes.delete(request.id);
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});

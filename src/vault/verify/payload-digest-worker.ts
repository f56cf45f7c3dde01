import { closeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { openBlobFile } from './open-blob-file.js';
import { digestOpenPayload, type PayloadKeys } from './payload-digest.js';
import { readPayloadKeysSync } from './payload-keys.js';
import type { DigestReply, DigestRequest, DigestWorkerData } from './payload-digest-pool.js';

const { identity } = workerData as DigestWorkerData;

/**
 * A worker thread of PayloadDigestPool: one blob at a time, in the order asked. It opens the blob once, unwraps
 * its file key from the header unless the main thread sent it, then decrypts and hashes the payload.
 */
parentPort?.on('message', (request: DigestRequest) => {
  let reply: DigestReply;
  try {
    const fd = openBlobFile(request.file);
    try {
      const keys: PayloadKeys | undefined = request.keys
        ? { payloadStart: request.keys.payloadStart, fileKey: Buffer.from(request.keys.fileKey), nonce: Buffer.from(request.keys.nonce) }
        : readPayloadKeysSync(fd, identity);
      reply = keys ? { id: request.id, digest: digestOpenPayload(fd, keys) } : { id: request.id, needsKeys: true };
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { code } : {}) };
  }
  parentPort!.postMessage(reply);
});

import { parentPort } from 'node:worker_threads';
import { digestPayload } from './payload-digest.js';
import type { DigestReply, DigestRequest } from './payload-digest-pool.js';

/** A worker thread of PayloadDigestPool: one blob at a time, in the order asked. */
parentPort?.on('message', (request: DigestRequest) => {
  let reply: DigestReply;
  try {
    const digest = digestPayload(request.file, {
      payloadStart: request.payloadStart,
      fileKey: Buffer.from(request.fileKey),
      nonce: Buffer.from(request.nonce),
    });
    reply = { id: request.id, digest };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});

// The HTTP face of a witness (c2sp.org/tlog-witness): POST /add-checkpoint, and the monitoring
// GET /<SHA-256 of the origin, hex>/checkpoint. No request is logged: not an address, not a path.

import Fastify, { type FastifyReply } from 'fastify';
import type { AddressInfo } from 'node:net';
import { witnessVerifierKeyOf } from './cosigner-keys.js';
import { readLogStateByHash } from './log-states.js';
import { holdServeLock, readWitnessSettings, witnessLayout } from './witness-folder.js';
import { WitnessService } from './witness-service.js';
import { WitnessConflictError, WitnessError, WitnessRefusedError } from './witness-errors.js';

/** A request is a checkpoint with a few dozen signatures and at most 63 proof hashes: a few kilobytes. */
const MAX_REQUEST_BYTES = 64 * 1024;
/** A request whose body has not arrived whole by then is dropped, so slow senders cannot hold connections. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface RunningWitness {
  url: string;
  close(): Promise<void>;
}

/** The witness server (Fastify), for `vigil witness serve` and for tests. */
export async function startWitnessServer(options: { dir: string; signerKey: string; host: string; port: number }): Promise<RunningWitness> {
  const layout = witnessLayout(options.dir);
  const settings = readWitnessSettings(layout);
  if (witnessVerifierKeyOf(options.signerKey) !== settings.verifierKey) {
    throw new WitnessError(`the signer key given is not the key of the witness in ${options.dir} (${settings.verifierKey})`);
  }
  const witness = new WitnessService(layout, options.signerKey);
  const releaseLock = holdServeLock(layout);

  const app = Fastify({ logger: false, bodyLimit: MAX_REQUEST_BYTES, requestTimeout: REQUEST_TIMEOUT_MS, return503OnClosing: true });
  app.removeAllContentTypeParsers();
  // Whatever the content type (the protocol names none), the body is read as bytes and decoded strictly below.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
  });

  app.post('/add-checkpoint', async (request, reply) => {
    const body = decodeUtf8(request.body);
    if (body === null) return text(reply, 400, 'malformed request: the body must be UTF-8 text: "old N", the proof lines, an empty line, then the checkpoint');
    try {
      return text(reply, 200, await witness.addCheckpoint(body));
    } catch (error) {
      if (error instanceof WitnessConflictError) return reply.code(409).type('text/x.tlog.size').send(`${error.latestSize}\n`);
      if (error instanceof WitnessRefusedError) return text(reply, error.status, error.message);
      throw error;
    }
  });

  app.get<{ Params: { hash: string } }>('/:hash/checkpoint', async (request, reply) => {
    const state = await readLogStateByHash(layout, request.params.hash);
    if (!state?.checkpoint) return text(reply, 404, 'this witness has cosigned no checkpoint of a log with that origin hash');
    return text(reply, 200, state.checkpoint);
  });

  app.setNotFoundHandler((_request, reply) => text(reply, 404, 'not found: a witness answers POST /add-checkpoint and GET /<origin hash>/checkpoint'));
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return text(reply, 413, `request too large: at most ${MAX_REQUEST_BYTES} bytes`);
    if (status >= 400 && status < 500) return text(reply, status, error.message);
    // The operator sees what went wrong; the client learns only that it did.
    process.stderr.write(`vigil witness: ${error instanceof Error && process.env.VIGIL_DEBUG !== undefined ? error.stack : error.message}\n`);
    return text(reply, 500, 'the witness failed to process the request; try again later');
  });

  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    releaseLock();
    await app.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new WitnessError(`port ${options.port} is in use: choose another with --port`);
    throw error;
  }
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    async close() {
      await app.close();
      releaseLock();
    },
  };
}

function text(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .type('text/plain; charset=utf-8')
    .send(body.endsWith('\n') ? body : `${body}\n`);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(body: unknown): string | null {
  if (!Buffer.isBuffer(body)) return null;
  try {
    return strictUtf8.decode(body);
  } catch {
    return null;
  }
}

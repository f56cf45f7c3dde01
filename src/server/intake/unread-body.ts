import net from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** At most this long after the answer, the client of a body left unread has to stop sending and hang up. */
const MAX_LINGER_MS = 10_000;

/** True when the request announced a body and not all of it has arrived over its connection. */
export function bodyStillArriving(request: FastifyRequest): boolean {
  const raw = request.raw;
  if (!(raw.socket instanceof net.Socket)) return false; // injected (tests): there is no connection to hold
  const hasBody = Number(raw.headers['content-length'] ?? 0) > 0 || raw.headers['transfer-encoding'] !== undefined;
  return hasBody && !raw.complete;
}

/**
 * A request answered before its body was read to the end (a refused upload, an unknown submission, a stale
 * token) has a body nobody will read. Left alone, it stays paused in the parser that was reading it: the
 * connection, the parser and its buffers are held for as long as the client likes, and the client's hang-up is
 * never seen. So the answer says `Connection: close` (a client should then stop sending), the server closes its
 * side once the answer is out, and reads and drops whatever the client still sends until the client hangs up,
 * for at most one stall window (ten seconds at most); then the connection is closed outright.
 */
export function letGoOfUnreadBodies(stallWindowMs: number) {
  const lingerMs = Math.min(stallWindowMs, MAX_LINGER_MS);
  return {
    async onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
      if (!bodyStillArriving(request)) return payload;
      reply.header('connection', 'close');
      // Node destroys the socket of a `Connection: close` answer as soon as the answer is written; with the
      // client's bytes still unread, that resets the connection, and a client that has not read the answer yet
      // loses it (the source never sees why the upload was refused). Closing only our side keeps it readable.
      const socket = request.raw.socket;
      socket.destroySoon = () => socket.end();
      return payload;
    },
    async onResponse(request: FastifyRequest): Promise<void> {
      if (!bodyStillArriving(request)) return;
      const raw = request.raw;
      const socket = raw.socket;
      raw.unpipe();
      raw.resume();
      const timer = setTimeout(() => socket.destroy(), lingerMs);
      timer.unref();
      socket.once('close', () => clearTimeout(timer));
    },
  };
}

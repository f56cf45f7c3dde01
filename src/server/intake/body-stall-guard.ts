import type { FastifyReply, FastifyRequest } from 'fastify';
import { bodyStillArriving } from './unread-body.js';

export interface BodyStallLimit {
  /** How long a body may go with less than `minBytes` arriving while the server waits for it. */
  windowMs: number;
  minBytes: number;
}

/** A minute in which less than 16 KiB arrives (under 300 bytes a second) is a stall; a slow Tor circuit sends far more. */
export const DEFAULT_BODY_STALL: BodyStallLimit = { windowMs: 60_000, minBytes: 16 * 1024 };

/**
 * Closes the connection of a request whose body stalls: one that keeps flowing, however long (a 2 GB form over
 * Tor, a large tus PATCH), is left alone; one that trickles or stops holds a connection and a file open for
 * nothing. Time the server itself spends not reading (its own buffer is full, or it is busy) never counts
 * against the client. Nothing about the request is recorded.
 */
export function watchBodyStall(limit: BodyStallLimit) {
  return async function bodyStallGuard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!bodyStillArriving(request)) return;
    const raw = request.raw;
    const socket = raw.socket;
    const tick = Math.max(10, Math.floor(limit.windowMs / 4));
    let windowStart = Date.now();
    let bytesAtStart = socket.bytesRead;
    const timer = setInterval(() => {
      if (raw.complete || socket.destroyed) return clearInterval(timer);
      const now = Date.now();
      if (raw.readableLength > 0 && !reply.raw.writableFinished) {
        // Bytes are waiting for the server to read them: the client is not the one holding things up (unless the
        // answer has gone: then the server reads no more, and the bytes are no excuse).
        windowStart = now;
        bytesAtStart = socket.bytesRead;
      } else if (now - windowStart >= limit.windowMs) {
        if (socket.bytesRead - bytesAtStart < limit.minBytes) {
          clearInterval(timer);
          socket.destroy();
          return;
        }
        windowStart = now;
        bytesAtStart = socket.bytesRead;
      }
    }, tick);
    timer.unref();
    raw.once('close', () => clearInterval(timer));
  };
}

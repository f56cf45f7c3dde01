import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Bytes of something that can be read from any offset: a vault item's plaintext, decrypted chunk by chunk. */
export interface SeekableSource {
  size: number;
  /** Bytes [start, end], inclusive. */
  range(start: number, end: number): Promise<Readable>;
}

export interface LoopbackUrl {
  /** What the tool is told to open: it holds no secret, since any local user can read a process's arguments. */
  url: string;
  /**
   * The environment the tool must run with: the secret travels as the credentials of an HTTP proxy (this same
   * server), in the environment, which only the tool's own user can read.
   */
  env: Record<string, string>;
  /** The first error the source itself raised (a damaged blob, say), which the tool only saw as a cut connection. */
  sourceError(): Error | null;
  close(): Promise<void>;
}

const PATH = '/media';
const USER = 'vigil';

/**
 * Lends a source to a tool (ffprobe, ffmpeg) as a URL on the loopback interface that answers HTTP range
 * requests: the tool can seek, as an MP4 whose index is at its end needs, and no plaintext is written to a file.
 * Any local user can connect to a loopback port and read a process's command line, so the URL holds no secret:
 * the tool reaches the server as its HTTP proxy, whose credentials (a random token) it has from its environment
 * (`http_proxy`), readable only by its own user. A request without them is refused (407), as is any other path
 * or method.
 */
export async function serveOnLoopback(source: SeekableSource): Promise<LoopbackUrl> {
  const token = crypto.randomBytes(24).toString('base64url');
  const expected = Buffer.from(`Basic ${Buffer.from(`${USER}:${token}`).toString('base64')}`);
  let failure: Error | null = null;
  const failed = (error: unknown) => (failure ??= error instanceof Error ? error : new Error(String(error)));
  const server = http.createServer((request, response) => {
    const given = Buffer.from(request.headers['proxy-authorization'] ?? '');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      response.writeHead(407, { 'proxy-authenticate': 'Basic realm="vigil"' }).end();
      return;
    }
    void answer(source, request, response, failed).catch((error: unknown) => {
      failed(error);
      response.destroy();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${PATH}`,
    env: { http_proxy: `http://${USER}:${token}@127.0.0.1:${port}`, no_proxy: '' },
    sourceError: () => failure,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A file outside the vault as a source: tools then read it as they read evidence, never by its path. */
export function fileSource(file: string): SeekableSource {
  const size = fs.statSync(file).size;
  return { size, range: async (start, end) => fs.createReadStream(file, { start, end }) };
}

async function answer(source: SeekableSource, request: http.IncomingMessage, response: http.ServerResponse, failed: (error: unknown) => void): Promise<void> {
  // A proxy is asked for the absolute URL; the path alone is accepted too.
  const path = (request.url ?? '').replace(/^http:\/\/127\.0\.0\.1:\d+/, '');
  if (path !== PATH || (request.method !== 'GET' && request.method !== 'HEAD')) {
    response.writeHead(404).end();
    return;
  }
  const size = source.size;
  const wanted = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
  let start = 0;
  let end = size - 1;
  if (wanted) {
    if (wanted[1] === '') {
      start = Math.max(0, size - Number(wanted[2]));
    } else {
      start = Number(wanted[1]);
      if (wanted[2] !== '') end = Math.min(end, Number(wanted[2]));
    }
    if (start >= size || start > end) {
      response.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
  }
  const headers = { 'accept-ranges': 'bytes', 'content-length': String(Math.max(0, end - start + 1)), 'content-type': 'application/octet-stream' };
  if (wanted) response.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${size}` });
  else response.writeHead(200, headers);
  if (request.method === 'HEAD' || size === 0) {
    response.end();
    return;
  }
  const bytes = await source.range(start, end);
  bytes.once('error', (error: NodeJS.ErrnoException) => {
    // The tool hung up: the pipeline then ends the source with "premature close". Not the source's fault.
    if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE' && error.name !== 'AbortError') failed(error);
  });
  // A tool that seeks elsewhere drops the connection mid-range: that ends the pipeline, and is not a failure.
  await pipeline(bytes, response).catch(() => undefined);
}

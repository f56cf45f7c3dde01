import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

/** Bytes of something that can be read from any offset: a vault item's plaintext, decrypted chunk by chunk. */
export interface SeekableSource {
  size: number;
  /** Bytes [start, end], inclusive. */
  range(start: number, end: number): Promise<Readable>;
}

export interface LoopbackUrl {
  url: string;
  /** The first error the source itself raised (a damaged blob, say), which the tool only saw as a cut connection. */
  sourceError(): Error | null;
  close(): Promise<void>;
}

/**
 * Lends a source to a tool (ffprobe, ffmpeg) as a URL on the loopback interface that answers HTTP range
 * requests: the tool can seek, as an MP4 whose index is at its end needs, and no plaintext is written to
 * a file. The path is a random token, so another local user who finds the port finds nothing; only GET
 * and HEAD of that one path are answered.
 */
export async function serveOnLoopback(source: SeekableSource): Promise<LoopbackUrl> {
  const token = crypto.randomBytes(24).toString('base64url');
  let failure: Error | null = null;
  const failed = (error: unknown) => (failure ??= error instanceof Error ? error : new Error(String(error)));
  const server = http.createServer((request, response) => {
    void answer(source, token, request, response, failed).catch((error: unknown) => {
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
    url: `http://127.0.0.1:${port}/${token}`,
    sourceError: () => failure,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function answer(
  source: SeekableSource,
  token: string,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  failed: (error: unknown) => void,
): Promise<void> {
  if (request.url !== `/${token}` || (request.method !== 'GET' && request.method !== 'HEAD')) {
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
  // A tool that seeks elsewhere drops the connection mid-range: that ends the pipeline, and is not a failure;
  // an error of the source's own is.
  const bytes = await source.range(start, end);
  bytes.once('error', (error: NodeJS.ErrnoException) => {
    // The tool hung up: the pipeline then ends the source with "premature close". Not the source's fault.
    if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE' && error.name !== 'AbortError') failed(error);
  });
  await pipeline(bytes, response).catch(() => undefined);
}

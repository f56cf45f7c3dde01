import type { Readable } from 'node:stream';

/** A stream of plaintext read whole into one buffer; the pieces it came in are wiped (the caller wipes the whole). */
export async function readWhole(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  const all = Buffer.concat(parts);
  for (const part of parts) part.fill(0);
  return all;
}

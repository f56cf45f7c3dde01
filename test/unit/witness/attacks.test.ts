// Attacks on the witness client by a witness the adversary runs (see test/medium/custody-attacks.test.ts).

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { generateWitnessKeys, latestCosignedCheckpoint, parseWitnessEndpoint } from '../../../src/witness/index.js';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A "witness" that answers every request with `total` bytes, as fast as the client reads them; counts what left. */
async function floodingWitness(total: number): Promise<{ url: string; sent: () => number }> {
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, 'A');
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      response.end();
    };
    response.on('close', () => undefined);
    pump();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent: () => sent };
}

describe('asking a hostile witness for its latest checkpoint', () => {
  it('stops reading once the answer is longer than a note can be', async () => {
    const flood = await floodingWitness(64 * 1024 * 1024);
    const endpoint = parseWitnessEndpoint(`${flood.url} ${generateWitnessKeys('hostile.example.org/w').verifierKey}`);
    await expect(latestCosignedCheckpoint(endpoint, 'vigil/custody/test-1a2b3c4d', { timeoutMs: 20_000 })).rejects.toThrow(/longer than/);
    // 64 KiB is the limit; socket buffers allow some more, not the whole 64 MiB.
    expect(flood.sent()).toBeLessThan(8 * 1024 * 1024);
  });
});

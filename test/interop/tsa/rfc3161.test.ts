// Interoperability with OpenSSL's RFC 3161 implementation: a local time-stamping authority made
// with `openssl ts -reply` behind a tiny HTTP server, and `openssl ts -verify` as the judge.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimestampError, requestTimestamp } from '../../../src/custody/rfc3161.js';
import { readTstInfo } from '../../../src/custody/tst-info.js';

const run = promisify(execFile);
const OPENSSL = '/usr/bin/openssl';

let dir: string;
let server: http.Server;
let base: string;
let counter = 0;
let lastResponse: Buffer | undefined;

const file = (name: string) => path.join(dir, name);

async function openssl(...args: string[]): Promise<string> {
  const { stdout, stderr } = await run(OPENSSL, args, { cwd: dir });
  return stdout + stderr;
}

function tsaConfig(digests: string): string {
  return `
[ tsa ]
default_tsa = tsa_config

[ tsa_config ]
dir = ${dir}
serial = $dir/tsaserial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.55555.1
digests = ${digests}
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;
}

/** Answers a query file with `openssl ts -reply` under the given config. */
async function reply(query: Buffer, config: string): Promise<Buffer> {
  const n = ++counter;
  fs.writeFileSync(file(`query-${n}.tsq`), query);
  await openssl('ts', '-reply', '-config', file(config), '-queryfile', file(`query-${n}.tsq`), '-out', file(`reply-${n}.tsr`));
  return fs.readFileSync(file(`reply-${n}.tsr`));
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const send = (status: number, type: string, payload: Buffer | string) => {
    res.writeHead(status, { 'Content-Type': type });
    res.end(payload);
  };
  switch (req.url) {
    case '/tsa': {
      if (req.headers['content-type'] !== 'application/timestamp-query') return send(415, 'text/plain', 'wrong content type');
      const response = await reply(body, 'tsa.cnf');
      lastResponse = response;
      return send(200, 'application/timestamp-reply', response);
    }
    case '/refuse': // an authority that supports no digest we send: OpenSSL answers status 2 (rejection)
      return send(200, 'application/timestamp-reply', await reply(body, 'refuse.cnf'));
    case '/other-data': {
      // A genuine token, but for a query about other data.
      fs.writeFileSync(file('other.txt'), 'something else');
      await openssl('ts', '-query', '-data', file('other.txt'), '-sha256', '-cert', '-out', file('other.tsq'));
      return send(200, 'application/timestamp-reply', await reply(fs.readFileSync(file('other.tsq')), 'tsa.cnf'));
    }
    case '/replay': // the latest genuine reply, whatever was asked
      return send(200, 'application/timestamp-reply', lastResponse ?? Buffer.alloc(0));
    case '/garbage':
      return send(200, 'application/timestamp-reply', Buffer.from('this is not DER at all'));
    case '/html':
      return send(200, 'text/html; charset=utf-8', '<html>proxy login</html>');
    case '/broken':
      return send(500, 'text/plain', 'internal error');
    case '/hang':
      return; // never answers
    default:
      return send(404, 'text/plain', 'not found');
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-tsa-'));
  fs.writeFileSync(file('tsaserial'), '01\n');
  fs.writeFileSync(file('tsa.cnf'), tsaConfig('sha256, sha384, sha512'));
  fs.writeFileSync(file('refuse.cnf'), tsaConfig('sha384'));
  fs.writeFileSync(
    file('tsa-ext.cnf'),
    'basicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\nextendedKeyUsage = critical,timeStamping\n' +
      'subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n',
  );
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Vigil Test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  await openssl('req', ...ec, '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=Vigil Test TSA');
  await openssl('x509', '-req', '-in', 'tsa.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
    '-extfile', 'tsa-ext.cnf', '-out', 'tsa.pem');

  server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(599, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function rejection(url: string, options?: Parameters<typeof requestTimestamp>[2]): Promise<string> {
  const error = await requestTimestamp(url, Buffer.from('data'), options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TimestampError);
  return (error as Error).message;
}

describe('requestTimestamp against an OpenSSL time-stamping authority', () => {
  it('gets a token that openssl ts -verify accepts, for the data and nothing else', async () => {
    const data = Buffer.from('vigil.example.org/custody\n42\nq83vEjRWeJA=\n\n— a signed checkpoint\n');
    const before = Date.now();
    const result = await requestTimestamp(`${base}/tsa`, data);

    // The request is one OpenSSL understands, with a nonce and a certificate request.
    fs.writeFileSync(file('sent.tsq'), result.request);
    const queryText = await openssl('ts', '-query', '-in', file('sent.tsq'), '-text');
    expect(queryText).toMatch(/Hash Algorithm: sha256/);
    expect(queryText).toContain(createHash('sha256').update(data).digest('hex').slice(0, 8).replace(/(..)/g, '$1 ').trim());
    expect(queryText).toMatch(/Nonce: 0x[0-9A-F]+/i);
    expect(queryText).toMatch(/Certificate required: yes/);

    fs.writeFileSync(file('data.bin'), data);
    fs.writeFileSync(file('token.der'), result.token);
    fs.writeFileSync(file('response.tsr'), result.response);
    const common = ['-data', file('data.bin'), '-CAfile', file('ca.pem'), '-untrusted', file('tsa.pem')];
    expect(await openssl('ts', '-verify', '-in', file('token.der'), '-token_in', ...common)).toMatch(/Verification: OK/);
    expect(await openssl('ts', '-verify', '-in', file('response.tsr'), ...common)).toMatch(/Verification: OK/);

    fs.writeFileSync(file('tampered.bin'), Buffer.concat([data, Buffer.from('x')]));
    await expect(
      openssl('ts', '-verify', '-in', file('token.der'), '-token_in', '-data', file('tampered.bin'), '-CAfile', file('ca.pem'), '-untrusted', file('tsa.pem')),
    ).rejects.toThrow();

    const info = readTstInfo(result.token);
    expect(info.digest.equals(createHash('sha256').update(data).digest())).toBe(true);
    expect(info.policy).toBe('1.3.6.1.4.1.55555.1');
    expect(result.genTime.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 2000);
    expect(result.genTime.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
  });

  it('rejects an authority that refuses, with its status and reason', async () => {
    const message = await rejection(`${base}/refuse`);
    expect(message).toMatch(/did not grant a timestamp: status 2 \(rejection\)/);
    expect(message).toMatch(/badAlg/);
  });

  it('rejects garbage, the wrong content type and HTTP errors', async () => {
    expect(await rejection(`${base}/garbage`)).toMatch(/not a valid RFC 3161 TimeStampResp/);
    expect(await rejection(`${base}/html`)).toMatch(/content type "text\/html", expected "application\/timestamp-reply"/);
    expect(await rejection(`${base}/broken`)).toMatch(/answered HTTP 500/);
    expect(await rejection(`${base}/nowhere`)).toMatch(/answered HTTP 404/);
  });

  it('rejects a genuine token for other data, and a replayed reply', async () => {
    expect(await rejection(`${base}/other-data`)).toMatch(/for other data than was sent/);
    // Same data as `rejection` sends, so only the nonce gives the replay away.
    await requestTimestamp(`${base}/tsa`, Buffer.from('data'));
    expect(await rejection(`${base}/replay`)).toMatch(/does not carry the nonce that was sent/);
  });

  it('reports network failures and timeouts clearly', async () => {
    expect(await rejection(`${base}/hang`, { timeoutMs: 300 })).toMatch(/did not answer within 300 ms/);
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await rejection(`http://127.0.0.1:${port}/tsa`)).toMatch(/could not reach the time-stamping authority .*ECONNREFUSED/);
  });
});

// Interoperability with OpenSSL's RFC 3161 implementation: a local time-stamping authority made
// with `openssl ts -reply` behind a tiny HTTP server, and `openssl ts -verify` as the judge.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimestampError, requestTimestamp } from '../../../src/custody/rfc3161.js';
import { grantedReply, startTestTsa, tokenOf, type TestTsa, type TsaRoutes } from '../../helpers/openssl-tsa.js';

let tsa: TestTsa;
let base: string;
let lastResponse: Buffer | undefined;

const file = (name: string) => tsa.file(name);
const openssl = (...args: string[]) => tsa.openssl(...args);

/** The routes this suite adds to the test authority: refusals, foreign and replayed tokens, broken servers. */
const routes: TsaRoutes = async (req, body, send, authority) => {
  switch (req.url) {
    case '/tsa': {
      if (req.headers['content-type'] !== 'application/timestamp-query') {
        send(415, 'text/plain', 'wrong content type');
        return true;
      }
      lastResponse = await authority.reply(body);
      send(200, 'application/timestamp-reply', lastResponse);
      return true;
    }
    case '/refuse': // an authority that supports no digest we send: OpenSSL answers status 2 (rejection)
      send(200, 'application/timestamp-reply', await authority.reply(body, 'refuse.cnf'));
      return true;
    case '/other-data': {
      // A genuine token, but for a query about other data.
      fs.writeFileSync(file('other.txt'), 'something else');
      await openssl('ts', '-query', '-data', file('other.txt'), '-sha256', '-cert', '-out', file('other.tsq'));
      send(200, 'application/timestamp-reply', await authority.reply(fs.readFileSync(file('other.tsq'))));
      return true;
    }
    case '/flipped-signature': {
      // A genuine reply with the last byte of the signer's signature flipped (the token ends with it).
      const reply = await authority.reply(body);
      reply[reply.length - 1]! ^= 0x01;
      send(200, 'application/timestamp-reply', reply);
      return true;
    }
    case '/altered-time': {
      // A genuine reply with the stamped time moved by a second: the signed message digest no longer matches.
      const reply = await authority.reply(body);
      const at = reply.indexOf(Buffer.from([0x18, 0x0f])) + 2 + 13; // GeneralizedTime YYYYMMDDHHMMSSZ, last second digit
      reply[at] = reply[at] === 0x30 ? 0x31 : 0x30;
      send(200, 'application/timestamp-reply', reply);
      return true;
    }
    case '/no-eku': {
      // The genuine TSTInfo, signed by a certificate of the same CA that is not a time-stamping certificate.
      const token = tokenOf(await authority.reply(body));
      send(200, 'application/timestamp-reply', grantedReply(await authority.resign(token, authority.noEkuCertFile, authority.noEkuKeyFile)));
      return true;
    }
    case '/replay': // the latest genuine reply, whatever was asked
      send(200, 'application/timestamp-reply', lastResponse ?? Buffer.alloc(0));
      return true;
    case '/garbage':
      send(200, 'application/timestamp-reply', Buffer.from('this is not DER at all'));
      return true;
    case '/html':
      send(200, 'text/html; charset=utf-8', '<html>proxy login</html>');
      return true;
    case '/broken':
      send(500, 'text/plain', 'internal error');
      return true;
    case '/hang':
      return true; // never answers
    default:
      return false;
  }
};

beforeAll(async () => {
  tsa = await startTestTsa(routes);
  base = tsa.base;
});

afterAll(async () => {
  await tsa?.stop();
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

    expect(result.verified.policy).toBe('1.3.6.1.4.1.55555.1');
    expect(result.verified.signer).toBe('CN=Vigil Test TSA');
    const tokenText = await openssl('ts', '-reply', '-in', file('token.der'), '-token_in', '-text');
    expect(BigInt(/Serial number: (0x[0-9A-F]+)/i.exec(tokenText)![1]!)).toBe(BigInt(`0x${result.verified.serialNumber}`));
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

  it('rejects a token whose signature or signed content was altered', async () => {
    expect(await rejection(`${base}/flipped-signature`)).toMatch(/signature does not verify/);
    expect(await rejection(`${base}/altered-time`)).toMatch(/does not verify: .*message digest doesn't match/i);
  });

  it('rejects a token signed by a certificate without the timeStamping extended key usage', async () => {
    const message = await rejection(`${base}/no-eku`);
    expect(message).toMatch(/\(CN=Vigil Test Not A TSA\) is not a time-stamping authority/);
    expect(message).toMatch(/id-kp-timeStamping/);
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

// verifyTimestampToken against tokens made by OpenSSL's time-stamping authority, with `openssl ts -verify`
// judging the same tokens: what OpenSSL refuses, Vigil refuses too, and the other way round.

import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimestampError, verifyTimestampToken, type VerifyTimestampOptions } from '../../../src/custody/rfc3161.js';
import { startTestTsa, tokenOf, type TestTsa } from '../../helpers/openssl-tsa.js';

let tsa: TestTsa;
let serial = 0;
const data = Buffer.from('vigil.example.org/custody\n7\nq83vEjRWeJA=\n\n— a signed checkpoint\n');
const der = (pemFile: string) => new X509Certificate(fs.readFileSync(pemFile)).raw;

beforeAll(async () => {
  tsa = await startTestTsa();
  await tsa.openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'other-ca.key', '-out', 'other-ca.pem',
    '-days', '2', '-subj', '/CN=Some Other CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  fs.writeFileSync(tsa.file('data.bin'), data);
});

afterAll(async () => {
  await tsa?.stop();
});

/** A token from `openssl ts -reply` for `openssl ts -query` over the data, with or without the signer's certificate. */
async function opensslToken(options: { cert?: boolean; nonce?: boolean; dataFile?: string } = {}): Promise<Buffer> {
  const n = ++serial;
  const args = ['ts', '-query', '-data', options.dataFile ?? tsa.file('data.bin'), '-sha256', '-out', tsa.file(`q-${n}.tsq`)];
  if (options.cert !== false) args.push('-cert');
  if (options.nonce === false) args.push('-no_nonce');
  await tsa.openssl(...args);
  return tokenOf(await tsa.reply(fs.readFileSync(tsa.file(`q-${n}.tsq`))));
}

async function opensslAccepts(token: Buffer): Promise<boolean> {
  const n = ++serial;
  fs.writeFileSync(tsa.file(`t-${n}.der`), token);
  try {
    const out = await tsa.openssl('ts', '-verify', '-data', tsa.file('data.bin'), '-token_in', '-in', tsa.file(`t-${n}.der`), '-CAfile', tsa.caFile, '-untrusted', tsa.tsaCertFile);
    return /Verification: OK/.test(out);
  } catch {
    return false;
  }
}

async function refusal(token: Buffer, options?: VerifyTimestampOptions, over: Buffer = data): Promise<string> {
  const error = await verifyTimestampToken(token, over, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TimestampError);
  expect((error as TimestampError).code).toBe('timestamp-invalid');
  return (error as Error).message;
}

describe('verifyTimestampToken on OpenSSL tokens', () => {
  it('accepts a genuine token, alone or chained to its CA, and reads what it asserts', async () => {
    const token = await opensslToken();
    expect(await opensslAccepts(token)).toBe(true);
    const verified = await verifyTimestampToken(token, data);
    expect(verified.signer).toBe('CN=Vigil Test TSA');
    expect(verified.policy).toBe('1.3.6.1.4.1.55555.1');
    expect(Math.abs(verified.genTime.getTime() - Date.now())).toBeLessThan(60_000);
    await expect(verifyTimestampToken(token, data, { trustedCas: [der(tsa.caFile)] })).resolves.toEqual(verified);
  });

  it('refuses a token whose certificate does not chain to the configured CA', async () => {
    const token = await opensslToken();
    expect(await refusal(token, { trustedCas: [der(tsa.file('other-ca.pem'))] })).toMatch(/does not verify: Validation of signer's certificate failed/);
  });

  it('checks a token sent without its certificate against the configured TSA certificate', async () => {
    const token = await opensslToken({ cert: false });
    expect(await opensslAccepts(token)).toBe(true); // OpenSSL is given the certificate with -untrusted
    expect(await refusal(token)).toMatch(/No certificates attached/);
    await expect(verifyTimestampToken(token, data, { tsaCertificates: [der(tsa.tsaCertFile)] })).resolves.toMatchObject({ signer: 'CN=Vigil Test TSA' });
    expect(await refusal(token, { tsaCertificates: [der(tsa.noEkuCertFile)] })).toMatch(/Unable to find signer certificate/);
  });

  it('refuses, as OpenSSL does, a token with a flipped signature byte', async () => {
    const token = await opensslToken();
    token[token.length - 1]! ^= 0x80;
    expect(await opensslAccepts(token)).toBe(false);
    expect(await refusal(token)).toMatch(/signature does not verify/);
  });

  it('refuses, as OpenSSL does, a token for another imprint', async () => {
    fs.writeFileSync(tsa.file('other.bin'), 'other data');
    const token = await opensslToken({ dataFile: tsa.file('other.bin') });
    expect(await opensslAccepts(token)).toBe(false);
    expect(await refusal(token)).toMatch(/for other data than was sent/);
    await expect(verifyTimestampToken(token, Buffer.from('other data'))).resolves.toBeDefined();
  });

  it('refuses, as OpenSSL does, a token signed by a certificate without the timeStamping EKU', async () => {
    const token = await tsa.resign(await opensslToken(), tsa.noEkuCertFile, tsa.noEkuKeyFile);
    expect(await opensslAccepts(token)).toBe(false);
    expect(await refusal(token)).toMatch(/\(CN=Vigil Test Not A TSA\) is not a time-stamping authority/);
  });

  it('refuses, as OpenSSL does, a token whose signed attributes do not name the signer certificate (no ESS attribute)', async () => {
    const token = await tsa.resign(await opensslToken(), tsa.tsaCertFile, tsa.file('tsa.key'));
    expect(await opensslAccepts(token)).toBe(false);
    expect(await refusal(token)).toMatch(/no ESS signing-certificate attribute/);
  });

  it('refuses a token that does not carry the expected nonce', async () => {
    const token = await opensslToken();
    expect(await refusal(token, { nonce: Buffer.from('4142434445464748', 'hex') })).toMatch(/does not carry the nonce that was sent/);
    expect(await refusal(await opensslToken({ nonce: false }), { nonce: Buffer.from('41', 'hex') })).toMatch(/nonce/);
  });

  it('refuses what is not a token', async () => {
    expect(await refusal(Buffer.from('not a token'))).toMatch(/malformed/);
    const token = await opensslToken();
    expect(await refusal(Buffer.concat([token, Buffer.of(0)]))).toMatch(/malformed: 1 bytes after the element/);
  });
});

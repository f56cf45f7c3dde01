// A local RFC 3161 time-stamping authority for tests: a throwaway CA and TSA certificate made with the
// openssl CLI, and `openssl ts -reply` behind a small HTTP server on 127.0.0.1.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestTsa {
  dir: string;
  /** Base URL; `${base}/tsa` answers timestamp queries. */
  base: string;
  caFile: string;
  tsaCertFile: string;
  /** A certificate from the same CA without the timeStamping extended key usage, and its key. */
  noEkuCertFile: string;
  noEkuKeyFile: string;
  file(name: string): string;
  openssl(...args: string[]): Promise<string>;
  /** Answers a query with `openssl ts -reply` under one of the configs: `tsa.cnf` (sha256…) or `refuse.cnf` (sha384 only). */
  reply(query: Buffer, config?: string): Promise<Buffer>;
  /** The same TSTInfo as `token`'s, signed again with `openssl cms -sign` by another certificate. */
  resign(token: Buffer, certFile: string, keyFile: string): Promise<Buffer>;
  stop(): Promise<void>;
}

/** A granted TimeStampResp around `token`: SEQUENCE { PKIStatusInfo { 0 }, token }. */
export function grantedReply(token: Buffer): Buffer {
  return derSequence(Buffer.from('3003020100', 'hex'), token);
}

/** The token inside a TimeStampResp whose status is the 5 bytes of a bare `granted`, as OpenSSL sends it. */
export function tokenOf(reply: Buffer): Buffer {
  const header = reply[1]! < 0x80 ? 2 : 2 + (reply[1]! & 0x7f);
  const status = reply.subarray(header, header + 5);
  if (!status.equals(Buffer.from('3003020100', 'hex'))) throw new Error('not a bare granted reply');
  return reply.subarray(header + 5);
}

function derSequence(...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  const length =
    n < 0x80
      ? Buffer.of(n)
      : n < 0x100
        ? Buffer.of(0x81, n)
        : n < 0x10000
          ? Buffer.of(0x82, n >> 8, n & 0xff)
          : Buffer.of(0x83, n >> 16, (n >> 8) & 0xff, n & 0xff);
  return Buffer.concat([Buffer.of(0x30), length, body]);
}

/** Extra routes a test may serve; return true when handled. */
export type TsaRoutes = (
  req: http.IncomingMessage,
  body: Buffer,
  send: (status: number, type: string, payload: Buffer | string) => void,
  tsa: TestTsa,
) => Promise<boolean>;

function tsaConfig(dir: string, digests: string): string {
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

export async function startTestTsa(routes?: TsaRoutes): Promise<TestTsa> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-tsa-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = async (...args: string[]) => {
    const { stdout, stderr } = await run('/usr/bin/openssl', args, { cwd: dir });
    return stdout + stderr;
  };
  let counter = 0;
  const reply = async (query: Buffer, config = 'tsa.cnf') => {
    const n = ++counter;
    fs.writeFileSync(file(`query-${n}.tsq`), query);
    await openssl('ts', '-reply', '-config', file(config), '-queryfile', file(`query-${n}.tsq`), '-out', file(`reply-${n}.tsr`));
    return fs.readFileSync(file(`reply-${n}.tsr`));
  };

  fs.writeFileSync(file('tsaserial'), '01\n');
  fs.writeFileSync(file('tsa.cnf'), tsaConfig(dir, 'sha256, sha384, sha512'));
  fs.writeFileSync(file('refuse.cnf'), tsaConfig(dir, 'sha384'));
  fs.writeFileSync(
    file('tsa-ext.cnf'),
    'basicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\nextendedKeyUsage = critical,timeStamping\n' +
      'subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n',
  );
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=Vigil Test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  await openssl('req', ...ec, '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=Vigil Test TSA');
  await openssl(
    'x509',
    '-req',
    '-in',
    'tsa.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'tsa-ext.cnf',
    '-out',
    'tsa.pem',
  );
  fs.writeFileSync(file('noeku-ext.cnf'), 'basicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\nsubjectKeyIdentifier = hash\n');
  await openssl('req', ...ec, '-keyout', 'noeku.key', '-out', 'noeku.csr', '-subj', '/CN=Vigil Test Not A TSA');
  await openssl(
    'x509',
    '-req',
    '-in',
    'noeku.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'noeku-ext.cnf',
    '-out',
    'noeku.pem',
  );

  let resigned = 0;
  const resign = async (token: Buffer, certFile: string, keyFile: string) => {
    const n = ++resigned;
    fs.writeFileSync(file(`resign-${n}.der`), token);
    // The TSTInfo out of the genuine token (its signature is checked, its certificate not), signed again.
    await openssl('cms', '-verify', '-noverify', '-inform', 'DER', '-in', file(`resign-${n}.der`), '-out', file(`resign-${n}.tst`));
    await openssl(
      'cms',
      '-sign',
      '-binary',
      '-nodetach',
      '-nosmimecap',
      '-econtent_type',
      '1.2.840.113549.1.9.16.1.4',
      '-md',
      'sha256',
      '-in',
      file(`resign-${n}.tst`),
      '-signer',
      certFile,
      '-inkey',
      keyFile,
      '-outform',
      'DER',
      '-out',
      file(`resigned-${n}.der`),
    );
    return fs.readFileSync(file(`resigned-${n}.der`));
  };

  const tsa: TestTsa = {
    dir,
    base: '',
    caFile: file('ca.pem'),
    tsaCertFile: file('tsa.pem'),
    noEkuCertFile: file('noeku.pem'),
    noEkuKeyFile: file('noeku.key'),
    file,
    openssl,
    reply,
    resign,
    stop: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    const send = (status: number, type: string, payload: Buffer | string) => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(payload);
    };
    (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      if (routes && (await routes(req, body, send, tsa))) return;
      if (req.url !== '/tsa') return send(404, 'text/plain', 'not found');
      if (req.headers['content-type'] !== 'application/timestamp-query') return send(415, 'text/plain', 'wrong content type');
      send(200, 'application/timestamp-reply', await reply(body));
    })().catch((error: unknown) => send(599, 'text/plain', String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tsa.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tsa.stop = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return tsa;
}

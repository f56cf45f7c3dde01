// Reads the certificates of a PEM bundle (or one DER certificate) for RFC 3161 verification.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { TimestampError } from './rfc3161-errors.js';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The DER of every certificate in `file`; throws TimestampError when it holds none or cannot be read. */
export function readCertificateFile(file: string, what = 'the TSA CA file'): Buffer[] {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new TimestampError(`cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'timestamp-unavailable');
  }
  const pems = bytes.toString('latin1').match(PEM_CERTIFICATE) ?? [];
  try {
    const certificates = pems.length > 0 ? pems.map((pem) => new X509Certificate(pem).raw) : [new X509Certificate(bytes).raw];
    return certificates;
  } catch (error) {
    throw new TimestampError(`${what} ${file} holds no valid X.509 certificate: ${(error as Error).message}`, 'timestamp-unavailable');
  }
}

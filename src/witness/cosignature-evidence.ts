import { cosignatureLinesOf, cosignedMessage, checkpointTextOf, verifyCosignature } from './cosignature.js';
import { parseCosignerVerifierKey } from './cosigner-keys.js';

/** One cosignature laid out for checking with standard tools (`openssl pkeyutl -verify -rawin`). */
export interface CosignatureEvidence {
  time: number;
  /** The exact bytes the witness signed. */
  message: Buffer;
  /** The raw 64-byte Ed25519 signature. */
  signature: Buffer;
  /** The witness's public key as PEM (SPKI). */
  publicKeyPem: string;
}

/** The valid cosignatures of one witness in a signed checkpoint note, each split into message, signature and key. */
export function cosignatureEvidence(note: string, witnessVerifierKey: string): CosignatureEvidence[] {
  const text = checkpointTextOf(note);
  const publicKeyPem = parseCosignerVerifierKey(witnessVerifierKey).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return cosignatureLinesOf(note, witnessVerifierKey).map((line) => {
    const { time } = verifyCosignature(text, line, witnessVerifierKey);
    const blob = Buffer.from(line.slice(line.lastIndexOf(' ') + 1), 'base64');
    return { time, message: cosignedMessage(text, time), signature: blob.subarray(12), publicKeyPem };
  });
}

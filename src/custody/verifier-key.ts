import crypto from 'node:crypto';

/**
 * Splits a note verifier key `name+keyid+base64(0x01‖pub)` into its parts. The name holds no '+';
 * the base64 may, so only the first two '+' separate fields.
 */
export function splitVerifierKey(verifierKey: string): { name: string; keyId: string; publicKey: Buffer } {
  const first = verifierKey.indexOf('+');
  const second = verifierKey.indexOf('+', first + 1);
  const encoded = Buffer.from(verifierKey.slice(second + 1), 'base64');
  if (first <= 0 || second < 0 || encoded.length !== 33 || encoded[0] !== 0x01) {
    throw new Error(`not an Ed25519 note verifier key: ${verifierKey}`);
  }
  return { name: verifierKey.slice(0, first), keyId: verifierKey.slice(first + 1, second), publicKey: encoded.subarray(1) };
}

/** The verifier's public key as PEM (SPKI), for `openssl pkeyutl -verify`. */
export function verifierKeyPem(verifierKey: string): string {
  const { publicKey } = splitVerifierKey(verifierKey);
  return crypto
    .createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey.toString('base64url') }, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

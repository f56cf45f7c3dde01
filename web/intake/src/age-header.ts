import { Encrypter, type Recipient } from 'age-encryption';
import { PAYLOAD_NONCE_BYTES, TAG_BYTES, payloadKey, sealChunks } from './age-stream.js';

export interface AgeHeader {
  /** The header bytes up to and including the MAC line's newline. */
  header: Uint8Array;
  fileKey: Uint8Array;
  payloadNonce: Uint8Array;
}

const MAC_LINE = /\n--- [A-Za-z0-9+/]{43}\n$/;

/**
 * Lets age-encryption build the header for the organisation's recipients, and learns the random file key through
 * a recipient of our own that adds no stanza. The empty payload age writes after it gives the payload nonce.
 */
export async function makeAgeHeader(recipients: readonly string[]): Promise<AgeHeader> {
  if (recipients.length === 0) throw new Error('no organisation recipients configured');
  const captured: { fileKey?: Uint8Array } = {};
  const capture: Recipient = {
    wrapFileKey(key) {
      captured.fileKey = key.slice();
      return [];
    },
  };
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  encrypter.addRecipient(capture);
  const file = await encrypter.encrypt(new Uint8Array(0));
  const { fileKey } = captured;
  if (!fileKey) throw new Error('age-encryption did not hand over the file key');

  const headerEnd = file.length - PAYLOAD_NONCE_BYTES - TAG_BYTES;
  const header = file.slice(0, headerEnd);
  const payloadNonce = file.slice(headerEnd, headerEnd + PAYLOAD_NONCE_BYTES);
  const text = new TextDecoder().decode(header);
  if (!text.startsWith('age-encryption.org/v1\n') || !MAC_LINE.test(text)) throw new Error('unexpected age header layout');

  // Our STREAM must seal the empty final chunk exactly as age did, or the key we captured is not the one in use.
  const ours = sealChunks(payloadKey(fileKey, payloadNonce), new Uint8Array(0), 0, 0);
  if (!equal(ours, file.subarray(headerEnd + PAYLOAD_NONCE_BYTES))) throw new Error('captured file key does not match');
  return { header, fileKey, payloadNonce };
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

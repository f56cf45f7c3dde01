import { Encrypter, type Recipient } from 'age-encryption';
import { PAYLOAD_NONCE_BYTES, TAG_BYTES, freshPayloadNonce, headerMacMatches } from '../../../src/age-format/index.js';

export interface AgeHeader {
  /** The header bytes up to and including the MAC line's newline. */
  header: Uint8Array;
  fileKey: Uint8Array;
  payloadNonce: Uint8Array;
}

/**
 * Lets age-encryption build the header for the organisation's recipients, and learns the random file key through
 * a recipient of our own that adds no stanza. The library has no header-only API, so it seals an empty file; that
 * file's payload nonce is dropped, since its empty final chunk 0 was already sealed under it, and this file's
 * payload gets a fresh nonce of its own.
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
  const emptyFile = await encrypter.encrypt(new Uint8Array(0));
  const { fileKey } = captured;
  if (!fileKey) throw new Error('age-encryption did not hand over the file key');

  const header = emptyFile.slice(0, emptyFile.length - PAYLOAD_NONCE_BYTES - TAG_BYTES);
  // The header's MAC is keyed by the file key: it proves the key we captured is the one in the header.
  if (!headerMacMatches(header, fileKey)) throw new Error('unexpected age header layout, or the captured file key is not the one in use');
  return { header, fileKey, payloadNonce: freshPayloadNonce() };
}

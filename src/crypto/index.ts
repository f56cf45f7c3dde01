// The crypto module's contract: everything other modules may use of it.
export { AGE_CHUNK_ENCRYPTED, AGE_TAG_BYTES, openChunkInto } from './age-chunk.js';
export { AgeDecryptError } from './age-decrypt-error.js';
export { findHeaderEnd } from './age-header.js';
export { assertRecipient, generateOrgIdentity, identityFileText, parseIdentityFile, parseRecipientsFile } from './age-keys.js';
export {
  AGE_CHUNK,
  AGE_NONCE_BYTES,
  MAX_AGE_HEADER_BYTES,
  PayloadEncryptor,
  createAgeDecryptStream,
  createAgeEncryptStream,
  createAgeHeader,
  createAgeHeaderSync,
  decryptChunk,
  payloadKey,
  readFileKey,
  readFileKeySync,
} from './age.js';
export { blobName, newBlobNameSecret } from './blob-names.js';
export { deriveCodenameKeys } from './codename-keys.js';
export { generateCodename, isWellFormedCodename, normaliseCodename, type CodenameLanguage } from './codename.js';
export { decryptWithPassphrase, encryptWithPassphrase } from './passphrase-file.js';
export { PayloadDecryptor } from './payload-decryptor.js';
export { randomBytesPooled } from './random-pool.js';
export { gatedScrypt } from './scrypt-gate.js';
export { parseCanonicalHeader } from './x25519-native.js';

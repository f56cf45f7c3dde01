export { AgeDecryptError, type AgeFailure } from './age-decrypt-error.js';
export { AGE_CHUNK, AGE_CHUNK_ENCRYPTED, AGE_NONCE_BYTES, AGE_TAG_BYTES, ageEncryptedSize, decryptChunk, encryptChunk, payloadKey } from './age-chunk.js';
export { createAgeHeader, createAgeHeaderSync, findHeaderEnd, readFileKey, readFileKeySync } from './age-header.js';
export { PayloadEncryptor } from './payload-encryptor.js';
export { PayloadDecryptor } from './payload-decryptor.js';
export { MAX_AGE_HEADER_BYTES, createAgeDecryptStream, createAgeEncryptStream } from './age-node-streams.js';

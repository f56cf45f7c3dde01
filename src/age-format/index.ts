/**
 * The age file format and the codename rules, shared by the server (Node) and the source's browser: nothing here may
 * import a Node module or touch the DOM. Node's native cipher lives in src/crypto; the browser's in web/intake.
 */
export {
  CHUNK_BYTES,
  CHUNK_NONCE_BYTES,
  FILE_KEY_BYTES,
  MAX_CHUNK_INDEX,
  PAYLOAD_NONCE_BYTES,
  SEALED_CHUNK_BYTES,
  TAG_BYTES,
  ageFileSize,
  chunkCount,
  chunkNonce,
  isValidAgeFileLength,
  sealedLength,
  writeChunkNonce,
} from './stream.js';
export { freshPayloadNonce, payloadKey } from './payload-key.js';
export { AGE_VERSION_LINE, CANONICAL_X25519_HEADER, hasAgeHeaderLayout, headerMacMatches } from './header-shape.js';
export { CODENAME_KEY_INFO, CODENAME_SCRYPT, CODENAME_WORDS, codenameScryptSalt, normaliseCodename, type CodenameLanguage } from './codename.js';

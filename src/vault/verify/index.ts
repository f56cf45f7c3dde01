export { PayloadDigestPool } from './payload-digest-pool.js';
export { digestPayload, type PayloadDigest, type PayloadKeys } from './payload-digest.js';
export { readPayloadKeys } from './payload-keys.js';

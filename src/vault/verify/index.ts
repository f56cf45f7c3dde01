export { PayloadDigestPool } from './payload-digest-pool.js';
export { digestOpenPayload, digestPayload, type PayloadDigest, type PayloadKeys } from './payload-digest.js';
export { readPayloadKeys, readPayloadKeysSync } from './payload-keys.js';

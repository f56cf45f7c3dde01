import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blobName, newBlobNameSecret } from '../../../src/crypto/blob-names.js';

const sha = createHash('sha256').update('evidence.mp4 contents').digest('hex');

describe('blob names', () => {
  it('is HMAC-SHA256 over the raw hash bytes, not the hex text', () => {
    const secret = Buffer.alloc(32, 7);
    const expected = createHmac('sha256', secret).update(Buffer.from(sha, 'hex')).digest('hex');
    expect(blobName(secret, sha)).toBe(expected);
    expect(blobName(secret, sha.toUpperCase())).toBe(expected);
  });

  it('never equals the plain hash and depends on the secret', () => {
    const a = blobName(newBlobNameSecret(), sha);
    const b = blobName(newBlobNameSecret(), sha);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(sha);
    expect(a).not.toBe(b);
  });

  it('rejects a short secret and a malformed hash', () => {
    expect(() => blobName(Buffer.alloc(16), sha)).toThrow(/at least 32 bytes/);
    expect(() => blobName(newBlobNameSecret(), sha.slice(1))).toThrow(/64 hex/);
    expect(() => blobName(newBlobNameSecret(), 'z'.repeat(64))).toThrow(/64 hex/);
  });

  it('makes 32-byte random secrets', () => {
    const secret = newBlobNameSecret();
    expect(secret.length).toBe(32);
    expect(secret.equals(newBlobNameSecret())).toBe(false);
  });
});

import { randomBytes } from 'node:crypto';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { CANONICAL_X25519_HEADER, hasAgeHeaderLayout, headerMacMatches, normaliseCodename } from '../../../src/age-format/index.js';
import { createAgeHeader } from '../../../src/crypto/age.js';

describe('header shape', () => {
  it('recognises the header the server writes, and checks its MAC against the file key', async () => {
    const recipient = await identityToRecipient(await generateX25519Identity());
    const { header, fileKey } = await createAgeHeader([recipient, recipient]);
    expect(hasAgeHeaderLayout(header)).toBe(true);
    expect(CANONICAL_X25519_HEADER.test(header.toString('latin1'))).toBe(true);
    expect(headerMacMatches(header, fileKey)).toBe(true);
    expect(headerMacMatches(header, randomBytes(16))).toBe(false);
    const altered = Buffer.from(header);
    altered[30] = altered[30] === 0x41 ? 0x42 : 0x41;
    expect(headerMacMatches(altered, fileKey)).toBe(false);
    expect(hasAgeHeaderLayout(header.subarray(0, header.length - 1))).toBe(false);
  });
});

describe('normaliseCodename', () => {
  it('folds width, case and separators to single spaces', () => {
    expect(normaliseCodename('  ＡＢＬＥ-Baker__charlie. delta,echo\tfoxtrot\n golf ')).toBe('able baker charlie delta echo foxtrot golf');
    expect(normaliseCodename('')).toBe('');
  });
});

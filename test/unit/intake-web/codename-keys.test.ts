import { hkdfSync, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveMaster, deriveWrapKey, normaliseCodename, wrapKeyFromCodename } from '../../../web/intake/src/codename-keys.js';

const CODENAME = 'abacus bridge candle dagger eagle fabric gadget';
const SALT = 'c2FsdC1mb3ItdGVzdHMtb25seQ==';

function nodeMaster(normalised: string, salt: string): Buffer {
  return scryptSync(normalised, `vigil/intake/codename/v1:${salt}`, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
}

function nodeHkdf(master: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
}

describe('codename keys', () => {
  it('derives the same master and wrap key as node:crypto scrypt and hkdf', async () => {
    const master = nodeMaster(CODENAME, SALT);
    const ours = await deriveMaster(CODENAME, SALT);
    expect(Buffer.from(ours).toString('hex')).toBe(master.toString('hex'));
    expect(Buffer.from(deriveWrapKey(ours)).toString('hex')).toBe(nodeHkdf(master, 'vigil/intake/file-keys').toString('hex'));
  });

  it('normalises spaces, capitals, hyphens, dots, commas and underscores away', async () => {
    const typed = '  Abacus--BRIDGE.candle, dagger_eagle \t fabric\u00a0GADGET ';
    expect(normaliseCodename(typed)).toBe(CODENAME);
    const expected = nodeHkdf(nodeMaster(CODENAME, SALT), 'vigil/intake/file-keys');
    expect(Buffer.from(await wrapKeyFromCodename(typed, SALT)).equals(expected)).toBe(true);
  });

  it('applies NFKC before lower-casing', () => {
    expect(normaliseCodename('ＡＢＡＣＵＳ ｂｒｉｄｇｅ')).toBe('abacus bridge');
  });

  it('gives another key for another installation salt', async () => {
    const a = await wrapKeyFromCodename(CODENAME, SALT);
    const b = await wrapKeyFromCodename(CODENAME, 'b3RoZXI=');
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});

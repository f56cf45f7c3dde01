import { describe, expect, it } from 'vitest';
import { generateNoteKeys } from '../../../src/custody/signed-note.js';
import { WitnessError, generateWitnessKeys, parseWitnessEndpoint } from '../../../src/witness/index.js';

describe('parseWitnessEndpoint', () => {
  const { verifierKey } = generateWitnessKeys('witness.example.org/w1');

  it('reads "URL VERIFIER_KEY", whatever the spacing, without a trailing slash', () => {
    expect(parseWitnessEndpoint(`https://witness.example.org/vigil/ ${verifierKey}`)).toEqual({
      url: 'https://witness.example.org/vigil',
      verifierKey,
      name: 'witness.example.org/w1',
    });
    expect(parseWitnessEndpoint(`  http://127.0.0.1:7380 \t ${verifierKey}\n`)).toEqual({
      url: 'http://127.0.0.1:7380',
      verifierKey,
      name: 'witness.example.org/w1',
    });
  });

  it('refuses what is not an entry, with a message that shows the format', () => {
    const cases: Array<[string, RegExp]> = [
      [verifierKey, /"URL VERIFIER_KEY"/],
      [`https://a.example ${verifierKey} extra`, /"URL VERIFIER_KEY"/],
      [`witness.example.org ${verifierKey}`, /is not a URL/],
      [`ftp://witness.example.org ${verifierKey}`, /https:\/\/ or http:\/\//],
      [`https://witness.example.org/?x=1 ${verifierKey}`, /without a query/],
      [`https://user:secret@witness.example.org ${verifierKey}`, /user name or password/],
      [`https://witness.example.org ${verifierKey.replace(/\+[0-9a-f]{8}\+/, '+00000000+')}`, /key id 00000000 does not match/],
      [`https://witness.example.org ${generateNoteKeys('witness.example.org/w1').verifierKey}`, /type 0x01/],
    ];
    for (const [entry, reason] of cases) {
      expect(() => parseWitnessEndpoint(entry), entry).toThrow(WitnessError);
      expect(() => parseWitnessEndpoint(entry), entry).toThrow(reason);
    }
  });
});

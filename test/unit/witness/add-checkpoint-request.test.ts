import { describe, expect, it } from 'vitest';
import { MalformedRequestError, formatAddCheckpointRequest, parseAddCheckpointRequest } from '../../../src/witness/add-checkpoint-request.js';

// The example request body of c2sp.org/tlog-witness.
const SPEC_NOTE = [
  'example.com/behind-the-sofa',
  '20852163',
  'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=',
  '',
  '— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=',
  '— example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=',
  '',
].join('\n');
const SPEC_PROOF = [
  'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=',
  'jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=',
  '5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=',
  '/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=',
];
const SPEC_BODY = `old 20852014\n${SPEC_PROOF.map((line) => `${line}\n`).join('')}\n${SPEC_NOTE}`;

describe('add-checkpoint request body', () => {
  it("reads the specification's example", () => {
    const request = parseAddCheckpointRequest(SPEC_BODY);
    expect(request.oldSize).toBe(20852014);
    expect(request.proof.map((hash) => hash.toString('base64'))).toEqual(SPEC_PROOF);
    expect(request.note).toBe(SPEC_NOTE);
  });

  it("writes the specification's example back byte for byte, and a first submission with no proof", () => {
    const proof = SPEC_PROOF.map((line) => Buffer.from(line, 'base64'));
    expect(formatAddCheckpointRequest({ oldSize: 20852014, proof, note: SPEC_NOTE })).toBe(SPEC_BODY);
    expect(formatAddCheckpointRequest({ oldSize: 0, proof: [], note: SPEC_NOTE })).toBe(`old 0\n\n${SPEC_NOTE}`);
    expect(parseAddCheckpointRequest(`old 0\n\n${SPEC_NOTE}`)).toEqual({ oldSize: 0, proof: [], note: SPEC_NOTE });
  });

  it('refuses malformed bodies, saying what is wrong', () => {
    const cases: Array<[string, RegExp]> = [
      [`old 01\n\n${SPEC_NOTE}`, /without leading zeros/],
      [`old -1\n\n${SPEC_NOTE}`, /without leading zeros/],
      [`old  5\n\n${SPEC_NOTE}`, /without leading zeros/],
      [`new 5\n\n${SPEC_NOTE}`, /first line must be "old"/],
      [`old 5\n${SPEC_NOTE.replace(/\n\n/, '\n')}`, /must be "old N", the proof lines, an empty line/],
      [`old 5\nnot base64!\n\n${SPEC_NOTE}`, /proof line 1 is not the base64/],
      [`old 5\n${Buffer.alloc(31).toString('base64')}\n\n${SPEC_NOTE}`, /proof line 1 is not the base64 of a 32-byte hash/],
      [`old 5\n${`${Buffer.alloc(32).toString('base64')}\n`.repeat(64)}\n${SPEC_NOTE}`, /at most 63 lines/],
      [`old 99999999999999999999\n\n${SPEC_NOTE}`, /too large/],
    ];
    for (const [body, reason] of cases) {
      expect(() => parseAddCheckpointRequest(body), body.slice(0, 30)).toThrow(MalformedRequestError);
      expect(() => parseAddCheckpointRequest(body), body.slice(0, 30)).toThrow(reason);
    }
    expect(() => formatAddCheckpointRequest({ oldSize: -1, proof: [], note: SPEC_NOTE })).toThrow(/whole number/);
    expect(() => formatAddCheckpointRequest({ oldSize: 1, proof: [Buffer.alloc(31)], note: SPEC_NOTE })).toThrow(/32 bytes/);
  });
});

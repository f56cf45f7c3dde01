import { describe, expect, it } from 'vitest';
import { TimestampError, buildTimestampRequest, newNonce, parseTimestampResponse } from '../../../src/custody/rfc3161.js';

const hex = (b: Buffer) => b.toString('hex');
const der = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex');
/** A constructed element (short length form) around its parts. */
const tlv = (tag: number, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.of(tag, body.length), body]);
};
const seq = (...parts: Buffer[]) => tlv(0x30, ...parts);
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text));
// A stand-in token: ContentInfo { id-signedData, [0] { SEQUENCE { INTEGER 3 } } }.
const token = seq(der('06092a864886f70d010702'), tlv(0xa0, seq(der('020103'))));
const reply = (statusInfo: Buffer, ...rest: Buffer[]) => seq(statusInfo, ...rest);
const statusOnly = (status: number) => reply(seq(Buffer.of(2, 1, status)));

describe('RFC 3161 requests', () => {
  it('have the exact structure of RFC 3161 §2.4.1', () => {
    const digest = Buffer.alloc(32, 0xab);
    const request = buildTimestampRequest(digest, Buffer.from('4000000000000001', 'hex'));
    expect(hex(request)).toBe(
      '3043' + // TimeStampReq: 3 + 51 + 10 + 3 bytes
        '020101' + // version v1
        '3031' +
        '300d' +
        '0609608648016503040201' +
        '0500' +
        '0420' +
        'ab'.repeat(32) + // messageImprint, SHA-256
        '0208' +
        '4000000000000001' + // nonce, positive
        '0101ff', // certReq TRUE
    );
  });

  it('refuse a digest that is not SHA-256 and a nonce that is not a positive number', () => {
    const digest = Buffer.alloc(32, 0xab);
    expect(() => buildTimestampRequest(Buffer.alloc(20), Buffer.of(1))).toThrow(TimestampError);
    expect(() => buildTimestampRequest(digest, Buffer.alloc(8))).toThrow(/positive/);
    expect(() => buildTimestampRequest(digest, Buffer.from('80', 'hex'))).toThrow(/positive/);
  });

  it('get a fresh positive 8-byte nonce each time', () => {
    const nonces = Array.from({ length: 50 }, () => newNonce());
    for (const nonce of nonces) {
      expect(nonce).toHaveLength(8);
      expect(nonce[0]! & 0xc0).toBe(0x40);
    }
    expect(new Set(nonces.map(hex)).size).toBe(50);
  });
});

describe('RFC 3161 replies', () => {
  it('give the token of a granted reply, byte for byte', () => {
    expect(parseTimestampResponse(reply(seq(der('020100')), token))).toEqual({ status: 0, token });
    const withText = reply(seq(der('020101'), seq(utf8('ok, modified'))), token);
    expect(parseTimestampResponse(withText)).toEqual({ status: 1, statusText: 'ok, modified', token });
  });

  it('explain refusals with the status text and failure bits', () => {
    // status 2, freeText "bad" "request", failInfo bit 2 (badRequest)
    const refused = reply(seq(der('020102'), seq(utf8('bad'), utf8('request')), der('0302 0520')));
    expect(() => parseTimestampResponse(refused)).toThrow(/status 2 \(rejection\): bad; request; failure: badRequest/);
    const error = (() => {
      try {
        parseTimestampResponse(refused);
      } catch (e) {
        return e as TimestampError;
      }
    })();
    expect(error?.code).toBe('timestamp-refused');
    expect(() => parseTimestampResponse(statusOnly(3))).toThrow(/status 3 \(waiting\)/);
    expect(() => parseTimestampResponse(statusOnly(0))).toThrow(/sent no token/);
  });

  it('refuse what is not a TimeStampResp', () => {
    expect(() => parseTimestampResponse(Buffer.from('garbage'))).toThrow(/not a valid RFC 3161 TimeStampResp/);
    expect(() => parseTimestampResponse(Buffer.concat([reply(seq(der('020100')), token), Buffer.of(0)]))).toThrow(/1 bytes after the element/);
    const notSignedData = seq(der('06092a864886f70d010701'), tlv(0xa0, der('0400')));
    expect(() => parseTimestampResponse(reply(seq(der('020100')), notSignedData))).toThrow(/not CMS SignedData/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  DerError,
  TAG,
  derBoolean,
  derContext,
  derElement,
  derInteger,
  derNull,
  derOctetString,
  derOid,
  derSequence,
  readChildren,
  readElement,
  readInteger,
  readOid,
  readOne,
} from '../../../src/custody/der.js';
import { TimestampError, buildTimestampRequest, parseTimestampResponse } from '../../../src/custody/rfc3161.js';

const hex = (b: Buffer) => b.toString('hex');

describe('DER writer', () => {
  it('encodes the primitives as X.690 says', () => {
    expect(hex(derOid('2.16.840.1.101.3.4.2.1'))).toBe('0609608648016503040201');
    expect(hex(derOid('1.2.840.113549.1.7.2'))).toBe('06092a864886f70d010702');
    expect(hex(derNull())).toBe('0500');
    expect(hex(derBoolean(true))).toBe('0101ff');
    expect(hex(derBoolean(false))).toBe('010100');
    expect(hex(derInteger(1))).toBe('020101');
    expect(hex(derInteger(0))).toBe('020100');
    expect(hex(derInteger(128))).toBe('02020080');
    expect(hex(derInteger(256))).toBe('02020100');
    expect(hex(derInteger(Buffer.from('00007f', 'hex')))).toBe('02017f');
    expect(hex(derInteger(Buffer.from('ff01', 'hex')))).toBe('020300ff01');
    expect(hex(derOctetString(Buffer.from('abcd', 'hex')))).toBe('0402abcd');
    expect(hex(derContext(0, derNull()))).toBe('a0020500');
    expect(hex(derContext(1, Buffer.of(7), false))).toBe('810107');
  });

  it('uses the long length form from 128 bytes on', () => {
    expect(hex(derOctetString(Buffer.alloc(127)).subarray(0, 2))).toBe('047f');
    expect(hex(derOctetString(Buffer.alloc(128)).subarray(0, 3))).toBe('048180');
    expect(hex(derOctetString(Buffer.alloc(300)).subarray(0, 4))).toBe('0482012c');
    expect(hex(derOctetString(Buffer.alloc(70_000)).subarray(0, 5))).toBe('0483011170');
  });

  it('refuses what it cannot encode', () => {
    expect(() => derOid('1')).toThrow(DerError);
    expect(() => derOid('1.40')).toThrow(DerError);
    expect(() => derOid('3.1')).toThrow(DerError);
    expect(() => derInteger(-1)).toThrow(DerError);
  });
});

describe('DER reader', () => {
  it('reads back what the writer wrote', () => {
    const oids = ['2.16.840.1.101.3.4.2.1', '1.2.840.113549.1.9.16.1.4', '2.999.1', '0.0', '1.3.6.1.4.1.55555.1'];
    for (const oid of oids) expect(readOid(readOne(derOid(oid)))).toBe(oid);
    for (const n of [0, 1, 127, 128, 255, 256, 65_535, 2 ** 40]) expect(readInteger(readOne(derInteger(n)))).toBe(BigInt(n));
    expect(readInteger(readOne(Buffer.from('0201ff', 'hex')))).toBe(-1n);

    const big = derOctetString(Buffer.alloc(70_000, 1));
    const seq = derSequence(derInteger(5), big, derContext(0, derNull()));
    const children = readChildren(readOne(seq, TAG.SEQUENCE));
    expect(children.map((c) => c.tag)).toEqual([TAG.INTEGER, TAG.OCTET_STRING, 0xa0]);
    expect(children[1]!.content.length).toBe(70_000);
    expect(children[1]!.raw.equals(big)).toBe(true);
  });

  it('rejects indefinite lengths, truncation, trailing bytes and high tags', () => {
    expect(() => readElement(Buffer.from('3080020101 0000'.replace(' ', ''), 'hex'))).toThrow(/indefinite length/);
    expect(() => readElement(Buffer.from('0405abcd', 'hex'))).toThrow(/truncated/);
    expect(() => readElement(Buffer.from('0482', 'hex'))).toThrow(/truncated/);
    expect(() => readElement(Buffer.from('04', 'hex'))).toThrow(/truncated/);
    expect(() => readElement(Buffer.from('0485ffffffffff', 'hex'))).toThrow(/too large/);
    expect(() => readOne(Buffer.from('05000500', 'hex'))).toThrow(/2 bytes after the element/);
    expect(() => readOne(Buffer.from('1f2200', 'hex'))).toThrow(/high tag number/);
    expect(() => readOne(derNull(), TAG.SEQUENCE)).toThrow(/expected tag 0x30, found 0x05/);
    expect(() => readChildren(readOne(derNull()))).toThrow(/not constructed/);
    expect(() => readOid(readOne(Buffer.from('06022a86', 'hex')))).toThrow(/truncated OID/);
  });
});

describe('RFC 3161 messages', () => {
  it('build a TimeStampReq with the exact structure of RFC 3161 §2.4.1', () => {
    const digest = Buffer.alloc(32, 0xab);
    const request = buildTimestampRequest(digest, Buffer.from('8000000000000001', 'hex'));
    expect(hex(request)).toBe(
      '3044' + // TimeStampReq: 3 + 51 + 11 + 3 bytes
        '020101' + // version v1
        '3031' + '300d' + '0609608648016503040201' + '0500' + '0420' + 'ab'.repeat(32) + // messageImprint
        '0209' + '008000000000000001' + // nonce, positive
        '0101ff', // certReq TRUE
    );
    expect(() => buildTimestampRequest(Buffer.alloc(20), Buffer.of(1))).toThrow(TimestampError);
    expect(() => buildTimestampRequest(digest, Buffer.alloc(8))).toThrow(/positive/);
  });

  const token = derSequence(derOid('1.2.840.113549.1.7.2'), derContext(0, derSequence(derInteger(3))));
  const freeText = (...texts: string[]) => derSequence(...texts.map((t) => derElement(TAG.UTF8_STRING, Buffer.from(t))));

  it('take the token out of a granted TimeStampResp', () => {
    expect(parseTimestampResponse(derSequence(derSequence(derInteger(0)), token))).toEqual({ status: 0, token });
    expect(parseTimestampResponse(derSequence(derSequence(derInteger(1), freeText('ok, modified')), token))).toEqual({
      status: 1,
      statusText: 'ok, modified',
      token,
    });
  });

  it('explain refusals and malformed replies', () => {
    const failInfo = derElement(TAG.BIT_STRING, Buffer.from('0620', 'hex')); // bit 2: badRequest
    const refused = derSequence(derSequence(derInteger(2), freeText('bad', 'request'), failInfo));
    expect(() => parseTimestampResponse(refused)).toThrow(/status 2 \(rejection\): bad; request; failure: badRequest/);
    expect(() => parseTimestampResponse(derSequence(derSequence(derInteger(3))))).toThrow(/status 3 \(waiting\)/);
    expect(() => parseTimestampResponse(derSequence(derSequence(derInteger(0))))).toThrow(/sent no token/);
    expect(() => parseTimestampResponse(Buffer.from('garbage'))).toThrow(/not a valid RFC 3161 TimeStampResp/);
    expect(() => parseTimestampResponse(Buffer.concat([derSequence(derSequence(derInteger(0)), token), Buffer.of(0)]))).toThrow(TimestampError);
    const notSignedData = derSequence(derOid('1.2.840.113549.1.7.1'), derContext(0, derNull()));
    expect(() => parseTimestampResponse(derSequence(derSequence(derInteger(0)), notSignedData))).toThrow(/not CMS SignedData/);
  });
});

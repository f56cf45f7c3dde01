// A minimal ASN.1 DER writer and reader: just what an RFC 3161 client needs.
// The reader accepts definite lengths only (indefinite-length BER is rejected) and
// low tag numbers (< 31), which is all that time-stamp requests, responses and tokens use.

export class DerError extends Error {
  override name = 'DerError';
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

const CONSTRUCTED = 0x20;
const CONTEXT = 0x80;

// ---- writing ---------------------------------------------------------------------------------

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One element: identifier octet, definite length, content. */
export function derElement(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.of(tag), encodeLength(content.length), content]);
}

export function derSequence(...children: Uint8Array[]): Buffer {
  return derElement(TAG.SEQUENCE, Buffer.concat(children));
}

/** A non-negative INTEGER from its unsigned big-endian magnitude (or a small number). */
export function derInteger(value: Uint8Array | number): Buffer {
  let bytes: Buffer;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new DerError(`cannot encode ${value} as a non-negative INTEGER`);
    const digits = value.toString(16);
    bytes = Buffer.from(digits.length % 2 === 0 ? digits : `0${digits}`, 'hex');
  } else {
    bytes = Buffer.from(value);
  }
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) bytes = Buffer.of(0);
  // A set top bit would read as negative in two's complement.
  if ((bytes[0] as number) & 0x80) bytes = Buffer.concat([Buffer.of(0), bytes]);
  return derElement(TAG.INTEGER, bytes);
}

export function derOid(oid: string): Buffer {
  if (!/^[0-2](\.(0|[1-9][0-9]*))+$/.test(oid)) throw new DerError(`malformed OID ${oid}`);
  const arcs = oid.split('.').map(Number);
  if (arcs.some((arc) => !Number.isSafeInteger(arc))) throw new DerError(`OID arc too large in ${oid}`);
  const [first, second, ...rest] = arcs as [number, number, ...number[]];
  if (first < 2 && second >= 40) throw new DerError(`malformed OID ${oid}`);
  const out: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    // Base 128, most significant group first, high bit set on all but the last.
    const groups = [arc % 128];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) groups.unshift(0x80 | n % 128);
    out.push(...groups);
  }
  return derElement(TAG.OID, Buffer.from(out));
}

export function derOctetString(bytes: Uint8Array): Buffer {
  return derElement(TAG.OCTET_STRING, bytes);
}

export function derNull(): Buffer {
  return derElement(TAG.NULL, Buffer.alloc(0));
}

export function derBoolean(value: boolean): Buffer {
  return derElement(TAG.BOOLEAN, Buffer.of(value ? 0xff : 0x00));
}

/** A context-specific tag [n]; constructed (EXPLICIT, or IMPLICIT over a constructed type) by default. */
export function derContext(tagNumber: number, content: Uint8Array, constructed = true): Buffer {
  if (!Number.isInteger(tagNumber) || tagNumber < 0 || tagNumber > 30) throw new DerError(`unsupported tag number ${tagNumber}`);
  return derElement(CONTEXT | (constructed ? CONSTRUCTED : 0) | tagNumber, content);
}

// ---- reading ---------------------------------------------------------------------------------

export interface DerNode {
  /** The identifier octet, e.g. 0x30 for SEQUENCE, 0xa0 for [0] constructed. */
  tag: number;
  content: Buffer;
  /** The whole element, header included. */
  raw: Buffer;
}

/** Reads the element starting at `offset`. */
export function readElement(buffer: Buffer, offset = 0): DerNode {
  const at = (i: number): number => {
    const byte = buffer[i];
    if (byte === undefined) throw new DerError(`truncated: element at byte ${offset} runs past the end`);
    return byte;
  };
  const tag = at(offset);
  if ((tag & 0x1f) === 0x1f) throw new DerError(`unsupported high tag number at byte ${offset}`);
  const first = at(offset + 1);
  let length: number;
  let header = 2;
  if (first < 0x80) {
    length = first;
  } else if (first === 0x80) {
    throw new DerError(`indefinite length at byte ${offset} is not DER`);
  } else {
    const count = first & 0x7f;
    if (count > 4) throw new DerError(`length of ${count} bytes at byte ${offset} is too large`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + at(offset + 2 + i);
    header += count;
  }
  const end = offset + header + length;
  if (end > buffer.length) throw new DerError(`truncated: element at byte ${offset} needs ${length} bytes of content`);
  return { tag, content: buffer.subarray(offset + header, end), raw: buffer.subarray(offset, end) };
}

/** Reads a buffer that must hold exactly one element. */
export function readOne(buffer: Buffer, expectedTag?: number): DerNode {
  const node = readElement(buffer);
  if (node.raw.length !== buffer.length) throw new DerError(`${buffer.length - node.raw.length} bytes after the element`);
  if (expectedTag !== undefined) expectTag(node, expectedTag);
  return node;
}

/** The elements inside a constructed element, in order. */
export function readChildren(node: DerNode): DerNode[] {
  if (!(node.tag & CONSTRUCTED)) throw new DerError(`tag 0x${hex(node.tag)} is not constructed`);
  const children: DerNode[] = [];
  for (let offset = 0; offset < node.content.length; ) {
    const child = readElement(node.content, offset);
    children.push(child);
    offset += child.raw.length;
  }
  return children;
}

export function expectTag(node: DerNode | undefined, tag: number): DerNode {
  if (!node) throw new DerError(`missing element, expected tag 0x${hex(tag)}`);
  if (node.tag !== tag) throw new DerError(`expected tag 0x${hex(tag)}, found 0x${hex(node.tag)}`);
  return node;
}

export function readOid(node: DerNode): string {
  expectTag(node, TAG.OID);
  const arcs: number[] = [];
  let value = 0;
  for (const [i, byte] of node.content.entries()) {
    value = value * 128 + (byte & 0x7f);
    if (!Number.isSafeInteger(value)) throw new DerError('OID arc too large');
    if (byte & 0x80) {
      if (i === node.content.length - 1) throw new DerError('truncated OID');
      continue;
    }
    arcs.push(value);
    value = 0;
  }
  const [first] = arcs;
  if (first === undefined) throw new DerError('empty OID');
  const top = Math.min(2, Math.floor(first / 40));
  return [top, first - top * 40, ...arcs.slice(1)].join('.');
}

/** An INTEGER as a bigint (two's complement). */
export function readInteger(node: DerNode): bigint {
  expectTag(node, TAG.INTEGER);
  if (node.content.length === 0) throw new DerError('empty INTEGER');
  let value = BigInt(`0x${node.content.toString('hex')}`);
  if ((node.content[0] as number) & 0x80) value -= 1n << BigInt(node.content.length * 8);
  return value;
}

export function readUtf8String(node: DerNode): string {
  expectTag(node, TAG.UTF8_STRING);
  return node.content.toString('utf8');
}

const hex = (n: number) => n.toString(16).padStart(2, '0');

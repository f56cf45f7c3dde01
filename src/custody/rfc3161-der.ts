// Reads one whole DER (or BER) element with asn1js, refusing trailing bytes, which asn1js would ignore.
import * as asn1js from 'asn1js';
import { TimestampError } from './rfc3161-errors.js';

export function readAsn1(bytes: Uint8Array | ArrayBuffer, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1) throw new TimestampError(`${what}: ${parsed.result.error || 'not ASN.1'}`);
  if (parsed.offset !== bytes.byteLength) throw new TimestampError(`${what}: ${bytes.byteLength - parsed.offset} bytes after the element`);
  return parsed.result;
}

/** Runs a pkijs constructor over a parsed element; pkijs throws plain errors on a schema mismatch. */
export function fromSchema<T>(what: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof TimestampError) throw error;
    throw new TimestampError(`${what}: ${(error as Error).message}`);
  }
}

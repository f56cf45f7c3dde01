/**
 * Why an RFC 3161 timestamp could not be had or cannot be trusted:
 * - `timestamp-unavailable`: the authority could not be reached or answered something that is not a reply;
 * - `timestamp-refused`: the authority answered, and did not grant a timestamp;
 * - `timestamp-invalid`: a token is malformed, badly signed, signed by the wrong certificate, or stamps other data.
 */
export type TimestampErrorCode = 'timestamp-unavailable' | 'timestamp-refused' | 'timestamp-invalid';

export class TimestampError extends Error {
  override name = 'TimestampError';
  constructor(
    message: string,
    readonly code: TimestampErrorCode = 'timestamp-invalid',
  ) {
    super(message);
  }
}

/**
 * Which stage of opening an age file failed. The names follow the outcomes of
 * the C2SP age test vectors, so a caller can tell "wrong key" from "damaged file".
 */
export type AgeFailure = 'header' | 'no-match' | 'hmac' | 'payload';

export class AgeDecryptError extends Error {
  override readonly name = 'AgeDecryptError';

  constructor(
    readonly failure: AgeFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

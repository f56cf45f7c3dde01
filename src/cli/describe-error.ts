/** Errors Vigil raises on purpose carry a message meant for a person; anything else is a bug to report. */
const EXPECTED = new Set([
  'ConfigError',
  'HomeMissingError',
  'HomeExistsError',
  'WrongPassphraseError',
  'PassphraseUnavailableError',
  'ItemNotFoundError',
  'NotCheckpointedError',
  'LogRewrittenError',
  'BlobStoreError',
  'BlobStoreFullError',
  'AgeDecryptError',
  'ProofError',
  'NoteError',
  'TimestampError',
]);

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (EXPECTED.has(error.name) || process.env.VIGIL_DEBUG === undefined) {
    return process.env.VIGIL_DEBUG !== undefined && error.stack ? error.stack : error.message;
  }
  return error.stack ?? error.message;
}

/** The log no longer extends what was signed, or a witness says so: nothing may be signed over it. */
export class LogRewrittenError extends Error {
  override name = 'LogRewrittenError';
}

export class NotCheckpointedError extends Error {
  override name = 'NotCheckpointedError';
}

/** Too few witnesses cosigned a checkpoint for it to be recorded. */
export class QuorumError extends Error {
  override name = 'QuorumError';
}

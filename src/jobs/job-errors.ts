/** A registry that names a job without a handler, or two handlers for one job: the process refuses to start. */
export class JobRegistryError extends Error {
  override name = 'JobRegistryError';
  readonly code = 'job-registry-invalid';
}

export class JobNotFoundError extends Error {
  override name = 'JobNotFoundError';
  readonly code = 'job-not-found';
}

/** A job sent with a payload its kind's schema refuses. */
export class JobPayloadError extends Error {
  override name = 'JobPayloadError';
  readonly code = 'job-payload-invalid';
}

/** Only a parked job can be retried by hand. */
export class JobNotParkedError extends Error {
  override name = 'JobNotParkedError';
  readonly code = 'job-not-parked';
}

/**
 * Thrown by a handler that stopped early because its worker is stopping: the job goes back to the queue
 * without counting as a failed attempt, and is resumed by the next worker that claims it.
 */
export class JobInterruptedError extends Error {
  override name = 'JobInterruptedError';
  readonly code = 'job-interrupted';
}

/** Thrown by a handler whose job can never succeed (its subject is gone): the job is parked at once, not retried. */
export class JobCannotRunError extends Error {
  override name = 'JobCannotRunError';
  readonly code = 'job-cannot-run';
}

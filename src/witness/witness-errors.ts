/** Anything a witness, its keys or its cosignatures refuse; `message` says why in plain words. */
export class WitnessError extends Error {
  override name = 'WitnessError';
}

/** The witness's latest cosigned size is not the old size the request named (HTTP 409). */
export class WitnessConflictError extends WitnessError {
  override name = 'WitnessConflictError';

  constructor(
    message: string,
    readonly latestSize: number,
  ) {
    super(message);
  }
}

/** The witness refused the checkpoint with an HTTP status other than 409. */
export class WitnessRefusedError extends WitnessError {
  override name = 'WitnessRefusedError';

  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The witness could not be reached, or did not answer in time. */
export class WitnessUnreachableError extends WitnessError {
  override name = 'WitnessUnreachableError';
}

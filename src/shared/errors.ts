/**
 * Errors a service raises about a request. Each carries a stable `code` from `ERROR_CODES`; the HTTP
 * edge maps the code (never the class name) to one status and shows the message.
 */

export const ERROR_CODES = [
  'not-found',
  'version-conflict',
  'still-restricted',
  'invalid-input',
  'forbidden',
  'unauthenticated',
  'vault-locked',
  'range-not-satisfiable',
  'busy',
  'after-commit-failed',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error Vigil raises on purpose about a request: its message is meant for the person who made it. */
export abstract class VigilError extends Error {
  abstract readonly code: ErrorCode;
}

export function isVigilError(error: unknown): error is VigilError {
  return error instanceof VigilError && (ERROR_CODES as readonly string[]).includes(error.code);
}

export class NotFoundError extends VigilError {
  readonly code = 'not-found';
  override name = 'NotFoundError';
  constructor(what: string, id: string) {
    super(`${what} ${id} was not found`);
  }
}

/** Two people edited the same record: the second save names the version it started from. */
export class VersionConflictError extends VigilError {
  readonly code = 'version-conflict';
  override name = 'VersionConflictError';
  constructor(
    what: string,
    readonly currentVersion: number,
  ) {
    super(`this ${what} was changed by someone else since you opened it (now version ${currentVersion}); reload it and apply your changes again`);
  }
}

export class InvalidInputError extends VigilError {
  readonly code = 'invalid-input';
  override name = 'InvalidInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export class ForbiddenError extends VigilError {
  readonly code = 'forbidden';
  override name = 'ForbiddenError';
}

export class AuthenticationError extends VigilError {
  readonly code = 'unauthenticated';
  override name = 'AuthenticationError';
}

/** The vault's identity is not unlocked in this process, so evidence cannot be opened. */
export class VaultLockedError extends VigilError {
  readonly code = 'vault-locked';
  override name = 'VaultLockedError';
}

/** A byte range outside the item: the edge answers 416 with the item's size. */
export class UnsatisfiableRangeError extends VigilError {
  readonly code = 'range-not-satisfiable';
  override name = 'UnsatisfiableRangeError';
  constructor(readonly size: number) {
    super(`the requested range is outside the item's ${size} bytes`);
  }
}

/** Too much work is already waiting: the edge answers 503 with `Retry-After`. */
export class ServerBusyError extends VigilError {
  readonly code = 'busy';
  override name = 'ServerBusyError';
  constructor(
    readonly retryAfterSeconds: number,
    message = `the server is busy checking other sign-ins; try again in ${retryAfterSeconds} seconds`,
  ) {
    super(message);
  }
}

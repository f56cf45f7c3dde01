/** Errors a service raises about a request; the HTTP edge maps each to one status and shows its message. */

export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(what: string, id: string) {
    super(`${what} ${id} was not found`);
  }
}

/** Two people edited the same record: the second save names the version it started from. */
export class VersionConflictError extends Error {
  override name = 'VersionConflictError';
  constructor(
    what: string,
    readonly currentVersion: number,
  ) {
    super(`this ${what} was changed by someone else since you opened it (now version ${currentVersion}); reload it and apply your changes again`);
  }
}

export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
}

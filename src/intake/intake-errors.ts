/** An error a source may read: its message says what to do, and reveals nothing about anyone else. */
export class IntakeError extends Error {
  override name = 'IntakeError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

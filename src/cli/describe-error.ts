/** Vigil's errors carry a message meant for a person; VIGIL_DEBUG adds the stack trace. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return process.env.VIGIL_DEBUG !== undefined && error.stack ? error.stack : error.message;
}

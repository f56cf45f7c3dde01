import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { IntakeError } from '../intake/intake-errors.js';

/** The one shape of every error the API answers, whatever its status. */
export const ApiError = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable, for programs: e.g. not-found, version-conflict, invalid-input' }),
      message: Type.String({ description: 'for people' }),
      field: Type.Optional(Type.String({ description: 'the input that was refused, e.g. body.titleRu' })),
      currentVersion: Type.Optional(Type.Integer({ description: "with version-conflict: the record's version now" })),
    }),
  },
);
export type ApiError = Static<typeof ApiError>;

const STATUS: Record<string, [number, string]> = {
  NotFoundError: [404, 'not-found'],
  VersionConflictError: [409, 'version-conflict'],
  ItemStillRestrictedError: [409, 'still-restricted'],
  InvalidInputError: [400, 'invalid-input'],
  ForbiddenError: [403, 'forbidden'],
  AuthenticationError: [401, 'unauthenticated'],
  VaultLockedError: [503, 'vault-locked'],
  UnsatisfiableRangeError: [416, 'range-not-satisfiable'],
  ServerBusyError: [503, 'busy'],
};

/**
 * The one place errors become responses. Errors a service raises about the request keep their
 * message; anything else is a 500 whose details go to the log, never to the client.
 */
export function mapError(error: FastifyError & { field?: string; currentVersion?: number }, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof IntakeError) {
    if (error.status < 500 || error.status === 503) return reply.status(error.status).send({ error: { code: error.code, message: error.message } } satisfies ApiError);
  }
  const known = STATUS[error.name];
  if (known) {
    const [status, code] = known;
    if (error.name === 'UnsatisfiableRangeError') reply.header('content-range', `bytes */${(error as unknown as { size: number }).size}`);
    if (error.name === 'ServerBusyError') reply.header('retry-after', String((error as unknown as { retryAfterSeconds: number }).retryAfterSeconds));
    return reply.status(status).send({ error: { code, message: error.message, field: error.field, currentVersion: error.currentVersion } } satisfies ApiError);
  }
  if (error.validation) {
    const first = error.validation[0];
    const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
    const path = `${error.validationContext ?? 'body'}${first?.instancePath?.replace(/\//g, '.') ?? ''}${missing ? `.${missing}` : ''}`;
    return reply.status(400).send({ error: { code: 'invalid-input', field: path, message: `${path}: ${first?.message ?? 'is not valid'}` } } satisfies ApiError);
  }
  if (error.statusCode && error.statusCode < 500) {
    return reply.status(error.statusCode).send({ error: { code: error.code ?? 'bad-request', message: error.message } } satisfies ApiError);
  }
  request.log.error({ err: error }, 'request failed');
  return reply.status(500).send({ error: { code: 'internal', message: 'something went wrong on the server; the details are in its log' } } satisfies ApiError);
}

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { IntakeError } from '../intake/index.js';
import { validationMessage } from './validation-message.js';
import { InvalidInputError, isVigilError, ServerBusyError, UnsatisfiableRangeError, VersionConflictError, type ErrorCode } from '../shared/index.js';

/** The one shape of every error the API answers, whatever its status. */
export const ApiError = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'stable, for programs: e.g. not-found, version-conflict, invalid-input' }),
    message: Type.String({ description: 'for people' }),
    field: Type.Optional(Type.String({ description: 'the input that was refused, e.g. body.titleRu' })),
    currentVersion: Type.Optional(Type.Integer({ description: "with version-conflict: the record's version now" })),
  }),
});
export type ApiError = Static<typeof ApiError>;

const STATUS: Record<ErrorCode, number> = {
  'not-found': 404,
  'version-conflict': 409,
  'still-restricted': 409,
  'invalid-input': 400,
  forbidden: 403,
  unauthenticated: 401,
  'vault-locked': 503,
  'range-not-satisfiable': 416,
  busy: 503,
  // The edit was saved; what follows it (an index refresh) failed. Saying 500 is honest, and the message says so.
  'after-commit-failed': 500,
};

/**
 * The one place errors become responses. Errors a service raises about the request keep their
 * message; anything else is a 500 whose details go to the log, never to the client.
 */
export function mapError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof IntakeError) {
    if (error.status < 500 || error.status === 503)
      return reply.status(error.status).send({ error: { code: error.code, message: error.message } } satisfies ApiError);
  }
  const coded: unknown = error;
  if (isVigilError(coded)) {
    if (coded instanceof UnsatisfiableRangeError) reply.header('content-range', `bytes */${coded.size}`);
    if (coded instanceof ServerBusyError) reply.header('retry-after', String(coded.retryAfterSeconds));
    const field = coded instanceof InvalidInputError ? coded.field : undefined;
    const currentVersion = coded instanceof VersionConflictError ? coded.currentVersion : undefined;
    return reply.status(STATUS[coded.code]).send({ error: { code: coded.code, message: coded.message, field, currentVersion } } satisfies ApiError);
  }
  if (error.validation) {
    const first = error.validation[0];
    const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
    const path = `${error.validationContext ?? 'body'}${first?.instancePath?.replace(/\//g, '.') ?? ''}${missing ? `.${missing}` : ''}`;
    return reply.status(400).send({ error: { code: 'invalid-input', field: path, message: validationMessage(path, first) } } satisfies ApiError);
  }
  if (error.statusCode && error.statusCode < 500) {
    return reply.status(error.statusCode).send({ error: { code: error.code ?? 'bad-request', message: error.message } } satisfies ApiError);
  }
  request.log.error({ err: error }, 'request failed');
  return reply.status(500).send({ error: { code: 'internal', message: 'something went wrong on the server; the details are in its log' } } satisfies ApiError);
}

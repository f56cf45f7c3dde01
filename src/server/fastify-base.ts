import crypto from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import type { App } from './app-types.js';

/** Answers a URL the router could not take apart (bad percent-encoding, a parameter too long). */
export type BadUrlHandler = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void;

/** The Fastify instance both roles share: TypeBox types, cookies, and logs that never name a request. */
export async function createFastify(logLevel: 'silent' | 'error' | 'info' = 'error', onBadUrl?: BadUrlHandler): Promise<App> {
  const app = Fastify({
    // Requests are never logged, and an error's log line never names its request: no address, no agent, no URL,
    // and no time (the intake keeps none finer than a day; a journal that needs one adds its own).
    logger: { level: logLevel, timestamp: false, serializers: { req: () => ({}), res: () => ({}) } },
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
    ...(onBadUrl ? { frameworkErrors: onBadUrl } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(fastifyCookie, { secret: crypto.randomBytes(32).toString('hex') });
  return app;
}

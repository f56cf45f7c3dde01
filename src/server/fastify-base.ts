import crypto from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import type { App } from './app-types.js';

/** The Fastify instance both roles share: TypeBox types, cookies, and logs that never name a request. */
export async function createFastify(logLevel: 'silent' | 'error' | 'info' = 'error'): Promise<App> {
  const app = Fastify({
    // Requests are never logged, and an error's log line never names its request: no address, no agent, no URL.
    logger: { level: logLevel, serializers: { req: () => ({}), res: () => ({}) } },
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(fastifyCookie, { secret: crypto.randomBytes(32).toString('hex') });
  return app;
}

import crypto from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyRequest, type RouteOptions } from 'fastify';
import type { Cases } from '../cases/open-cases.js';
import { makeAccessCheck } from './access.js';
import type { App } from './app-types.js';
import { mapError } from './error-mapper.js';
import { adminRoutes } from './routes/admin-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { incidentRoutes } from './routes/incident-routes.js';
import { recordRoutes } from './routes/record-routes.js';

export interface ServerOptions {
  cases: Cases;
  organisation: string;
  /** Log level; requests themselves are never logged (their URLs hold names and searches). */
  logLevel?: 'silent' | 'error' | 'info';
  /** Sees every route as it is added: the authorization matrix test reads the route table through it. */
  onRoute?: (route: RouteOptions) => void;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The staff server: the JSON API under /api/, its OpenAPI document, and (later) the web app. */
export async function buildServer(options: ServerOptions): Promise<App> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'error' },
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.setErrorHandler(mapError);
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: { code: 'not-found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }));
  app.decorateRequest('viewer', null);
  app.decorateRequest('user', null);

  await app.register(fastifyCookie, { secret: crypto.randomBytes(32).toString('hex') });
  await app.register(fastifyCsrf, {
    cookieKey: 'vigil_csrf',
    cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, secure: true, signed: true },
    getToken: (request: FastifyRequest) => request.headers['x-csrf-token'] as string | undefined,
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: `Vigil staff API (${options.organisation})`, version: '0.1.0', description: 'Case records, search and the evidence vault. Every route needs a signed-in session unless marked public.' },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cache-control', 'no-store');
    if (UNSAFE.has(request.method) && request.url.startsWith('/api/')) app.csrfProtection(request, reply, done);
    else done();
  });
  app.addHook('preHandler', makeAccessCheck(options.cases.accounts));

  authRoutes(app, options.cases.accounts);
  incidentRoutes(app, options.cases);
  recordRoutes(app, options.cases);
  adminRoutes(app, options.cases);
  return app;
}

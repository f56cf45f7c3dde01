import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { type FastifyError, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify';
import type { Cases } from '../cases/index.js';
import { makeAccessCheck, pluginRouteAccess, SESSION_COOKIE } from './access.js';
import type { App } from './app-types.js';
import { mapError, type ApiError } from './error-mapper.js';
import { adminRoutes } from './routes/admin-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { incidentRoutes } from './routes/incident-routes.js';
import { recordRoutes } from './routes/record-routes.js';
import { csvRoutes } from './routes/csv-routes.js';
import { vaultRoutes } from './routes/vault-routes.js';
import { createFastify, type BadUrlHandler } from './fastify-base.js';
import { STAFF_WEB_ROOT } from './web-roots.js';
import { intakeRoutes } from './routes/intake-routes.js';
import type { IntakeStaff } from '../inbox/index.js';
import type { MediaTriage } from '../media/index.js';
import { mediaRoutes } from './routes/media-routes.js';
import { followRoutes, homeRoutes } from './routes/home-routes.js';
import type { HomeService } from '../app/index.js';
import { intakePlugin, type IntakePluginOptions } from './intake/intake-plugin.js';

export interface ServerOptions {
  /** The staff side (API and app); absent for an intake-only server. */
  cases?: Cases;
  /** The intake's public side under /submit/ (source pages, tus endpoint). */
  intake?: IntakePluginOptions;
  /** The staff's intake API (inbox, import, replies), when the staff side can reach the intake store. */
  intakeStaff?: IntakeStaff;
  /** Media triage (catalogue, duplicates, marks), when the server has the media analyses. */
  media?: MediaTriage;
  /** Each person's home page. */
  home?: HomeService;
  organisation: string;
  /** Log level; requests themselves are never logged (their URLs hold names and searches). */
  logLevel?: 'silent' | 'error' | 'info';
  /** The built staff app (dist/web/staff); by default found next to the built server. */
  webRoot?: string;
  /** Sees every route as it is added: the authorization matrix test reads the route table through it. */
  onRoute?: (route: RouteOptions) => void;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The staff app loads nothing from anywhere else, and no page may frame it. */
const APP_CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The staff server: the JSON API under /api/, its OpenAPI document, and (later) the web app. */
export async function buildServer(options: ServerOptions): Promise<App> {
  let onBadUrl: BadUrlHandler | undefined;
  if (options.cases) {
    const accounts = options.cases.accounts;
    onBadUrl = (error, request, reply) => void answerBadUrl(accounts, app, error, request, reply);
  }
  const app = await createFastify(options.logLevel, onBadUrl);
  app.setErrorHandler(mapError);
  const cases = options.cases;
  if (cases) await app.register(async (staff: App) => staffContext(staff, cases, options));
  const intake = options.intake;
  if (intake) {
    await app.register(async (context: App) => intakePlugin(context, intake), { prefix: '/submit' });
  }
  return app;
}

/** The staff side, in its own context: its hooks (CSRF, access, headers) do not touch the intake's routes. */
async function staffContext(app: App, cases: Cases, options: ServerOptions): Promise<void> {
  app.addHook('onRoute', pluginRouteAccess);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.setErrorHandler(mapError);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not-found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );
  app.decorateRequest('viewer', null);
  app.decorateRequest('user', null);
  await app.register(fastifyCsrf, {
    cookieKey: 'vigil_csrf',
    cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, secure: true, signed: true },
    getToken: (request: FastifyRequest) => request.headers['x-csrf-token'] as string | undefined,
  });
  await app.register(fastifySwagger, {
    openapi: {
      // 3.1: its schemas are JSON Schema 2020-12, which TypeBox writes (e.g. a numeric exclusiveMinimum).
      openapi: '3.1.0',
      info: {
        title: `Vigil staff API (${options.organisation})`,
        version: '0.1.0',
        description: 'Case records, search and the evidence vault. Every route needs a signed-in session unless marked public.',
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onRequest', (_request, reply, done) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cache-control', 'no-store');
    done();
  });
  // Who may call the route is decided first, before the body is read or a parameter validated: an
  // anonymous caller learns nothing about a route but that it needs a session.
  app.addHook('onRequest', makeAccessCheck(cases.accounts));
  app.addHook('onRequest', (request, reply, done) => {
    if (UNSAFE.has(request.method)) app.csrfProtection(request, reply, done);
    else done();
  });

  await staffApp(app, options.webRoot ?? STAFF_WEB_ROOT);
  authRoutes(app, cases.accounts);
  incidentRoutes(app, cases);
  recordRoutes(app, cases);
  adminRoutes(app, cases);
  vaultRoutes(app, cases);
  csvRoutes(app, cases);
  if (options.intakeStaff) intakeRoutes(app, options.intakeStaff, cases.vaultItems);
  if (options.media) mediaRoutes(app, options.media);
  followRoutes(app, cases);
  if (options.home) homeRoutes(app, options.home);
}

/**
 * A URL the router could not match (bad percent-encoding, an over-long parameter) under /api/: 401 to a
 * caller without a session, as for any other API URL, and otherwise "not found" without echoing it.
 */
async function answerBadUrl(accounts: Cases['accounts'], app: App, error: FastifyError, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  try {
    if (!request.url.startsWith('/api/')) {
      reply.status(error.statusCode ?? 400).send({ error: { code: error.code, message: 'the URL is not valid' } } satisfies ApiError);
      return;
    }
    const token = app.parseCookie(request.headers.cookie ?? '')[SESSION_COOKIE];
    if (!(await accounts.viewer(token))) reply.status(401).send({ error: { code: 'unauthenticated', message: 'sign in first' } } satisfies ApiError);
    else reply.status(404).send({ error: { code: 'not-found', message: 'no such route or record: the URL is not valid' } } satisfies ApiError);
  } catch (failure) {
    request.log.error({ err: failure }, 'answering a bad URL failed');
    reply.status(500).send({ error: { code: 'internal', message: 'something went wrong on the server; the details are in its log' } } satisfies ApiError);
  }
}

/** The React app under /app/: its files, and its index page for every client-side route. */
async function staffApp(app: App, root: string): Promise<void> {
  const index = path.join(root, 'index.html');
  if (!fs.existsSync(index)) {
    app.get('/app/*', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.status(503).send('The staff app is not built: run `npm run build`.'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/app/',
    index: false,
    wildcard: false,
    setHeaders: (res) => res.header('content-security-policy', APP_CSP),
  });
  const html = fs.readFileSync(index);
  const page = async (_request: FastifyRequest, reply: import('fastify').FastifyReply) =>
    reply.header('content-security-policy', APP_CSP).type('text/html').send(html);
  app.get('/app', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/app/'));
  app.get('/app/', { config: { access: 'public' }, schema: { hide: true } }, page);
  app.get('/app/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    // Files that exist were matched by the static plugin's own routes; anything else is a page of the app.
    if (/\.[a-z0-9]+$/i.test(request.url.split('?')[0]!)) return reply.status(404).send('not found');
    return page(request, reply);
  });
}

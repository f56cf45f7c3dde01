import fs from 'node:fs';
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { IntakeError } from '../../intake/index.js';
import { formatBytes } from '../../intake/index.js';
import type { Intake } from '../../intake/index.js';
import type { App } from '../app-types.js';
import { errorPage, INTAKE_CSS } from './source-pages.js';
import { langOf } from './intake-text.js';
import { sourcePageRoutes } from './source-page-routes.js';
import { sourceApiRoutes } from './source-api-routes.js';
import { sameOriginGuard } from './same-origin-guard.js';
import { INTAKE_WEB_ROOT } from '../web-roots.js';
import { DEFAULT_BODY_STALL, watchBodyStall, type BodyStallLimit } from './body-stall-guard.js';
import { letGoOfUnreadBodies } from './unread-body.js';
import { ServerBusyError } from '../../shared/index.js';
import { TUS_PATH, tusRoutes } from './tus-routes.js';

export interface IntakePluginOptions {
  intake: Intake;
  /** The built upload script (dist/web/intake); by default found next to the built server. */
  webRoot?: string;
  /** When a request body counts as stalled (tests shorten it). */
  bodyStall?: BodyStallLimit;
}

/** Nothing from anywhere else; WebAssembly only for hashing speed; no framing. */
export const INTAKE_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The intake role under /submit/: source pages, the tus endpoint and the small JSON API the upload
 * script uses. It logs nothing about a request, and sets no cookie until a codename has been shown.
 */
export async function intakePlugin(app: App, options: IntakePluginOptions): Promise<void> {
  const { intake } = options;
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('content-security-policy', INTAKE_CSP);
    // A referrer and an Origin for this site's own requests only: another site learns nothing of where a source
    // was, and a state-changing request from these pages names its origin, so `Origin: null` is never ours.
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('cache-control', 'no-store');
  });
  app.addHook('onRequest', sameOriginGuard);
  const bodyStall = options.bodyStall ?? DEFAULT_BODY_STALL;
  app.addHook('onRequest', watchBodyStall(bodyStall));
  const unreadBodies = letGoOfUnreadBodies(bodyStall.windowMs);
  app.addHook('onSend', unreadBodies.onSend);
  app.addHook('onResponse', unreadBodies.onResponse);
  app.setErrorHandler((error: FastifyError, request, reply) => intakeError(error, request, reply));
  app.setNotFoundHandler((request, reply) => intakeError(new IntakeError(404, 'not-found', 'There is no such page.'), request, reply));
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  await app.register(fastifyMultipart, { limits: { fileSize: intake.config.formLimitBytes, files: 50, fields: 10, fieldSize: 4096 } });

  const webRoot = options.webRoot ?? INTAKE_WEB_ROOT;
  app.get('/assets/intake.css', async (_request, reply) => reply.type('text/css').send(INTAKE_CSS));
  if (fs.existsSync(path.join(webRoot, 'intake.js'))) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/assets/', decorateReply: false, index: false });
  }

  tusRoutes(app, intake);
  sourceApiRoutes(app, intake);
  sourcePageRoutes(app, intake, formatBytes(intake.config.formLimitBytes));
}

/** Pages get a page, the tus endpoint plain text (tus clients show it), the JSON API JSON; no 5xx detail. */
function intakeError(error: FastifyError | IntakeError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  let status = error instanceof IntakeError ? error.status : ((error as FastifyError).statusCode ?? 500);
  let message = error.message;
  let code = error instanceof IntakeError ? error.code : ((error as FastifyError).code ?? 'error');
  if ((error as FastifyError).code === 'FST_REQ_FILE_TOO_LARGE') status = 413;
  if (error instanceof ServerBusyError) {
    status = 503;
    code = 'busy';
    message = 'The server is busy. Nothing you sent is lost; wait a few seconds and try again.';
    reply.header('retry-after', String(error.retryAfterSeconds));
  } else if (status >= 500 && status !== 507) {
    request.log.error({ err: { message: error.message, stack: error.stack } }, 'intake request failed');
    message = 'Something went wrong on the server. Nothing you sent is lost; try again in a while.';
    code = 'internal';
  }
  if (
    status === 401 &&
    request.url.startsWith('/submit/') &&
    !request.url.startsWith(TUS_PATH) &&
    !request.url.startsWith('/submit/api/') &&
    request.method === 'GET'
  ) {
    return reply.redirect(`/submit/login?lang=${langOf(request.query)}`, 303);
  }
  if (request.url.startsWith(TUS_PATH)) return reply.status(status).type('text/plain; charset=utf-8').send(message);
  if (request.url.startsWith('/submit/api/')) return reply.status(status).send({ error: { code, message } });
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(errorPage(langOf(request.query), message));
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Intake } from '../../intake/index.js';
import { IntakeError } from '../../intake/index.js';
import type { SourceSession } from '../../intake/index.js';

export const SOURCE_COOKIE = 'vigil_source';

/** The signed-in source, or a 401 that sends them back to the codename. */
export function sourceOf(intake: Intake, request: FastifyRequest): SourceSession {
  const session = intake.sources.session(request.cookies[SOURCE_COOKIE]);
  if (!session) throw new IntakeError(401, 'not-signed-in', 'Sign in with your codename to continue.');
  return session;
}

/** Same as sourceOf, and the request must carry the session's anti-forgery token (form field, query or header). */
export function checkedSourceOf(intake: Intake, request: FastifyRequest): SourceSession {
  const session = sourceOf(intake, request);
  const sent =
    (request.headers['x-vigil-csrf'] as string | undefined) ??
    (request.body as { csrf?: string } | undefined)?.csrf ??
    (request.query as { csrf?: string }).csrf;
  if (sent !== session.csrfToken) throw new IntakeError(403, 'bad-csrf', 'This form has expired. Go back, reload the page and try again.');
  return session;
}

/** Set only once the codename has been shown (or typed): no cookie before. */
export function setSourceCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(SOURCE_COOKIE, token, { path: '/submit', httpOnly: true, sameSite: 'strict', secure: true });
}

export function clearSourceCookie(reply: FastifyReply): void {
  reply.clearCookie(SOURCE_COOKIE, { path: '/submit', httpOnly: true, sameSite: 'strict', secure: true });
}

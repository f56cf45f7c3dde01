import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import type { AccountService, SessionState } from '../../accounts/account-service.js';
import { SESSION_COOKIE, viewerOf } from '../access.js';
import type { App } from '../app-types.js';

const SessionReply = Type.Object({
  secondFactor: Type.Union([Type.Literal('verify'), Type.Literal('enrol'), Type.Literal('none')]),
  user: Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String(), role: Type.String(), secondFactor: Type.Boolean(), disabled: Type.Boolean() }),
});
const Code = Type.Object({ code: Type.String({ minLength: 6, maxLength: 12 }) }, { additionalProperties: false });

function setSession(reply: FastifyReply, state: SessionState) {
  // Secure: browsers still send it to http://localhost, and nowhere else without TLS.
  reply.setCookie(SESSION_COOKIE, state.token, { httpOnly: true, secure: true, sameSite: 'strict', path: '/', maxAge: 12 * 3600 });
  return { secondFactor: state.secondFactor, user: state.user };
}

export function authRoutes(app: App, accounts: AccountService): void {
  app.get('/api/auth/csrf', { config: { access: 'public' }, schema: { tags: ['auth'], response: { 200: Type.Object({ token: Type.String() }) } } }, async (_request, reply) => ({
    token: reply.generateCsrf(),
  }));

  app.post(
    '/api/auth/login',
    { config: { access: 'public' }, schema: { tags: ['auth'], body: Type.Object({ username: Type.String({ maxLength: 100 }), password: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }), response: { 200: SessionReply } } },
    async (request, reply) => setSession(reply, await accounts.login(request.body.username, request.body.password)),
  );

  app.post('/api/auth/second-factor', { config: { access: 'pending' }, schema: { tags: ['auth'], body: Code, response: { 200: SessionReply } } }, async (request, reply) =>
    setSession(reply, await accounts.verifySecondFactor(request.cookies[SESSION_COOKIE]!, request.body.code)),
  );

  app.post('/api/auth/enrol', { config: { access: 'pending' }, schema: { tags: ['auth'], response: { 200: Type.Object({ secret: Type.String(), uri: Type.String() }) } } }, async (request) =>
    accounts.beginEnrolment(request.cookies[SESSION_COOKIE]!),
  );

  app.post('/api/auth/enrol/confirm', { config: { access: 'pending' }, schema: { tags: ['auth'], body: Code, response: { 200: SessionReply } } }, async (request, reply) =>
    setSession(reply, await accounts.confirmEnrolment(request.cookies[SESSION_COOKIE]!, request.body.code)),
  );

  app.get('/api/auth/me', { config: { access: 'signed-in' }, schema: { tags: ['auth'] } }, async (request) => ({ user: request.user, compartments: [...viewerOf(request).compartments] }));

  app.post('/api/auth/logout', { config: { access: 'signed-in' }, schema: { tags: ['auth'] } }, async (request, reply) => {
    await accounts.logout(request.cookies[SESSION_COOKIE]!);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { signedOut: true };
  });
}

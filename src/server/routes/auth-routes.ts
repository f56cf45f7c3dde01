import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import type { AccountService, SessionState } from '../../accounts/index.js';
import { CompartmentName, Enrolment, LoginInput, Me, SecondFactorCode, SessionReply, SignedOut } from '../../accounts/index.js';
import { AuthenticationError } from '../../shared/index.js';
import { SESSION_COOKIE, viewerOf } from '../access.js';
import type { App } from '../app-types.js';
import { replies } from './common.js';

function setSession(reply: FastifyReply, state: SessionState): SessionReply {
  // Secure: browsers still send it to http://localhost, and nowhere else without TLS.
  reply.setCookie(SESSION_COOKIE, state.token, { httpOnly: true, secure: true, sameSite: 'strict', path: '/', maxAge: 12 * 3600 });
  return { secondFactor: state.secondFactor, user: state.user };
}

export function authRoutes(app: App, accounts: AccountService): void {
  const tags = ['auth'];
  app.get(
    '/api/auth/csrf',
    { config: { access: 'public' }, schema: { tags, response: replies({ 200: Type.Object({ token: Type.String() }) }) } },
    async (_request, reply) => ({
      token: reply.generateCsrf(),
    }),
  );

  app.post(
    '/api/auth/login',
    { config: { access: 'public' }, schema: { tags, body: LoginInput, response: replies({ 200: SessionReply }) } },
    async (request, reply) => setSession(reply, await accounts.login(request.body.username, request.body.password)),
  );

  app.post(
    '/api/auth/second-factor',
    { config: { access: 'pending' }, schema: { tags, body: SecondFactorCode, response: replies({ 200: SessionReply }) } },
    async (request, reply) => setSession(reply, await accounts.verifySecondFactor(request.cookies[SESSION_COOKIE]!, request.body.code)),
  );

  app.post('/api/auth/enrol', { config: { access: 'pending' }, schema: { tags, response: replies({ 200: Enrolment }) } }, async (request) =>
    accounts.beginEnrolment(request.cookies[SESSION_COOKIE]!),
  );

  app.post(
    '/api/auth/enrol/confirm',
    { config: { access: 'pending' }, schema: { tags, body: SecondFactorCode, response: replies({ 200: SessionReply }) } },
    async (request, reply) => setSession(reply, await accounts.confirmEnrolment(request.cookies[SESSION_COOKIE]!, request.body.code)),
  );

  app.get('/api/auth/me', { config: { access: 'signed-in' }, schema: { tags, response: replies({ 200: Me }) } }, async (request) => {
    const viewer = viewerOf(request);
    if (!request.user) throw new AuthenticationError('sign in first');
    return { user: request.user, compartments: [...viewer.compartments] };
  });

  app.get(
    '/api/auth/compartments',
    { config: { access: 'signed-in' }, schema: { tags, response: replies({ 200: Type.Array(CompartmentName) }) } },
    async (request) => accounts.compartmentsOf(viewerOf(request)),
  );

  app.post('/api/auth/logout', { config: { access: 'signed-in' }, schema: { tags, response: replies({ 200: SignedOut }) } }, async (request, reply) => {
    await accounts.logout(request.cookies[SESSION_COOKIE]!);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { signedOut: true as const };
  });
}

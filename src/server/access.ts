import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountService, PublicUser } from '../accounts/account-service.js';
import { can, type Permission, type Viewer } from '../accounts/viewer.js';
import { AuthenticationError, ForbiddenError } from '../shared/errors.js';

/**
 * Who may call a route. Every API route declares one; a route without it is refused, so a new
 * route cannot be open by accident.
 * - `public`: anyone (signing in);
 * - `pending`: a session whose password was accepted, before the second factor;
 * - `signed-in`: any role;
 * - a permission: the roles that hold it.
 */
export type Access = 'public' | 'pending' | 'signed-in' | Permission;

export const SESSION_COOKIE = 'vigil_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    viewer: Viewer | null;
    user: PublicUser | null;
  }
}

export function viewerOf(request: FastifyRequest): Viewer {
  if (!request.viewer) throw new AuthenticationError('sign in first');
  return request.viewer;
}

export function makeAccessCheck(accounts: AccountService) {
  return async function checkAccess(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    // The OpenAPI document and its browser come from a plugin: staff only, like the API they describe.
    const access = request.routeOptions.config?.access ?? (request.url.startsWith('/api/docs') ? 'signed-in' : undefined);
    if (!request.url.startsWith('/api/') || access === 'public') return;
    if (access === undefined) throw new ForbiddenError('this route declares no access rule');
    if (access === 'pending') {
      if (!request.cookies[SESSION_COOKIE]) throw new AuthenticationError('sign in first');
      return;
    }
    const signedIn = await accounts.viewer(request.cookies[SESSION_COOKIE]);
    if (!signedIn) throw new AuthenticationError('sign in first');
    request.viewer = signedIn.viewer;
    request.user = signedIn.user;
    if (access !== 'signed-in' && !can(signedIn.viewer, access)) throw new ForbiddenError(`your role (${signedIn.viewer.role}) may not do this`);
  };
}

import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountService } from '../accounts/index.js';
import type { PublicUser } from '../accounts/index.js';
import { can, type Permission, type Viewer } from '../accounts/index.js';
import { AuthenticationError, ForbiddenError } from '../shared/index.js';

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

/**
 * Decides on the route that matched, never on the raw URL (which may be percent-encoded): every
 * route must declare its access rule, or the request is refused. Unmatched URLs fall through to the
 * not-found handler. Runs as the first `onRequest` hook, before CSRF, body parsing and validation:
 * a caller without a session gets 401 whatever the parameters, and learns nothing about them.
 */
export function makeAccessCheck(accounts: AccountService) {
  return async function checkAccess(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    if (request.routeOptions.url === undefined) return;
    const access = request.routeOptions.config?.access;
    if (access === undefined) throw new ForbiddenError('this route declares no access rule');
    if (access === 'public') return;
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

/**
 * Access rules for routes that plugins add: the OpenAPI document and its browser are for staff; the
 * staff app's static files are public (the data they show comes from the API).
 */
export function pluginRouteAccess(route: { url: string; config?: { access?: Access } }): void {
  if (route.config?.access !== undefined) return;
  if (route.url === '/api/docs' || route.url.startsWith('/api/docs/')) route.config = { ...route.config, access: 'signed-in' };
  else if (route.url.startsWith('/app/')) route.config = { ...route.config, access: 'public' };
}

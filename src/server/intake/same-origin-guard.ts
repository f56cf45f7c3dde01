import type { FastifyRequest } from 'fastify';
import { IntakeError } from '../../intake/index.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Why a state-changing request looks sent by another site's page, or null. A browser says where a request comes
 * from in `Sec-Fetch-Site` (which no page can forge) or, failing that, in `Origin`. A request with neither is not
 * from a browser (curl, tus-js-client in Node): cross-site request forgery needs a browser, so it passes here, and
 * the form token still applies. `Origin: null` is refused: this site's pages (referrer policy `same-origin`) send
 * their own origin, so a null one comes from a page of no site, such as a sandboxed frame another site made, in a
 * browser too old to send `Sec-Fetch-Site` (Safari before 16.4).
 */
export function crossSiteReason(method: string, headers: FastifyRequest['headers']): string | null {
  if (!UNSAFE.has(method)) return null;
  const site = headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none' ? null : `Sec-Fetch-Site is "${String(site)}"`;
  const origin = headers.origin;
  if (origin === undefined) return null;
  if (origin === 'null') return 'Origin is null (a page of no site, such as a sandboxed frame)';
  try {
    const from = new URL(origin);
    // Read the Host header with the origin's scheme, so that a default port written out (":80") still matches.
    return new URL(`${from.protocol}//${headers.host ?? ''}`).host === from.host ? null : `Origin ${origin} is not this site`;
  } catch {
    return 'the Origin or Host header is malformed';
  }
}

/** Refuses, before its body is read, a state-changing request that another site's page made the browser send. */
export async function sameOriginGuard(request: FastifyRequest): Promise<void> {
  if (crossSiteReason(request.method, request.headers) !== null) {
    throw new IntakeError(403, 'cross-site', 'This request was sent by another website, so it was refused. Open this site by its own address and try again.');
  }
}

import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const LOGIN_COOKIE = 'vigil_login';
const COOKIE_OPTIONS = { path: '/submit/login', httpOnly: true, sameSite: 'strict', secure: true } as const;

/**
 * The sign-in form's anti-forgery token. There is no session before sign-in, so the token is bound to a random,
 * browser-session cookie that only the sign-in page sets (and sign-in clears): another site's page can make the
 * browser post a codename, but cannot read the token that goes with this browser's cookie.
 */
export class LoginFormToken {
  private readonly key = crypto.randomBytes(32);

  /** The token for the sign-in page, setting the cookie unless the browser already has one. */
  issue(request: FastifyRequest, reply: FastifyReply): string {
    let nonce = request.cookies[LOGIN_COOKIE];
    if (!nonce || !/^[A-Za-z0-9_-]{32}$/.test(nonce)) {
      nonce = crypto.randomBytes(24).toString('base64url');
      reply.setCookie(LOGIN_COOKIE, nonce, COOKIE_OPTIONS);
    }
    return this.tokenFor(nonce);
  }

  /** True when the form's token belongs to this browser's sign-in cookie. */
  accepts(request: FastifyRequest, sent: string | undefined): boolean {
    const nonce = request.cookies[LOGIN_COOKIE];
    if (!nonce || typeof sent !== 'string') return false;
    const expected = Buffer.from(this.tokenFor(nonce));
    const actual = Buffer.from(sent);
    return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
  }

  clear(reply: FastifyReply): void {
    reply.clearCookie(LOGIN_COOKIE, COOKIE_OPTIONS);
  }

  private tokenFor(nonce: string): string {
    return crypto.createHmac('sha256', this.key).update(nonce).digest('base64url');
  }
}

import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/server/app-types.js';
import type { AccountService } from '../../src/accounts/account-service.js';
import { newTotpSecret, totpCode } from '../../src/accounts/totp.js';
import type { Role } from '../../src/db/schema.js';

/** A browser-like client over `app.inject`: keeps cookies and sends the CSRF token on unsafe requests. */
export class ApiClient {
  private cookies = new Map<string, string>();
  private csrf: string | null = null;

  constructor(private readonly app: App) {}

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    if (method !== 'GET' && this.csrf === null) await this.fetchCsrf();
    const response = await this.app.inject({
      method: method as 'GET',
      url,
      headers: {
        cookie: this.cookieHeader(),
        ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      payload: body === undefined ? undefined : typeof body === 'string' && headers['content-type'] ? body : JSON.stringify(body),
    });
    for (const cookie of response.cookies) {
      if (cookie.value === '' || (cookie.maxAge !== undefined && cookie.maxAge <= 0)) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async fetchCsrf(): Promise<void> {
    const response = await this.request('GET', '/api/auth/csrf');
    this.csrf = response.json<{ token: string }>().token;
  }

  /** Password, then the current TOTP code of `secret` (a code is accepted once per user). */
  async signIn(username: string, password: string, secret: string): Promise<void> {
    const login = await this.request('POST', '/api/auth/login', { username, password });
    if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
    const second = await this.request('POST', '/api/auth/second-factor', { code: totpCode(secret) });
    if (second.statusCode !== 200) throw new Error(`second factor failed: ${second.body}`);
  }
}

let userCount = 0;

/** A new user of the given role, with an authenticator, and a client signed in as them. */
export async function signedInClient(
  app: App,
  accounts: AccountService,
  role: Role,
  password = 'correct horse battery staple',
): Promise<{ client: ApiClient; userId: string; username: string }> {
  const secret = newTotpSecret();
  const username = `${role}-${++userCount}`;
  const user = await accounts.createUser({ username, displayName: username, role, password, totpSecret: secret });
  const client = new ApiClient(app);
  await client.signIn(username, password, secret);
  return { client, userId: user.id, username };
}

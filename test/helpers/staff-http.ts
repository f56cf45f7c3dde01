import { totpCode } from '../../src/accounts/totp.js';

/** The administrator's sign-in that `vigil demo` prints. */
export function demoCredentials(output: string): { username: string; password: string; secret: string } {
  return {
    username: /username (\S+)/.exec(output)![1]!,
    password: /password (.+)\n/.exec(output)![1]!,
    secret: /authenticator secret ([A-Z2-7]+)/.exec(output)![1]!,
  };
}

/** A minimal cookie jar over fetch, as a staff browser would keep one for 127.0.0.1. */
export class StaffBrowser {
  private cookies = new Map<string, string>();
  private csrf = '';
  constructor(private readonly base: string) {}

  async call(method: string, url: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${this.base}${url}`, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!, value.join('='));
    }
    return response;
  }

  async start(): Promise<void> {
    this.csrf = ((await (await this.call('GET', '/api/auth/csrf')).json()) as { token: string }).token;
  }

  /** Signs in with the sign-in `vigil demo` prints. */
  async signInFromDemoOutput(output: string): Promise<void> {
    const { username, password, secret } = demoCredentials(output);
    await this.start();
    await this.call('POST', '/api/auth/login', { username, password });
    const second = await this.call('POST', '/api/auth/second-factor', { code: totpCode(secret) });
    if (second.status !== 200) throw new Error(`staff sign-in failed: ${second.status} ${await second.text()}`);
  }
}

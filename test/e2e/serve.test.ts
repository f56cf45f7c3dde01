import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/accounts/totp.js';
import { demoCredentials, StaffBrowser } from '../helpers/staff-http.js';
import { assertBuilt, cliEnv, freePort, vigilAsync, vigilAwait } from './run-cli.js';

describe('vigil demo --serve and vigil users, end to end', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let server: ReturnType<typeof vigilAsync> | null = null;
  let output = '';
  let base: string;

  beforeAll(async () => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-serve-'));
    env = cliEnv(path.join(dir, 'home'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = vigilAsync(['demo', '--serve', '--port', String(port)], env);
    server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 60_000;
    while (!output.includes('is serving') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (!output.includes('is serving')) throw new Error(`the server did not start:\n${output}`);
  }, 90_000);
  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGINT');
      await new Promise((r) => server!.once('close', r));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints a demo sign-in that works with the printed authenticator secret', async () => {
    const { username, password, secret } = demoCredentials(output);
    const browser = new StaffBrowser(base);
    await browser.start();
    expect((await browser.call('GET', '/api/incidents')).status).toBe(401);
    expect((await (await browser.call('POST', '/api/auth/login', { username, password })).json()) as object).toMatchObject({ secondFactor: 'verify' });
    expect((await browser.call('POST', '/api/auth/second-factor', { code: totpCode(secret) })).status).toBe(200);
    const list = (await (await browser.call('GET', '/api/incidents?q=избиение')).json()) as { total: number; hits: Array<{ titleEn: string }> };
    expect(list.hits.map((h) => h.titleEn)).toContain('Beating on admission to the prison hospital (demo)');
    const docs = await browser.call('GET', '/api/docs/json');
    expect(((await docs.json()) as { info: { title: string } }).info.title).toMatch(/Demo Monitors/);
  });

  it('adds a staff account from the command line, refusing a weak password', async () => {
    const weak = await vigilAwait(['users', 'add', 'olga', '--role', 'investigator'], { ...env, VIGIL_NEW_PASSWORD: 'short' });
    expect(weak.status).toBe(1);
    expect(weak.stderr.toString()).toMatch(/password: the password must be at least 12 characters/);
    const bad = await vigilAwait(['users', 'add', 'olga', '--role', 'boss'], { ...env, VIGIL_NEW_PASSWORD: 'long enough password' });
    expect(bad.stderr.toString()).toMatch(/--role must be one of admin, investigator, editor, viewer/);
    const ok = await vigilAwait(['users', 'add', 'olga', '--role', 'investigator', '--name', 'Olga Fictional'], {
      ...env,
      VIGIL_NEW_PASSWORD: 'long enough password',
    });
    expect(ok.stderr.toString()).toBe('');
    expect(ok.stdout.toString()).toMatch(/Created olga \(investigator\)/);
    const list = await vigilAwait(['users', 'list'], env);
    expect(list.stdout.toString()).toMatch(/olga\s+investigator\s+no 2FA yet/);

    const browser = new StaffBrowser(base);
    await browser.start();
    const login = await browser.call('POST', '/api/auth/login', { username: 'olga', password: 'long enough password' });
    expect(((await login.json()) as { secondFactor: string }).secondFactor).toBe('enrol');
  });
});

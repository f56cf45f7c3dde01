/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { totpCode } from '../../src/accounts/totp.js';
import { cliEnv, freePort } from '../e2e/run-cli.js';
import { CHROMIUM, launchChromium } from './chromium.js';
import { demoCredentials } from './staff-http.js';

/**
 * What the staff app's browser tests share: `vigil demo --serve` on a free port, chromium with the project's
 * flags, a page that collects script errors and Content-Security-Policy refusals, sign-in with the password and an
 * authenticator code (setting the authenticator up on a first sign-in), and axe-core.
 */
const DIST = path.resolve(process.env.VIGIL_E2E_DIST ?? 'dist');
/** The CLI bundle the server runs from (VIGIL_E2E_DIST points at another build). */
export const CLI = path.join(DIST, 'bundle/cli/main.js');
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const LAPTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

/** Whether the build (CLI bundle and staff app) and chromium are there. */
export const staffAppAvailable = fs.existsSync(CLI) && fs.existsSync(path.join(DIST, 'web/staff/index.html')) && fs.existsSync(CHROMIUM);

/** A staff account as its owner knows it; `secret` is learnt at the first sign-in when the account has none yet. */
export interface StaffAccount {
  username: string;
  password: string;
  secret?: string;
}

export interface DemoServer {
  dir: string;
  /** The environment of the served home: CLI commands run with it reach the same home. */
  env: NodeJS.ProcessEnv;
  base: string;
  /** Everything the server printed so far. */
  output(): string;
  /** The demo's administrator, as `vigil demo` printed it. */
  admin: StaffAccount;
  stop(): Promise<void>;
}

/** `vigil demo --serve` in a new temp folder, on a free port, with `extra` in its environment. */
export async function startDemoServer(prefix: string, extra: Record<string, string> = {}): Promise<DemoServer> {
  if (!staffAppAvailable) throw new Error(`needs ${CLI}, ${DIST}/web/staff and ${CHROMIUM}: run \`npm run build\``);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const env = cliEnv(path.join(dir, 'home'), extra);
  const port = await freePort();
  let output = '';
  const server: ChildProcess = spawn(process.execPath, [CLI, 'demo', '--serve', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const closed = new Promise((r) => server.once('close', r));
      server.kill('SIGINT');
      await closed;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  while (!output.includes('is serving') && Date.now() < deadline && server.exitCode === null) await new Promise((r) => setTimeout(r, 100));
  if (!output.includes('is serving')) {
    await stop();
    throw new Error(`the server did not start:\n${output}`);
  }
  return { dir, env, base: `http://127.0.0.1:${port}`, output: () => output, admin: demoCredentials(output), stop };
}

export interface StaffPage {
  page: Page;
  /** Script errors and Content-Security-Policy refusals seen so far: the app must run under the server's CSP. */
  problems: string[];
}

/** A page in a new browser context (its own cookies: one person), watched for script errors and CSP refusals. */
export async function openStaffPage(
  browser: Browser,
  options: { locale?: string; viewport?: { width: number; height: number }; timeout?: number; acceptDownloads?: boolean } = {},
): Promise<StaffPage> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    ...(options.viewport ? { viewport: options.viewport } : {}),
    ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(options.timeout ?? 15_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) problems.push(message.text());
  });
  return { page, problems };
}

export { launchChromium };

const SIGN_IN_WORDS = {
  en: {
    username: 'Username',
    password: 'Password',
    signIn: 'Sign in',
    code: 'Authentication code',
    verify: 'Verify',
    secret: 'Secret key',
    confirm: 'Confirm',
    home: 'Home',
  },
  ru: {
    username: 'Имя пользователя',
    password: 'Пароль',
    signIn: 'Войти',
    code: 'Код подтверждения',
    verify: 'Подтвердить',
    secret: 'Секретный ключ',
    confirm: 'Подтвердить',
    home: 'Главная',
  },
} as const;

/**
 * Signs in from the sign-in form (opened first when `base` is given), in the page's language, and waits for the
 * home page. An account without an authenticator sets one up: its secret is then kept in `account.secret`.
 */
export async function signIn(page: Page, account: StaffAccount, options: { base?: string; lang?: 'en' | 'ru' } = {}): Promise<void> {
  const words = SIGN_IN_WORDS[options.lang ?? 'en'];
  if (options.base) await page.goto(`${options.base}/app/`);
  await page.getByLabel(words.username, { exact: true }).fill(account.username);
  await page.getByLabel(words.password, { exact: true }).fill(account.password);
  await page.getByRole('button', { name: words.signIn }).click();
  const code = page.getByLabel(words.code, { exact: true });
  await code.waitFor();
  const shownSecret = page.getByLabel(words.secret, { exact: true });
  const enrolling = await shownSecret.isVisible();
  if (enrolling) account.secret = (await shownSecret.textContent())!.trim();
  if (!account.secret) throw new Error(`no authenticator secret known for ${account.username}`);
  await code.fill(await freshCode(account.secret));
  await page.getByRole('button', { name: enrolling ? words.confirm : words.verify }).click();
  await page.getByRole('heading', { level: 1, name: words.home }).waitFor();
}

/** The last time step used per secret: the server takes each step once, so a second sign-in soon after takes the next. */
const usedSteps = new Map<string, number>();

/** A code of a step not used yet: this one, or the next (the server accepts one step ahead), else wait for one. */
async function freshCode(secret: string): Promise<string> {
  for (;;) {
    const step = Math.floor(Date.now() / 30_000);
    const next = Math.max(step, (usedSteps.get(secret) ?? -1) + 1);
    if (next <= step + 1) {
      usedSteps.set(secret, next);
      return totpCode(secret, next * 30_000);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Every axe-core violation on the page as it is now, as "rule (impact, nodes)". */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: Document) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return found.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`);
}

/** The serious and critical axe-core violations only. */
export async function seriousViolations(page: Page): Promise<string[]> {
  return (await axeViolations(page)).filter((v) => /\((serious|critical),/.test(v));
}

/**
 * Screenshots of `page` at a phone's and a laptop's width into `dir`, with axe-core run at each and nothing wider
 * than the screen; the page is left at the laptop's width.
 */
export async function shootAndCheck(page: Page, dir: string, name: string): Promise<void> {
  for (const [suffix, viewport] of [
    ['phone', PHONE],
    ['desktop', LAPTOP],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: path.join(dir, `${name}-${suffix}.png`), fullPage: true });
    expect(await axeViolations(page), `${name} ${suffix}`).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} ${suffix}`).toBeLessThanOrEqual(viewport.width);
  }
}

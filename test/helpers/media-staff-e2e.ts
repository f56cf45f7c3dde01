/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { cliEnv, freePort, vigilAwait } from '../e2e/run-cli.js';
import { AUTOPLAY, CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { signIn } from './staff-browser.js';
import { demoCredentials } from './staff-http.js';

export { axeViolations } from './staff-browser.js';

const DIST = path.resolve(process.env.VIGIL_E2E_DIST ?? 'dist');
const CLI = path.join(DIST, 'bundle/cli/main.js');

/** Whether the build and chromium the media browser tests need are there. */
export const mediaStaffAvailable = fs.existsSync(CLI) && fs.existsSync(path.join(DIST, 'web/staff/index.html')) && fs.existsSync(CHROMIUM);

/** ffmpeg on one thread, at the lowest priority: other suites (and benchmarks) run beside these. */
function ffmpeg(...args: string[]): void {
  execFileSync('nice', ['-n', '19', 'ffmpeg', '-v', 'error', '-y', ...args.slice(0, -1), '-threads', '1', args[args.length - 1]!]);
}

export interface MediaStaff {
  page: Page;
  /** Page errors and CSP reports seen so far: a test ends by expecting none. */
  problems: string[];
  signIn(): Promise<void>;
  /** Full-page screenshots at desktop and phone widths into `artifacts`. */
  shoot(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The demo home plus a generated 12 s clip (camera-1/original.mp4, with a camera's make, model and recording
 * time) and seconds 4–10 of it encoded again (copies/cut.mp4), with `mirrored` the whole clip mirrored (copies/mirrored.mp4), ingested, served by `vigil serve` (whose own
 * worker analyses them and makes their views), and a chromium page on it.
 */
export async function startMediaStaff(prefix: string, artifacts: string, options: { mirrored?: boolean } = {}): Promise<MediaStaff> {
  if (!mediaStaffAvailable) throw new Error(`needs ${CLI}, ${DIST}/web/staff and ${CHROMIUM}: run \`npm run build\``);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const env = cliEnv(path.join(dir, 'home'));
  const leak = path.join(dir, 'leak');
  fs.mkdirSync(path.join(leak, 'camera-1'), { recursive: true });
  fs.mkdirSync(path.join(leak, 'copies'));
  const original = path.join(leak, 'camera-1', 'original.mp4');
  ffmpeg(
    ...['-f', 'lavfi', '-i', 'mandelbrot=size=320x180:rate=10', '-t', '12', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
    ...['-movflags', '+use_metadata_tags', '-metadata', 'creation_time=2025-11-07T02:14:00Z', '-metadata', 'make=Hikvision', '-metadata', 'model=DS-2CE'],
    original,
  );
  // Seconds 4 to 10 of it, cut out and encoded again: footage a leak holds twice.
  ffmpeg('-ss', '4', '-i', original, '-t', '6', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '30', path.join(leak, 'copies', 'cut.mp4'));
  // The whole clip mirrored: frame hashes miss it, its TMK+PDQF fingerprint does not.
  if (options.mirrored) ffmpeg('-i', original, '-vf', 'hflip', '-c:v', 'libx264', '-preset', 'ultrafast', path.join(leak, 'copies', 'mirrored.mp4'));
  const demo = await vigilAwait(['demo'], env);
  if (demo.status !== 0) throw new Error(`vigil demo failed: ${demo.stderr.toString()}`);
  const credentials = demoCredentials(demo.stdout.toString());
  const ingest = await vigilAwait(['ingest', leak], env);
  if (ingest.status !== 0) throw new Error(`vigil ingest failed: ${ingest.stderr.toString()}`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let served = '';
  const server: ChildProcess = spawn('nice', ['-n', '19', process.execPath, CLI, 'serve', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout!.on('data', (d: Buffer) => (served += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (served += d.toString()));
  const deadline = Date.now() + 90_000;
  while (!served.includes('is serving') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (!served.includes('is serving')) throw new Error(`the server did not start:\n${served}`);
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, AUTOPLAY] });
  const page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 768 } })).newPage();
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) problems.push(message.text());
  });
  fs.mkdirSync(artifacts, { recursive: true });

  return {
    page,
    problems,
    async signIn() {
      await signIn(page, credentials, { base });
    },
    async shoot(name: string) {
      for (const [suffix, viewport] of [
        ['desktop', { width: 1366, height: 768 }],
        ['phone', { width: 390, height: 844 }],
      ] as const) {
        await page.setViewportSize(viewport);
        await page.screenshot({ path: path.join(artifacts, `${name}-${suffix}.png`), fullPage: true });
      }
      await page.setViewportSize({ width: 1366, height: 768 });
    },
    async stop() {
      await browser.close();
      if (server.exitCode === null) {
        server.kill('SIGINT');
        await new Promise((r) => server.once('close', r));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

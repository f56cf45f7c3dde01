/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/accounts/totp.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/chromium.js';
import { demoCredentials } from '../helpers/staff-http.js';
import { cliEnv, freePort, vigilAwait } from './run-cli.js';

/**
 * Media triage in the staff app, in a real browser: the demo home plus a generated clip and a cut of it,
 * analysed by the server's own worker. The Media page lists them by name, the Duplicates view shows the two
 * as a cluster with the footage they share, a "same recording" mark survives a reload, axe-core finds nothing
 * on either page, and screenshots at desktop and phone widths in both languages go to test/artifacts/media/.
 */
const DIST = path.resolve(process.env.VIGIL_E2E_DIST ?? 'dist');
const CLI = path.join(DIST, 'src/cli/main.js');
const ARTIFACTS = path.resolve('test/artifacts/media');
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const available = fs.existsSync(CLI) && fs.existsSync(path.join(DIST, 'web/staff/index.html')) && fs.existsSync(CHROMIUM);

/** ffmpeg on one thread, at the lowest priority: other suites (and benchmarks) run beside this one. */
function ffmpeg(...args: string[]): void {
  execFileSync('nice', ['-n', '19', 'ffmpeg', '-v', 'error', '-y', ...args.slice(0, -1), '-threads', '1', args[args.length - 1]!]);
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: Document) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return found.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`);
}

describe.skipIf(!available && !process.env.CI)('media triage in the staff app, end to end', { timeout: 240_000 }, () => {
  let dir: string;
  let server: ChildProcess | null = null;
  let output = '';
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!available) throw new Error(`needs ${CLI}, ${DIST}/web/staff and ${CHROMIUM}: run \`npm run build\``);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-media-e2e-'));
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
    const demo = await vigilAwait(['demo'], env);
    if (demo.status !== 0) throw new Error(`vigil demo failed: ${demo.stderr.toString()}`);
    output = demo.stdout.toString();
    const ingest = await vigilAwait(['ingest', leak], env);
    if (ingest.status !== 0) throw new Error(`vigil ingest failed: ${ingest.stderr.toString()}`);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    let served = '';
    server = spawn('nice', ['-n', '19', process.execPath, CLI, 'serve', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (d: Buffer) => (served += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (served += d.toString()));
    const deadline = Date.now() + 90_000;
    while (!served.includes('is serving') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (!served.includes('is serving')) throw new Error(`the server did not start:\n${served}`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 768 } })).newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) problems.push(message.text());
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  }, 200_000);

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      server.kill('SIGINT');
      await new Promise((r) => server!.once('close', r));
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const shoot = async (name: string) => {
    for (const [suffix, viewport] of [
      ['desktop', { width: 1366, height: 768 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${suffix}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1366, height: 768 });
  };
  const cutCluster = (): Locator =>
    page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 2 }) })
      .filter({ hasText: 'cut.mp4' });

  it('signs in', async () => {
    const { username, password, secret } = demoCredentials(output);
    await page.goto(`${base}/app/`);
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authentication code', { exact: true }).fill(totpCode(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
  });

  it('lists the archive by folder with names, durations and cameras once the analysis is done', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Media', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Media' }).waitFor();
    // The page asks for progress by itself while the worker analyses; no reload is needed.
    await page.getByText(/waiting: 0 /).waitFor({ timeout: 150_000 });
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'original.mp4' }) });
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toMatch(/Duration:?\s*0:12/);
    const text = (await card.textContent())!;
    expect(text).toMatch(/Hikvision DS-2CE/);
    expect(text).toMatch(/7 Nov 2025, 02:14:00 UTC/);
    expect(text).toMatch(/320×180/);
    await page.getByRole('heading', { level: 3, name: 'cut.mp4' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'camera-3-2025-11-07.mp4' }).waitFor();
    await page.getByText('camera-1', { exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Arrange', { exact: true }).selectOption('recorded');
    await page.getByRole('heading', { level: 3, name: 'original.mp4' }).waitFor();
    await shoot('media-en');
  });

  it('shows the clip and its cut as a cluster with the footage they share, and keeps a "same recording" mark', async () => {
    await page.getByRole('navigation', { name: 'Media sections' }).getByRole('link', { name: 'Duplicates' }).click();
    await page.getByRole('heading', { level: 1, name: 'Near duplicates' }).waitFor();
    const cluster = cutCluster();
    await cluster.waitFor();
    const text = (await cluster.textContent())!;
    expect(text).toContain('original.mp4');
    // Seconds 4 to 10 of the original are the cut's 0 to 6 (to the second: one frame hash a second).
    expect(text).toMatch(/original\.mp4 0:0[3-5]–0:(09|10|11) ≈ cut\.mp4 0:0[0-1]–0:0[5-7]|cut\.mp4 0:0[0-1]–0:0[5-7] ≈ original\.mp4 0:0[3-5]–0:(09|10|11)/);
    await expect(cluster.getByText('Not marked', { exact: true }).count()).resolves.toBeGreaterThan(0);
    await cluster.getByRole('group', { name: 'Mark the whole cluster' }).getByRole('button', { name: 'Same recording' }).click();
    await cluster.locator('.verdict', { hasText: 'Same recording' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.reload();
    await cutCluster().locator('.verdict', { hasText: 'Same recording' }).waitFor();
    await expect(cutCluster().getByLabel('original.mp4 and cut.mp4').or(cutCluster().getByLabel('cut.mp4 and original.mp4')).inputValue()).resolves.toBe(
      'same',
    );
    await shoot('duplicates-en');
  });

  it('reads in Russian, with Russian plural forms and dates', async () => {
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { level: 1, name: 'Похожие копии' }).waitFor();
    await expect(cutCluster().locator('.verdict').textContent()).resolves.toBe('Одна и та же запись');
    expect(await axeViolations(page)).toEqual([]);
    await shoot('duplicates-ru');
    await page.getByRole('navigation', { name: 'Разделы медиа' }).getByRole('link', { name: 'Архив' }).click();
    await page.getByRole('heading', { level: 1, name: 'Медиа' }).waitFor();
    await page.getByText(/в очереди: 0 /).waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'original.mp4' }) });
    await expect.poll(() => card.textContent()).toMatch(/7 нояб\. 2025 г\., 02:14:00 UTC/);
    await expect(
      page
        .getByText(/\d+ файл(а|ов)? ·/)
        .first()
        .textContent(),
    ).resolves.toMatch(/^(\d*1 файл|\d*[2-4] файла|\d+ файлов) ·/);
    expect(await axeViolations(page)).toEqual([]);
    await shoot('media-ru');
    expect(problems).toEqual([]);
  });

  it("shows each clip's poster frame, a view the worker made after the analysis, through the vault's content route", async () => {
    const card = () => page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'original.mp4' }) });
    const posterWidth = async () => {
      const img = card().locator('.poster img');
      if ((await img.count()) === 0) return 0;
      return img.evaluate((el) => {
        const image = el as unknown as { complete: boolean; naturalWidth: number };
        return image.complete ? image.naturalWidth : 0;
      });
    };
    await expect
      .poll(
        async () => {
          await page.reload();
          await card().waitFor();
          return posterWidth();
        },
        { timeout: 180_000, interval: 3000 },
      )
      .toBeGreaterThan(0);
    const src = await card().locator('.poster img').getAttribute('src');
    expect(src).toMatch(/^\/api\/vault\/items\/itm_[0-9a-z]{16}\/content$/);
    expect(await axeViolations(page)).toEqual([]);
    await shoot('media-posters-ru');
    expect(problems).toEqual([]);
  });
});

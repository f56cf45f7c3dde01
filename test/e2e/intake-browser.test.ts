import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cliEnv, freePort, vigilAwait } from './run-cli.js';
import { writeRandomFile } from '../helpers/big-file.js';
import { launchChromium } from '../helpers/chromium.js';
import { StaffBrowser } from '../helpers/staff-http.js';
import { VigilServer } from '../helpers/vigil-server.js';

const UPLOAD_MB = Number(process.env.VIGIL_E2E_UPLOAD_MB ?? 1024);
type UploadState = { files: Array<{ name: string; bytesSent: number; bytesTotal: number; status: string; error?: string }>; done: boolean };

/** Samples the page's JS heap through the DevTools protocol, keeping the largest value seen. */
async function heapWatch(context: BrowserContext, page: Page): Promise<{ peak: () => number; stop: () => void }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  let peak = 0;
  const timer = setInterval(() => {
    cdp
      .send('Performance.getMetrics')
      .then(({ metrics }) => (peak = Math.max(peak, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0)))
      .catch(() => undefined);
  }, 200);
  return { peak: () => peak, stop: () => clearInterval(timer) };
}

const state = (page: Page) => page.evaluate(() => (window as unknown as { vigilIntake: { state(): UploadState } }).vigilIntake.state());

describe('a source uploads from the browser, the server dies at 40%, the source comes back with the codename', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let server: VigilServer;
  let base: string;
  let demoOutput: string;
  let browser: Browser;

  beforeAll(async () => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-intake-browser-'));
    env = cliEnv(path.join(dir, 'home'));
    const demo = await vigilAwait(['demo'], env);
    if (demo.status !== 0) throw new Error(demo.stderr.toString());
    demoOutput = demo.stdout.toString();
    base = `http://127.0.0.1:${await freePort()}`;
    server = new VigilServer(['serve', '--port', new URL(base).port], env);
    await server.start();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`finishes a ${UPLOAD_MB} MB upload after a kill -9, the vault's SHA-256 is the original's, the JS heap stays under 300 MB`, async () => {
    const file = path.join(dir, 'body-camera.bin');
    const sha256 = writeRandomFile(file, UPLOAD_MB * 1024 * 1024);

    const first = await browser.newContext();
    const page = await first.newPage();
    const heap = await heapWatch(first, page);
    await page.goto(`${base}/submit/?lang=en`);
    await page.getByRole('button', { name: 'Get a codename and start' }).click();
    const codename = (await page.locator('#codename').textContent())!.trim();
    await page.locator('#codename-continue').click();
    await page.waitForURL(/\/submit\/home/);
    await page.getByRole('link', { name: 'New submission' }).click();
    await page.getByRole('button', { name: 'Next: choose files' }).click();
    await page.locator('#js-files').setInputFiles(file);
    let seen: UploadState = { files: [], done: false };
    while (!(seen.files[0] && seen.files[0].bytesSent > seen.files[0].bytesTotal * 0.4)) {
      await new Promise((r) => setTimeout(r, 100));
      seen = await state(page);
      expect(seen.files[0]?.error ?? '').toBe('');
    }
    await server.kill();
    const firstPeak = heap.peak();
    heap.stop();
    await first.close();
    await server.start();

    const second = await browser.newContext();
    const back = await second.newPage();
    const heap2 = await heapWatch(second, back);
    await back.goto(`${base}/submit/login?lang=en`);
    await back.getByLabel('Codename (seven words)').fill(`  ${codename.toUpperCase()} `);
    await back.getByRole('button', { name: 'Sign in' }).click();
    await back.waitForURL(/\/submit\/home/);
    await back.getByRole('link', { name: /Submission of/ }).click();
    await back.locator('#js-files').setInputFiles(file);
    const deadline = Date.now() + 600_000;
    do {
      await new Promise((r) => setTimeout(r, 250));
      seen = await state(back);
      expect(seen.files[0]?.error ?? '').toBe('');
    } while (!seen.done && Date.now() < deadline);
    expect(seen.done).toBe(true);
    heap2.stop();
    const submission = /submissions\/([^?]+)/.exec(back.url())![1]!;
    await second.close();

    const staff = new StaffBrowser(base);
    await staff.signInFromDemoOutput(demoOutput);
    expect((await staff.call('POST', `/api/intake/submissions/${submission}/import`, {})).status).toBe(202);
    let status = { state: 'running', imported: [] as Array<{ itemId: string }>, problems: [] as unknown[] };
    while (status.state === 'running') {
      await new Promise((r) => setTimeout(r, 250));
      status = (await (await staff.call('GET', `/api/intake/submissions/${submission}/import`)).json()) as typeof status;
    }
    expect(status).toMatchObject({ state: 'finished', problems: [] });
    const { item } = (await (await staff.call('GET', `/api/vault/items/${status.imported[0]!.itemId}`)).json()) as { item: { sha256: string } };
    expect(item.sha256).toBe(sha256);
    expect(Math.max(firstPeak, heap2.peak())).toBeGreaterThan(0);
    expect(Math.max(firstPeak, heap2.peak())).toBeLessThan(300 * 1024 * 1024);
  }, 1_200_000);
});

/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRandomFile } from '../helpers/big-file.js';
import { launchChromium } from '../helpers/chromium.js';
import { StaffBrowser } from '../helpers/staff-http.js';
import { importSubmission, startIntakeDemo, stopIntakeDemo, type IntakeDemo } from '../helpers/intake-demo.js';

const UPLOAD_MB = Number(process.env.VIGIL_E2E_UPLOAD_MB ?? 1024);
type UploadState = { files: Array<{ name: string; bytesSent: number; bytesTotal: number; status: string; error?: string }>; done: boolean };

/** Samples the page's JS heap (its main thread's) through the DevTools protocol, keeping the largest value seen. */
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

/**
 * The upload's file picker. The page asks for the codename again instead when the key derived from it on the
 * codename page was not kept (slow derivation on a loaded machine: issue 13 names this prompt); the source then
 * types it, as a person would, and the picker follows.
 */
async function filePicker(page: Page, codename: string) {
  const files = page.locator('#js-files');
  await page.locator('#js-files, #js-codename').first().waitFor({ timeout: 180_000 }); // a loaded CI machine is slow to derive the key
  if ((await files.count()) === 0) {
    console.warn('the upload page asked for the codename again');
    await page.locator('#js-codename').fill(codename);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
  }
  return files;
}

const state = (page: Page) => page.evaluate(() => (window as unknown as { vigilIntake: { state(): UploadState } }).vigilIntake.state());

describe('a source uploads from the browser, the server dies at 40%, the source comes back with the codename', () => {
  let demo: IntakeDemo;
  let browser: Browser;

  beforeAll(async () => {
    demo = await startIntakeDemo('vigil-intake-e2e-');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stopIntakeDemo(demo);
  });

  it(`finishes a ${UPLOAD_MB} MB upload after a kill -9, the vault's SHA-256 is the original's, the JS heap stays under 300 MB`, async () => {
    const file = path.join(demo.dir, 'body-camera.bin');
    const sha256 = writeRandomFile(file, UPLOAD_MB * 1024 * 1024);

    const first = await browser.newContext();
    const page = await first.newPage();
    const heap = await heapWatch(first, page);
    await page.goto(`${demo.base}/submit/?lang=en`);
    await page.getByRole('button', { name: 'Get a codename and start' }).click();
    const codename = (await page.locator('#codename').textContent())!.trim();
    await page.locator('#codename-continue').click();
    await page.waitForURL(/\/submit\/home/);
    await page.getByRole('link', { name: 'New submission' }).click();
    await page.getByRole('button', { name: 'Next: choose files' }).click();
    await (await filePicker(page, codename)).setInputFiles(file, { timeout: 180_000 }); // a loaded CI machine needs more than 30 s to hand 1 GB to the page
    let seen: UploadState = { files: [], done: false };
    const fortyPercentBy = Date.now() + 600_000;
    while (!(seen.files[0] && seen.files[0].bytesSent > seen.files[0].bytesTotal * 0.4)) {
      if (Date.now() > fortyPercentBy) throw new Error(`the upload did not reach 40% in 10 minutes: ${JSON.stringify(seen)}`);
      await new Promise((r) => setTimeout(r, 100));
      seen = await state(page);
      expect(seen.files[0]?.error ?? '').toBe('');
    }
    await demo.server.kill();
    const firstPeak = heap.peak();
    heap.stop();
    await first.close();
    await demo.server.start();

    const second = await browser.newContext();
    const back = await second.newPage();
    const heap2 = await heapWatch(second, back);
    await back.goto(`${demo.base}/submit/login?lang=en`);
    await back.getByLabel('Codename (seven words)').fill(`  ${codename.toUpperCase()} `);
    await back.getByRole('button', { name: 'Sign in' }).click();
    await back.waitForURL(/\/submit\/home/);
    await back.getByRole('link', { name: /Submission of/ }).click();
    await (await filePicker(back, codename)).setInputFiles(file, { timeout: 180_000 });
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

    const staff = new StaffBrowser(demo.base);
    await staff.signInFromDemoOutput(demo.demoOutput);
    expect(await importSubmission(staff, submission)).toEqual([sha256]);
    // Resumed, not sent again from the start: the one upload begun before the kill is the one imported.
    const detail = (await (await staff.call('GET', `/api/intake/submissions/${submission}`)).json()) as { files: Array<{ state: string }> };
    expect(detail.files.map((f) => f.state)).toEqual(['imported']);
    expect(Math.max(firstPeak, heap2.peak())).toBeGreaterThan(0);
    expect(Math.max(firstPeak, heap2.peak())).toBeLessThan(300 * 1024 * 1024);
  }, 1_200_000);
});

/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRandomFile } from '../helpers/big-file.js';
import { launchChromium } from '../helpers/chromium.js';
import { StaffBrowser } from '../helpers/staff-http.js';
import { importSubmission, startIntakeDemo, stopIntakeDemo, type IntakeDemo } from '../helpers/intake-demo.js';
import { axeViolations } from '../helpers/media-staff-e2e.js';

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
    await page.getByLabel('I have written my codename down').check();
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

const ARTIFACTS = path.resolve('test/artifacts/intake');

/** Full-page screenshots at laptop and phone widths. */
async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const [suffix, viewport] of [
    ['desktop', { width: 1366, height: 768 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${suffix}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

const serious = async (page: Page) => (await axeViolations(page)).filter((v) => /\((serious|critical),/.test(v));

const WORDS = {
  ru: {
    start: 'Получить кодовое имя и начать',
    written: 'Я записал(а) кодовое имя',
    continue: 'Продолжить',
    newSubmission: 'Новая передача',
    next: 'Далее: выбрать файлы',
    notSent: 'ещё не отправлена: нет файлов',
    chooseFiles: 'Выбрать файлы',
    allDone: 'Готово: все файлы получены (2)',
    done: 'Готово: загружен',
    pause: 'Пауза',
    received: 'получен',
    codename: /^[а-я]+( [а-я]+){6}$/u,
  },
  en: {
    start: 'Get a codename and start',
    written: 'I have written my codename down',
    continue: 'Continue',
    newSubmission: 'New submission',
    next: 'Next: choose files',
    notSent: 'not sent yet: no files',
    chooseFiles: 'Choose files',
    allDone: 'All done: all 2 files have arrived',
    done: 'Done: uploaded',
    pause: 'Pause',
    received: 'received',
    codename: /^[a-z]+( [a-z]+){6}$/,
  },
} as const;

describe("the source's path, in Russian and in English", () => {
  let demo: IntakeDemo;
  let browser: Browser;
  let staff: StaffBrowser;

  beforeAll(async () => {
    demo = await startIntakeDemo('vigil-intake-path-e2e-');
    browser = await launchChromium();
    staff = new StaffBrowser(demo.base);
    await staff.signInFromDemoOutput(demo.demoOutput);
    const landing = { organisation: 'Fictional Monitors <Group>', text: { ru: 'Вымышленная группа наблюдателей.', en: 'A fictional group of monitors.' } };
    expect((await staff.call('PUT', '/api/intake/landing', landing)).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stopIntakeDemo(demo);
  });

  for (const lang of ['ru', 'en'] as const) {
    it(`${lang}: names the organisation, gives a codename in ${lang} shown once, sends nothing empty, ends uploads "all done" with file names`, async () => {
      const w = WORDS[lang];
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const outside: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(demo.base)) outside.push(request.url());
      });

      await page.goto(`${demo.base}/submit/?lang=${lang}`);
      await expect(page.locator('.organisation').textContent()).resolves.toBe('Fictional Monitors <Group>');
      expect(await page.locator('main').textContent()).toContain(lang === 'ru' ? 'Вымышленная группа наблюдателей.' : 'A fictional group of monitors.');
      expect(await page.locator('main').textContent()).not.toMatch(/any size|любого размера/);
      expect(await serious(page)).toEqual([]);
      await shoot(page, `landing-${lang}`);

      await page.getByRole('button', { name: w.start }).click();
      const codename = (await page.locator('#codename').textContent())!.trim();
      expect(codename).toMatch(w.codename);
      expect(await serious(page)).toEqual([]);
      await shoot(page, `codename-${lang}`);
      // Not ticked: the form does not go on, and the words stay on the screen.
      await page.getByRole('button', { name: w.continue }).click();
      await new Promise((r) => setTimeout(r, 500));
      expect(page.url()).toMatch(/\/submit\/codename/);
      await page.getByLabel(w.written).check();
      await page.getByRole('button', { name: w.continue }).click();
      await page.waitForURL(/\/submit\/home/, { timeout: 120_000 });

      await page.getByRole('link', { name: w.newSubmission }).click();
      await page.getByRole('button', { name: w.next }).click();
      await page.locator('#js-files').waitFor({ timeout: 120_000 }); // the key was derived on the codename page: no codename asked again
      expect(await page.locator('#js-codename').count()).toBe(0);
      const uploadUrl = page.url();
      const submission = /submissions\/([^?]+)/.exec(uploadUrl)![1]!;
      await expect(page.locator('#no-files-yet').isVisible()).resolves.toBe(true);
      await page.goto(`${demo.base}/submit/home?lang=${lang}`);
      expect(await page.locator('ul.submissions').textContent()).toContain(w.notSent);
      const inbox = (await (await staff.call('GET', '/api/intake/submissions')).json()) as { submissions: Array<{ id: string }> };
      expect(inbox.submissions.map((s) => s.id)).not.toContain(submission);

      await page.goto(uploadUrl);
      const names = lang === 'ru' ? ['камера-1.bin', 'коридор.bin'] : ['camera-1.bin', 'corridor.bin'];
      const files = names.map((name, i) => {
        const file = path.join(demo.dir, name);
        writeRandomFile(file, (i + 1) * 300_000);
        return file;
      });
      await page.getByLabel(w.chooseFiles).setInputFiles(files);
      let seen: UploadState;
      const deadline = Date.now() + 120_000;
      do {
        await new Promise((r) => setTimeout(r, 200));
        seen = await state(page);
      } while (!seen.done && Date.now() < deadline);
      expect(seen.files.map((f) => [f.name, f.status])).toEqual(names.map((name) => [name, 'complete']));
      await expect(page.locator('#js-done').textContent()).resolves.toContain(w.allDone);
      await expect(page.locator('.uploads .state').allTextContents()).resolves.toEqual([w.done, w.done]);
      await expect(page.getByRole('button', { name: new RegExp(w.pause) }).count()).resolves.toBe(0);
      expect(await page.locator('#no-files-yet').isVisible()).toBe(false);
      expect(await serious(page)).toEqual([]);
      await shoot(page, `upload-done-${lang}`);

      // After a reload the page lists what arrived by name, never by the intake's ids, and not as "uploading".
      await page.reload();
      await page.locator('#js-files').waitFor();
      await page.waitForFunction((first) => document.getElementById('received-files')?.textContent?.includes(first) ?? false, names[0]!);
      const received = (await page.locator('#received-files').textContent())!;
      for (const name of names) expect(received).toContain(name);
      expect(received).not.toContain('upl_');
      expect(received).toContain(w.received);
      expect(await serious(page)).toEqual([]);
      await shoot(page, `upload-received-${lang}`);
      const sent = (await (await staff.call('GET', '/api/intake/submissions')).json()) as { submissions: Array<{ id: string }> };
      expect(sent.submissions.map((s) => s.id)).toContain(submission);

      // The codename is what the source wrote down: typed back in capitals, it opens the same submissions.
      const again = await browser.newContext();
      const back = await again.newPage();
      await back.goto(`${demo.base}/submit/login?lang=${lang}`);
      await back.locator('#codename-input').fill(codename.toUpperCase().replaceAll('Е', 'Ё'));
      await back.locator('#login-form button[type=submit]').click();
      await back.waitForURL(/\/submit\/home/, { timeout: 120_000 });
      expect(await back.locator(`a[href*="${submission}"]`).count()).toBe(1);
      await again.close();
      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
      await context.close();
    }, 600_000);
  }
});

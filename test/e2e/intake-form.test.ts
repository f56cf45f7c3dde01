import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRandomFile } from '../helpers/big-file.js';
import { launchChromium } from '../helpers/chromium.js';
import { PROBE_HEADERS } from '../helpers/intake-source.js';
import { findTraces } from '../helpers/privacy-scan.js';
import { StaffBrowser } from '../helpers/staff-http.js';
import { importSubmission, startIntakeDemo, stopIntakeDemo, type IntakeDemo } from '../helpers/intake-demo.js';

const UPLOAD_MB = Number(process.env.VIGIL_E2E_UPLOAD_MB ?? 1024);

describe('intake without JavaScript, in Debian chromium', () => {
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

  it(`sends a ${UPLOAD_MB} MB file by the plain form, the vault gets the same bytes, and no trace of the visit is kept`, async () => {
    const file = path.join(demo.dir, 'hospital-corridor.bin');
    const sha256 = writeRandomFile(file, UPLOAD_MB * 1024 * 1024);
    const context = await browser.newContext({ javaScriptEnabled: false, userAgent: PROBE_HEADERS['user-agent'] });
    const page = await context.newPage();
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(demo.base)) outside.push(request.url());
    });
    const landing = await page.goto(`${demo.base}/submit/?lang=en`);
    expect(landing!.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await context.cookies()).toEqual([]); // no cookie before the codename is shown
    await page.getByRole('button', { name: 'Get a codename and start' }).click();
    const codename = (await page.locator('#codename').textContent())!.trim();
    expect(codename.split(' ')).toHaveLength(7);
    expect((await context.cookies()).map((c) => c.name)).toEqual(['vigil_source']);
    // Without JavaScript too, the box must be ticked before the page goes on.
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(page.url()).toMatch(/\/submit\/codename/);
    await page.getByLabel('I have written my codename down').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/submit\/home/);
    await page.getByRole('link', { name: 'New submission' }).click();
    await page.getByLabel('Facility (prison, remand centre, hospital)').fill('Fictional Prison Hospital No. 0');
    await page.getByRole('button', { name: 'Next: choose files' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Nothing has been sent yet');
    await expect(page.getByRole('heading', { name: 'Send files without JavaScript' }).isVisible()).resolves.toBe(true);
    // A loaded CI machine may need more than the default 30 s to hand 1 GB to the page and start sending it.
    await page.getByLabel('Files', { exact: true }).setInputFiles(file, { timeout: 180_000 });
    await page.getByRole('button', { name: 'Send files' }).click({ timeout: 180_000 });
    await page.waitForURL(/received=1/, { timeout: 600_000 });
    expect(await page.getByRole('status').textContent()).toContain('Files received: 1');
    const submission = /submissions\/([^?]+)/.exec(page.url())![1]!;
    // The intake cannot read the file's name: the page numbers it rather than show its id.
    expect(await page.locator('#received-files').textContent()).toBe('File 1: received');

    await page.goto(`${demo.base}/submit/home?lang=en`);
    await page.getByLabel('Write to us').fill('A fictional message: the tapes are from the second floor.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const staff = new StaffBrowser(demo.base);
    await staff.signInFromDemoOutput(demo.demoOutput);
    expect((await staff.call('POST', `/api/intake/submissions/${submission}/messages`, { body: 'A fictional reply: thank you, stay safe.' })).status).toBe(201);
    await page.goto(`${demo.base}/submit/home?lang=en`);
    expect(await page.locator('#messages').textContent()).toContain('A fictional reply: thank you, stay safe.');

    expect(await importSubmission(staff, submission)).toEqual([sha256]);
    expect(outside).toEqual([]);
    await context.close();

    const traces = findTraces(
      [path.join(demo.dir, 'home', 'intake')],
      {
        'server output': demo.server.output
          .split('\n')
          .filter((line) => !line.includes('is serving'))
          .join('\n'),
      },
      [
        '127.0.0.1',
        'VigilPrivacyProbe',
        'referrer.invalid',
        'HeadlessChrome',
        'hospital-corridor',
        'Fictional Prison Hospital',
        'tapes are from the second floor',
        'stay safe',
        codename,
        /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/,
        /"time":\s*\d/,
      ],
    );
    expect(traces).toEqual([]);
  }, 900_000);
});

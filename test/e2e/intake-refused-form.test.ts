import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIntakeConfig } from '../../src/config/intake-config.js';
import { openIntake, type Intake } from '../../src/intake/open-intake.js';
import type { App } from '../../src/server/app-types.js';
import { buildIntakeServer } from '../../src/server/intake-server.js';
import { writeRandomFile } from '../helpers/big-file.js';
import { launchChromium } from '../helpers/chromium.js';

describe('a form upload the intake refuses, in Debian chromium without JavaScript', () => {
  let dir: string;
  let intake: Intake;
  let app: App;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-intake-refused-form-'));
    const recipient = await identityToRecipient(await generateX25519Identity());
    intake = await openIntake(loadIntakeConfig({ VIGIL_INTAKE_PENDING_LIMIT: '1MB' }, dir), [recipient]);
    app = await buildIntakeServer({ intake, logLevel: 'silent' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await intake?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the source why a file too large was refused, and does not keep the connection', async () => {
    const file = path.join(dir, 'too-large.bin');
    writeRandomFile(file, 64 * 1024 * 1024);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/submit/?lang=en`);
    await page.getByRole('button', { name: 'Get a codename and start' }).click();
    await page.locator('#written-down').check();
    await page.locator('#codename-continue').click();
    await page.getByRole('link', { name: 'New submission' }).click();
    await page.getByRole('button', { name: 'Next: choose files' }).click();
    await page.getByLabel('Files', { exact: true }).setInputFiles(file);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/form-upload')),
      page.getByRole('button', { name: 'Send files' }).click(),
    ]);
    expect(answer.status()).toBe(413);
    await page.waitForLoadState();
    expect(await page.getByRole('alert').textContent()).toContain('that one codename may have waiting');
    await context.close();
    expect(fs.readdirSync(path.join(dir, 'intake', 'uploads'))).toEqual([]);
    // The answer went out before the 64 MB did; the server does not read the rest, nor keep the connection for it.
    let open = 1;
    for (let i = 0; i < 100 && open > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      open = await new Promise<number>((resolve, reject) => app.server.getConnections((error, n) => (error ? reject(error) : resolve(n))));
    }
    expect(open).toBe(0);
  }, 120_000);
});

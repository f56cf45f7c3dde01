/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/accounts/totp.js';
import { launchChromium } from '../helpers/chromium.js';
import { startIntakeDemo, stopIntakeDemo, type IntakeDemo } from '../helpers/intake-demo.js';
import { demoCredentials } from '../helpers/staff-http.js';

const QUESTION_LABEL = 'Cell or ward number (e2e)';
const ANSWER = 'Ward 3, fictional (e2e)';
const SOURCE_MESSAGE = 'A fictional message: the camera in the corridor was never switched off.';
const REPLY = 'A fictional reply: received, thank you. Do not write from your work computer.';

/**
 * The staff side of the intake in a real browser against the real server: an administrator adds a question,
 * a source (JavaScript off) answers it, sends a file and writes; staff read it all in the inbox, import the
 * file into the vault, reply, and delete the submission from the intake.
 */
describe('staff intake pages in a browser, end to end', { timeout: 180_000 }, () => {
  let demo: IntakeDemo;
  let browser: Browser;
  let staff: Page;
  let sourceContext: BrowserContext;
  let source: Page;
  let submissionId = '';
  const fileBytes = crypto.randomBytes(3 * 1024 * 1024 + 11);
  const fileSha256 = crypto.createHash('sha256').update(fileBytes).digest('hex');
  const pageProblems: string[] = [];

  beforeAll(async () => {
    demo = await startIntakeDemo('vigil-staff-intake-');
    browser = await launchChromium();
    staff = await (await browser.newContext({ locale: 'en-US' })).newPage();
    staff.setDefaultTimeout(15_000);
    staff.on('pageerror', (error) => pageProblems.push(error.message));
    staff.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) pageProblems.push(message.text());
    });
    sourceContext = await browser.newContext({ javaScriptEnabled: false });
    source = await sourceContext.newPage();
    source.setDefaultTimeout(15_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stopIntakeDemo(demo);
  });

  it('an administrator adds a question to the questionnaire', async () => {
    const { username, password, secret } = demoCredentials(demo.demoOutput);
    await staff.goto(`${demo.base}/app/`);
    await staff.getByLabel('Username', { exact: true }).fill(username);
    await staff.getByLabel('Password', { exact: true }).fill(password);
    await staff.getByRole('button', { name: 'Sign in' }).click();
    await staff.getByLabel('Authentication code', { exact: true }).fill(totpCode(secret));
    await staff.getByRole('button', { name: 'Verify' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();

    await staff.getByRole('button', { name: 'Admin', exact: true }).click(); // the administration menu
    await staff.getByRole('link', { name: 'Intake questionnaire' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Intake questionnaire' }).waitFor();
    await staff.getByRole('button', { name: 'Add question' }).click();
    const groups = staff.getByRole('group', { name: /^Question \d+$/ });
    const added = groups.last();
    await added.getByLabel('ID', { exact: true }).fill('ward');
    await added.getByLabel('Label (Russian)', { exact: true }).fill('Номер камеры или палаты (e2e)');
    await added.getByLabel('Label (English)', { exact: true }).fill(QUESTION_LABEL);
    await staff.getByRole('button', { name: 'Save questionnaire' }).click();
    await staff.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await staff.reload();
    await expect
      .poll(() => staff.getByLabel('Label (English)', { exact: true }).evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)))
      .toContain(QUESTION_LABEL);
  });

  it('a source without JavaScript answers it, sends a file and writes', async () => {
    const file = path.join(demo.dir, 'corridor-camera.bin');
    fs.writeFileSync(file, fileBytes);
    await source.goto(`${demo.base}/submit/?lang=en`);
    await source.getByRole('button', { name: 'Get a codename and start' }).click();
    await source.getByRole('link', { name: /written my codename down/ }).click();
    await source.getByRole('link', { name: 'New submission' }).click();
    await source.getByLabel(QUESTION_LABEL).fill(ANSWER);
    await source.getByRole('button', { name: 'Next: choose files' }).click();
    await source.getByLabel('Files', { exact: true }).setInputFiles(file);
    await source.getByRole('button', { name: 'Send files' }).click();
    await source.waitForURL(/received=1/);
    submissionId = /submissions\/([^?]+)/.exec(source.url())![1]!;
    fs.rmSync(file);

    await source.goto(`${demo.base}/submit/home?lang=en`);
    await source.getByLabel('Write to us').fill(SOURCE_MESSAGE);
    await source.getByRole('button', { name: 'Send', exact: true }).click();
    await source.locator('#messages').getByText(SOURCE_MESSAGE).waitFor();
  });

  it('staff find the submission in the inbox with its answer, file and message', async () => {
    await staff.getByRole('link', { name: 'Intake', exact: true }).click();
    await staff.getByRole('heading', { level: 1, name: 'Intake' }).waitFor();
    const row = staff.getByRole('table', { name: 'Submissions' }).getByRole('row').filter({ hasText: submissionId });
    await expect(row.textContent()).resolves.toMatch(/open.*1 of 1/);
    await row.getByRole('link', { name: submissionId }).click();
    await staff.getByRole('heading', { level: 1, name: /^Submission of \d{4}-\d{2}-\d{2}$/ }).waitFor();

    const answers = staff.getByRole('region', { name: 'Answers' });
    await answers.getByText(ANSWER).waitFor();
    await expect(answers.textContent()).resolves.toContain(QUESTION_LABEL);
    const files = staff.getByRole('region', { name: 'Files', exact: true });
    await files.getByText('corridor-camera.bin').waitFor();
    await expect(files.textContent()).resolves.toContain('complete');
    await staff.getByRole('region', { name: 'Conversation with the source' }).getByText(SOURCE_MESSAGE).waitFor();
  });

  it('imports the file into the vault with its progress, and the vault holds the same bytes', async () => {
    const importing = staff.getByRole('region', { name: 'Import into the vault' });
    await importing.getByRole('button', { name: 'Import into vault' }).click();
    await importing.getByText('Import finished.').waitFor({ timeout: 60_000 });
    await expect(importing.getByRole('progressbar', { name: 'Import progress' }).evaluate((bar: HTMLProgressElement) => bar.value === bar.max)).resolves.toBe(
      true,
    );
    await expect(importing.getByText(/Files: 1 of 1/).count()).resolves.toBe(1);
    await expect(importing.getByRole('button', { name: 'Import into vault' }).isDisabled()).resolves.toBe(true);

    const item = importing.getByRole('listitem').filter({ hasText: 'corridor-camera.bin' });
    await expect(item.textContent()).resolves.toContain('new in the vault');
    await item.getByRole('link').click();
    await staff.getByText(fileSha256).waitFor();
    await staff.goBack();
    await staff.getByRole('heading', { level: 1, name: /^Submission of/ }).waitFor();
    await expect(staff.getByRole('region', { name: 'Files', exact: true }).textContent()).resolves.toContain('imported');
  });

  it('replies, and the source reads the reply on their page', async () => {
    const thread = staff.getByRole('region', { name: 'Conversation with the source' });
    await thread.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => thread.getByLabel('Your reply', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await thread.getByLabel('Your reply', { exact: true }).fill(REPLY);
    await thread.getByRole('button', { name: 'Send reply' }).click();
    await thread.getByRole('listitem').filter({ hasText: REPLY }).waitFor();
    await expect(thread.getByLabel('Your reply', { exact: true }).inputValue()).resolves.toBe('');

    await source.goto(`${demo.base}/submit/home?lang=en`);
    await source.locator('#messages').getByText(REPLY).waitFor();
  });

  it('deletes the submission from the intake after asking, and it is gone for staff and source', async () => {
    let question = '';
    staff.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await staff.getByRole('button', { name: 'Delete from intake' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Intake' }).waitFor();
    // Everything was imported, so the question is the plain one, not the warning about losing files.
    expect(question).toMatch(/^Delete this submission from the intake\?/);
    await staff.getByText('No submissions.').waitFor();

    const page = await source.goto(`${demo.base}/submit/submissions/${submissionId}?lang=en`);
    expect(page!.status()).toBe(404);
    expect(pageProblems).toEqual([]);
  });
});

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
import { axeViolations } from '../helpers/media-staff-e2e.js';

const QUESTION_LABEL = 'Cell or ward number (e2e)';
const ANSWER = 'Ward 3, fictional (e2e)';
const SOURCE_MESSAGE = 'A fictional message: the camera in the corridor was never switched off.';
const COMMENT = 'A fictional internal note: ask the lawyer about the corridor camera.';
const LABEL = 'corridor-e2e';
const ARTIFACTS = path.resolve('test/artifacts/intake');
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
  let itemId = '';

  /** No serious or critical axe-core violation on the page as it is now. */
  async function accessible(): Promise<void> {
    const found = await axeViolations(staff);
    expect(found.filter((v) => /\((serious|critical),/.test(v))).toEqual([]);
  }

  /** The page at laptop and phone widths, in English and Russian, into test/artifacts/intake/. */
  async function shoot(name: string): Promise<void> {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    for (const lang of ['ru', 'en'] as const) {
      // At the laptop's width: on a phone the language buttons are folded into the menu.
      await staff.setViewportSize({ width: 1366, height: 768 });
      await staff
        .getByRole('group', { name: /^(Language|Язык)$/ })
        .getByRole('button', { name: lang === 'ru' ? 'Русский' : 'English' })
        .click();
      for (const [size, viewport] of [
        ['1366x768', { width: 1366, height: 768 }],
        ['390x844', { width: 390, height: 844 }],
      ] as const) {
        await staff.setViewportSize(viewport);
        await staff.screenshot({ path: path.join(ARTIFACTS, `${name}-${lang}-${size}.png`), fullPage: true });
      }
      await accessible();
    }
    await staff.setViewportSize({ width: 1366, height: 768 });
    await staff.setViewportSize({ width: 1366, height: 768 });
  }

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
    await staff.getByRole('heading', { level: 1, name: 'Home' }).waitFor();

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
      .poll(() => staff.getByLabel('Label (English)', { exact: true }).evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)), {
        timeout: 15_000,
      })
      .toContain(QUESTION_LABEL);

    // The landing page's words about the organisation, on the same admin page.
    await staff.getByLabel('Organisation name', { exact: true }).fill('Fictional Monitors (e2e)');
    await staff.getByLabel('Text in English', { exact: true }).fill('We document conditions in fictional places.');
    await staff.getByRole('button', { name: 'Save landing page' }).click();
    await staff.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect((await axeViolations(staff)).filter((v) => /\((serious|critical),/.test(v))).toEqual([]);
  });

  it('a source without JavaScript answers it, sends a file and writes', async () => {
    const file = path.join(demo.dir, 'corridor-camera.bin');
    fs.writeFileSync(file, fileBytes);
    await source.goto(`${demo.base}/submit/?lang=en`);
    expect(await source.locator('.organisation').textContent()).toBe('Fictional Monitors (e2e)');
    expect(await source.locator('main').textContent()).toContain('We document conditions in fictional places.');
    await source.getByRole('button', { name: 'Get a codename and start' }).click();
    await source.getByLabel('I have written my codename down').check();
    await source.getByRole('button', { name: 'Continue' }).click();
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
    await staff.getByRole('heading', { level: 1, name: /^Submission of \d{1,2} [A-Z][a-z]{2} \d{4}$/ }).waitFor();

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
    // The page reloads its files once the import has settled: then nothing is left to import.
    await expect.poll(() => importing.getByRole('button', { name: 'Import into vault' }).isDisabled()).toBe(true);

    const item = importing.getByRole('listitem').filter({ hasText: 'corridor-camera.bin' });
    await expect(item.textContent()).resolves.toContain('new in the vault');
    await item.getByRole('link').click();
    await staff.getByText(fileSha256).waitFor();
    itemId = /vault\/([^/?]+)/.exec(staff.url())![1]!;
    // The item keeps what the source said with it.
    await staff.getByRole('region', { name: 'What the source said' }).getByText(ANSWER).waitFor();
    await accessible();
    await staff.goBack();
    await staff.getByRole('heading', { level: 1, name: /^Submission of/ }).waitFor();
    await expect(staff.getByRole('region', { name: 'Files', exact: true }).textContent()).resolves.toContain('imported');
  });

  it('works the submission as a case: status imported, then assigned, in review, labelled and commented on', async () => {
    const work = staff.getByRole('region', { name: 'Handling' });
    await expect.poll(() => work.textContent()).toMatch(/Status\s*imported.*Assigned to\s*nobody/);
    await accessible();
    const { username } = demoCredentials(demo.demoOutput);
    await work.getByRole('button', { name: 'Change' }).click();
    await work.getByLabel('Status', { exact: true }).selectOption('in-review');
    const me = await work.getByRole('option', { name: new RegExp(`\\(${username}\\)$`) }).getAttribute('value');
    await work.getByLabel('Assigned to', { exact: true }).selectOption(me!);
    await work.getByLabel('Labels', { exact: true }).fill(`${LABEL}, urgent-e2e`);
    await accessible();
    await work.getByRole('button', { name: 'Save' }).click();
    await staff.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await expect.poll(() => work.textContent()).toMatch(new RegExp(`Status\\s*in review.*Assigned to\\s*\\S.*${LABEL}.*urgent-e2e`));
    await expect(work.getByRole('button', { name: 'Change' }).isVisible()).resolves.toBe(true);
    // The message leaves the screen by itself (on a phone it covers part of the page), after it was read out.
    await staff.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ state: 'detached', timeout: 15_000 });

    const comments = staff.getByRole('region', { name: 'Internal comments' });
    await comments.getByLabel('Your comment', { exact: true }).fill(COMMENT);
    await comments.getByRole('button', { name: 'Add comment' }).click();
    await comments.getByRole('listitem').filter({ hasText: COMMENT }).waitFor();
    await shoot('submission');
  });

  it('the inbox shows status, assignee and labels, and filters by them', async () => {
    await staff.getByRole('link', { name: 'Intake', exact: true }).click();
    await staff.getByRole('heading', { level: 1, name: 'Intake' }).waitFor();
    const table = staff.getByRole('table', { name: 'Submissions' });
    const row = table.getByRole('row').filter({ hasText: submissionId });
    await expect.poll(() => row.textContent()).toMatch(new RegExp(`in review.*${LABEL}`));
    await staff.getByLabel('Assigned', { exact: true }).selectOption('me');
    await expect.poll(() => row.count()).toBe(1);
    await staff.getByLabel('Status', { exact: true }).selectOption('closed');
    await staff.getByText('No submissions.').waitFor();
    await staff.getByLabel('Status', { exact: true }).selectOption('');
    await staff.getByLabel('Label', { exact: true }).selectOption(LABEL);
    await expect.poll(() => row.count()).toBe(1);
    await staff.getByLabel('Assigned', { exact: true }).selectOption('none');
    await staff.getByText('No submissions.').waitFor();
    await staff.getByLabel('Assigned', { exact: true }).selectOption('');
    await staff.getByLabel('Label', { exact: true }).selectOption('');
    await expect.poll(() => row.count()).toBe(1);
    await shoot('inbox');
    await row.getByRole('link', { name: submissionId }).click();
    await staff.getByRole('heading', { level: 1, name: /^Submission of/ }).waitFor();
  });

  it('creates an incident from the submission: its answers carried over, its imported file linked as evidence', async () => {
    await staff.getByRole('link', { name: 'Create an incident from this submission' }).click();
    await staff.getByRole('heading', { level: 1, name: 'New incident' }).waitFor();
    await expect.poll(() => staff.getByLabel('Title (English)', { exact: true }).inputValue()).toMatch(/^From the submission of \d{4}-\d{2}-\d{2}$/);
    await expect(staff.getByLabel('Description (English)', { exact: true }).inputValue()).resolves.toContain(`${QUESTION_LABEL}: ${ANSWER}`);
    await expect(staff.getByLabel('Description (Russian)', { exact: true }).inputValue()).resolves.toContain(`Номер камеры или палаты (e2e): ${ANSWER}`);
    await accessible();
    await staff.getByRole('button', { name: 'Create incident' }).click();
    await staff.waitForURL(/\/app\/incidents\/inc_/);
    const incidentId = /incidents\/(inc_[0-9a-z]+)/.exec(staff.url())![1]!;
    const incident = await staff.evaluate(async (id) => (await fetch(`/api/incidents/${id}`)).json(), incidentId);
    expect(JSON.stringify(incident)).toContain(itemId);
    await staff.goBack();
    await staff.goBack();
    await staff.getByRole('heading', { level: 1, name: /^Submission of/ }).waitFor();
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

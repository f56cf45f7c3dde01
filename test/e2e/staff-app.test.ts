/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
import { spawn } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/accounts/totp.js';
import { AUTOPLAY } from '../helpers/chromium.js';
import { CLI, launchChromium, openStaffPage, signIn, staffAppAvailable, startDemoServer, type DemoServer } from '../helpers/staff-browser.js';

/**
 * The staff app in a real browser against `vigil demo --serve`. Locators go by role and label only,
 * so this also checks that every control the journey needs has an accessible name.
 * VIGIL_E2E_DIST points it at another build (default: ./dist); CHROMIUM_PATH at another browser.
 */

const TITLE_RU = 'Избиение в карантинном отделении (e2e)';
const TITLE_EN = 'Beating in the quarantine unit (e2e)';
const VIEWER = 'vera';
const VIEWER_PASSWORD = 'a long viewer password';

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, output })));
}

/** The first step of signing in only: what follows depends on whether the account has an authenticator yet. */
async function enterPassword(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skipIf(!staffAppAvailable && !process.env.CI)('staff web app in a browser, end to end', { timeout: 180_000 }, () => {
  let server: DemoServer;
  let env: NodeJS.ProcessEnv;
  let base: string;
  let browser: Browser;
  let page: Page;
  let incidentId = '';
  let videoItemId = '';
  /** Script errors and Content-Security-Policy refusals: the app must run under the server's CSP. */
  let pageProblems: string[];

  beforeAll(async () => {
    server = await startDemoServer('vigil-staff-app-');
    ({ env, base } = server);
    browser = await launchChromium([AUTOPLAY]);
    ({ page, problems: pageProblems } = await openStaffPage(browser));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in with the password and an authenticator code', async () => {
    await page.goto(`${base}/app/`);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await signIn(page, server.admin);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).waitFor();
    // The skip link is the first thing Tab reaches on a fresh page.
    expect(await page.evaluate(() => document.querySelector('a[href], button, input, select, textarea')?.textContent)).toBe('Skip to content');
  });

  it('creates a perpetrator through the person form', async () => {
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await page.getByRole('link', { name: 'New person' }).click();
    await page.getByRole('group', { name: 'Kinds' }).getByLabel('perpetrator', { exact: true }).check();
    await page.getByLabel('Name 1', { exact: true }).fill('Пётр Надзирателев');
    await page.getByRole('button', { name: 'Add a name' }).click();
    await page.getByLabel('Name 2', { exact: true }).fill('Pyotr Nadziratelev');
    await page.getByRole('button', { name: 'Add a position' }).click();
    await page.getByRole('group', { name: 'Position 1' }).getByLabel('Title', { exact: true }).selectOption('guard');
    await page.getByRole('group', { name: 'Position 1' }).getByLabel('Rank', { exact: true }).fill('senior lieutenant');
    await page.getByRole('button', { name: 'Create person' }).click();
    await page.getByRole('heading', { level: 1, name: 'Пётр Надзирателев' }).waitFor();
    await expect(page.getByText('Pyotr Nadziratelev').count()).resolves.toBeGreaterThan(0);
  });

  it('creates an incident with two acts, a victim and perpetrators with their degree', async () => {
    await page.getByRole('link', { name: 'New incident' }).click();
    await page.getByLabel('Title (Russian)', { exact: true }).fill(TITLE_RU);
    await page.getByLabel('Title (English)', { exact: true }).fill(TITLE_EN);
    await page.getByLabel('Start date', { exact: true }).fill('2025-10-03');
    await page.getByLabel('Facility', { exact: true }).selectOption({ label: 'Regional Prison Hospital No. 0 (demo)' });
    await page.getByRole('button', { name: 'Create incident' }).click();
    await page.getByRole('heading', { level: 1, name: TITLE_EN }).waitFor();
    incidentId = /\/app\/incidents\/(inc_[0-9a-z]+)/.exec(page.url())![1]!;

    // Read first: no form is open until asked for.
    expect(await page.getByRole('form').count()).toBe(0);
    await page.getByRole('button', { name: 'Add act' }).click();
    const actForm = page.getByRole('form', { name: 'Add act' });
    await actForm.getByLabel('Act type', { exact: true }).selectOption({ label: 'Beating' });
    await actForm.getByLabel('Victim', { exact: true }).fill('Тестов');
    await actForm.getByRole('button', { name: /Иван Тестов/ }).click();
    await actForm.getByLabel('Find a perpetrator', { exact: true }).fill('Примеров');
    await actForm.getByRole('button', { name: /Аркадий Примеров/ }).click();
    await actForm.getByLabel('Degree for Аркадий Примеров', { exact: true }).selectOption('ordered');
    await actForm.getByLabel('Find a perpetrator', { exact: true }).fill('Надзирателев');
    await actForm.getByRole('button', { name: /Пётр Надзирателев/ }).click();
    await actForm.getByRole('button', { name: 'Add act' }).click();
    await actForm.waitFor({ state: 'detached' });
    const beating = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'Beating' }) });
    await beating.getByText('Аркадий Примеров').waitFor();
    await expect(beating.textContent()).resolves.toMatch(/Аркадий Примеров — ordered it/);
    await expect(beating.textContent()).resolves.toMatch(/Пётр Надзирателев — carried it out/);
    await expect(beating.textContent()).resolves.toMatch(/Иван Тестов/);

    await page.getByRole('button', { name: 'Add act' }).click();
    await actForm.getByLabel('Act type', { exact: true }).selectOption({ label: 'Stress positions' });
    await actForm.getByLabel('Find a perpetrator', { exact: true }).fill('Pyotr');
    await actForm.getByRole('button', { name: /Пётр Надзирателев/ }).click();
    await actForm.getByLabel('Degree for Пётр Надзирателев', { exact: true }).selectOption('present');
    await actForm.getByRole('button', { name: 'Add act' }).click();
    await page.getByRole('heading', { level: 3, name: 'Stress positions' }).waitFor();
  });

  it('links a vault video as evidence, picked by its file name, and plays it from its 30th second', async () => {
    await page.getByRole('button', { name: 'Link evidence' }).click();
    const form = page.getByRole('form', { name: 'Link evidence' });
    await form.getByLabel('Find the file', { exact: true }).fill('camera-3');
    await form.getByRole('button', { name: /camera-3-2025-11-07\.mp4/ }).click();
    await form.getByLabel('Act', { exact: true }).selectOption({ label: 'Beating' });
    await form.getByLabel('Start (seconds)', { exact: true }).fill('30');
    await form.getByLabel('End (seconds)', { exact: true }).fill('40');
    await form.getByLabel('Note', { exact: true }).fill('the guard enters at 0:30');
    await form.getByRole('button', { name: 'Link evidence' }).click();
    const link = page.getByRole('link', { name: 'camera-3-2025-11-07.mp4', exact: true });
    videoItemId = /vault\/(itm_[0-9a-z]+)/.exec((await link.getAttribute('href'))!)![1]!;
    await page.getByRole('button', { name: /^Play 0:30–0:40/ }).click();

    const player = page.getByLabel('Evidence player', { exact: true });
    await player.waitFor();
    await page.waitForFunction(
      () => {
        const video = document.querySelector('video');
        return !!video && video.currentTime >= 30 && !video.paused;
      },
      undefined,
      { timeout: 30_000 },
    );
    const first = await player.evaluate((v: HTMLVideoElement) => v.currentTime);
    await page.waitForTimeout(1500);
    const later = await player.evaluate((v: HTMLVideoElement) => ({ time: v.currentTime, paused: v.paused, duration: v.duration }));
    expect(first).toBeGreaterThanOrEqual(30);
    expect(later.paused).toBe(false);
    expect(later.time).toBeGreaterThan(first);
    expect(later.duration).toBeGreaterThanOrEqual(40);
  });

  it('creates, edits and deletes a facility through its forms', async () => {
    const name = 'Penal Colony No. 99 (e2e)';
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Facilities', exact: true }).click();
    await page.getByRole('link', { name: 'New facility' }).click();
    await page.getByRole('heading', { level: 1, name: 'New facility' }).waitFor();
    await page.getByLabel('Name (Russian)', { exact: true }).fill('ИК-99 (e2e)');
    await page.getByLabel('Name (English)', { exact: true }).fill(name);
    await page.getByLabel('Type', { exact: true }).selectOption('penal-colony');
    await page.getByLabel('Region', { exact: true }).fill('Test Oblast');
    await page.getByLabel('Latitude', { exact: true }).fill('61.5');
    await page.getByRole('button', { name: 'Create facility' }).click();
    // One coordinate alone is refused, and the message is tied to the field that is missing.
    const longitude = page.getByLabel('Longitude', { exact: true });
    await expect.poll(() => longitude.getAttribute('aria-invalid')).toBe('true');
    expect(await longitude.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent)).toBe(
      'Give both coordinates or neither.',
    );
    await longitude.fill('50,8');
    await page.getByRole('button', { name: 'Create facility' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByText('61.5, 50.8').waitFor();

    await page.getByRole('link', { name: 'Edit facility' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit facility' }).waitFor();
    await page.getByLabel('Region', { exact: true }).fill('Komi Republic');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByText('Komi Republic').waitFor();

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('heading', { name: 'Delete facility' }).click();
    await page.getByRole('button', { name: 'Delete facility' }).click();
    await page.getByRole('heading', { level: 1, name: 'Facilities' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name }).count()).toBe(0);
  });

  it("edits an act, changes an outcome's status and removes parts of the incident", async () => {
    await page.goto(`${base}/app/incidents/${incidentId}`);
    await page.getByRole('heading', { level: 1, name: TITLE_EN }).waitFor();

    await page.getByRole('button', { name: 'Edit: Stress positions' }).click();
    const actForm = page.getByRole('form', { name: 'Edit act: Stress positions' });
    await actForm.getByLabel('Degree for Пётр Надзирателев', { exact: true }).selectOption('covered-up');
    await actForm.getByLabel('Description (English)', { exact: true }).fill('Made to stand for hours (e2e).');
    await actForm.getByRole('button', { name: 'Save', exact: true }).click();
    await actForm.waitFor({ state: 'detached' });
    const stress = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'Stress positions' }) });
    await stress.getByText('Made to stand for hours (e2e).').waitFor();
    await expect(stress.textContent()).resolves.toMatch(/Пётр Надзирателев — covered it up/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Edit: Stress positions');

    await page.getByRole('button', { name: 'Add outcome' }).click();
    const add = page.getByRole('form', { name: 'Add outcome' });
    await add.getByLabel('Kind', { exact: true }).selectOption('complaint');
    await add.getByLabel('Status', { exact: true }).selectOption('filed');
    await add.getByLabel('Status date', { exact: true }).fill('2025-10-10');
    await add.getByRole('button', { name: 'Add outcome' }).click();
    await page.getByRole('button', { name: /^Edit: complaint — filed/ }).click();
    const outcome = page.getByRole('form', { name: 'Edit outcome: complaint — filed' });
    await outcome.getByLabel('Status', { exact: true }).selectOption('refused');
    await outcome.getByLabel('Status date', { exact: true }).fill('2025-11-01');
    await outcome.getByLabel('Status note', { exact: true }).fill('the prosecutor refused (e2e)');
    await outcome.getByRole('button', { name: 'Save', exact: true }).click();
    const history = page.getByRole('list', { name: 'Status history' });
    await expect.poll(() => history.getByRole('listitem').count()).toBe(2);
    await expect(history.textContent()).resolves.toMatch(/1 Nov 2025 refused — the prosecutor refused \(e2e\)/);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByText(/^More: complaint — refused/).click();
    await page.getByRole('button', { name: /^Delete: complaint — refused/ }).click();
    await page.getByText('No outcomes recorded.').waitFor();

    // A box on the frame needs all four values; it is then shown with the link, which can be removed.
    await page.getByRole('button', { name: 'Link evidence' }).click();
    const evidence = page.getByRole('form', { name: 'Link evidence' });
    await evidence.getByLabel('Find the file', { exact: true }).fill('camera-3');
    await evidence.getByRole('button', { name: /camera-3-2025-11-07\.mp4/ }).click();
    await evidence.getByText('Enter numbers').click();
    await evidence.getByLabel('Left (x)', { exact: true }).fill('0.1');
    await evidence.getByLabel('Top (y)', { exact: true }).fill('0.2');
    await evidence.getByLabel('Width', { exact: true }).fill('0.3');
    await evidence.getByRole('button', { name: 'Link evidence' }).click();
    await evidence.getByText('Give all four values of the box, or none.').first().waitFor();
    await evidence.getByLabel('Height', { exact: true }).fill('0.4');
    await evidence.getByRole('button', { name: 'Link evidence' }).click();
    const boxed = page.getByRole('listitem').filter({ hasText: 'box 10% from the left, 20% from the top, 30% wide, 40% high' });
    await boxed.waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await boxed.getByText(/^More/).click();
    await boxed.getByRole('button', { name: /^Unlink/ }).click();
    await expect.poll(() => boxed.count()).toBe(0);
    await page.getByRole('button', { name: /^Play 0:30–0:40/ }).waitFor();
  });

  it('deletes the incident and an administrator restores it', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('heading', { name: 'Restrict or delete' }).click();
    await page.getByRole('button', { name: 'Delete incident' }).click();
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    await page.getByRole('button', { name: 'Admin', exact: true }).click(); // the administration menu
    await page.getByRole('link', { name: 'Deleted incidents' }).click();
    await page.getByRole('heading', { level: 1, name: 'Deleted incidents' }).waitFor();
    await page.getByRole('button', { name: `Restore: ${TITLE_EN}` }).click();
    await expect.poll(() => page.getByRole('button', { name: `Restore: ${TITLE_EN}` }).count()).toBe(0);
    await page.goto(`${base}/app/incidents/${incidentId}`);
    await page.getByRole('heading', { level: 1, name: TITLE_EN }).waitFor();
  });

  it('finds the incident by another form of a Russian word', async () => {
    await page.getByRole('link', { name: 'Incidents', exact: true }).click();
    // The year facet reads as a calendar does: newest first (the order itself is unit-tested; this checks the page uses it).
    const years = page.getByRole('group', { name: 'Year' }).getByRole('checkbox');
    await years.first().waitFor();
    const shown = (await page.getByRole('group', { name: 'Year' }).locator('label').allTextContents()).map((l) => Number(l.trim().slice(0, 4)));
    expect(shown.length).toBeGreaterThan(1);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    await page.getByRole('searchbox', { name: 'Search' }).fill('избили');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: TITLE_EN }).waitFor();
  });

  it('restricts the incident to the demo compartment', async () => {
    await page.getByRole('link', { name: TITLE_EN }).click();
    // Behind the danger area, closed at first.
    expect(await page.getByRole('form', { name: 'Restrict access' }).count()).toBe(0);
    await page.getByRole('heading', { name: 'Restrict or delete' }).click();
    const form = page.getByRole('form', { name: 'Restrict access' });
    await form.getByLabel('Compartment', { exact: true }).selectOption({ label: 'Hospital leak (demo)' });
    await form.getByRole('button', { name: 'Save restriction' }).click();
    await page.getByText('Restricted to compartment Hospital leak (demo)').waitFor();
  });

  it('shows why its evidence is now restricted, and an administrator releases it once no restricted incident uses it', async () => {
    await page.goto(`${base}/app/vault/${videoItemId}`);
    await page.getByText(/^Restricted to Hospital leak \(demo\): only members/).waitFor();
    await page.getByRole('button', { name: 'Release restriction' }).click();
    const confirmation = page.getByRole('group', { name: /^Release this item from Hospital leak \(demo\)\?/ });
    await confirmation.getByRole('button', { name: 'Release', exact: true }).click();
    await confirmation
      .getByRole('alert')
      .getByText(new RegExp(`still evidence in incident ${incidentId}`))
      .waitFor();
    await confirmation.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Release restriction');

    await page.goto(`${base}/app/incidents/${incidentId}`);
    await page.getByRole('heading', { level: 1, name: TITLE_EN }).waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByText(/^More: camera-3/).click();
    await page.getByRole('button', { name: /^Unlink/ }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Unlink/ }).count()).toBe(0);

    await page.goto(`${base}/app/vault/${videoItemId}`);
    await page.getByRole('button', { name: 'Release restriction' }).click();
    await page.getByRole('button', { name: 'Release', exact: true }).click();
    await page.getByText('Not restricted: everyone with an evidence role can see this item.').waitFor();
    expect(await page.getByRole('button', { name: 'Release restriction' }).count()).toBe(0);
  });

  it('hides it from a viewer outside the compartment, who enrols an authenticator on first sign-in', async () => {
    const added = await runCli(['users', 'add', VIEWER, '--role', 'viewer', '--name', 'Vera Viewer'], { ...env, VIGIL_NEW_PASSWORD: VIEWER_PASSWORD });
    expect(added.status, added.output).toBe(0);

    await page.getByRole('button', { name: 'Demo Administrator', exact: true }).click(); // the account menu
    await page.getByRole('button', { name: 'Sign out' }).click();
    await enterPassword(page, VIEWER, VIEWER_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Set up two-factor authentication' }).waitFor();
    const secret = (await page.getByLabel('Secret key', { exact: true }).textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]+$/);
    await page.getByLabel('Authentication code', { exact: true }).fill(totpCode(secret));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    await page.getByRole('button', { name: 'Vera Viewer', exact: true }).click(); // the account menu says who and in which role
    await page.getByText('Signed in as Vera Viewer (viewer)').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();

    await page.getByRole('searchbox', { name: 'Search' }).fill('избили');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    // The demo's own unrestricted beating is found, so the search ran; ours is not among the results.
    await page.getByRole('link', { name: 'Beating on admission to the prison hospital (demo)' }).waitFor();
    expect(await page.getByRole('link', { name: TITLE_EN }).count()).toBe(0);
    // One result, in the singular.
    await page.getByRole('heading', { level: 2, name: '1 incident found', exact: true }).waitFor();

    await page.goto(`${base}/app/incidents/${incidentId}`);
    await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    expect(await page.getByText(TITLE_EN).count()).toBe(0);
    expect(pageProblems).toEqual([]);
  });
});

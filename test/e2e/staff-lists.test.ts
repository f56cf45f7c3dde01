/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/accounts/totp.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/chromium.js';
import { axeViolations } from '../helpers/media-staff-e2e.js';
import { demoCredentials } from '../helpers/staff-http.js';
import { cliEnv, freePort } from './run-cli.js';

/**
 * The statistics page and the sortable incident list in a real browser against `vigil demo --serve`, in
 * English and Russian, on a laptop (1366×768) and a phone (390×844), with axe-core on every page;
 * screenshots under test/artifacts/lists/.
 */
const DIST = path.resolve(process.env.VIGIL_E2E_DIST ?? 'dist');
const CLI = path.join(DIST, 'bundle/cli/main.js');
const ARTIFACTS = path.resolve('test/artifacts/lists');
const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const available = fs.existsSync(CLI) && fs.existsSync(path.join(DIST, 'web/staff/index.html')) && fs.existsSync(CHROMIUM);

describe.skipIf(!available && !process.env.CI)('statistics and sorted lists in a browser', { timeout: 240_000 }, () => {
  let dir: string;
  let server: ChildProcess | null = null;
  let output = '';
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  /** Screenshots at both widths, with axe-core run at each; the page is left at the laptop's width. */
  const shootAndCheck = async (name: string) => {
    for (const [suffix, viewport] of [
      ['phone', PHONE],
      ['desktop', LAPTOP],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${suffix}.png`), fullPage: true });
      expect(await axeViolations(page), `${name} ${suffix}`).toEqual([]);
      // Nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} ${suffix}`).toBeLessThanOrEqual(viewport.width);
    }
  };

  /** The titles in the table's rows, top to bottom. */
  const rowTitles = () => page.locator('table.list-table tbody th[scope="row"] a').allTextContents();

  beforeAll(async () => {
    if (!available) throw new Error(`needs ${CLI}, ${DIST}/web/staff and ${CHROMIUM}: run \`npm run build\``);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-staff-lists-'));
    const env = cliEnv(path.join(dir, 'home'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [CLI, 'demo', '--serve', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 90_000;
    while (!output.includes('is serving') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (!output.includes('is serving')) throw new Error(`the server did not start:\n${output}`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ locale: 'en-US', viewport: LAPTOP })).newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) problems.push(message.text());
    });
    const { username, password, secret } = demoCredentials(output);
    await page.goto(`${base}/app/`);
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authentication code', { exact: true }).fill(totpCode(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      server.kill('SIGINT');
      await new Promise((r) => server!.once('close', r));
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the statistics as charts that are tables, in English, and a bar opens the incidents it counts', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents', exact: true }).click();
    await page.getByRole('link', { name: 'Statistics' }).click();
    await page.getByRole('heading', { level: 1, name: 'Statistics' }).waitFor();
    await page.getByText('4 incidents in all').waitFor();
    const regions = page.getByRole('table', { name: 'Incidents by region' });
    expect(await regions.getByRole('rowheader').allTextContents()).toEqual(['Saratov Oblast', 'Tver Oblast']);
    expect(
      await regions
        .getByRole('row', { name: /Saratov Oblast/ })
        .getByRole('cell')
        .textContent(),
    ).toBe('3');
    const years = page.getByRole('table', { name: 'Incidents by year' });
    expect((await years.getByRole('rowheader').allTextContents()).length).toBeGreaterThan(0);
    await page.getByRole('table', { name: 'Incidents by act' }).waitFor();
    await page.getByRole('table', { name: 'Incidents by outcome' }).waitFor();
    await shootAndCheck('statistics-en');
    // The bar itself, not only the name: the row's link covers it.
    const bar = (await regions
      .getByRole('row', { name: /Tver Oblast/ })
      .locator('svg.bar')
      .boundingBox())!;
    await page.mouse.click(bar.x + bar.width / 2, bar.y + bar.height / 2);
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    expect(new URL(page.url()).searchParams.getAll('region')).toEqual(['Тверская область']);
    await page.getByRole('heading', { level: 2, name: '1 incident found' }).waitFor();
    expect(await rowTitles()).toEqual(['Extortion in the pre-trial detention centre (demo)']);
  });

  it('sorts the incident list by a column on the server, remembers the columns chosen, and shows cards on a phone', async () => {
    await page.goto(`${base}/app/incidents`);
    await page.getByRole('heading', { level: 2, name: '4 incidents found' }).waitFor();
    const titleHeader = page.getByRole('columnheader', { name: 'Title' });
    await titleHeader.getByRole('button').click();
    await page.waitForURL(/sort=title-asc/);
    await expect.poll(() => titleHeader.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await rowTitles();
    expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b, 'en')));
    await titleHeader.getByRole('button').click();
    await page.waitForURL(/sort=title-desc/);
    await expect.poll(rowTitles).toEqual([...ascending].reverse());
    expect(await titleHeader.getAttribute('aria-sort')).toBe('descending');

    await page.getByRole('group', { name: 'Columns' }).getByLabel('Region').uncheck();
    expect(await page.getByRole('columnheader', { name: 'Region' }).count()).toBe(0);
    await page.reload();
    await page.getByRole('heading', { level: 2, name: '4 incidents found' }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Facility' }).count()).toBe(1);
    expect(await page.getByRole('columnheader', { name: 'Region' }).count()).toBe(0);
    await page.getByRole('group', { name: 'Columns' }).getByLabel('Region').check();
    await shootAndCheck('incidents-title-desc-en');

    await page.setViewportSize(PHONE);
    expect(await page.locator('table.list-table').isVisible()).toBe(false);
    expect(await page.locator('.list-cards li').count()).toBe(4);
    await page.setViewportSize(LAPTOP);
  });

  it('does both in Russian: labels, plurals and the order of names in the Russian alphabet', async () => {
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.goto(`${base}/app/incidents`);
    await page.getByRole('link', { name: 'Статистика' }).click();
    await page.getByRole('heading', { level: 1, name: 'Статистика' }).waitFor();
    await page.getByText('Всего 4 инцидента').waitFor();
    const regions = page.getByRole('table', { name: 'Инциденты по регионам' });
    expect(await regions.getByRole('rowheader').allTextContents()).toEqual(['Саратовская область', 'Тверская область']);
    await page.getByRole('table', { name: 'Инциденты по последствиям' }).waitFor();
    await shootAndCheck('statistics-ru');

    await page.goto(`${base}/app/incidents`);
    await page.getByRole('heading', { level: 2, name: 'Найдено 4 инцидента' }).waitFor();
    const facilityHeader = page.getByRole('columnheader', { name: 'Учреждение' });
    await facilityHeader.getByRole('button').click();
    await page.waitForURL(/sort=facility-asc/);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('facility-asc');
    await expect.poll(() => facilityHeader.getAttribute('aria-sort')).toBe('ascending');
    const facilities = await page.locator('table.list-table tbody tr td:nth-last-child(2)').allTextContents();
    expect(facilities).toEqual([...facilities].sort((a, b) => a.localeCompare(b, 'ru')));
    await shootAndCheck('incidents-facility-ru');
    await page.getByRole('button', { name: 'English' }).click();
    expect(problems).toEqual([]);
  });

  it('lists people as a sortable table named in the reader alphabet, with columns remembered, in both languages', async () => {
    await page.goto(`${base}/app/people`);
    await page.getByRole('heading', { level: 2, name: '5 people' }).waitFor();
    const english = ['Arkady Primerov', 'Ivan Testov', 'Nina Demonstratsionnaya', 'Pyotr Vymyshlenny', 'Semyon Obraztsov'];
    await expect.poll(rowTitles).toEqual(english);
    const nameHeader = page.getByRole('columnheader', { name: 'Name' });
    expect(await nameHeader.getAttribute('aria-sort')).toBe('ascending');
    await nameHeader.getByRole('button').click();
    await page.waitForURL(/sort=name-desc/);
    await expect.poll(rowTitles).toEqual([...english].reverse());
    await page.getByRole('group', { name: 'Columns' }).getByLabel('Born').uncheck();
    await page.reload();
    await page.getByRole('heading', { level: 2, name: '5 people' }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Born' }).count()).toBe(0);
    expect(await page.getByRole('columnheader', { name: 'Role' }).count()).toBe(1);
    await page.getByRole('group', { name: 'Columns' }).getByLabel('Born').check();
    await shootAndCheck('people-name-desc-en');
    await page.setViewportSize(PHONE);
    expect(await page.locator('table.list-table').isVisible()).toBe(false);
    expect(await page.locator('.list-cards li').count()).toBe(5);
    await page.setViewportSize(LAPTOP);

    await page.getByRole('button', { name: 'Русский' }).click();
    await page.goto(`${base}/app/people`);
    await page.getByRole('heading', { level: 2, name: '5 человек' }).waitFor();
    await expect.poll(rowTitles).toEqual(['Аркадий Примеров', 'Иван Тестов', 'Нина Демонстрационная', 'Пётр Вымышленный', 'Семён Образцов']);
    await page.getByRole('columnheader', { name: 'Внесён' }).getByRole('button').click();
    await page.waitForURL(/sort=created-desc/);
    await expect.poll(() => page.getByRole('columnheader', { name: 'Внесён' }).getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => (await rowTitles())[0]).toBe('Нина Демонстрационная');
    await shootAndCheck('people-created-ru');
    await page.getByRole('button', { name: 'English' }).click();
    expect(problems).toEqual([]);
  });

  it('restricts several incidents at once to a compartment, and says what happened to each', async () => {
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'English' }).click();
    await page.goto(`${base}/app/incidents?sort=title-asc`);
    await page.getByRole('heading', { level: 2, name: '4 incidents found' }).waitFor();
    const titles = await rowTitles();
    await page.getByRole('checkbox', { name: `Select ${titles[0]}` }).check();
    await page.getByRole('checkbox', { name: `Select ${titles[1]}` }).check();
    const form = page.getByRole('form', { name: 'Restrict the selected incidents' });
    await form.getByRole('button', { name: /^Restrict 2 selected/ }).click();
    const results = page.locator('ul.bulk-result li');
    await expect.poll(() => results.count()).toBe(2);
    // The demo's restricted investigation is already in the compartment: said so, not restricted again.
    const said = (await results.allTextContents()).sort();
    const outcome = (title: string) => (/restricted investigation/.test(title) ? 'already in this compartment' : 'restricted');
    expect(said).toEqual([titles[0]!, titles[1]!].map((title) => `${title}: ${outcome(title)}`).sort());
    await shootAndCheck('incidents-bulk-restricted-en');
  });
});

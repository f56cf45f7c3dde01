/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LAPTOP,
  launchChromium,
  openStaffPage,
  PHONE,
  shootAndCheck as shootAndCheckAt,
  signIn,
  staffAppAvailable,
  startDemoServer,
  type DemoServer,
} from '../helpers/staff-browser.js';

/**
 * The statistics page and the sortable incident list in a real browser against `vigil demo --serve`, in
 * English and Russian, on a laptop (1366×768) and a phone (390×844), with axe-core on every page;
 * screenshots under test/artifacts/lists/.
 */
const ARTIFACTS = path.resolve('test/artifacts/lists');

describe.skipIf(!staffAppAvailable && !process.env.CI)('statistics and sorted lists in a browser', { timeout: 240_000 }, () => {
  let server: DemoServer;
  let base: string;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  const shootAndCheck = (name: string) => shootAndCheckAt(page, ARTIFACTS, name);

  /** The titles in the table's rows, top to bottom. */
  const rowTitles = () => page.locator('table.list-table tbody th[scope="row"] a').allTextContents();

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startDemoServer('vigil-staff-lists-');
    base = server.base;
    browser = await launchChromium();
    ({ page, problems } = await openStaffPage(browser, { viewport: LAPTOP, timeout: 20_000 }));
    await signIn(page, server.admin, { base });
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
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

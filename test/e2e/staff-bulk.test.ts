/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
 * Tags, bulk tagging and bulk export of incidents, and the vault list sorted on the server, in a real browser
 * against `vigil demo --serve`, in English and Russian, on a laptop (1366×768) and a phone (390×844), with axe-core
 * on every page; screenshots under test/artifacts/bulk/.
 */
const ARTIFACTS = path.resolve('test/artifacts/bulk');

describe.skipIf(!staffAppAvailable && !process.env.CI)('tags, bulk actions and the vault list in a browser', { timeout: 240_000 }, () => {
  let server: DemoServer;
  let base: string;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  const shootAndCheck = (name: string) => shootAndCheckAt(page, ARTIFACTS, name);

  /** The titles in the table's rows, top to bottom. */
  const rowTitles = () => page.locator('table.list-table tbody th[scope="row"] a').allTextContents();
  /** The form of a bulk action and, beside it, what the action said of each incident. */
  const bulk = (name: string): { form: Locator; said: Locator } => {
    const form = page.getByRole('form', { name });
    return { form, said: page.locator('.bulk-actions', { has: form }).locator('ul.bulk-result li') };
  };
  const select = async (titles: string[]) => {
    for (const title of titles) await page.getByRole('checkbox', { name: `Select ${title}` }).check();
  };
  /** The ids of the incidents in the table, by title. */
  const idsByTitle = async () =>
    Object.fromEntries(
      await page
        .locator('table.list-table tbody th[scope="row"] a')
        .evaluateAll((links) => links.map((a) => [a.textContent ?? '', (a as HTMLAnchorElement).href.split('/').pop()!])),
    ) as Record<string, string>;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startDemoServer('vigil-staff-bulk-');
    base = server.base;
    browser = await launchChromium();
    ({ page, problems } = await openStaffPage(browser, { viewport: LAPTOP, timeout: 20_000, acceptDownloads: true }));
    await signIn(page, server.admin, { base });
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Every test starts in English, whatever the one before left. */
  beforeEach(async () => {
    await page.setViewportSize(LAPTOP);
    await page.goto(`${base}/app/`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  });

  it('tags several incidents at once with a new tag, then with the tag picked from those in use, and filters by it', async () => {
    await page.goto(`${base}/app/incidents?sort=title-asc`);
    await page.getByRole('heading', { level: 2, name: '4 incidents found' }).waitFor();
    const titles = await rowTitles();
    await select(titles.slice(0, 2));
    await page.getByRole('heading', { level: 3, name: '2 incidents selected' }).waitFor();
    const tag = bulk('Tag the selected incidents');
    await tag.form.getByLabel('Find a tag').fill('quarantine');
    await tag.form.getByText('No tag in use matches.').waitFor();
    await tag.form.getByRole('button', { name: 'New tag “quarantine”' }).click();
    await tag.form.getByRole('button', { name: 'Add “quarantine” to 2 incidents' }).click();
    await expect.poll(() => tag.said.allTextContents()).toEqual(titles.slice(0, 2).map((t) => `${t}: tag added`));

    // Now a tag in use: offered as a choice, most used first, with how many incidents it is on.
    await select(titles.slice(0, 3));
    await tag.form.getByRole('button', { name: 'Cancel' }).click();
    await tag.form.getByLabel('Find a tag').fill('QUAR');
    await tag.form.getByRole('list', { name: 'Tags in use' }).getByRole('button', { name: 'quarantine (2 incidents)' }).click();
    await tag.form.getByRole('button', { name: 'Add “quarantine” to 3 incidents' }).click();
    await expect
      .poll(() => tag.said.allTextContents())
      .toEqual([`${titles[0]}: already had this tag`, `${titles[1]}: already had this tag`, `${titles[2]}: tag added`]);
    await expect
      .poll(() => page.locator('table.list-table tbody tr', { hasText: titles[2]! }).getByRole('list', { name: 'Tags' }).textContent())
      .toBe('quarantine');
    await shootAndCheck('incidents-bulk-tagged-en');

    await page.getByRole('group', { name: 'Tag' }).getByLabel('quarantine (3)').check();
    await page.waitForURL(/tag=quarantine/);
    await page.getByRole('heading', { level: 2, name: '3 incidents found' }).waitFor();
    expect(await rowTitles()).toEqual(titles.slice(0, 3));

    // Taken off one of them (the tag picked is kept): it leaves the filtered list, and the report still names it by its title.
    await select([titles[2]!]);
    await tag.form.getByText('Tag: quarantine').waitFor();
    await tag.form.getByRole('button', { name: 'Take “quarantine” off 1 incident' }).click();
    await expect.poll(() => tag.said.allTextContents()).toEqual([`${titles[2]}: tag taken off`]);
    await page.getByRole('heading', { level: 2, name: '2 incidents found' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('exports the selected incidents as CSV, with their tags, and the export is in the audit trail', async () => {
    await page.goto(`${base}/app/incidents?sort=title-asc`);
    await page.getByRole('heading', { level: 2, name: '4 incidents found' }).waitFor();
    const titles = await rowTitles();
    const ids = await idsByTitle();
    // In the order asked, not the order shown.
    await select([titles[3]!, titles[0]!]);
    const exporting = bulk('Export the selected incidents');
    const [download] = await Promise.all([page.waitForEvent('download'), exporting.form.getByRole('button', { name: 'Export 2 incidents as CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('incidents-selected.csv');
    const rows = parse(fs.readFileSync((await download.path())!, 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.title_en).sort()).toEqual([titles[0], titles[3]].sort());
    expect(rows.find((r) => r.title_en === titles[0])!.tags).toBe('quarantine');
    await expect.poll(() => exporting.said.allTextContents()).toEqual([titles[3], titles[0]].map((t) => `${t}: exported`));
    const audit = await page.evaluate(async () => (await fetch('/api/audit?action=exported-csv&limit=1')).json());
    expect(audit[0].detail).toEqual({ incidents: [ids[titles[3]!], ids[titles[0]!]] });
    await shootAndCheck('incidents-bulk-exported-en');
    expect(problems).toEqual([]);
  });

  it('shows an incident’s tags read first, and changes them on demand by picking', async () => {
    await page.goto(`${base}/app/incidents?sort=title-asc`);
    await page.getByRole('heading', { level: 2, name: '4 incidents found' }).waitFor();
    const [first] = await rowTitles();
    await page.getByRole('link', { name: first, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: first }).waitFor();
    const section = page.getByRole('region', { name: 'Tags' });
    expect(await section.getByRole('list', { name: 'Tags of this incident' }).textContent()).toBe('quarantine');
    expect(await section.getByRole('textbox').count()).toBe(0);
    await section.getByRole('button', { name: 'Change tags' }).click();
    await section.getByRole('button', { name: 'Take off “quarantine”' }).click();
    await section.getByLabel('Find a tag').fill('night  shift');
    await section.getByRole('button', { name: 'New tag “night shift”' }).click();
    await shootAndCheck('incident-tags-editing-en');
    await section.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => section.getByRole('list', { name: 'Tags of this incident' }).textContent()).toBe('night shift');
    expect(await section.getByRole('button', { name: 'Change tags' }).isVisible()).toBe(true);
    await shootAndCheck('incident-tags-en');
    expect(problems).toEqual([]);
  });

  it('does the same in Russian: words, plurals, outcomes', async () => {
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.goto(`${base}/app/incidents?sort=title-asc`);
    await page.getByRole('heading', { level: 2, name: 'Найдено 4 инцидента' }).waitFor();
    const titles = await rowTitles();
    for (const title of titles.slice(0, 2)) await page.getByRole('checkbox', { name: `Выбрать «${title}»` }).check();
    await page.getByRole('heading', { level: 3, name: 'Выбрано 2 инцидента' }).waitFor();
    const tag = bulk('Теги выбранных инцидентов');
    await tag.form.getByLabel('Найти тег').fill('карантин');
    await tag.form.getByRole('button', { name: 'Новый тег «карантин»' }).click();
    await tag.form.getByRole('button', { name: 'Добавить «карантин» 2 инцидентам' }).click();
    await expect.poll(() => tag.said.allTextContents()).toEqual(titles.slice(0, 2).map((t) => `${t}: тег добавлен`));
    await page.getByRole('group', { name: 'Тег' }).getByLabel('карантин (2)').waitFor();
    const exporting = bulk('Выгрузка выбранных инцидентов');
    const [download] = await Promise.all([page.waitForEvent('download'), exporting.form.getByRole('button', { name: 'Выгрузить 2 инцидента в CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('incidents-selected.csv');
    await expect.poll(() => exporting.said.allTextContents()).toEqual(titles.slice(0, 2).map((t) => `${t}: выгружен`));
    await shootAndCheck('incidents-bulk-ru');

    await page.getByRole('link', { name: titles[0], exact: true }).click();
    const section = page.getByRole('region', { name: 'Теги' });
    await section.getByRole('button', { name: 'Изменить теги' }).click();
    // Nothing typed yet: the tags in use that the incident does not have are offered.
    await section.getByRole('list', { name: 'Используемые теги' }).waitFor();
    await section.getByLabel('Найти тег').fill('нет-такого');
    await section.getByText('Такого тега ещё нет.').waitFor();
    await section.getByRole('button', { name: 'Новый тег «нет-такого»' }).waitFor();
    await shootAndCheck('incident-tags-ru');
    await section.getByRole('button', { name: 'Отмена' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    expect(problems).toEqual([]);
  });

  it('lists the vault sorted on the server by file name, size, type and day stored, with columns remembered and cards on a phone', async () => {
    await page.goto(`${base}/app/vault`);
    const heading = page.getByRole('heading', { level: 2, name: /^\d+ items?$/ });
    await heading.waitFor();
    const total = Number((await heading.textContent())!.split(' ')[0]);
    expect(total).toBeGreaterThan(3);
    // The items' table: the batches below have columns of the same names.
    const table = page.locator('table.list-table');
    const names = () => page.locator('table.list-table tbody th[scope="row"] a').allTextContents();
    const nameHeader = table.getByRole('columnheader', { name: 'File name' });
    await nameHeader.getByRole('button').click();
    await page.waitForURL(/sort=name-asc/);
    await expect.poll(() => nameHeader.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await names();
    expect(ascending.length).toBe(Math.min(total, 50));
    expect(ascending).toEqual([...ascending].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0)));
    await table.getByRole('columnheader', { name: 'Size' }).getByRole('button').click();
    await page.waitForURL(/sort=size-desc/);
    await expect.poll(() => table.getByRole('columnheader', { name: 'Size' }).getAttribute('aria-sort')).toBe('descending');

    await page.getByRole('group', { name: 'Columns' }).getByLabel('Verified').uncheck();
    await page.reload();
    await heading.waitFor();
    expect(await table.getByRole('columnheader', { name: 'Verified' }).count()).toBe(0);
    expect(await table.getByRole('columnheader', { name: 'Type' }).count()).toBe(1);
    await shootAndCheck('vault-size-desc-en');
    await page.setViewportSize(PHONE);
    expect(await page.locator('table.list-table').isVisible()).toBe(false);
    expect(await page.locator('.list-cards li').count()).toBe(Math.min(total, 50));
    await page.setViewportSize(LAPTOP);

    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { level: 2, name: /^\d+ объект(а|ов)?$/ }).waitFor();
    await page.getByLabel('Сортировка').selectOption({ label: 'Имя файла, от Я до А' });
    await page.waitForURL(/sort=name-desc/);
    await expect.poll(names).toEqual([...ascending].reverse());
    // An ingest batch's state in Russian words, not the stored code.
    expect(await page.getByRole('region', { name: 'Партии загрузки' }).locator('td[data-label="Статус"]').allTextContents()).toContain('завершена');
    await shootAndCheck('vault-name-desc-ru');
    await page.getByRole('button', { name: 'English' }).click();
    expect(problems).toEqual([]);
  });
});

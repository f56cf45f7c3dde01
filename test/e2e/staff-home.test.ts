import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSubmissions } from '../helpers/intake-submissions.js';
import { axeViolations, launchChromium, openStaffPage, signIn, startDemoServer, type DemoServer } from '../helpers/staff-browser.js';

const ARTIFACTS = path.resolve('test/artifacts/home');

/** The home page after sign-in: a source's new submission shows there, in both languages, until marked seen. */
describe('the home page in a browser', { timeout: 180_000 }, () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  async function language(lang: 'ru' | 'en'): Promise<void> {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page
      .getByRole('group', { name: /^(Language|Язык)$/ })
      .getByRole('button', { name: lang === 'ru' ? 'Русский' : 'English' })
      .click();
  }

  async function shoot(name: string): Promise<void> {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    for (const [size, viewport] of [
      ['1366x768', { width: 1366, height: 768 }],
      ['390x844', { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${size}.png`), fullPage: true });
      expect((await axeViolations(page)).filter((v) => /\((serious|critical),/.test(v))).toEqual([]);
    }
    await page.setViewportSize({ width: 1366, height: 768 });
  }

  beforeAll(async () => {
    demo = await startDemoServer('vigil-staff-home-');
    browser = await launchChromium();
    ({ page, problems } = await openStaffPage(browser));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('opens on the home page after sign-in and shows a new submission in English and Russian', async () => {
    await signIn(page, demo.admin, { base: demo.base });
    await page.getByText('No new submissions from sources.').waitFor();

    const [made] = await addSubmissions(path.join(demo.dir, 'home'), [[4000]]);
    await page.reload();
    const link = page.getByRole('link', { name: /^Submission received / });
    await link.waitFor();
    expect(await link.getAttribute('href')).toContain(made!.id);
    await shoot('new-submission-en');

    await language('ru');
    await page.getByRole('heading', { level: 1, name: 'Главная' }).waitFor();
    await page.getByRole('link', { name: /^Обращение от / }).waitFor();
    await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Главная' }).waitFor();
    await shoot('new-submission-ru');
    await language('en');

    // A reload keeps it new; marking it seen clears it, and that stays after a reload.
    await page.reload();
    await link.waitFor();
    await page.getByRole('button', { name: 'Mark all as seen' }).click();
    await page.getByText('No new submissions from sources.').waitFor();
    await page.reload();
    await page.getByText('No new submissions from sources.').waitFor();
    expect(await link.count()).toBe(0);
    await shoot('seen-en');
    expect(problems).toEqual([]);
  });
});

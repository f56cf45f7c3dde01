/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  LAPTOP,
  launchChromium,
  openStaffPage,
  PHONE,
  signIn,
  staffAppAvailable,
  startDemoServer,
  type DemoServer,
} from '../helpers/staff-browser.js';

/**
 * The audit trail and the navigation in a real browser against `vigil demo --serve`, in English and Russian,
 * on a laptop (1366×768) and a phone (390×844), with axe-core on every page; screenshots under
 * test/artifacts/audit/.
 */
const ARTIFACTS = path.resolve('test/artifacts/audit');

/** How many rows the top bar's parts (name, links, buttons) take: centres more than 12 px apart start a new row. */
async function barRows(page: Page): Promise<number> {
  const centres = await page.evaluate(() =>
    Array.from(document.querySelectorAll('header.top .brand, header.top nav > ul > li, header.top .admin-menu > button, header.top .account > *'))
      .map((el) => el.getBoundingClientRect())
      .filter((box) => box.width > 0)
      .map((box) => box.top + box.height / 2),
  );
  centres.sort((a, b) => a - b);
  return centres.filter((y, i) => i === 0 || y - centres[i - 1]! > 12).length;
}

describe.skipIf(!staffAppAvailable && !process.env.CI)('the audit trail and the navigation in a browser', { timeout: 240_000 }, () => {
  let server: DemoServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  const shoot = async (name: string) => {
    for (const [suffix, viewport] of [
      ['desktop', LAPTOP],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${suffix}.png`), fullPage: true });
    }
    await page.setViewportSize(LAPTOP);
  };

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startDemoServer('vigil-staff-audit-');
    browser = await launchChromium();
    ({ page, problems } = await openStaffPage(browser, { viewport: LAPTOP, timeout: 20_000 }));
    await signIn(page, server.admin, { base: server.base });
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('fits the navigation in one row on a laptop in both languages, administration under one button', async () => {
    for (const [lang, other, admin] of [
      ['English', 'Русский', 'Admin'],
      ['Русский', 'English', 'Управление'],
    ] as const) {
      if (lang === 'Русский') await page.getByRole('button', { name: 'Русский' }).click();
      await page.getByRole('button', { name: admin, exact: true }).waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS, `nav-${lang === 'English' ? 'en' : 'ru'}-desktop-closed.png`) });
      expect(await barRows(page), lang).toBe(1);
      expect(await page.evaluate(() => document.querySelector('header.top')!.getBoundingClientRect().height)).toBeLessThan(64);
      expect(
        await page
          .getByRole('button', { name: 'Menu' })
          .or(page.getByRole('button', { name: 'Меню' }))
          .isVisible(),
      ).toBe(false);
      const adminButton = page.getByRole('button', { name: admin, exact: true });
      expect(await adminButton.getAttribute('aria-expanded')).toBe('false');
      await adminButton.click();
      expect(await adminButton.getAttribute('aria-expanded')).toBe('true');
      await page.screenshot({ path: path.join(ARTIFACTS, `nav-${lang === 'English' ? 'en' : 'ru'}-desktop.png`) });
      await page.keyboard.press('Escape');
      expect(await adminButton.getAttribute('aria-expanded')).toBe('false');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toContain(admin);
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.getByRole('button', { name: other }).isVisible()).toBe(true);
    }
    await page.getByRole('button', { name: 'English' }).click();
  });

  it('folds the navigation into a menu button on a phone, opened by click or keyboard, in both languages', async () => {
    await page.setViewportSize(PHONE);
    for (const [lang, menuName, incidents] of [
      ['en', 'Menu', 'Incidents'],
      ['ru', 'Меню', 'Инциденты'],
    ] as const) {
      if (lang === 'ru') {
        await page.getByRole('button', { name: 'Menu' }).click();
        await page.getByRole('button', { name: 'Русский' }).click();
        await page.getByRole('button', { name: 'Меню' }).click(); // close it again
      }
      const menu = page.getByRole('button', { name: menuName, exact: true });
      await menu.waitFor();
      const link = page.getByRole('navigation', { name: lang === 'en' ? 'Main' : 'Основное меню' }).getByRole('link', { name: incidents, exact: true });
      expect(await link.isVisible()).toBe(false);
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      await page.screenshot({ path: path.join(ARTIFACTS, `nav-${lang}-phone-closed.png`) });
      await menu.focus();
      await page.keyboard.press('Enter');
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      expect(await link.isVisible()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, `nav-${lang}-phone-open.png`) });
      await page.keyboard.press('Escape');
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      await menu.click();
      await link.click(); // following a link closes the menu
      await page.getByRole('heading', { level: 1, name: incidents }).waitFor();
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
    }
    await page.getByRole('button', { name: 'Меню' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.setViewportSize(LAPTOP);
  });

  it('shows the audit trail in words in English: filtered by person and by a record picked by its title, linked, no raw JSON', async () => {
    await page.getByRole('button', { name: 'Admin', exact: true }).click();
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    const list = page.getByRole('list', { name: 'Audit trail' });
    await list.waitFor();
    await page.getByLabel('Who', { exact: true }).selectOption({ label: 'Demo Administrator (demo)' });
    await page.getByLabel('Kind of record', { exact: true }).selectOption({ label: 'Incident' });
    await page.getByLabel('Record', { exact: true }).fill('extortion');
    await page.getByRole('button', { name: /^Extortion in the pre-trial detention centre \(demo\)/ }).click();
    await page.getByText('Record: Extortion in the pre-trial detention centre (demo)').waitFor();
    const link = list.getByRole('link', { name: 'Extortion in the pre-trial detention centre (demo)' }).first();
    await link.waitFor();
    await expect.poll(() => list.getByText('Created', { exact: true }).count()).toBeGreaterThan(0);
    const text = (await list.textContent())!;
    expect(text).not.toMatch(/[{}"]|\b[a-z]{3}_[0-9a-z]{16}\b/);
    expect(text).toContain('Demo Administrator');
    expect(text).toMatch(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}/);
    expect(await axeViolations(page)).toEqual([]);
    await shoot('audit-en');
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Extortion in the pre-trial detention centre (demo)' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    // The filters are in the address: back and a reload keep them, and the address holds no title.
    await page.getByText('Record: Extortion in the pre-trial detention centre (demo)').waitFor();
    expect(decodeURIComponent(page.url())).not.toMatch(/Extortion/);
    await page.reload();
    await page.getByText('Record: Extortion in the pre-trial detention centre (demo)').waitFor();
    expect(await page.getByLabel('Who', { exact: true }).locator('option:checked').textContent()).toBe('Demo Administrator (demo)');
  });

  it('shows the audit trail in Russian, actions in Russian words, filtered by person and a person record', async () => {
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { level: 1, name: 'Журнал действий' }).waitFor();
    const list = page.getByRole('list', { name: 'Журнал действий' });
    await list.waitFor();
    await page.getByLabel('Кто', { exact: true }).selectOption({ label: 'Demo Administrator (demo)' });
    await page.getByLabel('Вид записи', { exact: true }).selectOption({ label: 'Учреждение' });
    await page.getByLabel('Запись', { exact: true }).selectOption({ index: 1 });
    await expect.poll(() => list.getByText('Создание', { exact: true }).count()).toBeGreaterThan(0);
    const text = (await list.textContent())!;
    expect(text).not.toMatch(/[{}"]|\b[a-z]{3}_[0-9a-z]{16}\b|Created|Edited/);
    expect(text).toMatch(/\d{1,2} [а-я]{3,4}\. \d{4} г\., \d{2}:\d{2}/);
    expect(await list.getByRole('link').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Сбросить фильтры' }).click();
    await expect.poll(() => page.getByLabel('Кто', { exact: true }).inputValue()).toBe('');
    await expect.poll(() => list.getByRole('listitem').count()).toBeGreaterThan(5);
    const all = (await list.textContent())!;
    expect(all).not.toMatch(/[{}"]|\b[a-z]{3}_[0-9a-z]{16}\b/);
    expect(all).toContain('Добавлено действие');
    await page.setViewportSize(PHONE);
    const widest = await page.evaluate(() =>
      Array.from(document.querySelectorAll('main *'))
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .map((el) => `${el.tagName}.${el.className}`)
        .slice(0, 5),
    );
    expect(widest).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(LAPTOP);
    await shoot('audit-ru');
    await page.getByRole('button', { name: 'English' }).click();
    expect(problems).toEqual([]);
  });
});

/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, mediaStaffAvailable, startMediaStaff, type MediaStaff } from '../helpers/media-staff-e2e.js';

/**
 * Media triage in the staff app, in a real browser: the demo home plus a generated clip and a cut of it,
 * analysed by the server's own worker. The Media page lists them by name, the Duplicates view shows the two
 * as a cluster with the footage they share, a "same recording" mark survives a reload, axe-core finds nothing
 * on either page, and screenshots at desktop and phone widths in both languages go to test/artifacts/media/.
 */
describe.skipIf(!mediaStaffAvailable && !process.env.CI)('media triage in the staff app, end to end', { timeout: 240_000 }, () => {
  let staff: MediaStaff;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    staff = await startMediaStaff('vigil-media-e2e-', path.resolve('test/artifacts/media'), { mirrored: true });
    ({ page, problems } = staff);
  }, 200_000);
  afterAll(async () => staff?.stop());

  const shoot = (name: string) => staff.shoot(name);
  const cutCluster = (): Locator =>
    page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 2 }) })
      .filter({ hasText: 'cut.mp4' });

  it('signs in', async () => {
    await staff.signIn();
  });

  it('lists the archive by folder with names, durations and cameras once the analysis is done', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Media', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Media' }).waitFor();
    // The page asks for progress by itself while the worker analyses; no reload is needed.
    await page.getByText(/waiting: 0 /).waitFor({ timeout: 150_000 });
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'original.mp4' }) });
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toMatch(/Duration:?\s*0:12/);
    const text = (await card.textContent())!;
    expect(text).toMatch(/Hikvision DS-2CE/);
    expect(text).toMatch(/7 Nov 2025, 02:14:00 UTC/);
    expect(text).toMatch(/320×180/);
    await page.getByRole('heading', { level: 3, name: 'cut.mp4' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'camera-3-2025-11-07.mp4' }).waitFor();
    await page.getByText('camera-1', { exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Arrange', { exact: true }).selectOption('recorded');
    await page.getByRole('heading', { level: 3, name: 'original.mp4' }).waitFor();
    await shoot('media-en');
    // On a phone the filters start folded under one line, so that the items come first.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('heading', { level: 3, name: 'original.mp4' }).waitFor();
    expect(await page.getByLabel('Kind', { exact: true }).isVisible()).toBe(false);
    await page.screenshot({ path: path.resolve('test/artifacts/media/media-folded-phone.png') });
    await page.getByText('Filters', { exact: true }).click();
    await page.getByLabel('Kind', { exact: true }).selectOption('video');
    await page.getByText('Filters (1 set)', { exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('lays the recordings along a timeline, one lane per camera, narrows it to a day and a length, and opens a clip from its bar', async () => {
    await page.getByRole('navigation', { name: 'Media sections' }).getByRole('link', { name: 'Timeline' }).click();
    await page.getByRole('heading', { level: 1, name: 'Timeline' }).waitFor();
    const lane = page.getByRole('region', { name: 'Hikvision DS-2CE', exact: true });
    const original = lane.getByRole('link', { name: /^original\.mp4, 7 Nov 2025, 02:14:00, 0:12$/ });
    await original.waitFor();
    // The cut keeps no camera: it lies in the lane of the folder the source kept it in.
    await page
      .getByRole('region', { name: 'copies', exact: true })
      .getByRole('link', { name: /^cut\.mp4, / })
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shoot('timeline-en');
    await page.getByLabel('Recorded from', { exact: true }).fill('2025-11-07');
    await page.getByLabel('Recorded until', { exact: true }).fill('2025-11-07');
    await page.getByLabel('Duration', { exact: true }).selectOption({ label: 'Under a minute' });
    // Every bar left is of that day and under a minute, and the original is among them.
    const barLabels = () => page.locator('.timeline-bar').evaluateAll((bars) => bars.map((b) => b.getAttribute('aria-label') ?? ''));
    await expect
      .poll(async () => {
        const labels = await barLabels();
        return labels.length > 0 && labels.every((l) => / 7 Nov 2025, .*, 0:[0-5]\d$/.test(l)) && labels.some((l) => l.startsWith('original.mp4,'));
      })
      .toBe(true);
    await page.getByLabel('Recorded from', { exact: true }).fill('2025-11-08');
    await page.getByText(/the first day \(2025-11-08\) is after the last \(2025-11-07\)/).waitFor();
    await page.getByLabel('Recorded from', { exact: true }).fill('2025-11-07');
    await page.getByLabel('Duration', { exact: true }).selectOption({ label: 'Over an hour' });
    await page.getByText('No recording with a known time matches.').waitFor();
    await page.getByLabel('Duration', { exact: true }).selectOption({ label: 'Under a minute' });
    await original.click();
    await page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: /original\.mp4|itm_/ })
      .first()
      .waitFor();
    expect(page.url()).toMatch(/\/vault\/itm_[0-9a-z]{16}$/);
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Timeline' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('shows the clip and its cut as a cluster with the footage they share, and keeps a "same recording" mark', async () => {
    await page.getByRole('navigation', { name: 'Media sections' }).getByRole('link', { name: 'Duplicates' }).click();
    await page.getByRole('heading', { level: 1, name: 'Near duplicates' }).waitFor();
    const cluster = cutCluster();
    await cluster.waitFor();
    const text = (await cluster.textContent())!;
    expect(text).toContain('original.mp4');
    // Seconds 4 to 10 of the original are the cut's 0 to 6 (to the second: one frame hash a second).
    expect(text).toMatch(/original\.mp4 0:0[3-5]–0:(09|10|11) ≈ cut\.mp4 0:0[0-1]–0:0[5-7]|cut\.mp4 0:0[0-1]–0:0[5-7] ≈ original\.mp4 0:0[3-5]–0:(09|10|11)/);
    // The mirrored copy shares no frame hash with either; its fingerprint joins it as a whole.
    expect(text).toMatch(
      /(original|cut)\.mp4 ≈ mirrored\.mp4 mirrored, as a whole \(likeness \d+ %\)|mirrored\.mp4 ≈ (original|cut)\.mp4 mirrored, as a whole/,
    );
    await expect(cluster.getByText('Not marked', { exact: true }).count()).resolves.toBeGreaterThan(0);
    await cluster.getByRole('group', { name: 'Mark the whole cluster' }).getByRole('button', { name: 'Same recording' }).click();
    await cluster.locator('.verdict', { hasText: 'Same recording' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.reload();
    await cutCluster().locator('.verdict', { hasText: 'Same recording' }).waitFor();
    await expect(cutCluster().getByLabel('original.mp4 and cut.mp4').or(cutCluster().getByLabel('cut.mp4 and original.mp4')).inputValue()).resolves.toBe(
      'same',
    );
    await shoot('duplicates-en');
  });

  it('reads in Russian, with Russian plural forms and dates', async () => {
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { level: 1, name: 'Похожие копии' }).waitFor();
    await expect(cutCluster().locator('.verdict').textContent()).resolves.toBe('Одна и та же запись');
    expect(await axeViolations(page)).toEqual([]);
    await shoot('duplicates-ru');
    await page.getByRole('navigation', { name: 'Разделы медиа' }).getByRole('link', { name: 'Хронология' }).click();
    await page.getByRole('heading', { level: 1, name: 'Хронология' }).waitFor();
    await page
      .getByRole('region', { name: 'Hikvision DS-2CE', exact: true })
      .getByRole('link', { name: /^original\.mp4, 7 нояб\. 2025 г\., 02:14:00, 0:12$/ })
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shoot('timeline-ru');
    await page.getByRole('navigation', { name: 'Разделы медиа' }).getByRole('link', { name: 'Архив' }).click();
    await page.getByRole('heading', { level: 1, name: 'Медиа' }).waitFor();
    await page.getByText(/в очереди: 0 /).waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'original.mp4' }) });
    await expect.poll(() => card.textContent()).toMatch(/7 нояб\. 2025 г\., 02:14:00 UTC/);
    await expect(
      page
        .getByText(/\d+ файл(а|ов)? ·/)
        .first()
        .textContent(),
    ).resolves.toMatch(/^(\d*1 файл|\d*[2-4] файла|\d+ файлов) ·/);
    expect(await axeViolations(page)).toEqual([]);
    await shoot('media-ru');
    expect(problems).toEqual([]);
  });

  it("shows each clip's poster frame, a view the worker made after the analysis, through the vault's content route", async () => {
    const card = () => page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'original.mp4' }) });
    const posterWidth = async () => {
      const img = card().locator('.poster img');
      if ((await img.count()) === 0) return 0;
      return img.evaluate((el) => {
        const image = el as unknown as { complete: boolean; naturalWidth: number };
        return image.complete ? image.naturalWidth : 0;
      });
    };
    await expect
      .poll(
        async () => {
          await page.reload();
          await card().waitFor();
          return posterWidth();
        },
        { timeout: 180_000, interval: 3000 },
      )
      .toBeGreaterThan(0);
    const src = await card().locator('.poster img').getAttribute('src');
    expect(src).toMatch(/^\/api\/vault\/items\/itm_[0-9a-z]{16}\/content$/);
    expect(await axeViolations(page)).toEqual([]);
    await shoot('media-posters-ru');
    expect(problems).toEqual([]);
  });
});

/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, mediaStaffAvailable, startMediaStaff, type MediaStaff } from '../helpers/media-staff-e2e.js';

/**
 * A clip's page in a real browser: the demo home plus a generated clip and a cut of it, analysed and derived by
 * the server's own worker. Opened from the Media page, the clip shows its strip, contact sheet and proxy (which
 * plays), and its cut as a near duplicate with the footage they share; a stretch set from the player is linked
 * to an incident picked by its title, and the incident page lists it with that range. axe-core finds nothing,
 * and screenshots at desktop and phone widths go to test/artifacts/media-clip/.
 */
const INCIDENT = 'Punishment cell and stress positions (demo)';

/** Whether an image has loaded (a view the worker has not made yet has no <img> at all). */
const loaded = (page: Page, selector: string) =>
  page.evaluate((s) => {
    const img = document.querySelector(s) as HTMLImageElement | null;
    return img !== null && img.complete && img.naturalWidth > 0;
  }, selector);

describe.skipIf(!mediaStaffAvailable && !process.env.CI)("a clip's page in the staff app, end to end", { timeout: 300_000 }, () => {
  let staff: MediaStaff;
  let page: Page;
  let problems: string[];
  let clipId = '';

  beforeAll(async () => {
    staff = await startMediaStaff('vigil-clip-e2e-', path.resolve('test/artifacts/media-clip'));
    ({ page, problems } = staff);
  }, 200_000);
  afterAll(async () => staff?.stop());

  const shoot = (name: string) => staff.shoot(name);

  it('signs in', async () => {
    await staff.signIn();
  });

  it('opens a clip from the Media page and shows its strip, contact sheet and proxy once the worker made them', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Media', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Media' }).waitFor();
    await page.getByText(/waiting: 0 /).waitFor({ timeout: 150_000 });
    await page.getByRole('heading', { level: 3, name: 'original.mp4' }).getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: 'Player' }).waitFor();
    clipId = /itm_[0-9a-z]{16}/.exec(page.url())![0];
    // The views come after the analysis, from another job: reload until they are there.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('heading', { level: 2, name: 'Keyframes' }).waitFor();
          const proxy = (await page.locator('.clip-player figcaption').textContent()) ?? '';
          return [await loaded(page, 'img.clip-strip'), await loaded(page, 'img.clip-sheet'), proxy.startsWith('Review copy')];
        },
        { timeout: 180_000, interval: 3000 },
      )
      .toEqual([true, true, true]);
    const src = await page.locator('.clip-player video').getAttribute('src');
    expect(src).toMatch(/^\/api\/vault\/items\/itm_[0-9a-z]{16}\/content$/);
    expect(src).not.toContain(clipId);
    // Nothing plays by itself.
    expect(await page.locator('.clip-player video').evaluate((v) => (v as HTMLVideoElement).paused && !(v as HTMLVideoElement).autoplay)).toBe(true);
  });

  it('plays the proxy', async () => {
    const video = page.locator('.clip-player video');
    await video.evaluate((v) => {
      const media = v as HTMLVideoElement;
      media.muted = true;
      return media.play();
    });
    await expect.poll(() => video.evaluate((v) => (v as HTMLVideoElement).readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => video.evaluate((v) => (v as HTMLVideoElement).duration)).toBeGreaterThan(10);
    await video.evaluate((v) => (v as HTMLVideoElement).pause());
  });

  it('lists the cut as a near duplicate with the footage they share, by name', async () => {
    const section = page.getByRole('region', { name: 'Near duplicates of this clip' });
    await section.getByRole('link', { name: 'cut.mp4' }).waitFor();
    // Seconds 4 to 10 of this clip are the cut's 0 to 6 (to the second: one frame hash a second).
    expect(await section.textContent()).toMatch(/this clip 0:0[3-5]–0:(09|10|11) ≈ cut\.mp4 0:0[0-1]–0:0[5-7]/);
  });

  it('sets a time range from the player, links it to an incident picked by title, and shows the link', async () => {
    const video = page.locator('.clip-player video');
    const seek = (to: number) =>
      video.evaluate(
        (v, t) =>
          new Promise<void>((resolve) => {
            const media = v as HTMLVideoElement;
            media.addEventListener('seeked', () => resolve(), { once: true });
            media.currentTime = t;
          }),
        to,
      );
    const form = page.getByRole('region', { name: 'Link to an incident' });
    // Before any link, the page says so in words of its own (not a search's "No incidents match.").
    await page.getByRole('region', { name: 'Linked incidents' }).getByText('Not linked to any incident yet.', { exact: true }).waitFor();
    // A link without an incident is refused in words before anything is sent.
    await form.getByRole('button', { name: 'Link to the incident' }).click();
    await form.getByText('Choose an incident first').waitFor();
    await seek(2);
    await form.getByRole('button', { name: 'Set start to the current playback time' }).click();
    await seek(5);
    await form.getByRole('button', { name: 'Set end to the current playback time' }).click();
    await expect(form.getByLabel('Start', { exact: true }).inputValue()).resolves.toBe('0:02');
    await expect(form.getByLabel('End', { exact: true }).inputValue()).resolves.toBe('0:05');
    await form.getByLabel('Incident', { exact: true }).fill('Punishment cell');
    await form.getByRole('button', { name: INCIDENT }).click();
    await form.getByText(`Incident: ${INCIDENT}`).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shoot('clip-form-en');
    await form.getByRole('button', { name: 'Link to the incident' }).click();
    const linked = form.getByRole('list', { name: 'Linked just now' });
    await linked.getByRole('link', { name: INCIDENT }).waitFor();
    expect(await linked.textContent()).toContain('0:02–0:05');
    // The page's own list of linked incidents has it too.
    await page.getByRole('region', { name: 'Linked incidents' }).getByRole('link', { name: INCIDENT }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shoot('clip-en');
  });

  it('reads in Russian', async () => {
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { level: 2, name: 'Привязать к инциденту' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Ключевые кадры' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shoot('clip-ru');
    await page.getByRole('group', { name: 'Язык' }).getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Link to an incident' }).waitFor();
  });

  it('shows the clip on the incident page with its range', async () => {
    await page.getByRole('list', { name: 'Linked just now' }).getByRole('link', { name: INCIDENT }).click();
    await page.getByRole('heading', { level: 1, name: INCIDENT }).waitFor();
    // Named by its file, and linked to its page by id.
    const evidence = page.locator('ul.evidence-cards > li').filter({ has: page.locator(`a[href$="${clipId}"]`) });
    await evidence.waitFor();
    expect(await evidence.textContent()).toContain('0:02–0:05');
    expect(await axeViolations(page)).toEqual([]);
    await shoot('incident-en');
    expect(problems).toEqual([]);
  });
});
